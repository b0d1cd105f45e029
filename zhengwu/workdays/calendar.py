"""The official working-day calendar: which dates count as 工作日 for statutory periods (条例第三十、三十三条 …).

Where each rule comes from, in the order a date is decided:

1. Staff overrides (`WorkdayOverride`) always win: a 国务院办公厅 notice entered by hand for a year the package
   does not cover, a local arrangement, or a correction.
2. Years the `chinese-calendar` package covers (2004–2026 in 1.11.0): the annual 国务院办公厅关于部分节假日安排
   的通知 with their 调休 working weekends (e.g. 2025: 国办发明电〔2024〕12号; 2026: notice of 2025-11-04).
3. Weekends: 《国务院关于职工工作时间的规定》第七条 — 国家机关、事业单位实行统一的工作时间，星期六和星期日为
   周休息日.
4. A year with no official data (2027 onwards today) falls back to weekends plus the holidays whose dates are
   certain from 《全国年节及纪念日放假办法》第二条 (2024年11月10日国务院令第795号第四次修订，2025年1月1日起施行):
   元旦 1月1日; 清明节 (清明节气当日, from the package's solar-term formula); 劳动节 5月1日、2日;
   国庆节 10月1日至3日. 春节、端午节、中秋节 are lunar dates and are left out (no reliable offline lunar
   conversion is installed), and so are 第六条补假 and 第七条调休, which only the annual notice fixes.
   Every date in such a year is **provisional** until staff confirm the year (`OfficialYear`); see
   docs/decisions/0101-provisional-working-days.md.
5. Counting: 《民法典》第二百零一条 — 按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算. The 条例
   does not say this for 工作日 itself (regulations.md: uncertain), so it is the setting
   `ZHENGWU_WORKDAYS_COUNT_START_DAY` (default False: the start date is not counted).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import chinese_calendar
from chinese_calendar import constants as cc_data
from django.conf import settings

from zhengwu.core.dates import local_date

ONE_DAY = dt.timedelta(days=1)


def count_start_day() -> bool:
    """Whether the start date itself is counted (uncertain in the 条例; 民法典第二百零一条 says it is not)."""
    return bool(getattr(settings, "ZHENGWU_WORKDAYS_COUNT_START_DAY", False))


@cache
def package_years() -> frozenset[int]:
    """Years for which chinese-calendar carries the State Council's holiday notice."""
    return frozenset(d.year for d in cc_data.holidays) | frozenset(d.year for d in cc_data.workdays)


def package_version() -> str:
    return getattr(chinese_calendar, "__version__", "?")


@dataclass(frozen=True)
class StatutoryVersion:
    """One wording of 《全国年节及纪念日放假办法》第二条 (only the Gregorian-fixed days and whether 清明 is a holiday)."""

    first_year: int
    source: str
    fixed: tuple[tuple[int, int, str], ...]
    qingming: bool


_NATIONAL_DAY = ((10, 1, "国庆节"), (10, 2, "国庆节"), (10, 3, "国庆节"))
STATUTORY_VERSIONS: tuple[StatutoryVersion, ...] = (
    StatutoryVersion(
        2025,
        "《全国年节及纪念日放假办法》第二条（2024年11月10日国务院令第795号第四次修订，2025年1月1日起施行）",
        ((1, 1, "元旦"), (5, 1, "劳动节"), (5, 2, "劳动节"), *_NATIONAL_DAY),
        True,
    ),
    StatutoryVersion(
        2008,
        "《全国年节及纪念日放假办法》第二条（2007年12月14日国务院令第513号第二次修订，2008年1月1日起施行；"
        "2013年国务院令第644号第三次修订未改动公历日期）",
        ((1, 1, "元旦"), (5, 1, "劳动节"), *_NATIONAL_DAY),
        True,
    ),
    StatutoryVersion(
        0,
        "《全国年节及纪念日放假办法》第二条（1999年9月18日第一次修订）",
        ((1, 1, "元旦"), (5, 1, "劳动节"), (5, 2, "劳动节"), (5, 3, "劳动节"), *_NATIONAL_DAY),
        False,
    ),
)


def statutory_version(year: int) -> StatutoryVersion:
    return next(v for v in STATUTORY_VERSIONS if year >= v.first_year)


def qingming_day(year: int) -> dt.date | None:
    """清明 solar term of `year` (寿星公式 with the package's correction table; valid 1900–2100)."""
    if not 1900 <= year <= 2100:
        return None
    terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 30))
    return next((d for d, name in terms if name == "清明"), None)


