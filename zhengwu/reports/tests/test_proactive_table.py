"""Table 二 from a 文件库 with 立改废, and the staff-entered/imported figures."""
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import Workbook

from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure import actions as disclosure
from zhengwu.disclosure.models import Record
from zhengwu.disclosure.tests.factories import make_record
from zhengwu.reports import actions, builders, tables
from zhengwu.reports.models import AdminFigures


def at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day + "T10:00"))


def publish(unit, title, kind, published, **fields):
    record = make_record(unit, title=title, kind=kind, categories=(1,), published_at=at(published), **fields)
    if kind == Record.Kind.NORMATIVE:
        disclosure.exempt_interpretation(record, by=None, reason="内部管理类文件，无需解读。")
    return record


def go_live(record):
    disclosure.submit(record, by=None)
    disclosure.record_secrecy_review(record, by=None, opinion="不涉密。")
    record = disclosure.approve(record, by=None)
    if record.status != Record.Status.PUBLISHED:
        record = disclosure.approve(record, by=None)
    return record


def test_table_2_documents_with_repeal_amend_and_expiry(county):
    """Today (2026) N4 repeals N3, N5 amends N2, N1 is declared 失效; figures per year are read back."""
    dept, other = county.department, county.other_department
    R = Record.Kind.REGULATION
    N = Record.Kind.NORMATIVE
    go_live(publish(dept, "示范县教育管理办法", R, "2024-05-01"))
    n1 = go_live(publish(dept, "关于规范校外培训的通知", N, "2025-03-01"))
    n2 = go_live(publish(dept, "学生资助管理办法", N, "2025-06-01"))
    n3 = go_live(publish(dept, "民办学校年检办法", N, "2024-02-01"))
    go_live(publish(other, "财政专项资金管理办法", N, "2025-01-10", expiry_date=dt.date(2025, 6, 30)))
    publish(dept, "尚未发布的规范性文件", N, "2025-07-01")  # a draft is not counted
    n4 = publish(dept, "民办学校年检办法（2026年修订）", N, "2026-02-01")
    disclosure.add_relation(n4, n3, by=None, kind="repeals")
    go_live(n4)
    n5 = publish(dept, "关于修改《学生资助管理办法》的决定", N, "2026-03-01")
    disclosure.add_relation(n5, n2, by=None, kind="amends")
    go_live(n5)
    disclosure.set_validity(n1, by=None, validity=Record.Validity.EXPIRED, reason="县政府宣布失效。")
    n3.refresh_from_db()
    n2.refresh_from_db()
    assert (n3.validity, n2.validity) == ("repealed", "amended")

    def docs(unit, year):
        return tables.proactive(unit.descendant_ids(), year).documents

    #                        (本年制发, 本年废止, 现行有效)
    # A county-level organ makes no 规章 (立法法第九十三条): a record typed 规章 is not the unit's own document.
    assert docs(dept, 2024) == {"regulation": (0, 0, 0), "normative": (1, 0, 1)}
    assert docs(dept, 2025) == {"regulation": (0, 0, 0), "normative": (2, 0, 3)}  # N1, N2, N3 in force then
    assert docs(dept, 2026) == {"regulation": (0, 0, 0), "normative": (2, 2, 3)}  # N2 (amended), N4, N5
    # The county aggregates 财政局's document too; it expired on 2025-06-30, so it is not in force at the end.
    assert docs(county.government, 2025) == {"regulation": (0, 0, 0), "normative": (3, 0, 3)}


def test_report_counts_only_documents_the_unit_made(county):
    """The city's 规章 and another body's 规范性文件 reproduced in the county's 文件库 (转载) are not counted."""
    gov = county.government
    go_live(publish(gov, "示范市城市绿化管理办法", Record.Kind.REGULATION, "2025-03-01",
                    publisher_name="示范市人民政府", reposted=True, document_number="示范市人民政府令第12号"))
    go_live(publish(gov, "示范市人民政府关于加强农贸市场管理的通知", Record.Kind.NORMATIVE, "2025-04-01",
                    publisher_name="示范市人民政府", reposted=True))
    go_live(publish(gov, "示范县人民政府关于印发停车管理办法的通知", Record.Kind.NORMATIVE, "2025-05-01"))
    assert tables.proactive(gov.descendant_ids(), 2025).documents == {
        "regulation": (0, 0, 0), "normative": (1, 0, 1)}


