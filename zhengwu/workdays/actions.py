"""Every write to the working-day calendar goes through these functions.

Only 公开办管理员 (or 系统管理员) may change the calendar; `by=None` is the system (CLI, data loaders), still
audited. Each function changes nothing when a check fails (ValidationError / PermissionDenied with a Chinese
message), bumps the calendar version so every process rebuilds its cached calendar, and announces the change
with `calendar_changed` once the transaction commits.
"""
from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhengwu.audit.log import record_event
from zhengwu.org import access

from .calendar import package_version, package_years
from .models import CalendarVersion, OfficialYear, WorkdayOverride
from .signals import calendar_changed

MIN_YEAR = 2000
MAX_YEAR = 2100
# A single entry covers one holiday period; the longest State Council period so far is 9 days.
MAX_RANGE_DAYS = 31
NOTE_MAX = 200


def _require_admin(by) -> None:
    if by is not None and not access.is_office_admin(by):
        raise PermissionDenied("只有公开办管理员可以调整工作日历。")


def _check_date(value, field: str = "date") -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError({field: "请填写正确的日期（年-月-日）。"})
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError({field: f"日期超出工作日历的范围（{MIN_YEAR}年至{MAX_YEAR}年）。"})
    return value


def _check_year(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({"year": "请填写正确的年度（四位数字）。"})
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise ValidationError({"year": f"年度超出工作日历的范围（{MIN_YEAR}年至{MAX_YEAR}年）。"})
    return value


def _clean_text(value: str | None, field: str, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if len(text) > max_length:
        raise ValidationError({field: f"{label}不能超过{max_length}个字。"})
    if "<" in text and ">" in text:
        raise ValidationError({field: f"{label}不能包含 HTML 标签。"})
    return text


def _changed(sender, years) -> None:
    """Invalidate every process's cached calendar now (same transaction) and announce after commit."""
    updated = CalendarVersion.objects.update(token=uuid.uuid4().hex)
    if not updated:
        CalendarVersion.objects.create()
    years = sorted(set(years))
    transaction.on_commit(lambda: calendar_changed.send(sender=sender, years=years))


def _override_state(override: WorkdayOverride | None) -> dict | None:
    if override is None:
        return None
    return {"date": override.date, "is_workday": override.is_workday, "note": override.note}


def _set_one(*, by, day: dt.date, is_workday: bool, note: str) -> tuple[WorkdayOverride, bool]:
    existing = WorkdayOverride.objects.select_for_update().filter(date=day).first()
    if existing and existing.is_workday == is_workday and existing.note == note:
        return existing, False
    before = _override_state(existing)
    override = existing or WorkdayOverride(date=day, created_by=by)
    override.is_workday = is_workday
    override.note = note
    override.save()
    record_event(actor=by, action="workdays.override_set", target=override, before=before,
                 after=_override_state(override), reason=note)
    return override, True


def _check_kind(is_workday) -> bool:
    if not isinstance(is_workday, bool):
        raise ValidationError({"is_workday": "请选择该日是工作日还是休息日。"})
    return is_workday


@transaction.atomic
def set_override(*, by, date: dt.date, is_workday: bool, note: str = "") -> WorkdayOverride:
    """Make `date` a working day or a rest day whatever the built-in data says."""
    _require_admin(by)
    day = _check_date(date)
    is_workday = _check_kind(is_workday)
    note = _clean_text(note, "note", "说明", NOTE_MAX)
    override, changed = _set_one(by=by, day=day, is_workday=is_workday, note=note)
    if changed:
        _changed(WorkdayOverride, [day.year])
    return override


@transaction.atomic
def set_override_range(*, by, start: dt.date, end: dt.date, is_workday: bool, note: str = "") -> list[WorkdayOverride]:
    """One holiday period (or run of 调休 days) at once, e.g. 2027年春节 as entered from the notice."""
    _require_admin(by)
    first = _check_date(start, "start")
    last = _check_date(end, "end")
    if last < first:
        raise ValidationError({"end": "结束日期不能早于开始日期。"})
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError({"end": f"一次最多设置{MAX_RANGE_DAYS}天，请分段录入。"})
    is_workday = _check_kind(is_workday)
    note = _clean_text(note, "note", "说明", NOTE_MAX)
    results, years = [], set()
    day = first
    while day <= last:
        override, changed = _set_one(by=by, day=day, is_workday=is_workday, note=note)
        results.append(override)
        if changed:
            years.add(day.year)
        day += dt.timedelta(days=1)
    if years:
        _changed(WorkdayOverride, years)
    return results


@transaction.atomic
def remove_override(*, by, date: dt.date, reason: str = "") -> None:
    """Drop a staff override: the date goes back to the built-in data (or the provisional fallback)."""
    _require_admin(by)
    day = _check_date(date)
    reason = _clean_text(reason, "reason", "原因", NOTE_MAX)
    override = WorkdayOverride.objects.select_for_update().filter(date=day).first()
    if override is None:
        raise ValidationError({"date": f"{day.isoformat()}没有人工调整记录。"})
    record_event(actor=by, action="workdays.override_removed", target=override, before=_override_state(override),
                 after=None, reason=reason)
    override.delete()
    _changed(WorkdayOverride, [day.year])


def _year_state(official: OfficialYear) -> dict:
    return {"year": official.year, "confirmed_at": official.confirmed_at, "source_document": official.source_document}


@transaction.atomic
def confirm_official_year(*, by, year: int, source_document: str = "") -> OfficialYear:
    """Staff state that the year's 国务院办公厅 holiday notice has been entered; its dates stop being provisional."""
    _require_admin(by)
    year = _check_year(year)
    source = _clean_text(source_document, "source_document", "放假安排通知", 200)
    if year in package_years():
        raise ValidationError({"year": f"{year}年的国务院放假安排已内置于系统（chinese-calendar {package_version()}），"
                                       f"无需确认；如有出入请逐日调整。"})
    existing = OfficialYear.objects.select_for_update().filter(year=year).first()
    if existing:
        raise ValidationError({"year": f"{year}年的放假安排已于{timezone.localtime(existing.confirmed_at):%Y-%m-%d}"
                                       f"确认，无需重复确认。"})
    if not WorkdayOverride.objects.filter(date__year=year).exists():
        raise ValidationError({"year": f"尚未录入{year}年的任何放假或调休上班日期。请先按国务院办公厅放假通知逐项录入"
                                       f"（至少包括春节等假期和调休上班日），再确认该年度。"})
    official = OfficialYear.objects.create(year=year, confirmed_by=by, confirmed_at=timezone.now(),
                                           source_document=source)
    record_event(actor=by, action="workdays.year_confirmed", target=official, before=None,
                 after=_year_state(official), reason=source)
    _changed(OfficialYear, [year])
    return official


@transaction.atomic
def revoke_official_year(*, by, year: int, reason: str) -> None:
    """Undo a confirmation made by mistake: the year becomes provisional again."""
    _require_admin(by)
    year = _check_year(year)
    reason = _clean_text(reason, "reason", "撤销原因", NOTE_MAX)
    if not reason:
        raise ValidationError({"reason": "请填写撤销确认的原因。"})
    official = OfficialYear.objects.select_for_update().filter(year=year).first()
    if official is None:
        raise ValidationError({"year": f"{year}年的放假安排尚未确认，无需撤销。"})
    record_event(actor=by, action="workdays.year_revoked", target=official, before=_year_state(official),
                 after=None, reason=reason)
    official.delete()
    _changed(OfficialYear, [year])
