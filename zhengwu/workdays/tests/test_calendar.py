"""The calendar against the State Council's real notices.

Expected dates are worked out by hand from the notices, not taken from the code:
- 2025 (国办发明电〔2024〕12号): 春节 1月28日(周二)至2月4日(周二)放假，1月26日(周日)、2月8日(周六)上班；
  国庆节、中秋节 10月1日(周三)至8日(周三)放假，9月28日(周日)、10月11日(周六)上班。
- 2026 (国务院办公厅关于2026年部分节假日安排的通知，2025年11月4日): 元旦 1月1日至3日放假，1月4日(周日)上班；
  春节 2月15日(周日)至23日(周一)放假，2月14日(周六)、2月28日(周六)上班。
- 2027: no notice in the package; 《全国年节及纪念日放假办法》(国务院令第795号) fixes 元旦 1月1日(周五)。
"""
from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from zhengwu.workdays.calendar import (
    WorkdayCalendar,
    package_years,
    provisional_message,
    qingming_day,
    statutory_holidays,
)

D = dt.date
CAL = WorkdayCalendar()


def test_package_covers_2004_to_2026_only():
    assert min(package_years()) == 2004
    assert max(package_years()) == 2026
    assert 2027 not in package_years()


def test_national_day_2025_with_its_adjusted_weekends():
    assert CAL.is_workday(D(2025, 9, 28))  # Sunday, 调休上班
    assert all(not CAL.is_workday(D(2025, 10, day)) for day in range(1, 9))
    assert CAL.is_workday(D(2025, 10, 9))
    assert CAL.is_workday(D(2025, 10, 11))  # Saturday, 调休上班
    assert not CAL.is_workday(D(2025, 10, 12))
    # Received Friday 26 September: the next working day is the 调休 Sunday.
    assert CAL.add_workdays(D(2025, 9, 26), 1) == D(2025, 9, 28)
    # Received Tuesday 30 September: day 1 is 9 October, day 3 the 调休 Saturday 11 October.
    assert CAL.add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert CAL.add_workdays(D(2025, 9, 30), 3) == D(2025, 10, 11)
    # 条例第三十三条 20 working days: 9,10,11,13–17,20–24,27–31 October (18), 3 and 4 November.
    assert CAL.add_workdays(D(2025, 9, 30), 20) == D(2025, 11, 4)


def test_spring_festival_2025():
    assert CAL.is_workday(D(2025, 1, 26))  # Sunday, 调休上班
    assert not CAL.is_workday(D(2025, 1, 28))  # 除夕
    assert not CAL.is_workday(D(2025, 2, 4))
    assert CAL.is_workday(D(2025, 2, 8))  # Saturday, 调休上班
    # Received Friday 24 January.
    assert CAL.add_workdays(D(2025, 1, 24), 1) == D(2025, 1, 26)
    assert CAL.add_workdays(D(2025, 1, 24), 2) == D(2025, 1, 27)
    assert CAL.add_workdays(D(2025, 1, 24), 3) == D(2025, 2, 5)
    # 26,27 Jan; 5,6,7,8(Sat) Feb; 10–14; 17–21; 24,25,26,27 → the 20th is 27 February.
    assert CAL.add_workdays(D(2025, 1, 24), 20) == D(2025, 2, 27)


def test_spring_festival_2026():
    assert CAL.is_workday(D(2026, 2, 14))  # Saturday, 调休上班
    assert all(not CAL.is_workday(D(2026, 2, day)) for day in range(15, 24))
    assert CAL.is_workday(D(2026, 2, 28))  # Saturday, 调休上班
    assert CAL.add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert CAL.add_workdays(D(2026, 2, 13), 2) == D(2026, 2, 24)
    # 条例第三十条 补正 within 7 working days: 14 Feb; 24,25,26,27 Feb; 28 Feb (Sat); 2 March.
    assert CAL.add_workdays(D(2026, 2, 13), 7) == D(2026, 3, 2)


def test_new_year_2026_adjusted_sunday():
    assert not CAL.is_workday(D(2026, 1, 2))
    assert CAL.is_workday(D(2026, 1, 4))  # Sunday, 调休上班
    assert CAL.add_workdays(D(2025, 12, 31), 1) == D(2026, 1, 4)


def test_receipt_on_an_adjusted_saturday_is_not_counted():
    # 民法典第二百零一条: the start day is not counted even when it is a working day.
    assert CAL.add_workdays(D(2025, 10, 11), 1) == D(2025, 10, 13)
    # 13–17, 20–24, 27–31 October, 3–7 November.
    assert CAL.add_workdays(D(2025, 10, 11), 20) == D(2025, 11, 7)
    # 2026 春节: received on 调休 Saturday 14 February → 24,25,26,27, 28(Sat), 2, 3 March.
    assert CAL.add_workdays(D(2026, 2, 14), 7) == D(2026, 3, 3)


