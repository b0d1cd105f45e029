"""Every write to 互动交流 goes through one of these functions: it asks `workflow.options` (the refusals),
checks the input (a Chinese message per field), runs in one transaction (nothing half-saved) and is audited
(`message_*`, `consultation_*`, `interview_*` codes, labelled in apps.py).
"""
from __future__ import annotations

import datetime as dt
import re
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from zhengwu import pii
from zhengwu.audit.log import record_event
from zhengwu.core.dates import local_date
from zhengwu.core.text import has_markup
from zhengwu.disclosure import attachments as attachment_checks
from zhengwu.org import access
from zhengwu.org.models import Unit

from . import clock, workflow
from .models import (
    MAILBOX_CHANNELS,
    Channel,
    Comment,
    Consultation,
    Interview,
    InterviewQuestion,
    Kind,
    Message,
    MessageAttachment,
    MessageEvent,
    Moderation,
    RejectReason,
    Satisfaction,
    Status,
)

WRITER_ACTOR = "来信人（网上）"
PUBLIC_ACTOR = "网民（网上）"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # the 查询码 alphabet of zhengwu.applications: no 0/O, 1/I
PHONE_RE = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|12345)$")
SERIAL_PREFIX = {Channel.COUNTY_MAILBOX: "XZXX", Channel.UNIT_MAILBOX: "BMXX", Channel.HOTLINE: "RX",
                 Channel.SITE_ERROR: "ZC"}
MESSAGE_IMAGE_PDF = {"pdf"} | attachment_checks.IMAGE_EXTENSIONS
MAX_TITLE, MAX_CONTENT, MAX_NOTE, MAX_ATTACHMENTS = 100, 4000, 4000, 3


def _today() -> dt.date:
    return timezone.localdate()


def new_query_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def normalise_code(code: str) -> str:
    return (code or "").strip().upper().replace("-", "").replace(" ", "")


def snapshot(msg: Message) -> dict:
    """What the audit keeps of a message (no personal data)."""
    return {"message_status": msg.status, "handling_unit": msg.unit_id, "message_kind": msg.kind,
            "message_due_date": msg.due_date,
            "time_limit_workdays": msg.time_limit_workdays, "extension_days": msg.extension_days,
            "satisfaction": msg.satisfaction, "published": msg.published, "supervised": msg.supervised}


def _audit(msg: Message, by, action: str, before: dict | None, reason: str = "") -> None:
    record_event(actor=by, action=f"message_{action}", target=msg, before=before, after=snapshot(msg),
                 unit=msg.unit or msg.mailbox_unit, reason=reason)


def _event(msg: Message, by, kind: str, description: str, *, date: dt.date, unit: Unit | None = None,
           old_due: dt.date | None = None, new_due: dt.date | None = None, public: bool = True) -> MessageEvent:
    is_user = by is not None and not isinstance(by, str)
    name = (by.get_full_name() or by.get_username()) if is_user else (by or "系统")
    return MessageEvent.objects.create(message=msg, date=date, actor=by if is_user else None, actor_name=name,
                                       kind=kind, description=description, unit=unit, old_due_date=old_due,
                                       new_due_date=new_due, public=public)


def _lock(msg: Message) -> Message:
    return Message.objects.select_for_update(of=("self",)).select_related("unit", "mailbox_unit").get(pk=msg.pk)


def _require(msg: Message, by, action: str, today: dt.date) -> None:
    workflow.options(msg, by, today).require(action)


def _begin(msg: Message, by, action: str, today: dt.date | None) -> tuple[Message, dt.date]:
    """How every step starts: the row locked against a concurrent step, then the workflow asked (who may, when)."""
    today = today or _today()
    msg = _lock(msg)
    _require(msg, by, action, today)
    return msg, today


def _record(msg: Message, by, action: str, before: dict, kind: str, description: str, *, date: dt.date,
            reason: str = "", **event) -> Message:
    """How every step ends: the row saved, its public (or internal) history event and the audit event."""
    msg.save()
    _event(msg, by, kind, description, date=date, **event)
    _audit(msg, by, action, before, reason=reason)
    return msg


def _checked(errors: dict) -> None:
    """Refuse with every problem found (field → messages), so nothing is half-saved."""
    if errors:
        raise ValidationError(errors)


def _one_text(value, field: str, label: str, **kwargs) -> str:
    """A step's only free-text input (a note, a reason), checked as every text is; refused with its message."""
    errors: dict = {}
    value = _text(value, field, label, errors, **kwargs)
    _checked(errors)
    return value


