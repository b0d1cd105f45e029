"""Overrides and year confirmations: through the action functions, against the real database."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhengwu.audit.models import AuditEvent
from zhengwu.workdays import actions
from zhengwu.workdays.calendar import get_calendar
from zhengwu.workdays.models import OfficialYear, WorkdayOverride
from zhengwu.workdays.signals import calendar_changed
from zhengwu.workdays.tests.factories import make_people

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def people(db):
    return make_people()


@pytest.fixture
def received():
    """Collects calendar_changed sends."""
    calls = []

    def receiver(sender, **kwargs):
        calls.append((sender, kwargs["years"]))

    calendar_changed.connect(receiver)
    yield calls
    calendar_changed.disconnect(receiver)


def test_override_changes_results_in_an_official_year(people):
    assert get_calendar().add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)
    actions.set_override(by=people["admin"], date=D(2025, 10, 9), is_workday=False, note="县防汛应急放假（示例）")
    assert get_calendar().add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 10)
    actions.set_override(by=people["admin"], date=D(2025, 10, 5), is_workday=True, note="县里统一加班")
    assert get_calendar().add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 5)
    actions.remove_override(by=people["admin"], date=D(2025, 10, 5), reason="录错")
    actions.remove_override(by=people["admin"], date=D(2025, 10, 9))
    assert get_calendar().add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert not WorkdayOverride.objects.exists()
    actions_logged = list(AuditEvent.objects.filter(target_type="workdays.workdayoverride")
                          .order_by("id").values_list("action", "actor_name"))
    assert actions_logged == [("workdays.override_set", "gkb"), ("workdays.override_set", "gkb"),
                              ("workdays.override_removed", "gkb"), ("workdays.override_removed", "gkb")]


def test_updating_an_override_keeps_before_and_after(people):
    actions.set_override(by=people["admin"], date=D(2027, 2, 5), is_workday=True)
    actions.set_override(by=people["admin"], date=D(2027, 2, 5), is_workday=False, note="春节")
    assert WorkdayOverride.objects.get().is_workday is False
    event = AuditEvent.objects.filter(action="workdays.override_set").order_by("-id").first()
    assert event.before["is_workday"] is True and event.after["is_workday"] is False
    # Setting the same value again is not a change: no new audit row.
    actions.set_override(by=people["admin"], date=D(2027, 2, 5), is_workday=False, note="春节")
    assert AuditEvent.objects.filter(action="workdays.override_set").count() == 2


def enter_2027_spring_festival(by):
    """As staff would enter a 2027 notice (dates here are an example, not the real notice)."""
    actions.set_override_range(by=by, start=D(2027, 2, 5), end=D(2027, 2, 12), is_workday=False, note="春节")
    actions.set_override(by=by, date=D(2027, 2, 20), is_workday=True, note="春节调休上班")


def test_confirming_a_year_removes_the_provisional_flag_and_signals_on_commit(
        people, received, django_capture_on_commit_callbacks):
    start = D(2026, 12, 18)
    assert get_calendar().add_workdays(start, 20) == D(2027, 1, 18)
    assert get_calendar().provisional_years(start, D(2027, 1, 18)) == [2027]
    with django_capture_on_commit_callbacks(execute=True):
        enter_2027_spring_festival(people["admin"])
    assert received == [(WorkdayOverride, [2027]), (WorkdayOverride, [2027])]
    # The 2027 dates changed but the year is still provisional until confirmed.
    assert get_calendar().add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 15)
    assert get_calendar().is_provisional(D(2027, 2, 15))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        official = actions.confirm_official_year(by=people["admin"], year=2027,
                                                 source_document="国务院办公厅关于2027年部分节假日安排的通知")
    assert len(received) == 2, "calendar_changed must wait for the commit"
    for callback in callbacks:
        callback()
    assert received[-1] == (OfficialYear, [2027])
    calendar = get_calendar()
    assert not calendar.is_provisional(D(2027, 1, 18))
    assert calendar.provisional_years(start, D(2027, 1, 18)) == []
    assert 2027 in calendar.official_years()
    assert official.confirmed_by == people["admin"]
    event = AuditEvent.objects.get(action="workdays.year_confirmed")
    assert event.after["year"] == 2027 and event.actor == people["admin"]

    with django_capture_on_commit_callbacks(execute=True):
        actions.revoke_official_year(by=people["admin"], year=2027, reason="通知录入有误，重新核对")
    assert received[-1] == (OfficialYear, [2027])
    assert get_calendar().is_provisional(D(2027, 1, 18))
    assert AuditEvent.objects.filter(action="workdays.year_revoked").count() == 1


def test_a_rolled_back_change_neither_signals_nor_leaks_into_the_cache(people, received,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            actions.set_override(by=people["admin"], date=D(2025, 10, 9), is_workday=False)
            assert not get_calendar().is_workday(D(2025, 10, 9))
            raise RuntimeError("abort")
    assert callbacks == [] and received == []
    assert get_calendar().is_workday(D(2025, 10, 9))


def test_system_actor_is_audited_as_system(people):
    actions.set_override(by=None, date=D(2027, 2, 8), is_workday=False)
    assert AuditEvent.objects.get().actor_name == "系统"


def test_only_office_admins_may_change_the_calendar(people):
    with pytest.raises(PermissionDenied, match="只有公开办管理员可以调整工作日历"):
        actions.set_override(by=people["editor"], date=D(2027, 2, 8), is_workday=False)
    actions.set_override(by=people["admin"], date=D(2027, 2, 8), is_workday=False)
    with pytest.raises(PermissionDenied, match="只有公开办管理员"):
        actions.confirm_official_year(by=people["editor"], year=2027)
    assert not OfficialYear.objects.exists()
    assert WorkdayOverride.objects.count() == 1
    assert AuditEvent.objects.count() == 1


@pytest.mark.parametrize(("call", "message"), [
    (lambda by: actions.set_override(by=by, date=D(1999, 10, 1), is_workday=False), "日期超出工作日历的范围"),
    (lambda by: actions.set_override(by=by, date="2027-02-08", is_workday=False), "请填写正确的日期"),
    (lambda by: actions.set_override(by=by, date=D(2027, 2, 8), is_workday="no"), "请选择该日是工作日还是休息日"),
    (lambda by: actions.set_override(by=by, date=D(2027, 2, 8), is_workday=False, note="说" * 201), "说明不能超过200个字"),
    (lambda by: actions.set_override(by=by, date=D(2027, 2, 8), is_workday=False, note="<b>x</b>"), "不能包含 HTML"),
    (lambda by: actions.set_override_range(by=by, start=D(2027, 2, 12), end=D(2027, 2, 5), is_workday=False),
     "结束日期不能早于开始日期"),
    (lambda by: actions.set_override_range(by=by, start=D(2027, 1, 1), end=D(2027, 3, 1), is_workday=False),
     "一次最多设置31天"),
    (lambda by: actions.remove_override(by=by, date=D(2027, 2, 8)), "2027-02-08没有人工调整记录"),
    (lambda by: actions.confirm_official_year(by=by, year=2025), "2025年的国务院放假安排已内置于系统"),
    (lambda by: actions.confirm_official_year(by=by, year=2028), "尚未录入2028年的任何放假或调休上班日期"),
    (lambda by: actions.confirm_official_year(by=by, year="2028"), "请填写正确的年度"),
    (lambda by: actions.confirm_official_year(by=by, year=1999), "年度超出工作日历的范围"),
    (lambda by: actions.revoke_official_year(by=by, year=2027, reason=""), "请填写撤销确认的原因"),
    (lambda by: actions.revoke_official_year(by=by, year=2027, reason="误操作"), "2027年的放假安排尚未确认"),
])
def test_bad_input_is_refused_in_chinese_and_saves_nothing(people, received, call, message,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as info:
        call(people["admin"])
    assert any(message in m for m in info.value.messages), info.value.messages
    assert not WorkdayOverride.objects.exists()
    assert not OfficialYear.objects.exists()
    assert not AuditEvent.objects.exists()
    assert received == []


def test_a_year_cannot_be_confirmed_twice(people):
    actions.set_override(by=people["admin"], date=D(2027, 2, 8), is_workday=False)
    actions.confirm_official_year(by=people["admin"], year=2027)
    with pytest.raises(ValidationError, match=r"2027年的放假安排已于.*确认，无需重复确认"):
        actions.confirm_official_year(by=people["admin"], year=2027)
    assert OfficialYear.objects.count() == 1
