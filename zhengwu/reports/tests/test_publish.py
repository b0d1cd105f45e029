"""Publishing: consistency failures block it and name the cases; a consistent report becomes an annual_report
record with .docx/.xlsx attachments; staff pages, the command and the statistics dashboard."""
import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from zhengwu.applications import actions as app_actions
from zhengwu.applications.models import Application
from zhengwu.applications.tests.test_form_pattern import soup
from zhengwu.disclosure import actions as disclosure
from zhengwu.disclosure.models import Record
from zhengwu.org.models import Unit
from zhengwu.reports import actions, builders
from zhengwu.reports.models import AnnualReport

from .data import closed, reg

D = dt.date.fromisoformat
OVERVIEW = "2025年，本局认真贯彻《中华人民共和国政府信息公开条例》，主动公开政府信息。"
PROBLEMS = "存在的主要问题：政策解读形式单一。改进情况：增加图解和视频解读。"


@pytest.fixture
def small_year(county):
    """教育局 in 2025: one answered, one carried into 2026."""
    done = closed(county.department, "natural", "2025-03-03", "granted", "2025-03-12")
    open_ = reg(county.department, "commercial", "2025-12-22")
    return done, open_


def test_publication_blocked_until_consistent_and_written(county, small_year):
    done, _ = small_year
    dept = county.department
    # Last year's text is offered as a start, but is not this year's until saved.
    actions.save_narrative(by=county.editor, unit=dept, year=2024, overview="2024年总体情况。", problems="2024年问题。")
    narrative = builders.narrative_for(dept, 2025)
    assert (narrative.from_year, narrative.overview) == (2024, "2024年总体情况。")
    with pytest.raises(ValidationError) as exc:
        actions.publish_report(by=county.reviewer, unit=dept, year=2025)
    assert "请先填写并保存本年度的“一、总体情况”和“五、存在的主要问题及改进情况”。" in exc.value.messages

    actions.save_narrative(by=county.editor, unit=dept, year=2025, overview=OVERVIEW, problems=PROBLEMS)
    # A case damaged outside the platform (a legacy migration or a database edit; the applications actions never
    # allow it): answered in 2025 but its outcome lost. The 勾稽关系 then fails and names the case.
    Application.objects.filter(pk=done.pk).update(final_outcome="")
    data = builders.build(dept, 2025)
    messages = [f.message for f in data.failures]
    assert "“自然人”列：新收1件 + 上年结转0件 = 1件，不等于办理结果总计0件 + 结转下年度0件 = 0件。" in messages
    assert f"申请 {done.serial}（{dept.name}）：有答复日期但没有办理结果。" in messages
    assert next(f.cases for f in data.failures if f.rule == "balance") == [done.serial]
    records_before = Record.objects.count()
    with pytest.raises(ValidationError) as exc:
        actions.publish_report(by=county.reviewer, unit=dept, year=2025)
    assert f"申请 {done.serial}（{dept.name}）：有答复日期但没有办理结果。" in exc.value.messages
    assert Record.objects.count() == records_before
    assert AnnualReport.objects.get(unit=dept, year=2025).record is None


def test_publish_creates_annual_report_record(county, small_year):
    dept = county.department
    with pytest.raises(PermissionDenied):
        actions.save_narrative(by=county.other_editor, unit=dept, year=2025, overview=OVERVIEW, problems=PROBLEMS)
    actions.save_narrative(by=county.editor, unit=dept, year=2025, overview=OVERVIEW, problems=PROBLEMS)
    with pytest.raises(PermissionDenied):
        actions.publish_report(by=county.editor, unit=dept, year=2025)  # 信息员 cannot do the 保密审查
    record = actions.publish_report(by=county.reviewer, unit=dept, year=2025)
    # No site says otherwise, so 公开办审核 is still needed after the unit's approval.
    assert record.status == Record.Status.OFFICE_REVIEW
    with pytest.raises(ValidationError):
        actions.publish_report(by=county.reviewer, unit=dept, year=2025)
    with pytest.raises(ValidationError):
        actions.save_narrative(by=county.editor, unit=dept, year=2025, overview="改", problems="改")
    record = disclosure.approve(record, by=county.office_admin)
    assert record.status == Record.Status.PUBLISHED
    assert record.kind == Record.Kind.ANNUAL_REPORT
    assert record.title == "示范县教育局2025年政府信息公开工作年度报告"
    assert list(record.categories.values_list("number", flat=True)) == [15]
    assert sorted(a.extension for a in record.attachments.all()) == ["docx", "xlsx"]
    assert "三、收到和处理政府信息公开申请情况" in record.body and "<table" in record.body

    report = AnnualReport.objects.get(unit=dept, year=2025)
    assert report.record == record
    published = report.published_data["tables"]["applications"]["rows"]
    assert published[0]["values"] == [1, 1, 0, 0, 0, 0, 2]  # 本年新收
    docx = Document(record.attachments.get(name__endswith=".docx").file.open("rb"))
    assert [docx.tables[1].cell(3, j).text for j in range(3, 10)] == ["1", "1", "0", "0", "0", "0", "2"]
    xlsx = load_workbook(record.attachments.get(name__endswith=".xlsx").file.open("rb"))
    assert [xlsx["三、依申请公开"].cell(row=28, column=4 + j).value for j in range(7)] == [0, 1, 0, 0, 0, 0, 1]


def test_command_outputs(county, small_year, tmp_path):
    out = tmp_path / "r.json"
    call_command("annual_report", "--year", "2025", "--unit", county.department.code, "--format", "json",
                 "-o", str(out))
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["unit"]["code"] == county.department.code
    assert payload["tables"]["applications"]["rows"][-1] == {"label": "四、结转下年度继续办理",
                                                             "values": [0, 1, 0, 0, 0, 0, 1]}
    docx_path = tmp_path / "r.docx"
    call_command("annual_report", "--year", "2025", "--format", "docx", "-o", str(docx_path))  # the county
    assert Document(str(docx_path)).paragraphs[0].text == "示范县人民政府2025年政府信息公开工作年度报告"