def _rating(satisfaction: str, note, field: str, label: str, limit: int = MAX_NOTE) -> tuple[str, str]:
    """满意度 and its optional note, both checked in one round (the writer's 评价 and staff's 回访)."""
    errors: dict = {}
    note = _text(note, field, label, errors, required=False, limit=limit)
    if satisfaction not in Satisfaction.values:
        errors["satisfaction"] = ["请选择满意、基本满意或不满意。"]
    _checked(errors)
    return satisfaction, note


def _text(value, field: str, label: str, errors: dict, *, required: bool = True, limit: int = MAX_NOTE) -> str:
    value = str(value or "").strip()
    if required and not value:
        errors.setdefault(field, []).append(f"请填写{label}。")
    elif len(value) > limit:
        errors.setdefault(field, []).append(f"{label}不能超过{limit}个字（现有{len(value)}个字）。")
    if value and has_markup(value):
        errors.setdefault(field, []).append(f"{label}不能包含 HTML 标签或脚本。")
    return value


def _set_due(msg: Message, cal=None) -> clock.Due:
    due = clock.compute_due(msg.clock_start, msg.limit_in_force, cal)
    msg.due_date, msg.due_date_provisional = due.due_date, due.provisional
    return due


def _due_note(due: clock.Due) -> str:
    text = f"答复期限 {due.due_date:%Y年%m月%d日}"
    if due.provisional:
        years = "、".join(f"{y}年" for y in due.provisional_years)
        text += f"（暂定：{years}尚无国务院放假安排）"
    return text


# --- intake --------------------------------------------------------------------------------------------

def clean_writer(data: dict, *, contact_required: bool = True) -> dict:
    """The letter as typed: one ValidationError naming every problem, in Chinese."""
    errors: dict[str, list[str]] = {}
    out = {
        "writer_name": _text(data.get("writer_name"), "writer_name", "姓名", errors, required=contact_required,
                             limit=50),
        "writer_phone": _text(data.get("writer_phone"), "writer_phone", "联系电话", errors,
                              required=contact_required, limit=30).replace(" ", ""),
        "writer_id_number": _text(data.get("writer_id_number"), "writer_id_number", "身份证号", errors,
                                  required=False, limit=18).upper(),
        "title": _text(data.get("title"), "title", "标题", errors, limit=MAX_TITLE),
        "content": _text(data.get("content"), "content", "内容", errors, limit=MAX_CONTENT),
        "kind": str(data.get("kind") or "").strip(),
        "agrees_public": bool(data.get("agrees_public")),
    }
    if out["kind"] not in Kind.values:
        errors.setdefault("kind", []).append("请选择诉求类型（咨询、求助、投诉、举报、建议或表扬）。")
    if out["writer_phone"] and not PHONE_RE.match(out["writer_phone"]):
        errors.setdefault("writer_phone", []).append("联系电话应为11位手机号码或带区号的固定电话（如 0734-1234567）。")
    if out["writer_id_number"] and not pii.id_number_is_valid(out["writer_id_number"]):
        errors.setdefault("writer_id_number", []).append("身份证号不正确（应为18位，末位校验码或出生日期有误）；不愿填写可留空。")
    _checked(errors)
    return out


def _check_files(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"最多上传{MAX_ATTACHMENTS}个附件。"})
    checked = []
    for name, data in files:
        name = re.sub(r"[\\/:*?\"<>|\x00-\x1f]", "_", (name or "").strip())[-120:] or "附件"
        if attachment_checks.extension_of(name) not in MESSAGE_IMAGE_PDF:
            raise ValidationError({"attachments": f"附件“{name}”的类型不允许上传，只能上传图片（png、jpg、gif、webp）或 PDF。"})
        try:
            attachment_checks.check(name, len(data))
            attachment_checks.extract_text(name, data)
        except ValidationError as exc:
            raise ValidationError({"attachments": exc.messages}) from exc
        checked.append((name, data))
    return checked


def _create(*, channel: str, cleaned: dict, submitted_at: dt.datetime, by, mailbox_unit: Unit | None = None,
            unit: Unit | None = None, status: str = Status.SUBMITTED, hotline_number: str | None = None,
            page_url: str = "", cal=None) -> Message:
    received = local_date(submitted_at)
    limit = clock.time_limit(channel, cleaned["kind"])
    for _ in range(5):
        code = new_query_code()
        try:
            with transaction.atomic():
                msg = Message(channel=channel, serial=f"tmp-{code}", query_code=code, mailbox_unit=mailbox_unit,
                              unit=unit, status=status, submitted_at=submitted_at, received_date=received,
                              clock_start=received, time_limit_workdays=limit.workdays, time_limit_rule=limit.rule,
                              hotline_number=hotline_number, page_url=page_url, **cleaned)
                _set_due(msg, cal)
                msg.save()
            break
        except IntegrityError:
            if hotline_number and Message.objects.filter(hotline_number=hotline_number).exists():
                raise ValidationError({"hotline_number": f"工单编号 {hotline_number} 已登记过。"}) from None
            continue
    else:  # pragma: no cover - 32^10 codes
        raise ValidationError("生成查询码失败，请重试。")
    msg.serial = f"{SERIAL_PREFIX[channel]}{received:%Y}{msg.pk:06d}"
    msg.save(update_fields=["serial"])
    return msg


