"""红黄牌 across 国庆 2025 and 春节 2026 with their 调休 working weekends (国办发明电〔2024〕12号 and the notice of
2025-11-04): hand-counted."""
import datetime as dt

import pytest

from zhengwu.services import cards, cases_io
from zhengwu.services.models import Case
from zhengwu.services.tests.factories import make_service
from zhengwu.workdays.calendar import WorkdayCalendar

CAL = WorkdayCalendar()
D = dt.date


def test_national_day_2025():
    # 受理 Fri 26 Sep; 5 working days: Sun 28 Sep (调休), 29, 30 Sep, 9 Oct, 10 Oct -> due 10 Oct.
    c = cards.card(D(2025, 9, 26), None, 5, D(2025, 10, 8), CAL)
    assert (c.due, c.used, c.level) == (D(2025, 10, 10), 3, "")
    c = cards.card(D(2025, 9, 26), None, 5, D(2025, 10, 9), CAL)
    assert (c.used, c.level) == (4, "yellow")  # 4/5 = 80 %
    assert cards.card(D(2025, 9, 26), None, 5, D(2025, 10, 10), CAL).level == "yellow"
    c = cards.card(D(2025, 9, 26), None, 5, D(2025, 10, 11), CAL)  # Sat 11 Oct is a 调休 working day
    assert (c.used, c.level, c.overdue_by) == (6, "red", 1)
    # closed on the due date: no card; closed a day late: red
    assert cards.card(D(2025, 9, 26), D(2025, 10, 10), 5, D(2025, 12, 1), CAL).level == ""
    assert cards.card(D(2025, 9, 26), D(2025, 10, 11), 5, D(2025, 12, 1), CAL).level == "red"


def test_spring_festival_2026():
    # 受理 Thu 12 Feb; 3 working days: 13 Feb, Sat 14 Feb (调休), 24 Feb -> due 24 Feb; 15–23 Feb is the holiday.
    c = cards.card(D(2026, 2, 12), None, 3, D(2026, 2, 23), CAL)
    assert (c.due, c.used, c.level) == (D(2026, 2, 24), 2, "")  # 2/3 < 80 %
    assert cards.card(D(2026, 2, 12), None, 3, D(2026, 2, 24), CAL).level == "yellow"
    assert cards.card(D(2026, 2, 12), None, 3, D(2026, 2, 25), CAL).level == "red"


def test_yellow_share_is_a_setting_and_immediate_cases(settings):
    settings.ZHENGWU_SERVICE_YELLOW_SHARE = 0.5
    assert cards.card(D(2025, 9, 26), None, 5, D(2025, 9, 30), CAL).level == "yellow"  # 3/5 ≥ 50 %
    c = cards.card(D(2025, 9, 29), None, 0, D(2025, 9, 29), CAL)
    assert (c.due, c.level) == (D(2025, 9, 29), "")
    assert cards.card(D(2025, 9, 29), None, 0, D(2025, 9, 30), CAL).level == "red"


@pytest.mark.django_db
def test_case_import_checks_every_row(county):
    s = make_service(county.department, code="BJ-0001", promised_limit_workdays=5)
    good = ("办件编号,事项编码,受理时间,办结时间,状态\n"
            "BJ1,BJ-0001,2025-09-26 09:00,,在办\n"
            "BJ2,BJ-0001,2025-09-26 10:00,2025-10-11 16:00,办结\n").encode()
    cases = cases_io.import_file(good, "banjian.csv")
    assert [c.number for c in cases] == ["BJ1", "BJ2"] and Case.objects.count() == 2
    today = D(2025, 10, 9)
    assert cards.case_card(Case.objects.get(number="BJ1"), today, CAL).level == "yellow"
    assert cards.case_card(Case.objects.get(number="BJ2"), today, CAL).level == "red"
    bad = ("办件编号,事项编码,受理时间,办结时间,状态\n"
           "BJ3,BJ-0001,2025-09-26 09:00,,在办\n"
           ",BJ-0001,2025-09-26,,在办\n"
           "BJ4,NOPE,2025-09-26,,在办\n"
           "BJ5,BJ-0001,2025-09-26,2025-09-20,办结\n"
           "BJ6,BJ-0001,26/9/2025,,在办\n"
           "BJ7,BJ-0001,2025-09-26,,已完成\n").encode()
    with pytest.raises(Exception) as exc:
        cases_io.import_file(bad, "banjian.csv")
    assert exc.value.messages == [
        "第3行：缺少办件编号。",
        "第4行（BJ4）：事项编码“NOPE”不在事项清单中。",
        "第5行（BJ5）：办结时间早于受理时间。",
        "第6行（BJ6）：时间“26/9/2025”无法识别，应为“2025-03-01 09:30”格式。",
        "第7行（BJ7）：状态应为在办、办结、不予受理、撤回之一。",
    ]
    assert not Case.objects.filter(number="BJ3").exists()
    assert s.cases.count() == 2