def test_staff_pages(client, county, small_year):
    done, _ = small_year
    client.force_login(county.office_admin)
    page = client.get("/staff/reports/?year=2025")
    assert page.status_code == 200
    text = page.content.decode()
    assert "2026年1月31日" in text and "2026年3月31日" in text
    assert "示范县教育局" in text and "未开始" in text

    url = f"/staff/reports/2025/{county.department.code}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"overview": "", "problems": PROBLEMS})
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    assert not AnnualReport.objects.exists()
    client.post(url, {"overview": OVERVIEW, "problems": PROBLEMS, "other_matters": ""})
    assert AnnualReport.objects.get().overview == OVERVIEW

    Application.objects.filter(pk=done.pk).update(final_outcome="")  # damaged outside the platform
    response = client.post(url + "publish/", {"secrecy_opinion": "不涉密。"})
    assert response.status_code == 400 and "<title>错误：" in response.content.decode()  # decision 1301
    summary = soup(response).select_one("form[action$='/publish/'] #error-summary").get_text()
    assert done.serial in summary
    assert not Record.objects.filter(kind=Record.Kind.ANNUAL_REPORT).exists()

    app_actions.close(Application.objects.get(pk=small_year[1].pk), by=None, outcome="granted",
                      reply_date=D("2026-01-05"))
    Application.objects.filter(pk=done.pk).update(final_outcome="granted")
    response = client.post(url + "publish/", {"secrecy_opinion": "不涉密。"}, follow=True)
    assert "年度报告已发布" in response.content.decode()
    assert Record.objects.get(kind=Record.Kind.ANNUAL_REPORT).status == Record.Status.PUBLISHED

    xlsx = client.get(url + "report.xlsx")
    assert xlsx.status_code == 200 and load_workbook(io.BytesIO(xlsx.content))["四、复议诉讼"]
    assert json.loads(client.get(url + "report.json").content)["year"] == 2025

    stats = client.get("/staff/reports/statistics/?year=2025").content.decode()
    assert stats.count("<svg") == 6 and 'role="img"' in stats
    assert "<th scope=\"row\">3月</th><td class=\"num\">1</td>" in stats
    # Another unit's staff cannot see 教育局's report.
    client.force_login(county.other_editor)
    assert client.get(url).status_code == 404


def test_api_returns_published_reports_only(client, county, small_year):
    dept = county.department
    actions.save_narrative(by=county.editor, unit=dept, year=2025, overview=OVERVIEW, problems=PROBLEMS)
    record = actions.publish_report(by=county.reviewer, unit=dept, year=2025)
    assert client.get("/api/v1/annual-reports").json() == []  # still 待公开办审核
    assert client.get(f"/api/v1/annual-reports/2025/{dept.code}").status_code == 404
    disclosure.approve(record, by=county.office_admin)
    listed = client.get("/api/v1/annual-reports?year=2025").json()
    assert [(r["unit_code"], r["title"]) for r in listed] == [(dept.code, record.title)]
    payload = client.get(f"/api/v1/annual-reports/2025/{dept.code}").json()
    assert payload["tables"]["applications"]["rows"][0]["values"] == [1, 1, 0, 0, 0, 0, 2]


def test_deadlines_and_overdue(county, small_year):
    from zhengwu.reports import deadlines

    dept, gov, town = county.department, county.government, county.township
    assert deadlines.deadline(dept, 2025) == D("2026-01-31")
    assert deadlines.deadline(gov, 2025) == D("2026-03-31")
    assert deadlines.deadline(town, 2025) == D("2026-01-31")
    rows = {r.unit: r for r in deadlines.statuses([gov, dept, town], 2025, today=D("2026-02-15"))}
    assert (rows[dept].state, rows[dept].overdue) == ("none", True)
    assert (rows[gov].state, rows[gov].overdue) == ("none", False)
    actions.save_narrative(by=county.editor, unit=dept, year=2025, overview=OVERVIEW, problems=PROBLEMS)
    disclosure.approve(actions.publish_report(by=county.reviewer, unit=dept, year=2025,
                                              published_at=dt.datetime(2026, 2, 3, 9, tzinfo=dt.UTC)),
                       by=county.office_admin)
    rows = {r.unit: r for r in deadlines.statuses([gov, dept], 2025, today=D("2026-04-01"))}
    assert (rows[dept].state, rows[dept].overdue, rows[dept].late) == ("published", False, True)
    assert rows[dept].published_on == D("2026-02-03")
    assert rows[gov].overdue is True
    assert deadlines.reporting_units(Unit.objects.all()) == [gov, county.office, dept, county.other_department, town]


def test_json_rows_name_their_group(county, small_year, tmp_path):
    """Table 三 in JSON keeps the hierarchy: the many "其他" rows each name their group and parent."""
    out = tmp_path / "r.json"
    call_command("annual_report", "--year", "2025", "--unit", county.department.code, "--format", "json",
                 "-o", str(out))
    rows = json.loads(out.read_text(encoding="utf-8"))["tables"]["applications"]["rows"]
    others = [r for r in rows if r["label"].endswith("其他")]
    assert others and all(r.get("group") for r in others)
    assert len({(r["group"], r["label"]) for r in others}) == len(others)
    granted = next(r for r in rows if r["label"] == "（一）予以公开")
    assert granted["parent"] == "三、本年度办理结果" and "group" not in granted
    assert {r["group"] for r in rows if "group" in r} == {"（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"}