@transaction.atomic
def submit_letter(*, channel: str, data: dict, mailbox_unit: Unit | None = None,
                  files: list[tuple[str, bytes]] = (), submitted_at: dt.datetime | None = None) -> Message:
    """A letter to the 县长信箱 (addressed to the county government) or to a unit's 部门信箱, from the portal."""
    if channel not in MAILBOX_CHANNELS:
        raise ValidationError("来信渠道不正确。")
    if channel == Channel.UNIT_MAILBOX and (not isinstance(mailbox_unit, Unit) or not mailbox_unit.is_active):
        raise ValidationError({"mailbox_unit": "请选择来信的部门信箱。"})
    cleaned = clean_writer(data)
    checked = _check_files(list(files))
    if channel == Channel.COUNTY_MAILBOX:
        mailbox_unit = Unit.objects.filter(kind=Unit.Kind.GOVERNMENT, is_active=True).order_by("sort_order", "pk").first()
    msg = _create(channel=channel, cleaned=cleaned, submitted_at=submitted_at or timezone.now(), by=None,
                  mailbox_unit=mailbox_unit)
    for name, blob in checked:
        attachment = MessageAttachment(message=msg, name=name, size=len(blob))
        attachment.file.save(name, ContentFile(blob), save=True)
    _event(msg, WRITER_ACTOR, "submitted", f"网上来信（{msg.get_channel_display()}），{_due_note(clock.Due(msg.due_date, ()))}"
           f"（{msg.time_limit_workdays}个工作日，收到当日不计入）。", date=msg.received_date)
    _audit(msg, WRITER_ACTOR, "submit", None)
    return msg


