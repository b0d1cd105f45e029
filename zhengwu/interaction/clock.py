"""The reply clock of a letter, 工单 or 找错 report, on official working days (zhengwu.workdays).

Time limits (settings with defaults; sources in docs/decisions/1401-interaction-time-limits.md):
- 县长信箱 / 部门信箱: 5 working days; a "simple common question" (简单常见问题) 1 working day — 衡南县政务服务
  工作要点第三十二条 "确保网民咨询问题5个工作日回复，力争简单常见问题1个工作日回复".
- 12345: 咨询 2, 求助/建议 10, 投诉/举报 15 working days — provincial 12345 hotline practice under
  《国务院办公厅关于进一步优化地方政务服务便民热线的指导意见》（国办发〔2020〕53号）; 表扬 10 (a decision).
- 我为政府网站找错: 1 working day (国家政府网站找错平台 practice), `ZHENGWU_INTERACTION_SITE_ERROR_WORKDAYS`.

Counting: the day of receipt is not counted (期间开始之日不计入, 《民法典》第二百零一条; the calendar's setting).
A 转办 keeps the clock unless `ZHENGWU_INTERACTION_TRANSFER_RESTARTS_CLOCK`; an extension (延期) is approved once
(`ZHENGWU_INTERACTION_MAX_EXTENSIONS`) for at most `ZHENGWU_INTERACTION_MAX_EXTENSION_WORKDAYS`.
A year without an official holiday notice makes the due date *provisional*.

国办秘函〔2019〕19号（全国政府网站抽查评分细则）"互动回应差": a message left unanswered for more than three
months fails the single-veto indicator; `veto_date` and `veto_risk` watch for it.
"""
from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from .models import MAILBOX_CHANNELS, Channel, Kind

SEED_RULE = "衡南县政务服务工作要点第三十二条（网民咨询问题5个工作日回复，简单常见问题1个工作日回复）"
HOTLINE_RULE = "12345热线省级工单办理时限（国办发〔2020〕53号框架下的省级规定）"
SITE_ERROR_RULE = "我为政府网站找错：1个工作日内处理（国家政府网站找错平台要求）"
VETO_RULE = "国办秘函〔2019〕19号：网民留言超过3个月未回复属“互动回应差”，单项否决"

DEFAULT_MAILBOX_WORKDAYS = 5
DEFAULT_SIMPLE_WORKDAYS = 1
DEFAULT_HOTLINE_WORKDAYS = {Kind.CONSULT: 2, Kind.HELP: 10, Kind.SUGGESTION: 10, Kind.COMPLAINT: 15,
                            Kind.REPORT: 15, Kind.PRAISE: 10}


def _setting(name: str, default):
    return getattr(settings, name, default)


def mailbox_workdays() -> int:
    return int(_setting("ZHENGWU_INTERACTION_MAILBOX_WORKDAYS", DEFAULT_MAILBOX_WORKDAYS))


def simple_workdays() -> int:
    return int(_setting("ZHENGWU_INTERACTION_SIMPLE_WORKDAYS", DEFAULT_SIMPLE_WORKDAYS))


def hotline_workdays(kind: str) -> int:
    table = {**DEFAULT_HOTLINE_WORKDAYS, **_setting("ZHENGWU_INTERACTION_HOTLINE_WORKDAYS", {})}
    return int(table[kind])


def site_error_workdays() -> int:
    return int(_setting("ZHENGWU_INTERACTION_SITE_ERROR_WORKDAYS", 1))


def transfer_restarts_clock() -> bool:
    return bool(_setting("ZHENGWU_INTERACTION_TRANSFER_RESTARTS_CLOCK", False))


def max_extensions() -> int:
    return int(_setting("ZHENGWU_INTERACTION_MAX_EXTENSIONS", 1))


def max_extension_workdays() -> int:
    return int(_setting("ZHENGWU_INTERACTION_MAX_EXTENSION_WORKDAYS", 5))


def yellow_card_workdays() -> int:
    return int(_setting("ZHENGWU_INTERACTION_YELLOW_CARD_WORKDAYS", 1))


def veto_warning_days() -> int:
    """Calendar days before the three-month mark from which a message counts as a single-veto risk."""
    return int(_setting("ZHENGWU_INTERACTION_VETO_WARNING_DAYS", 30))


def get_calendar():
    from zhengwu.workdays.calendar import get_calendar as _get

    return _get()


@dataclass(frozen=True)
class Limit:
    workdays: int
    rule: str


def time_limit(channel: str, kind: str, *, simple: bool = False) -> Limit:
    """The time limit for a new message (working days) and where it comes from."""
    if channel in MAILBOX_CHANNELS:
        if simple:
            return Limit(simple_workdays(), SEED_RULE + "：简单常见问题")
        return Limit(mailbox_workdays(), SEED_RULE)
    if channel == Channel.HOTLINE:
        return Limit(hotline_workdays(kind), f"{HOTLINE_RULE}：{Kind(kind).label}类")
    if channel == Channel.SITE_ERROR:
        return Limit(site_error_workdays(), SITE_ERROR_RULE)
    raise ValueError(f"unknown channel {channel!r}")


@dataclass(frozen=True)
class Due:
    due_date: dt.date
    provisional_years: tuple[int, ...]

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)


def compute_due(clock_start: dt.date, workdays: int, cal=None) -> Due:
    """`workdays` official working days after `clock_start` (the start day itself not counted)."""
    cal = cal or get_calendar()
    due = cal.add_workdays(clock_start, workdays)
    return Due(due, tuple(cal.provisional_years(clock_start, due)))


def warning_level(due: dt.date | None, today: dt.date, cal=None) -> str:
    """"red" (红牌) when overdue, "yellow" (黄牌) when ≤ N working days remain, "" otherwise."""
    if due is None:
        return ""
    if today > due:
        return "red"
    return "yellow" if (cal or get_calendar()).workdays_between(today, due) <= yellow_card_workdays() else ""


def workdays_left(due: dt.date, today: dt.date, cal=None) -> int:
    """Working days remaining; negative = working days overdue."""
    return (cal or get_calendar()).workdays_between(today, due)


def add_months(d: dt.date, months: int) -> dt.date:
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(d.day, _calendar.monthrange(year, month)[1]))


def veto_date(received: dt.date) -> dt.date:
    """The last day before a still-unanswered message is "超过3个月未回复" (国办秘函〔2019〕19号)."""
    return add_months(received, 3)


def veto_risk(received: dt.date, today: dt.date) -> str:
    """"veto" when unanswered past three months, "risk" within the warning window before it, "" otherwise."""
    limit = veto_date(received)
    if today > limit:
        return "veto"
    if today >= limit - dt.timedelta(days=veto_warning_days()):
        return "risk"
    return ""
