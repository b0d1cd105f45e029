"""完成时限 as task tables write them, read into a date or a cadence.

Task-division tables (任务分工) give deadlines in a handful of forms: a year end (``2021年底``, ``年底前``), a month
end (``6月底前``, ``2022年10月``), a day (``2023年1月31日前``), a cadence (``每季度``, ``每月更新``) or an open-ended
duty (``持续推进``, ``长期坚持``, ``实时更新``). A year-less form takes the plan's year. Anything else is kept
verbatim with ``flagged`` set so the office reads it once; a readable deadline followed by extra words (``2021年底实现
130项…``) takes the first date and is flagged too, since the words may change its meaning.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY, CONTINUOUS = "monthly", "quarterly", "half_yearly", "yearly", "continuous"
CADENCE_LABELS = {MONTHLY: "每月", QUARTERLY: "每季度", HALF_YEARLY: "每半年", YEARLY: "每年", CONTINUOUS: "持续"}

_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12}
_CADENCES = [("每季度", QUARTERLY), ("每个季度", QUARTERLY), ("按季度", QUARTERLY), ("每月", MONTHLY),
             ("每个月", MONTHLY), ("按月", MONTHLY), ("每半年", HALF_YEARLY), ("每年", YEARLY)]
_CONTINUOUS = ("持续推进", "长期坚持", "实时更新", "长期", "持续", "实时", "常态化", "及时更新", "动态更新", "随时")
_TRAILERS = ("前", "以前", "之前", "内", "完成", "更新", "底", "止")

_YEAR_END = re.compile(r"^(?:(20\d{2})\s*年)?\s*(?:年底|年末|年内|底|12月底|12月31日)")
_DAY = re.compile(r"^(?:(20\d{2})\s*年)?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2})\s*日")
_MONTH = re.compile(r"^(?:(20\d{2})\s*年)?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份)?(?:底|末)?")
_HALF = re.compile(r"^(?:(20\d{2})\s*年)?\s*(上半年|下半年)")
_QUARTER = re.compile(r"^(?:(20\d{2})\s*年)?\s*第?([一二三四1-4])\s*季度(?:末|底)?")
_YEAR_ONLY = re.compile(r"^(20\d{2})\s*年(?!\d)")


@dataclass(frozen=True)
class Deadline:
    text: str                   # as written, whitespace squeezed
    date: date | None = None
    recurring: bool = False
    cadence: str = ""           # one of the constants above, "" for a one-off deadline
    flagged: bool = False       # not (fully) understood: the office should read deadline_text


def _month(token: str) -> int:
    return int(token) if token.isdigit() else _CN_NUM.get(token, 0)


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _rest_is_trailer(rest: str) -> bool:
    rest = rest.strip("，,。；; ")
    while rest:
        for t in _TRAILERS:
            if rest.startswith(t):
                rest = rest[len(t):]
                break
        else:
            return False
    return True


def parse_deadline(text: str | None, plan_year: int | None = None) -> Deadline:
    """Read one 完成时限 cell. Never raises: the unreadable come back flagged with no date."""
    written = re.sub(r"\s+", "", text or "")
    if not written:
        return Deadline(text="")
    for word, cadence in _CADENCES:
        if word in written:
            return Deadline(text=written, recurring=True, cadence=cadence)
    if written.startswith(_CONTINUOUS) or written in _CONTINUOUS:
        return Deadline(text=written, recurring=True, cadence=CONTINUOUS)
    found = _match_date(written, plan_year)
    if found is None:
        return Deadline(text=written, flagged=True)
    when, rest = found
    if when is None:  # a year-less form and no plan year to put it in
        return Deadline(text=written, flagged=True)
    return Deadline(text=written, date=when, flagged=not _rest_is_trailer(rest))


def _match_date(s: str, plan_year: int | None) -> tuple[date | None, str] | None:
    def year(token):
        return int(token) if token else plan_year

    m = _DAY.match(s)
    if m:
        y, mo, d = year(m.group(1)), _month(m.group(2)), int(m.group(3))
        try:
            return (date(y, mo, d) if y else None), s[m.end():]
        except ValueError:
            return None
    m = _YEAR_END.match(s)
    if m:
        y = year(m.group(1))
        return (date(y, 12, 31) if y else None), s[m.end():]
    m = _HALF.match(s)
    if m:
        y = year(m.group(1))
        if not y:
            return None, ""
        return (date(y, 6, 30) if m.group(2) == "上半年" else date(y, 12, 31)), s[m.end():]
    m = _QUARTER.match(s)
    if m:
        y, q = year(m.group(1)), _month(m.group(2))
        return (_end_of_month(y, q * 3) if y else None), s[m.end():]
    m = _MONTH.match(s)
    if m:
        y, mo = year(m.group(1)), _month(m.group(2))
        if not 1 <= mo <= 12:
            return None
        return (_end_of_month(y, mo) if y else None), s[m.end():]
    m = _YEAR_ONLY.match(s)
    if m:
        return date(int(m.group(1)), 12, 31), s[m.end():]
    return None
