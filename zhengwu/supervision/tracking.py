"""Where each task stands for one unit in one period: the numbers of the 季度通报 and the cards on the workbench.

States, one per (task, unit), in this order of precedence:
- 已完成 (done): the office accepted the task by the period's end;
- 逾期 (overdue): a fixed deadline passed before the period's end (or before today, for the current quarter) and
  the task was not accepted by then;
- 正常推进 (on track): the unit reported in the period, or records it published in the task's columns/topic during
  the period count as its report (自动佐证);
- 未报送 (no report): none of the above.

黄牌/红牌 (the 中方 2021 table's "发挥'红黄牌'预警纠错功能"): a yellow card once a task is overdue by
``yellow_days`` days, red from ``red_days``; a recurring task gets yellow when its unit has not reported for one
cadence period and red for two. The numbers are a setting (ZHENGWU_SUPERVISION_CARDS) because each county writes
them in its own 督办 rules.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from zhengwu.core.dates import local_date

from .deadlines import CONTINUOUS, HALF_YEARLY, MONTHLY, QUARTERLY, YEARLY
from .models import Task

DONE, OVERDUE, ON_TRACK, NO_REPORT = "done", "overdue", "on_track", "no_report"
STATE_LABELS = {DONE: "已完成", OVERDUE: "逾期", ON_TRACK: "正常推进", NO_REPORT: "未报送"}
YELLOW, RED = "yellow", "red"
CARD_LABELS = {YELLOW: "黄牌", RED: "红牌"}
DEFAULT_CARDS = {"warn_days": 7, "yellow_days": 1, "red_days": 30}
CADENCE_DAYS = {MONTHLY: 31, QUARTERLY: 92, HALF_YEARLY: 183, YEARLY: 366, CONTINUOUS: 92}


def card_settings() -> dict:
    return {**DEFAULT_CARDS, **getattr(settings, "ZHENGWU_SUPERVISION_CARDS", {})}


def parse_quarter(text: str) -> tuple[dt.date, dt.date]:
    """"2026Q3" -> (2026-07-01, 2026-09-30)."""
    m = re.fullmatch(r"\s*(20\d{2})\s*[Qq]([1-4])\s*", text or "")
    if not m:
        raise ValueError("季度应写作 2026Q3 这样的格式。")
    year, q = int(m.group(1)), int(m.group(2))
    start = dt.date(year, 3 * q - 2, 1)
    end = (dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1))
    return start, end


def auto_evidence(task: Task, start: dt.date | None = None, end: dt.date | None = None, unit_ids=None):
    """Published records placed in the task's columns or filed under its topic, within [start, end]."""
    from zhengwu.disclosure.models import Record

    column_ids = [c.pk for c in task.columns.all()]
    if not column_ids and not task.topic_id:
        return Record.objects.none()
    where = Q(columns__in=column_ids) if column_ids else Q()
    if task.topic_id:
        where = where | Q(topic_id=task.topic_id) if column_ids else Q(topic_id=task.topic_id)
    qs = Record.objects.filter(where, status=Record.Status.PUBLISHED, published_at__isnull=False)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    qs = qs.distinct().order_by("-published_at")
    return [r for r in qs if (start is None or local_date(r.published_at) >= start)
            and (end is None or local_date(r.published_at) <= end)]


@dataclass
class UnitTaskState:
    task: Task
    state: str
    last_report: dt.date | None
    card: str = ""

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


def _last_report(task: Task, unit_id: int, until: dt.date) -> dt.date | None:
    dates = [local_date(r.reported_at) for r in task.reports.all() if r.unit_id == unit_id]
    dates += [local_date(r.published_at) for r in auto_evidence(task, end=until, unit_ids=[unit_id])]
    dates = [d for d in dates if d <= until]
    return max(dates) if dates else None


def state_for(task: Task, unit_id: int, start: dt.date, end: dt.date, today: dt.date) -> UnitTaskState:
    cutoff = min(end, today)
    accepted = task.accepted_at is not None and local_date(task.accepted_at) <= end
    last = _last_report(task, unit_id, cutoff)
    if accepted:
        state = DONE
    elif task.deadline and task.deadline < cutoff:
        state = OVERDUE
    elif last is not None and last >= start:
        state = ON_TRACK
    else:
        state = NO_REPORT
    return UnitTaskState(task=task, state=state, last_report=last, card=card_for(task, last, cutoff))


def card_for(task: Task, last_report: dt.date | None, today: dt.date) -> str:
    if task.status == Task.Status.ACCEPTED:
        return ""
    rules = card_settings()
    if task.deadline:
        late = (today - task.deadline).days
        if late >= rules["red_days"]:
            return RED
        if late >= rules["yellow_days"]:
            return YELLOW
        return ""
    if task.recurring:
        period = CADENCE_DAYS.get(task.cadence, 92)
        since = (today - last_report).days if last_report else (today - local_date(task.plan.created_at)).days
        if since > 2 * period:
            return RED
        if since > period:
            return YELLOW
    return ""


def unit_ids_of(task: Task) -> list[int]:
    ids = [u.pk for u in task.lead_units.all()]
    return ids + [u.pk for u in task.responsible_units.all() if u.pk not in ids]


def tasks_with_units(qs):
    return qs.select_related("plan").prefetch_related("lead_units", "responsible_units", "reports", "columns")
