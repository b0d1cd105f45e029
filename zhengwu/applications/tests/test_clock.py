"""The statutory clock on real holiday periods (the official calendar of chinese-calendar 1.11)."""
import datetime as dt

import pytest

from zhengwu.applications import clock
from zhengwu.workdays.calendar import WorkdayCalendar

D = dt.date.fromisoformat
CAL = WorkdayCalendar()


def due(start, **kw):
    return clock.compute_due(clock_start=D(start), cal=CAL, **kw)


def test_national_day_2025_with_tiaoxiu_saturday():
    # 2025国庆: 10月1日–8日放假, 9月28日(日)、10月11日(六)上班
    result = due("2025-09-30")
    assert result.due_date == D("2025-11-04")
    assert not result.provisional


def test_receipt_on_tiaoxiu_weekend_day():
    # 2025-09-28 is a Sunday worked under the 调休: receipt that day, counting starts the next day
    assert CAL.is_workday(D("2025-09-28"))
    assert due("2025-09-28").due_date == D("2025-10-31")


def test_receipt_on_tiaoxiu_saturday():
    assert D("2025-10-11").weekday() == 5 and CAL.is_workday(D("2025-10-11"))
    assert due("2025-10-11").due_date == D("2025-11-07")


def test_spring_festival_2026():
    # 2026春节: 2月15日–23日放假, 2月14日(六)、2月28日(六)上班
    assert due("2026-02-13").due_date == D("2026-03-19")
    assert clock.correction_notice_deadline(D("2026-02-13"), CAL) == D("2026-03-02")


def test_deadline_running_into_year_without_official_data_is_provisional():
    result = due("2026-12-10")
    assert result.due_date == D("2027-01-08")  # 2027-01-01 元旦 is certain, the rest is weekends only
    assert result.provisional_years == [2027]
    assert "暂定" in result.steps[-1]


def test_extension_and_pauses_not_counted():
    base = due("2025-09-30").due_date
    assert due("2025-09-30", extension_days=20).due_date == CAL.add_workdays(base, 20)
    # third-party consultation sent 2025-10-13, answered 2025-10-17: 5 working days not counted
    pause = clock.Pause(D("2025-10-13"), D("2025-10-17"), "征求第三方意见", clock.ART32)
    result = due("2025-09-30", pauses=[pause])
    assert result.due_date == CAL.add_workdays(base, 4)  # (13, 17] = 14,15,16,17 → 4 working days
    assert any("4 个工作日不计入" in s for s in result.steps)
    assert clock.ART32 in result.rule


def test_consultation_and_fee_deadlines():
    assert clock.consultation_reply_deadline(D("2025-09-30"), CAL) == D("2025-10-28")
    assert clock.fee_payment_deadline(D("2026-02-13"), CAL) == CAL.add_workdays(D("2026-02-13"), 20)


@pytest.mark.parametrize("channel,kwargs,expected", [
    ("in_person", {"submitted": D("2026-03-02")}, D("2026-03-02")),
    ("mail", {"signed": D("2026-03-03")}, D("2026-03-03")),
    ("mail_plain", {"confirmed": D("2026-03-04")}, D("2026-03-04")),
    ("online", {"confirmed": D("2026-03-05")}, D("2026-03-05")),
    ("fax", {"confirmed": D("2026-03-06")}, D("2026-03-06")),
])
def test_receipt_date_by_channel(channel, kwargs, expected):
    got, basis = clock.receipt_date(channel, **kwargs)
    assert got == expected and "第三十一条" in basis


def test_receipt_date_requires_the_channel_fact():
    with pytest.raises(clock.ReceiptError, match="签收日期"):
        clock.receipt_date("mail", submitted=D("2026-03-02"))


def test_warning_levels():
    due_date = D("2026-03-19")
    assert clock.warning_level(due_date, D("2026-03-10"), CAL) == ""
    assert clock.warning_level(due_date, D("2026-03-16"), CAL) == "yellow"  # 3 working days left
    assert clock.warning_level(due_date, D("2026-03-19"), CAL) == "yellow"
    assert clock.warning_level(due_date, D("2026-03-20"), CAL) == "red"
    assert clock.workdays_left(due_date, D("2026-03-23"), CAL) == -2