def test_count_start_day_setting():
    counting = WorkdayCalendar(count_start_day=True)
    assert counting.add_workdays(D(2025, 10, 11), 1) == D(2025, 10, 11)
    assert counting.add_workdays(D(2025, 10, 11), 20) == D(2025, 11, 6)
    # A start on a rest day still starts counting on the next working day.
    assert counting.add_workdays(D(2025, 10, 12), 1) == D(2025, 10, 13)
    assert counting.workdays_between(D(2025, 10, 11), D(2025, 11, 6)) == 20


def test_n_zero_returns_start_and_negative_is_refused():
    assert CAL.add_workdays(D(2025, 10, 1), 0) == D(2025, 10, 1)
    with pytest.raises(ValueError):
        CAL.add_workdays(D(2025, 10, 1), -1)
    with pytest.raises(TypeError):
        CAL.add_workdays(D(2025, 10, 1), 1.5)


def test_workdays_between_counts_a_half_open_interval():
    assert CAL.workdays_between(D(2025, 9, 30), D(2025, 10, 14)) == 5
    assert CAL.workdays_between(D(2025, 10, 1), D(2025, 10, 8)) == 0
    assert CAL.workdays_between(D(2025, 10, 5), D(2025, 10, 5)) == 0
    # Backwards: minus the working days in (b, a] — used for "days overdue".
    assert CAL.workdays_between(D(2025, 10, 14), D(2025, 9, 30)) == -5


def test_add_and_between_agree_on_every_day_of_2025_and_2026():
    start = D(2025, 1, 1)
    for offset in range(0, 730, 3):
        day = start + dt.timedelta(days=offset)
        for n in (1, 7, 20):
            due = CAL.add_workdays(day, n)
            assert CAL.is_workday(due)
            assert CAL.workdays_between(day, due) == n


def test_deadline_running_into_2027_is_provisional():
    # From Friday 18 Dec 2026: 21–25, 28–31 Dec (9); 1 Jan 2027 is 元旦 (Friday); 4–8 Jan (14); 11–15 (19); 18 Jan.
    due = CAL.add_workdays(D(2026, 12, 18), 20)
    assert due == D(2027, 1, 18)
    assert CAL.provisional_years(D(2026, 12, 18), due) == [2027]
    assert CAL.is_provisional(due)
    assert not CAL.is_provisional(D(2026, 12, 31))
    assert CAL.provisional_years(D(2025, 1, 1), D(2026, 12, 31)) == []


def test_fallback_uses_only_dates_fixed_by_the_holiday_measures():
    assert statutory_holidays(2027) == {
        D(2027, 1, 1): "元旦", D(2027, 4, 5): "清明节", D(2027, 5, 1): "劳动节", D(2027, 5, 2): "劳动节",
        D(2027, 10, 1): "国庆节", D(2027, 10, 2): "国庆节", D(2027, 10, 3): "国庆节",
    }
    assert not CAL.is_workday(D(2027, 1, 1))
    assert not CAL.is_workday(D(2027, 4, 5))  # 清明 falls on Monday 5 April 2027
    # 5月1日、2日 are a weekend in 2027: the 补假 day (第六条) is the notice's to fix, so Monday stays a working day.
    assert CAL.is_workday(D(2027, 5, 3))
    # Lunar festivals are not guessed (2027 春节 is not computed): the provisional flag must carry the warning.
    assert CAL.is_workday(D(2027, 2, 8)) and CAL.is_provisional(D(2027, 2, 8))


@pytest.mark.parametrize("year", sorted(package_years()))
def test_fixed_statutory_days_agree_with_every_official_notice(year):
    """Cross-check of the fallback rules (incl. the solar-term 清明) against 2004–2026 official notices."""
    for day in statutory_holidays(year):
        assert chinese_calendar.is_holiday(day), f"{day} should be a holiday in the {year} notice"
        assert day in chinese_calendar.holidays or day.weekday() >= 5


def test_qingming_outside_the_formula_range_is_unknown():
    assert qingming_day(1899) is None
    assert qingming_day(2026) == D(2026, 4, 5)


def test_provisional_message_names_every_year():
    message = provisional_message([2028, 2027, 2027])
    assert message.startswith("警告：2027年、2028年尚无国务院放假安排数据，结果为暂定")
    assert provisional_message([]) == ""


def test_confirmed_year_is_official():
    confirmed = WorkdayCalendar(confirmed_years=[2027])
    assert not confirmed.is_provisional(D(2027, 6, 1))
    assert confirmed.official_years()[-1] == 2027
    assert confirmed.provisional_years(D(2026, 12, 1), D(2028, 1, 5)) == [2028]
