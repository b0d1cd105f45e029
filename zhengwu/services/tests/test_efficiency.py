"""效能监察: the warning list and the monthly 通报 across 国庆 2025, hand-counted; the staff pages and their access."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from zhengwu.services import actions, efficiency
from zhengwu.services.tests.factories import make_service
from zhengwu.workdays.calendar import WorkdayCalendar

pytestmark = pytest.mark.django_db
CAL = WorkdayCalendar()
D = dt.date


def _at(day: dt.date, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_default_timezone())


def _case(number, service, accepted, finished=None):
    return actions.import_cases([{"number": number, "service": service, "accepted_at": _at(accepted),
                                  "finished_at": _at(finished, 16) if finished else None,
                                  "status": "done" if finished else "open", "online": False}], by=None)[0]


@pytest.fixture
def october(county):
    """承诺5个工作日; accepted Fri 26 Sep 2025 → due Fri 10 Oct (Sun 28 Sep and Sat 11 Oct are 调休 working days)."""
    s = make_service(county.department, promised_limit_workdays=5)
    other = make_service(county.other_department, promised_limit_workdays=5)
    _case("A-ontime", s, D(2025, 9, 26), D(2025, 10, 10))
    _case("A-late", s, D(2025, 9, 26), D(2025, 10, 11))  # 6 working days: 红牌
    _case("A-open-red", s, D(2025, 9, 26))
    _case("A-open-yellow", s, D(2025, 10, 27))  # 4 of 5 working days used on 31 Oct
    _case("B-fresh", other, D(2025, 10, 30))
    return s, other


def test_warning_list_red_first_and_by_unit(october, county):
    rows = efficiency.warnings(today=D(2025, 10, 31), cal=CAL)
    assert [(w.case.number, w.card.level) for w in rows] == [("A-open-red", "red"), ("A-open-yellow", "yellow")]
    # 28 Sep (调休), 29, 30 Sep, 9, 10, 11 (调休) Oct, 13–17, 20–24, 27–31 Oct = 21 working days used
    assert (rows[0].card.used, rows[0].card.overdue_by) == (21, 16)
    assert efficiency.warnings(today=D(2025, 10, 31), cal=CAL, unit_ids={county.other_department.pk}) == []


def test_monthly_per_unit_hand_counted(october, county):
    rows = efficiency.monthly(2025, 10, today=D(2025, 12, 1), cal=CAL)
    first, second = rows
    assert first.unit == county.department.name
    assert (first.accepted, first.finished, first.on_time, first.late, first.open_red, first.open_yellow) == \
        (1, 2, 1, 1, 1, 1)
    assert first.on_time_rate == 0.5
    assert sorted(w.case.number for w in first.late_cases) == ["A-late", "A-open-red"]
    assert (second.accepted, second.finished, second.open_red, second.open_yellow) == (1, 0, 0, 0)
    september = efficiency.monthly(2025, 9, today=D(2025, 12, 1), cal=CAL)
    assert [(r.accepted, r.finished) for r in september] == [(3, 0)]


def test_bulletin_docx_is_a4_with_the_late_cases(october):
    from docx import Document

    rows = efficiency.monthly(2025, 10, today=D(2025, 12, 1), cal=CAL)
    doc = Document(io.BytesIO(efficiency.bulletin_docx(2025, 10, rows, today=D(2025, 12, 1))))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "效能监察通报（2025年10月）" in text and "A-late" in text and "超期1个工作日" in text and "超期16个工作日" in text
    assert doc.tables[0].rows[1].cells[0].text


def test_staff_pages_and_access(client, county):
    s = make_service(county.department, promised_limit_workdays=1)
    _case("OLD-1", s, timezone.localdate() - dt.timedelta(days=30))
    client.force_login(county.office_admin)
    assert "OLD-1" in client.get("/staff/services/warnings/").content.decode()
    page = client.get("/staff/services/").content.decode()
    assert "网上可办率" in page and "≥ 85.0%" in page and "评价覆盖率" in page
    assert client.get("/staff/services/bulletin/?month=2026-99").status_code == 400
    docx = client.get("/staff/services/bulletin/?month=2026-01&format=docx")
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(county.other_editor)
    assert "OLD-1" not in client.get("/staff/services/warnings/").content.decode()
    client.force_login(county.editor)
    assert "OLD-1" in client.get("/staff/services/warnings/").content.decode()
    client.logout()
    assert client.get("/staff/services/warnings/").status_code == 302
