"""The reply clock on official working days: 国庆、春节 with their 调休 weekends, a provisional year, 转办."""
import datetime as dt

import pytest

from zhengwu.interaction import actions, clock
from zhengwu.interaction.models import Channel, Kind, Message
from zhengwu.workdays.calendar import WorkdayCalendar

from .factories import assigned, letter

D = dt.date.fromisoformat


def test_default_limits_per_channel_and_kind():
    assert clock.time_limit(Channel.COUNTY_MAILBOX, Kind.COMPLAINT).workdays == 5
    assert clock.time_limit(Channel.UNIT_MAILBOX, Kind.CONSULT, simple=True).workdays == 1
    assert clock.time_limit(Channel.HOTLINE, Kind.CONSULT).workdays == 2
    assert clock.time_limit(Channel.HOTLINE, Kind.HELP).workdays == 10
    assert clock.time_limit(Channel.HOTLINE, Kind.SUGGESTION).workdays == 10
    assert clock.time_limit(Channel.HOTLINE, Kind.COMPLAINT).workdays == 15
    assert clock.time_limit(Channel.HOTLINE, Kind.REPORT).workdays == 15
    assert clock.time_limit(Channel.SITE_ERROR, Kind.SUGGESTION).workdays == 1
    assert "第三十二条" in clock.time_limit(Channel.COUNTY_MAILBOX, Kind.CONSULT).rule


def test_limits_are_settings(settings):
    settings.ZHENGWU_INTERACTION_MAILBOX_WORKDAYS = 3
    settings.ZHENGWU_INTERACTION_HOTLINE_WORKDAYS = {"consult": 1}
    settings.ZHENGWU_INTERACTION_SITE_ERROR_WORKDAYS = 2
    assert clock.time_limit(Channel.COUNTY_MAILBOX, Kind.CONSULT).workdays == 3
    assert clock.time_limit(Channel.HOTLINE, Kind.CONSULT).workdays == 1
    assert clock.time_limit(Channel.HOTLINE, Kind.COMPLAINT).workdays == 15
    assert clock.time_limit(Channel.SITE_ERROR, Kind.SUGGESTION).workdays == 2


def test_national_day_with_tiaoxiu_saturday():
    """2026: 10月1日至7日放假, 10月10日（星期六）上班. Received 9-30, day of receipt not counted:
    10-8 (1), 10-9 (2), 10-10 Saturday 调休 (3), 10-12 (4), 10-13 (5)."""
    cal = WorkdayCalendar()
    due = clock.compute_due(D("2026-09-30"), 5, cal)
    assert due.due_date == D("2026-10-13") and not due.provisional


def test_spring_festival_hotline_consult():
    """2026 春节 2月15日至23日放假, 2月14日（星期六）上班: 咨询 2 working days from Friday 2-13 → 2-14, 2-24."""
    cal = WorkdayCalendar()
    assert clock.compute_due(D("2026-02-13"), 2, cal).due_date == D("2026-02-24")
    # 2月28日（星期六）上班: 10 working days from 2-24 run 2-25…2-28 (Saturday) …
    assert clock.compute_due(D("2026-02-24"), 4, cal).due_date == D("2026-02-28")


def test_into_a_provisional_year_is_flagged():
    """2027 has no State Council notice yet: 1月1日 (元旦) is still off, the result is provisional."""
    due = clock.compute_due(D("2026-12-28"), 5, WorkdayCalendar())
    assert due.due_date == D("2027-01-05")
    assert due.provisional_years == (2027,)


@pytest.mark.django_db
def test_letter_due_date_and_provisional_flag(county):
    msg = letter("2026-09-30")
    assert (msg.time_limit_workdays, msg.due_date, msg.due_date_provisional) == (5, D("2026-10-13"), False)
    late = letter("2026-12-28")
    assert late.due_date == D("2027-01-05") and late.due_date_provisional


@pytest.mark.django_db
def test_simple_question_accepted_on_one_day_clock(county):
    msg = letter("2026-09-30")
    msg = actions.accept(msg, by=county.office_admin, simple=True, today=D("2026-09-30"))
    assert (msg.time_limit_workdays, msg.due_date) == (1, D("2026-10-08"))


@pytest.mark.django_db
def test_transfer_keeps_the_clock(county):
    msg = assigned(county, "2026-09-30")
    moved = actions.transfer(msg, by=county.office_admin, unit=county.other_department, note="属财政局职责",
                             today=D("2026-10-09"))
    assert moved.due_date == D("2026-10-13") and moved.clock_start == D("2026-09-30")
    assert "不因转办重新计算" in moved.events.last().description


@pytest.mark.django_db
def test_transfer_restarts_the_clock_when_the_setting_says_so(county, settings):
    settings.ZHENGWU_INTERACTION_TRANSFER_RESTARTS_CLOCK = True
    msg = assigned(county, "2026-09-30")
    moved = actions.transfer(msg, by=county.office_admin, unit=county.other_department, note="属财政局职责",
                             today=D("2026-10-09"))
    # 10-10 Saturday 调休 (1), 10-12 (2), 10-13 (3), 10-14 (4), 10-15 (5)
    assert moved.clock_start == D("2026-10-09") and moved.due_date == D("2026-10-15")


@pytest.mark.django_db
def test_extension_counts_in_the_limit_in_force(county):
    msg = assigned(county, "2026-09-30")
    msg = actions.extend(msg, by=county.editor, days=3, reason="需现场核查", approver="王局长", today=D("2026-10-09"))
    assert msg.limit_in_force == 8 and msg.due_date == D("2026-10-16")


def test_yellow_and_red_cards():
    cal = WorkdayCalendar()
    assert clock.warning_level(D("2026-10-13"), D("2026-10-12"), cal) == "yellow"
    assert clock.warning_level(D("2026-10-13"), D("2026-10-09"), cal) == ""
    assert clock.warning_level(D("2026-10-13"), D("2026-10-14"), cal) == "red"


def test_three_month_single_veto_risk():
    assert clock.veto_date(D("2026-01-31")) == D("2026-04-30")
    assert clock.veto_risk(D("2026-03-02"), D("2026-04-01")) == ""
    assert clock.veto_risk(D("2026-03-02"), D("2026-05-20")) == "risk"
    assert clock.veto_risk(D("2026-03-02"), D("2026-06-03")) == "veto"


@pytest.mark.django_db
def test_querysets_open_and_overdue(county):
    on_time = letter("2026-09-30")
    answered = assigned(county, "2026-09-30")
    actions.reply(answered, by=county.editor, text="已答复。", today=D("2026-10-20"))
    assert set(Message.objects.open()) == {on_time}
    assert list(Message.objects.overdue(D("2026-10-14"))) == [on_time]
    assert list(Message.objects.overdue(D("2026-10-13"))) == []