@cache
def statutory_holidays(year: int) -> Mapping[dt.date, str]:
    """Holidays of `year` whose dates the 放假办法 fixes with certainty (no lunar festivals, no 调休/补假)."""
    version = statutory_version(year)
    days = {dt.date(year, m, d): name for m, d, name in version.fixed}
    if version.qingming:
        qingming = qingming_day(year)
        if qingming:
            days[qingming] = "清明节"
    return days


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return local_date(value)
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")


def provisional_message(years: Iterable[int]) -> str:
    """The loud warning shown wherever a result depends on a year without official data."""
    years = sorted(set(years))
    if not years:
        return ""
    named = "、".join(f"{y}年" for y in years)
    return (f"警告：{named}尚无国务院放假安排数据，结果为暂定——只按周末和《全国年节及纪念日放假办法》规定的"
            f"固定日期（元旦、清明、劳动节、国庆节）推算，未计春节、端午、中秋及调休。"
            f"国务院办公厅放假通知发布后，请在“工作日历”中录入并确认该年度。")


class WorkdayCalendar:
    """An immutable snapshot of the calendar: built-in notices + staff overrides + confirmed years."""

    def __init__(self, *, overrides: Mapping[dt.date, bool] | None = None, confirmed_years: Iterable[int] = (),
                 count_start_day: bool = False):
        self._overrides = dict(overrides or {})
        self._confirmed = frozenset(confirmed_years)
        self.count_start_day = count_start_day

    # --- single days -------------------------------------------------------------------------------------

    def is_workday(self, d: dt.date) -> bool:
        d = _as_date(d)
        override = self._overrides.get(d)
        if override is not None:
            return override
        return self._base_is_workday(d)

    @staticmethod
    def _base_is_workday(d: dt.date) -> bool:
        if d.year in package_years():
            if d in cc_data.workdays:
                return True  # 调休上班 weekend of the notice
            if d in cc_data.holidays:
                return False
            return d.weekday() < 5
        if d in statutory_holidays(d.year):
            return False
        return d.weekday() < 5

    def is_provisional(self, d: dt.date) -> bool:
        year = _as_date(d).year
        return year not in package_years() and year not in self._confirmed

    def provisional_years(self, a: dt.date, b: dt.date) -> list[int]:
        a, b = sorted((_as_date(a), _as_date(b)))
        return [y for y in range(a.year, b.year + 1) if y not in package_years() and y not in self._confirmed]

    def official_years(self) -> list[int]:
        return sorted(package_years() | self._confirmed)

    def confirmed_years(self) -> list[int]:
        return sorted(self._confirmed)

    # --- periods -----------------------------------------------------------------------------------------

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The date `n` working days after `start`; `start` itself is not counted (民法典第二百零一条) unless
        ZHENGWU_WORKDAYS_COUNT_START_DAY is on, when a working `start` is day 1."""
        start = _as_date(start)
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError("n must be an int")
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return start
        remaining = n
        day = start
        if self.count_start_day and self.is_workday(start):
            remaining -= 1
            if remaining == 0:
                return start
        while remaining:
            day += ONE_DAY
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b] ([a, b] when the start day is counted), so add_workdays(a, result) == b for
        a working b. When b is before a the result is minus the working days in (b, a] (e.g. days overdue)."""
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self._count(b + ONE_DAY, a)
        first = a if self.count_start_day else a + ONE_DAY
        return self._count(first, b)

    def _count(self, first: dt.date, last: dt.date) -> int:
        total = 0
        day = first
        while day <= last:
            total += self.is_workday(day)
            day += ONE_DAY
        return total


_cached: dict[str, tuple[tuple[str, bool], WorkdayCalendar]] = {}


def get_calendar() -> WorkdayCalendar:
    """The current calendar. One small query per call; rebuilt only when an action changed the version token."""
    from .models import CalendarVersion, OfficialYear, WorkdayOverride

    token = CalendarVersion.objects.values_list("token", flat=True).first() or ""
    key = (token, count_start_day())
    hit = _cached.get("calendar")
    if hit is not None and hit[0] == key:
        return hit[1]
    calendar = WorkdayCalendar(
        overrides=dict(WorkdayOverride.objects.values_list("date", "is_workday")),
        confirmed_years=OfficialYear.objects.values_list("year", flat=True),
        count_start_day=key[1],
    )
    _cached["calendar"] = (key, calendar)
    return calendar