@transaction.atomic
def report_site_error(*, page_url: str, data: dict, submitted_at: dt.datetime | None = None) -> Message:
    """我为政府网站找错: a report naming the page, on the 1-working-day clock."""
    errors: dict[str, list[str]] = {}
    page_url = _text(page_url, "page_url", "出错页面地址", errors, limit=500)
    try:
        cleaned = clean_writer({**data, "kind": Kind.SUGGESTION, "title": data.get("title") or "网站纠错"},
                               contact_required=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    _checked(errors)
    cleaned["agrees_public"] = False
    msg = _create(channel=Channel.SITE_ERROR, cleaned=cleaned, submitted_at=submitted_at or timezone.now(), by=None,
                  page_url=page_url)
    _event(msg, WRITER_ACTOR, "submitted", f"网站纠错报告（页面：{page_url}），{_due_note(clock.Due(msg.due_date, ()))}。",
           date=msg.received_date)
    _audit(msg, WRITER_ACTOR, "submit", None)
    return msg


HOTLINE_KINDS = {k.label: k.value for k in Kind} | {f"{k.label}类": k.value for k in Kind}


def _hotline_fields(row: dict, units_by_name: dict[str, Unit]) -> dict:  # noqa: C901 - one check per hotline column, all reported together
    """One 工单 from the hotline system's columns (工单编号, 来电时间, 诉求人, 电话, 诉求类型, 内容, 承办单位)."""
    errors: dict[str, list[str]] = {}
    number = _text(row.get("工单编号"), "hotline_number", "工单编号", errors, limit=40)
    called = row.get("来电时间")
    called_at = None
    if isinstance(called, dt.datetime):
        called_at = called if timezone.is_aware(called) else timezone.make_aware(called)
    elif isinstance(called, dt.date):
        called_at = timezone.make_aware(dt.datetime.combine(called, dt.time(9)))
    elif str(called or "").strip():
        text = str(called).strip().replace("/", "-")
        for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                called_at = timezone.make_aware(dt.datetime.strptime(text, fmt))
                break
            except ValueError:
                continue
        if called_at is None:
            errors.setdefault("called_at", []).append(f"来电时间“{text}”格式不正确，应为 年-月-日 时:分（如 2026-03-02 09:30）。")
    else:
        errors.setdefault("called_at", []).append("请填写来电时间。")
    if called_at and local_date(called_at) > _today():
        errors.setdefault("called_at", []).append("来电时间不能晚于今天。")
    kind_text = str(row.get("诉求类型") or "").strip()
    kind = HOTLINE_KINDS.get(kind_text, kind_text if kind_text in Kind.values else "")
    if not kind:
        errors.setdefault("kind", []).append(f"诉求类型“{kind_text}”不正确，应为咨询、求助、投诉、举报、建议或表扬。")
    unit_name = str(row.get("承办单位") or "").strip()
    unit = None
    if unit_name:
        unit = units_by_name.get(unit_name)
        if unit is None:
            errors.setdefault("unit", []).append(f"承办单位“{unit_name}”不在本县单位名录中。")
    content = str(row.get("内容") or "").strip()
    data = {"writer_name": row.get("诉求人"), "writer_phone": str(row.get("电话") or "").strip(), "kind": kind or "consult",
            "title": (content.splitlines()[0] if content else "")[:30] or "12345热线工单", "content": content}
    try:
        cleaned = clean_writer(data)
    except ValidationError as exc:
        for key, msgs in exc.message_dict.items():
            errors.setdefault(key, []).extend(msgs)
        cleaned = None
    _checked(errors)
    return {"hotline_number": number, "submitted_at": called_at, "cleaned": cleaned, "unit": unit}


def _register_hotline(fields: dict, by) -> Message:
    unit = fields["unit"]
    msg = _create(channel=Channel.HOTLINE, cleaned=fields["cleaned"], submitted_at=fields["submitted_at"], by=by,
                  unit=unit, status=Status.ASSIGNED if unit else Status.SUBMITTED,
                  hotline_number=fields["hotline_number"])
    note = f"12345热线工单 {msg.hotline_number} 登记，{_due_note(clock.Due(msg.due_date, ()))}（{msg.time_limit_workdays}个工作日）"
    if unit:
        note += f"，热线派单至{unit.name}"
    _event(msg, by, "registered", note + "。", date=msg.received_date, unit=unit)
    _audit(msg, by, "register", None)
    return msg


def _require_dispatcher(by) -> None:
    if not workflow.is_dispatcher(by):
        raise PermissionDenied(workflow.NOT_DISPATCHER.message)


@transaction.atomic
def register_hotline(*, by, row: dict) -> Message:
    """A 12345 工单 typed in by an operator (columns as the hotline system names them)."""
    _require_dispatcher(by)
    units = {u.name: u for u in Unit.objects.filter(is_active=True)}
    fields = _hotline_fields(row, units)
    if Message.objects.filter(hotline_number=fields["hotline_number"]).exists():
        raise ValidationError({"hotline_number": f"工单编号 {fields['hotline_number']} 已登记过。"})
    return _register_hotline(fields, by)


@transaction.atomic
def import_hotline(*, by, rows: list[dict]) -> list[Message]:
    """Import a hotline export: every row checked first; one bad row → nothing imported, each problem named
    by its row number (the header is row 1)."""
    _require_dispatcher(by)
    units = {u.name: u for u in Unit.objects.filter(is_active=True)}
    problems: list[str] = []
    parsed = []
    seen: dict[str, int] = {}
    existing = set(Message.objects.filter(hotline_number__isnull=False).values_list("hotline_number", flat=True))
    for i, row in enumerate(rows, start=2):
        try:
            fields = _hotline_fields(row, units)
        except ValidationError as exc:
            problems.extend(f"第{i}行：{m}" for msgs in exc.message_dict.values() for m in msgs)
            continue
        number = fields["hotline_number"]
        if number in existing:
            problems.append(f"第{i}行：工单编号 {number} 已登记过。")
        elif number in seen:
            problems.append(f"第{i}行：工单编号 {number} 与第{seen[number]}行重复。")
        seen[number] = i
        parsed.append(fields)
    if not rows:
        problems.append("文件中没有工单数据。")
    if problems:
        raise ValidationError(problems)
    return [_register_hotline(f, by) for f in parsed]


# --- handling ------------------------------------------------------------------------------------------

@transaction.atomic
def accept(msg: Message, *, by, kind: str | None = None, simple: bool = False, today: dt.date | None = None) -> Message:
    """受理. The dispatcher may correct the kind and mark a mailbox letter a 简单常见问题 (1 working day)."""
    msg, today = _begin(msg, by, "accept", today)
    before = snapshot(msg)
    if kind:
        if kind not in Kind.values:
            raise ValidationError({"kind": "诉求类型不正确。"})
        msg.kind = kind
    if simple and msg.channel not in MAILBOX_CHANNELS:
        raise ValidationError({"simple": "只有信箱来信可以按简单常见问题（1个工作日）办理。"})
    msg.simple = simple
    limit = clock.time_limit(msg.channel, msg.kind, simple=simple)
    old_due = msg.due_date
    msg.time_limit_workdays, msg.time_limit_rule = limit.workdays, limit.rule
    due = _set_due(msg)
    msg.status = Status.ACCEPTED
    msg.save()
    _event(msg, by, "accepted", f"已受理（{msg.get_kind_display()}，办理时限{limit.workdays}个工作日），{_due_note(due)}。",
           date=today, old_due=old_due, new_due=msg.due_date)
    _audit(msg, by, "accept", before)
    return msg


@transaction.atomic
def reject(msg: Message, *, by, reason: str, note: str = "", today: dt.date | None = None) -> Message:
    """不予受理, with one of the closed reasons (信访、诉讼 matters have their own channels)."""
    msg, today = _begin(msg, by, "reject", today)
    errors: dict = {}
    if reason not in RejectReason.values:
        errors["reason"] = ["请选择不予受理的理由。"]
    note = _text(note, "note", "说明", errors, required=False)
    _checked(errors)
    before = snapshot(msg)
    msg.status, msg.reject_reason, msg.reject_note, msg.closed_date = Status.REJECTED, reason, note, today
    msg.save()
    _event(msg, by, "rejected", f"不予受理：{RejectReason(reason).label}。{note}".strip(), date=today)
    _audit(msg, by, "reject", before, reason=RejectReason(reason).label)
    return msg


def _unit(unit) -> Unit:
    if not isinstance(unit, Unit) or not unit.is_active:
        raise ValidationError({"unit": "请选择承办单位。"})
    return unit


@transaction.atomic
def assign(msg: Message, *, by, unit: Unit, note: str = "", today: dt.date | None = None) -> Message:
    """分办 to the competent unit (the clock keeps running from receipt)."""
    msg, today = _begin(msg, by, "assign", today)
    note = _one_text(note, "note", "分办意见", required=False)
    unit = _unit(unit)
    before = snapshot(msg)
    msg.unit, msg.status = unit, Status.ASSIGNED
    msg.save()
    _event(msg, by, "assigned", f"分办至{unit.name}。{note}".strip(), date=today, unit=unit)
    _audit(msg, by, "assign", before, reason=note)
    return msg


@transaction.atomic
def transfer(msg: Message, *, by, unit: Unit, note: str, today: dt.date | None = None) -> Message:
    """转办 to another unit, with a note. The clock is not restarted unless the setting says so."""
    msg, today = _begin(msg, by, "transfer", today)
    note = _one_text(note, "note", "转办说明")
    unit = _unit(unit)
    if unit.pk == msg.unit_id:
        raise ValidationError({"unit": "请选择另一个承办单位。"})
    before = snapshot(msg)
    old_unit, old_due = msg.unit, msg.due_date
    msg.unit = unit
    text = f"由{old_unit.name}转办至{unit.name}：{note}"
    if clock.transfer_restarts_clock():
        msg.clock_start = today
        due = _set_due(msg)
        text += f" 按本县规定转办后重新计算期限，{_due_note(due)}。"
    else:
        text += " 办理期限不因转办重新计算。"
    return _record(msg, by, "transfer", before, "transferred", text, date=today, reason=note, unit=unit,
                   old_due=old_due, new_due=msg.due_date)


@transaction.atomic
def return_to_dispatcher(msg: Message, *, by, reason: str, today: dt.date | None = None) -> Message:
    """退回: a unit that is not competent sends the message back to the dispatcher, saying why."""
    msg, today = _begin(msg, by, "return", today)
    reason = _one_text(reason, "reason", "退回理由")
    before = snapshot(msg)
    old_unit = msg.unit
    msg.unit, msg.status = None, Status.RETURNED
    return _record(msg, by, "return", before, "returned", f"{old_unit.name}退回分办员：{reason}", date=today,
                   reason=reason, unit=old_unit)


@transaction.atomic
def extend(msg: Message, *, by, days: int, reason: str, approver: str, today: dt.date | None = None) -> Message:
    """延期: once (a setting), at most N working days (a setting), approved by the named 负责人."""
    msg, today = _begin(msg, by, "extend", today)
    errors: dict = {}
    reason = _text(reason, "reason", "延期理由", errors)
    approver = _text(approver, "approver", "批准人", errors, limit=50)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= clock.max_extension_workdays():
        errors["days"] = [f"延长天数应为1至{clock.max_extension_workdays()}个工作日。"]
    _checked(errors)
    before = snapshot(msg)
    old_due = msg.due_date
    msg.extension_count += 1
    msg.extension_days += days
    msg.extension_reason, msg.extension_approver = reason, approver
    due = _set_due(msg)
    return _record(msg, by, "extend", before, "extended",
                   f"经{approver}批准延期{days}个工作日：{reason}。{_due_note(due)}。", date=today, reason=reason,
                   old_due=old_due, new_due=msg.due_date)


@transaction.atomic
def reply(msg: Message, *, by, text: str, today: dt.date | None = None) -> Message:
    """答复 by the handling unit (another unit is refused)."""
    msg, today = _begin(msg, by, "reply", today)
    text = _one_text(text, "text", "答复内容", limit=MAX_CONTENT)
    before = snapshot(msg)
    msg.reply, msg.replied_date, msg.reply_unit, msg.status = text, today, msg.unit, Status.REPLIED
    msg.save()
    late = "（超过答复期限）" if today > msg.due_date else ""
    _event(msg, by, "replied", f"{msg.unit.name}已答复{late}。", date=today, unit=msg.unit)
    _audit(msg, by, "reply", before)
    return msg


@transaction.atomic
def close(msg: Message, *, by, today: dt.date | None = None) -> Message:
    """办结."""
    msg, today = _begin(msg, by, "close", today)
    before = snapshot(msg)
    msg.status, msg.closed_date = Status.CLOSED, today
    return _record(msg, by, "close", before, "closed", "已办结。", date=today)


@transaction.atomic
def rate(msg: Message, *, satisfaction: str, comment: str = "", today: dt.date | None = None) -> Message:
    """The writer's 满意度, given through the 查询码."""
    msg, today = _begin(msg, workflow.WRITER, "rate", today)
    satisfaction, comment = _rating(satisfaction, comment, "comment", "评价说明", limit=500)
    before = snapshot(msg)
    msg.satisfaction, msg.satisfaction_date = satisfaction, today
    msg = _record(msg, WRITER_ACTOR, "rate", before, "rated", f"来信人评价：{msg.get_satisfaction_display()}。",
                  date=today)
    if comment:
        _event(msg, WRITER_ACTOR, "rated_comment", f"评价说明：{comment}", date=today, public=False)
    return msg


@transaction.atomic
def callback(msg: Message, *, by, satisfaction: str, note: str = "", today: dt.date | None = None) -> Message:
    """回访: staff called the writer and record the 满意度 they gave."""
    msg, today = _begin(msg, by, "callback", today)
    satisfaction, note = _rating(satisfaction, note, "note", "回访记录")
    before = snapshot(msg)
    msg.satisfaction, msg.satisfaction_date = satisfaction, today
    msg = _record(msg, by, "callback", before, "callback", f"回访：来信人评价{msg.get_satisfaction_display()}。",
                  date=today, reason=note)
    if note:
        _event(msg, by, "callback_note", f"回访记录：{note}", date=today, public=False)
    return msg


@transaction.atomic
def rehandle(msg: Message, *, reason: str, today: dt.date | None = None) -> Message:
    """An unsatisfied writer asks once for re-handling: back to the same unit, a new clock from today."""
    msg, today = _begin(msg, workflow.WRITER, "rehandle", today)
    reason = _one_text(reason, "reason", "重新办理的理由", limit=1000)
    before = snapshot(msg)
    old_due = msg.due_date
    msg.rehandle_count += 1
    msg.unit = msg.reply_unit or msg.unit
    msg.status, msg.clock_start, msg.closed_date = Status.ASSIGNED, today, None
    msg.satisfaction, msg.satisfaction_date, msg.published = "", None, False
    msg.extension_count = msg.extension_days = 0
    due = _set_due(msg)
    msg.save()
    _event(msg, WRITER_ACTOR, "rehandle", f"来信人对答复不满意，申请重新办理，{msg.unit.name}重新办理，{_due_note(due)}。",
           date=today, unit=msg.unit, old_due=old_due, new_due=msg.due_date)
    _event(msg, WRITER_ACTOR, "rehandle_reason", f"理由：{reason}", date=today, public=False)
    _audit(msg, WRITER_ACTOR, "rehandle", before, reason=reason)
    return msg


@transaction.atomic
def supervise(msg: Message, *, by, note: str, today: dt.date | None = None) -> Message:
    """督办 by the office."""
    msg, today = _begin(msg, by, "supervise", today)
    note = _one_text(note, "note", "督办意见")
    before = snapshot(msg)
    msg.supervised = True
    return _record(msg, by, "supervise", before, "supervised", f"县政府办公室督办：{note}", date=today, reason=note,
                   unit=msg.unit, public=False)


@transaction.atomic
def publish(msg: Message, *, by, today: dt.date | None = None) -> Message:
    """公开答复: the office checks the masked text and publishes (only when the writer agreed)."""
    msg, today = _begin(msg, by, "publish", today)
    before = snapshot(msg)
    msg.published, msg.published_date = True, today
    return _record(msg, by, "publish", before, "published", "答复已在网站公开（个人信息已去标识化）。", date=today)


# --- 意见征集 ------------------------------------------------------------------------------------------

MIN_CONSULTATION_DAYS = 30  # 《重大行政决策程序暂行条例》第十五条第二款：征求意见期限一般不少于30日


def _consultation_audit(c: Consultation, by, action: str, before: dict | None, reason: str = "") -> None:
    after = {"title": c.title, "start_date": c.start_date, "end_date": c.end_date, "published": c.published,
             "feedback_date": c.feedback_date, "final_record": c.final_record_id}
    record_event(actor=by, action=f"consultation_{action}", target=c, before=before, after=after, unit=c.unit,
                 reason=reason)


def _can_manage(by, unit: Unit) -> None:
    if not access.can_edit_unit_content(by, unit):
        raise PermissionDenied("只有起草单位的信息员、审核员或公开办管理员可以管理本意见征集。")


@transaction.atomic
def open_consultation(*, by, unit: Unit, title: str, draft: str, explanation: str, start_date: dt.date,
                      end_date: dt.date, shortened_reason: str = "") -> Consultation:
    """Publish a 草案 with its 起草说明 for comments (条例第十五条): at least 30 days unless a reason is recorded."""
    _can_manage(by, unit)
    errors: dict = {}
    title = _text(title, "title", "征集标题", errors, limit=200)
    draft = _text(draft, "draft", "草案", errors, limit=50000)
    explanation = _text(explanation, "explanation", "起草说明", errors, limit=20000)
    shortened_reason = _text(shortened_reason, "shortened_reason", "缩短期限的理由", errors, required=False)
    if not isinstance(start_date, dt.date) or not isinstance(end_date, dt.date):
        errors["end_date"] = ["请填写开始日期和截止日期。"]
    elif end_date < start_date:
        errors["end_date"] = ["截止日期不能早于开始日期。"]
    elif (end_date - start_date).days + 1 < MIN_CONSULTATION_DAYS and not shortened_reason:
        errors["shortened_reason"] = [f"征求意见期限少于{MIN_CONSULTATION_DAYS}日（现为{(end_date - start_date).days + 1}日），"
                                      "请说明理由（《重大行政决策程序暂行条例》第十五条第二款）。"]
    _checked(errors)
    if (end_date - start_date).days + 1 >= MIN_CONSULTATION_DAYS:
        shortened_reason = ""
    c = Consultation.objects.create(unit=unit, title=title, draft=draft, explanation=explanation,
                                    start_date=start_date, end_date=end_date, shortened_reason=shortened_reason,
                                    published=True)
    _consultation_audit(c, by, "open", None, reason=shortened_reason)
    return c


@transaction.atomic
def submit_comment(c: Consultation, *, data: dict, today: dt.date | None = None) -> Comment:
    """A public comment: stored as 待审核, shown only after moderation."""
    today = today or _today()
    if not c.is_open(today):
        raise ValidationError("本次意见征集不在征集期内，不能提交意见。")
    errors: dict = {}
    name = _text(data.get("name"), "name", "姓名", errors, limit=50)
    phone = _text(data.get("phone"), "phone", "联系电话", errors, required=False, limit=30)
    content = _text(data.get("content"), "content", "意见内容", errors, limit=MAX_CONTENT)
    if phone and not PHONE_RE.match(phone):
        errors.setdefault("phone", []).append("联系电话应为11位手机号码或带区号的固定电话。")
    _checked(errors)
    comment = Comment.objects.create(consultation=c, name=name, phone=phone, content=content)
    record_event(actor=PUBLIC_ACTOR, action="consultation_comment", target=comment, after={"status": comment.status},
                 unit=c.unit)
    return comment


@transaction.atomic
def moderate_comment(comment: Comment, *, by, approve: bool) -> Comment:
    _can_manage(by, comment.consultation.unit)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    before = {"status": comment.status}
    comment.status = Moderation.APPROVED if approve else Moderation.REJECTED
    comment.moderated_by = by
    comment.save()
    record_event(actor=by, action="consultation_moderate", target=comment, before=before,
                 after={"status": comment.status}, unit=comment.consultation.unit)
    return comment


def find_final_record(reference: str):
    """The published 正式文件 a consultation led to, by its 文号 or 信息编号; None when left empty."""
    from zhengwu.disclosure.models import Record

    reference = (reference or "").strip()
    if not reference:
        return None
    wanted = Q(document_number=reference) | (Q(pk=int(reference)) if reference.isdigit() else Q(pk__in=[]))
    record = Record.objects.public().filter(wanted).order_by("-published_at").first()
    if record is None:
        raise ValidationError({"final_record": f"没有找到已发布的正式文件“{reference}”，请填写文号或信息编号。"})
    return record


@transaction.atomic
def publish_feedback(c: Consultation, *, by, feedback: str, final_record=None, today: dt.date | None = None) -> Consultation:
    """After closing, the 意见采纳情况 and reasons are published on the consultation page (条例第十六条); the final
    policy, when given, links back to the consultation from its own page."""
    today = today or _today()
    _can_manage(by, c.unit)
    if today <= c.end_date:
        raise ValidationError("征集期结束后才能公布意见采纳情况。")
    errors: dict = {}
    feedback = _text(feedback, "feedback", "意见采纳情况及理由", errors, limit=20000)
    _checked(errors)
    before = {"feedback_date": c.feedback_date, "final_record": c.final_record_id}
    c.feedback, c.feedback_date, c.final_record = feedback, today, final_record or c.final_record
    c.save()
    _consultation_audit(c, by, "feedback", before)
    return c


# --- 在线访谈 ------------------------------------------------------------------------------------------

@transaction.atomic
def schedule_interview(*, by, unit: Unit, title: str, guest: str, scheduled_at: dt.datetime,
                       questions_close_at: dt.datetime, intro: str = "") -> Interview:
    _can_manage(by, unit)
    errors: dict = {}
    title = _text(title, "title", "访谈主题", errors, limit=200)
    guest = _text(guest, "guest", "访谈嘉宾", errors, limit=200)
    intro = _text(intro, "intro", "访谈简介", errors, required=False)
    if questions_close_at > scheduled_at:
        errors["questions_close_at"] = ["网友提问应在访谈开始前截止。"]
    _checked(errors)
    iv = Interview.objects.create(unit=unit, title=title, guest=guest, scheduled_at=scheduled_at, intro=intro,
                                  questions_close_at=questions_close_at, published=True)
    record_event(actor=by, action="interview_schedule", target=iv, after={"title": title, "guest": guest}, unit=unit)
    return iv


@transaction.atomic
def submit_question(iv: Interview, *, data: dict, now: dt.datetime | None = None) -> InterviewQuestion:
    """Questions are collected before the interview and shown only after moderation."""
    now = now or timezone.now()
    if not iv.published or now > iv.questions_close_at:
        raise ValidationError("本期访谈的网友提问已截止。")
    errors: dict = {}
    name = _text(data.get("name"), "name", "称呼", errors, limit=50)
    content = _text(data.get("content"), "content", "问题", errors, limit=1000)
    _checked(errors)
    q = InterviewQuestion.objects.create(interview=iv, name=name, content=content)
    record_event(actor=PUBLIC_ACTOR, action="interview_question", target=q, after={"status": q.status}, unit=iv.unit)
    return q


@transaction.atomic
def moderate_question(q: InterviewQuestion, *, by, approve: bool, answer: str = "") -> InterviewQuestion:
    _can_manage(by, q.interview.unit)
    answer = _one_text(answer, "answer", "嘉宾回答", required=False, limit=MAX_CONTENT)
    q = InterviewQuestion.objects.select_for_update().get(pk=q.pk)
    before = {"status": q.status}
    q.status = Moderation.APPROVED if approve else Moderation.REJECTED
    q.answer = answer if approve else ""
    q.save()
    record_event(actor=by, action="interview_moderate", target=q, before=before, after={"status": q.status},
                 unit=q.interview.unit)
    return q


@transaction.atomic
def publish_transcript(iv: Interview, *, by, transcript: str) -> Interview:
    _can_manage(by, iv.unit)
    transcript = _one_text(transcript, "transcript", "文字实录", limit=100000)
    iv.transcript, iv.transcript_published = transcript, True
    iv.save()
    record_event(actor=by, action="interview_transcript", target=iv, after={"transcript_published": True},
                 unit=iv.unit)
    return iv


def record_identity_view(msg: Message, *, by) -> None:
    """`by` was shown the writer's name, phone and 身份证号 unmasked (audited read; nothing personal in the event)."""
    record_event(actor=by, action="message_identity_view", target=msg, unit=msg.unit, after={"where": "来信详情页"})
