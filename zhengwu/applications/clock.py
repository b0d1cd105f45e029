"""The statutory clock of an application (《政府信息公开条例》2019, 第三十条至第三十三条), as plain functions.

Working days come from `zhengwu.workdays.calendar.get_calendar()` (official State Council arrangements with
their 调休 weekends; a year without official data is *provisional* and every due date that falls in or runs
through it says so). Periods are counted as 期间开始之日不计入: the day of receipt is day 0.

Rules kept here (each cites its article):
- 第三十一条: the receipt date depends on the channel (`receipt_date`).
- 第三十三条第二款: reply within 20 working days of receipt (`reply_limit_workdays`).
- 第三十三条第二款: one extension of at most 20 working days, approved and notified (`max_extension_workdays`).
- 第三十条: a 补正 notice only within 7 working days of receipt; the clock restarts on receipt of the corrected
  application; no correction within the stated period → 视为放弃 (`correction_notice_deadline`).
- 第三十二条 / 第三十四条: the third party / other agencies have 15 working days **from receiving** the request
  (`consultation_reply_deadline`; the receipt date is `delivered_date`); 第三十三条第三款: that time is not
  counted (a `Pause` from the day the request is sent).
- 国办函〔2020〕109号 and the provincial notices implementing it: pay within 20 working days from the day after the
  applicant **receives** the fee notice (`fee_payment_deadline`); unpaid → 视为放弃申请. That the time from
  notice to payment is not counted (a `Pause`) is the platform's reading: see docs/decisions/1202.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings

ART31 = "《政府信息公开条例》第三十一条"
ART33_LIMIT = "《政府信息公开条例》第三十三条第二款（20个工作日内答复）"
ART33_EXT = "《政府信息公开条例》第三十三条第二款（延长答复期限不超过20个工作日）"
ART33_NOT_COUNTED = "《政府信息公开条例》第三十三条第三款（征求意见所需时间不计算在期限内）"
ART30_CORRECTION = "《政府信息公开条例》第三十条（答复期限自收到补正的申请之日起计算）"
ART30_NOTICE = "《政府信息公开条例》第三十条（收到申请之日起7个工作日内一次性告知补正）"
ART32 = "《政府信息公开条例》第三十二条（第三方自收到征求意见书之日起15个工作日内提出意见）"
ART34 = "《政府信息公开条例》第三十四条（其他机关自收到征求意见书之日起15个工作日内提出意见）"
# What could be confirmed (docs/decisions/1202): 109号 itself (Arts 1–5 read) and a provincial notice implementing it
# ("申请人应当在收到收费通知次日起20个工作日内缴纳费用，逾期未缴纳的视为放弃申请"). The 109号 sentence on the reply
# clock was not found in any text read, so the pause cites the platform's decision, not a quoted article.
FEE_RULE = ("《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）及省级实施通知"
            "（申请人自收到收费通知次日起20个工作日内缴纳，逾期未缴纳的视为放弃申请）")
FEE_PAUSE_RULE = ("国办函〔2020〕109号：待缴费期间暂停计算答复期限"
                  "（本平台做法，109号原文此句未能核实，见决定1202）")


class Calendar(Protocol):
    """What the clock needs of `zhengwu.workdays.calendar.WorkdayCalendar` (its documented public API)."""

    def is_workday(self, d: dt.date) -> bool: ...
    def add_workdays(self, start: dt.date, n: int) -> dt.date: ...
    def workdays_between(self, a: dt.date, b: dt.date) -> int: ...
    def is_provisional(self, d: dt.date) -> bool: ...
    def provisional_years(self, a: dt.date, b: dt.date) -> list[int]: ...


def get_calendar() -> Calendar:
    from zhengwu.workdays.calendar import get_calendar as _get

    return _get()


# --- settings (legal numbers are fixed by the 条例; the county may only make them stricter) ----------------

def reply_limit_workdays() -> int:
    return int(getattr(settings, "ZHENGWU_REPLY_WORKDAYS", 20))


def max_extension_workdays() -> int:
    return int(getattr(settings, "ZHENGWU_MAX_EXTENSION_WORKDAYS", 20))


def correction_notice_workdays() -> int:
    return int(getattr(settings, "ZHENGWU_CORRECTION_NOTICE_WORKDAYS", 7))


def consultation_workdays() -> int:
    return int(getattr(settings, "ZHENGWU_CONSULTATION_WORKDAYS", 15))


def fee_payment_workdays() -> int:
    """109号 and the provincial fee notices: pay within 20 working days of the day after the notice."""
    return int(getattr(settings, "ZHENGWU_FEE_PAYMENT_WORKDAYS", 20))


def postal_delivery_days() -> int:
    """Calendar days a posted request or notice is presumed to take to arrive until its receipt is recorded."""
    return int(getattr(settings, "ZHENGWU_POSTAL_DELIVERY_DAYS", 3))


def yellow_card_workdays() -> int:
    return int(getattr(settings, "ZHENGWU_YELLOW_CARD_WORKDAYS", 3))


# --- 第三十一条: receipt date ------------------------------------------------------------------------------

class ReceiptError(ValueError):
    pass


def receipt_date(channel: str, *, submitted: dt.date | None = None, signed: dt.date | None = None,
                 confirmed: dt.date | None = None) -> tuple[dt.date, str]:
    """(receipt date, why) for a channel (条例第三十一条). Raises ReceiptError with a Chinese message."""
    if channel == "in_person":
        if not submitted:
            raise ReceiptError("当面提交的申请，请填写提交日期（第三十一条第（一）项：以提交之日为收到申请之日）。")
        return submitted, f"{ART31}第（一）项：当面提交，以提交之日为收到申请之日"
    if channel == "mail":
        if not signed:
            raise ReceiptError("邮寄的申请，请填写签收日期（第三十一条第（二）项：以签收之日为收到申请之日）。")
        return signed, f"{ART31}第（二）项：邮寄，以行政机关签收之日为收到申请之日"
    if channel == "mail_plain":
        if not confirmed:
            raise ReceiptError("以平常信函等无需签收的邮寄方式提交的，请填写与申请人确认的日期（第三十一条第（二）项）。")
        return confirmed, f"{ART31}第（二）项：平常信函，以与申请人确认之日为收到申请之日"
    if channel in ("online", "fax"):
        if not confirmed:
            raise ReceiptError("通过互联网或传真提交的申请，请填写双方确认之日（第三十一条第（三）项）。")
        return confirmed, f"{ART31}第（三）项：互联网/传真，以双方确认之日为收到申请之日"
    raise ReceiptError("申请渠道不正确。")


# --- 第三十二条、第三十四条、109号: when the other side receives what was sent ------------------------------

ELECTRONIC, POST = "electronic", "post"
DELIVERY_CHOICES = [(ELECTRONIC, "电子或当面送达"), (POST, "邮寄")]  # 电子: e-mail, the platform, fax


def delivered_date(sent: dt.date, delivery: str, received: dt.date | None = None) -> tuple[dt.date, str]:
    """(the day the other side received it, why). A recorded receipt date wins; otherwise electronic delivery
    arrives the day it is sent and a letter `postal_delivery_days()` calendar days later (a setting)."""
    if received:
        if received < sent:
            raise ReceiptError("收到日期不能早于发出日期。")
        return received, f"以登记的收到之日{received:%Y年%m月%d日}起算"
    if delivery == ELECTRONIC:
        return sent, "电子送达，以发出之日为收到之日"
    if delivery == POST:
        days = postal_delivery_days()
        arrived = sent + dt.timedelta(days=days)
        return arrived, f"邮寄，按发出后{days}日（{arrived:%Y年%m月%d日}）收到推定，签收后请登记实际收到日期"
    raise ReceiptError("送达方式不正确。")


# --- periods -------------------------------------------------------------------------------------------

def correction_notice_deadline(received: dt.date, cal: Calendar | None = None) -> dt.date:
    """Last day a 补正 notice may be given (第三十条: 收到申请之日起7个工作日内)."""
    return (cal or get_calendar()).add_workdays(received, correction_notice_workdays())


def consultation_reply_deadline(received: dt.date, cal: Calendar | None = None) -> dt.date:
    """第三十二条/第三十四条: "自收到征求意见书之日起15个工作日内" — counted from the day the consulted party
    receives the request (`delivered_date`), the day of receipt itself not counted."""
    return (cal or get_calendar()).add_workdays(received, consultation_workdays())


def fee_payment_deadline(received: dt.date, cal: Calendar | None = None) -> dt.date:
    """"收到收费通知次日起20个工作日内": the first counted day is the day after the applicant receives the notice."""
    return (cal or get_calendar()).add_workdays(received, fee_payment_workdays())


@dataclass(frozen=True)
class Pause:
    """Working days in (start, end] do not count toward the reply limit."""

    start: dt.date
    end: dt.date
    reason: str
    rule: str


@dataclass
class Due:
    due_date: dt.date | None
    provisional_years: list[int] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    rule: str = ""

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)


def compute_due(*, clock_start: dt.date, extension_days: int = 0, pauses: list[Pause] = (),
                cal: Calendar | None = None) -> Due:
    """The reply due date: the (20 + extension)-th counted working day after `clock_start`.

    A working day is counted unless it lies inside a pause (第三十三条第三款, 109号). The day of receipt is
    not counted (期间开始之日不计入).
    """
    cal = cal or get_calendar()
    limit = reply_limit_workdays() + extension_days
    steps = [f"起算日 {clock_start:%Y年%m月%d日}（当日不计入），答复期限 {reply_limit_workdays()} 个工作日（{ART33_LIMIT}）"]
    rules = [ART33_LIMIT]
    if extension_days:
        steps.append(f"延长 {extension_days} 个工作日（{ART33_EXT}）")
        rules.append(ART33_EXT)
    relevant = [p for p in pauses if p.end > clock_start]
    for p in relevant:
        skipped = sum(1 for d in _days(max(p.start, clock_start), p.end) if cal.is_workday(d))
        steps.append(f"{p.reason}：{p.start:%Y-%m-%d} 至 {p.end:%Y-%m-%d}，{skipped} 个工作日不计入（{p.rule}）")
        if p.rule not in rules:
            rules.append(p.rule)
    counted, day = 0, clock_start
    while counted < limit:
        day += dt.timedelta(days=1)
        if cal.is_workday(day) and not any(p.start < day <= p.end for p in relevant):
            counted += 1
    provisional = cal.provisional_years(clock_start, day)
    steps.append(f"答复期限：{day:%Y年%m月%d日}")
    if provisional:
        years = "、".join(str(y) for y in provisional)
        steps.append(f"注意：{years}年尚无国务院放假安排，按周末和法定节日推算，期限为暂定，放假通知发布后将重新计算。")
    return Due(due_date=day, provisional_years=provisional, steps=steps, rule="；".join(rules))


def _days(a: dt.date, b: dt.date):
    """Dates in (a, b]."""
    d = a
    while d < b:
        d += dt.timedelta(days=1)
        yield d


# --- warnings (黄牌/红牌) ---------------------------------------------------------------------------------

def warning_level(due: dt.date | None, today: dt.date, cal: Calendar | None = None) -> str:
    """"red" when overdue (红牌), "yellow" when ≤ N working days remain (黄牌), "" otherwise."""
    if due is None:
        return ""
    if today > due:
        return "red"
    remaining = (cal or get_calendar()).workdays_between(today, due)
    return "yellow" if remaining <= yellow_card_workdays() else ""


def workdays_left(due: dt.date, today: dt.date, cal: Calendar | None = None) -> int:
    """Working days remaining (negative when overdue, counting working days past due)."""
    cal = cal or get_calendar()
    if today <= due:
        return cal.workdays_between(today, due)
    return -cal.workdays_between(due, today)
