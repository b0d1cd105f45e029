"""The supervision chain (report → lead confirms → office accepts/returns), its refusals, cards, automatic
evidence and the 季度通报 numbers counted against the tasks."""
import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from zhengwu.audit.labels import unlabelled
from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure.tests.factories import make_published
from zhengwu.supervision import actions, report, tracking, workflow
from zhengwu.supervision.importing import Preview
from zhengwu.supervision.models import Task


def _task(number, lead, resp=(), deadline=None, recurring=False, cadence=None):
    return {"number": number, "group": "一、测试", "content": f"任务{number}。", "lead_units": [u.name for u in lead],
            "responsible_units": [u.name for u in resp], "unit_ids": [], "deadline": deadline,
            "recurring": recurring, "cadence": cadence, "deadline_text": "", "section": "", "requirement": "",
            "notes": [], "deadline_flagged": False, "lead_ids": [u.pk for u in lead],
            "responsible_ids": [u.pk for u in resp]}


@pytest.fixture
def plan(county):
    edu, fin = county.department, county.other_department
    preview = Preview(plan="2026年任务分工", year=2026, tasks=[
        _task("一", [edu], [fin], deadline="2026-08-31"),
        _task("二", [fin], [edu], deadline="2026-12-31"),
        _task("三", [edu], [], recurring=True, cadence="quarterly"),
        _task("四", [fin], [], deadline="2026-06-30"),
    ])
    return actions.import_plan(preview, user=county.office_admin, source_name="t.txt")


def test_chain_report_confirm_return_accept(county, plan):
    t1 = plan.tasks.get(number="一")
    # the 责任单位 reports; the 牵头单位 confirms; the office returns, then accepts
    actions.report_progress(t1, user=county.other_editor, unit=county.other_department, text="已公开预算。",
                            links=["https://example.gov.cn/a"])
    opts = workflow.options(t1, county.other_reviewer)
    assert opts.blocked_by("confirm", "permission")  # 财政局 is not the lead
    actions.confirm_completion(t1, user=county.reviewer)
    t1.refresh_from_db()
    assert t1.status == Task.Status.CONFIRMED
    with pytest.raises(ValidationError, match="理由"):
        actions.return_task(t1, user=county.office_admin, reason=" ")
    actions.return_task(t1, user=county.office_admin, reason="佐证材料不全。")
    t1.refresh_from_db()
    assert t1.status == Task.Status.RETURNED and t1.return_reason == "佐证材料不全。"
    assert workflow.options(t1, county.office_admin).blocked_by("accept", "not_confirmed")
    actions.report_progress(t1, user=county.editor, unit=county.department, text="补充了解读材料。")
    actions.confirm_completion(t1, user=county.reviewer)
    actions.accept_task(t1, user=county.office_admin)
    t1.refresh_from_db()
    assert t1.status == Task.Status.ACCEPTED
    assert workflow.options(t1, county.editor).blocked_by("report", "closed")
    codes = set(AuditEvent.objects.filter(action__startswith="supervision_").values_list("action", flat=True))
    assert codes == {"supervision_import", "supervision_report", "supervision_confirm", "supervision_return",
                     "supervision_accept"}
    assert unlabelled(codes) == []


def test_refusals(county, plan):
    t2 = plan.tasks.get(number="二")
    outsider_unit = county.township
    with pytest.raises(ValidationError, match="尚无进展报送"):
        actions.confirm_completion(t2, user=county.other_reviewer)
    with pytest.raises(PermissionDenied):
        actions.report_progress(t2, user=county.editor, unit=outsider_unit, text="x")
    with pytest.raises(PermissionDenied):
        actions.accept_task(t2, user=county.reviewer)
    with pytest.raises(ValidationError, match="进展情况"):
        actions.report_progress(t2, user=county.editor, unit=county.department, text="  ")
    with pytest.raises(ValidationError, match="个人信息"):
        actions.report_progress(t2, user=county.editor, unit=county.department, text="联系人电话13800138000")
    with pytest.raises(ValidationError, match="佐证链接"):
        actions.report_progress(t2, user=county.editor, unit=county.department, text="x", links=["javascript:1"])
    with pytest.raises(PermissionDenied):  # 领导 of the government is not one of the task's units
        actions.report_progress(t2, user=county.leader, unit=county.department, text="x")
    assert not t2.reports.exists()
    with pytest.raises(PermissionDenied):
        actions.set_remarks(t2, user=county.editor, remarks="x")