def test_figures_entered_and_summed_for_the_county(county):
    actions.set_figures(by=county.editor, unit=county.department, year=2025, licensing=12, penalty=3,
                        enforcement=1, fees="1.25")
    actions.set_figures(by=county.office_admin, unit=county.other_department, year=2025, licensing=5, penalty=0,
                        enforcement=2, fees="10.0001")
    assert AuditEvent.objects.filter(action="report_figures_set").count() == 2
    data = builders.build(county.government, 2025)
    values = data.proactive.block_values()
    assert values["art20_5"] == [[17]]
    assert values["art20_6"] == [[3], [3]]
    assert values["art20_8"] == [[Decimal("11.2501")]]
    assert data.to_json()["tables"]["proactive"]["blocks"][3] == {
        "heading": "第二十条第（八）项", "columns": ["信息内容", "本年收费金额（单位：万元）"],
        "rows": [{"label": "行政事业性收费", "values": [11.2501]}]}
    # Another unit's editor may not enter 教育局's figures.
    with pytest.raises(PermissionDenied):
        actions.set_figures(by=county.other_editor, unit=county.department, year=2025, licensing=1)
    with pytest.raises(ValidationError) as exc:
        actions.set_figures(by=county.editor, unit=county.department, year=2025, licensing=-1, fees="abc")
    assert "行政许可不能为负数。" in exc.value.messages and "行政事业性收费（万元）应为数字。" in exc.value.messages
    assert AdminFigures.objects.get(unit=county.department, year=2025).licensing == 12


def _sheet(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(actions.XLSX_HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_xlsx_import_all_or_nothing(county):
    dept, other = county.department, county.other_department
    template = actions.figures_template_xlsx([dept, other], 2025)
    assert template[:2] == b"PK"
    bad = _sheet([[dept.code, dept.name, 2025, 4, 2, 0, 0.5, ""],
                  ["nosuch", "不存在的单位", 2025, 1, 1, 1, 1, ""],
                  [other.code, other.name, 2025, "三", 0, 0, 0, ""]])
    with pytest.raises(ValidationError) as exc:
        actions.import_figures_xlsx(by=county.office_admin, data=bad)
    assert "第3行：单位代号“nosuch”不存在。" in exc.value.messages
    assert "第4行：行政许可应为整数。" in exc.value.messages
    assert not AdminFigures.objects.exists()

    # A unit editor may import only their own unit's rows.
    with pytest.raises(ValidationError) as exc:
        actions.import_figures_xlsx(by=county.editor, data=_sheet([[other.code, other.name, 2025, 1, 1, 1, 1, ""]]))
    assert exc.value.messages == [f"第2行：您没有填报“{other.name}”数据的权限。"]
    assert not AdminFigures.objects.exists()

    with pytest.raises(ValidationError) as exc:
        actions.import_figures_xlsx(by=county.office_admin, data=b"not a spreadsheet")
    assert exc.value.messages == ["无法读取该文件，请上传 .xlsx 格式的填报表。"]

    good = _sheet([[dept.code, dept.name, 2025, 4, 2, 0, 0.5, "含委托执法"],
                   [other.code, other.name, 2025, 7, 1, 3, 12.3456, ""]])
    saved = actions.import_figures_xlsx(by=county.office_admin, data=good)
    assert len(saved) == 2
    fig = AdminFigures.objects.get(unit=other)
    assert (fig.licensing, fig.penalty, fig.enforcement, fig.fees) == (7, 1, 3, Decimal("12.3456"))
    assert AuditEvent.objects.filter(action="report_figures_set", after__source="xlsx").count() == 2


def test_figures_pages(client, county):
    dept = county.department
    client.force_login(county.editor)
    page = client.get("/staff/reports/figures/?year=2025")
    assert page.status_code == 200 and "未填报" in page.content.decode()
    template = client.get("/staff/reports/figures/template.xlsx?year=2025")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("f.xlsx", _sheet([[dept.code, dept.name, 2025, -3, 0, 0, 0, ""]]))
    response = client.post("/staff/reports/figures/?year=2025", {"file": bad})
    assert response.status_code == 400 and "第2行：行政许可不能为负数。" in response.content.decode()
    assert not AdminFigures.objects.exists()
    good = SimpleUploadedFile("f.xlsx", _sheet([[dept.code, dept.name, 2025, 9, 1, 0, 0.3, ""]]))
    response = client.post("/staff/reports/figures/?year=2025", {"file": good}, follow=True)
    assert "已导入1个单位的填报数据" in response.content.decode()
    response = client.post(f"/staff/reports/2025/{dept.code}/figures/",
                           {"licensing": 10, "penalty": 2, "enforcement": 0, "fees": "0.5", "note": ""}, follow=True)
    assert "填报数据已保存" in response.content.decode()
    assert AdminFigures.objects.get(unit=dept, year=2025).licensing == 10