def test_cards_follow_the_setting(county, plan, settings):
    t4 = plan.tasks.get(number="四")  # due 2026-06-30
    assert tracking.card_for(t4, None, dt.date(2026, 6, 30)) == ""
    assert tracking.card_for(t4, None, dt.date(2026, 7, 1)) == tracking.YELLOW
    assert tracking.card_for(t4, None, dt.date(2026, 7, 30)) == tracking.RED
    settings.ZHENGWU_SUPERVISION_CARDS = {"red_days": 60}
    assert tracking.card_for(t4, None, dt.date(2026, 7, 30)) == tracking.YELLOW
    t3 = plan.tasks.get(number="三")  # quarterly
    today = tracking.local_date(t3.plan.created_at)
    assert tracking.card_for(t3, today, today + dt.timedelta(days=60)) == ""
    assert tracking.card_for(t3, today, today + dt.timedelta(days=100)) == tracking.YELLOW
    assert tracking.card_for(t3, today, today + dt.timedelta(days=200)) == tracking.RED


def test_records_published_in_a_linked_column_are_evidence(county, plan):
    from wagtail.models import Page

    t3 = plan.tasks.get(number="三")
    column = Page.get_first_root_node()
    actions.link_columns(t3, user=county.office_admin, columns=[column])
    record = make_published(county.department, title="2026年第三季度教育信息公开")
    record.columns.add(column)
    Task.objects.filter(pk=t3.pk).update()
    when = tracking.local_date(record.published_at)
    assert tracking.auto_evidence(t3, when, when) == [record]
    assert tracking.auto_evidence(t3, when + dt.timedelta(days=1), None) == []
    state = tracking.state_for(t3, county.department.pk, when, when, when)
    assert state.state == tracking.ON_TRACK and state.last_report == when


def test_quarter_report_numbers_match_the_tasks(county, plan):
    edu, fin = county.department.pk, county.other_department.pk
    t1, t2, _t3, t4 = plan.tasks.order_by("order")
    actions.report_progress(t1, user=county.editor, unit=county.department, text="进展。")
    actions.confirm_completion(t1, user=county.reviewer)
    actions.accept_task(t1, user=county.office_admin)
    actions.report_progress(t2, user=county.other_editor, unit=county.other_department, text="进展。")
    actions.set_remarks(t4, user=county.office_admin, remarks="请财政局抓紧完成。")
    today = timezone.localdate()
    year, q = today.year, (today.month - 1) // 3 + 1
    quarter = f"{year}Q{q}"
    built = report.build(plan, quarter, today=today)
    counts = {line.unit.pk: line.counts for line in built.lines}
    # t1 accepted (done for both units); t2 reported by 财政局 only; t3 no report; t4 overdue iff past 06-30
    t4_state = tracking.OVERDUE if today > dt.date(2026, 6, 30) else tracking.NO_REPORT
    t2_edu = tracking.OVERDUE if today > dt.date(2026, 12, 31) else tracking.NO_REPORT
    expected_edu = {"done": 1, "on_track": 0, "overdue": 0, "no_report": 0}
    expected_edu[t2_edu] += 1
    expected_edu["no_report"] += 1  # t3
    expected_fin = {"done": 1, "on_track": 1, "overdue": 0, "no_report": 0}
    expected_fin[t4_state] += 1
    assert counts[edu] == expected_edu and counts[fin] == expected_fin
    data = built.as_json()
    assert data["totals"] == {k: expected_edu[k] + expected_fin[k] for k in expected_edu}
    assert data["remarks"] == [{"task": str(t4), "remarks": "请财政局抓紧完成。"}]
    out = io.StringIO()
    call_command("supervision_report", "--plan", str(plan.pk), "--quarter", quarter, "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["units"][0]["unit"] == built.lines[0].unit.name
    html = report.to_html(built)
    assert "请财政局抓紧完成" in html and county.department.name in html


def test_report_docx_is_a4_and_publishable(county, plan, tmp_path):
    import docx

    built = report.build(plan, "2026Q3", today=dt.date(2026, 9, 30))
    path = tmp_path / "tb.docx"
    call_command("supervision_report", "--plan", "2026年任务", "--quarter", "2026Q3", "--format", "docx",
                 "--output", str(path), stdout=io.StringIO())
    doc = docx.Document(str(path))
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert doc.paragraphs[0].text.startswith("关于2026年第三季度")
    assert doc.tables[0].rows[0].cells[0].text == "单位"
    record = report.publish(built, by=county.office_admin, unit=county.office)
    assert record.status == "draft" and record.attachments.get().name.endswith(".docx")
    assert "第三季度" in record.title


def test_bad_quarter_is_refused():
    with pytest.raises(ValueError, match="2026Q3"):
        tracking.parse_quarter("2026-3")
    assert tracking.parse_quarter("2026Q4") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
