import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from zhengwu.services import catalog_io
from zhengwu.services.actions import snapshot
from zhengwu.services.models import Service
from zhengwu.services.tests.factories import make_service, material


def _catalog(county):
    make_service(county.department, by=None, name="食品经营许可", type="license", basis_text="《食品安全法》第三十五条",
                 legal_limit_workdays=20, promised_limit_workdays=10, charges_fee=True, fee_standard="每件10元",
                 fee_basis="湘发改价费〔2020〕1号", online_depth=4, fully_online=True, theme="permits",
                 audience="legal", materials=[material("营业执照", source="government", exempt="e_license",
                                                       trust_level="A", form="electronic"),
                                              material("经营场所平面图", copies=2, tolerance=True, commitment=True,
                                                       necessity="conditional", source_detail="申请人自行绘制")])
    make_service(county.township, by=None, name="高龄津贴申领", type="benefit", legal_limit_workdays=None,
                 promised_limit_workdays=7, online_depth=1, online_available=False, level="township",
                 materials=[])


@pytest.mark.django_db
def test_export_then_import_round_trip_keeps_every_element(county):
    _catalog(county)
    before = {s.code: snapshot(s) for s in Service.objects.all()}
    content = catalog_io.export_xlsx(Service.objects.all())
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["事项", "申请材料"]
    assert [c.value for c in wb["事项"][1]][:3] == ["事项编码", "事项名称", "事项类型"]
    assert wb["事项"]["C2"].value == "行政许可" and wb["事项"]["T2"].value == "四级"
    Service.objects.all().delete()
    saved = catalog_io.import_xlsx(content)
    assert len(saved) == 2
    after = {s.code: snapshot(s) for s in Service.objects.all()}
    assert after == before
    # importing the same file again changes nothing (no new version)
    catalog_io.import_xlsx(content)
    assert all(s.version == 1 for s in Service.objects.all())


def _sheet_with(content: bytes, edits: dict[tuple[str, str], object]) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    for (sheet, cell), value in edits.items():
        wb[sheet][cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_bad_rows_get_chinese_errors_and_nothing_is_imported(county):
    _catalog(county)
    content = catalog_io.export_xlsx(Service.objects.all())
    codes = list(Service.objects.values_list("code", flat=True))
    Service.objects.all().delete()
    bad = _sheet_with(content, {("事项", "A2"): None, ("事项", "L3"): 30, ("事项", "K3"): 20,
                                ("事项", "G3"): "示范县不存在局"})
    with pytest.raises(ValidationError) as exc:
        catalog_io.import_xlsx(bad)
    msgs = exc.value.messages
    assert "事项表第2行：缺少事项编码。" in msgs
    assert f"事项表第3行（{codes[1]}）：实施主体“示范县不存在局”不存在，请先在单位管理中添加或核对名称。" in msgs
    assert f"事项表第3行（{codes[1]}）：承诺办结时限（30个工作日）不得超过法定办结时限（20个工作日）。" in msgs
    assert any(m.startswith("申请材料表第2行") and "不存在" in m for m in msgs)  # its 事项 row had no code
    assert Service.objects.count() == 0


@pytest.mark.django_db
def test_one_bad_row_keeps_the_good_rows_out_too(county):
    _catalog(county)
    content = catalog_io.export_xlsx(Service.objects.all())
    Service.objects.all().delete()
    bad = _sheet_with(content, {("申请材料", "D3"): None, ("事项", "C3"): "行政审批"})
    with pytest.raises(ValidationError) as exc:
        catalog_io.import_xlsx(bad)
    assert any("请填写来源渠道" in m for m in exc.value.messages)
    assert any("“行政审批”不是有效的取值" in m for m in exc.value.messages)
    assert Service.objects.count() == 0
    with pytest.raises(ValidationError, match="无法读取"):
        catalog_io.import_xlsx(b"not a workbook")


@pytest.mark.django_db
def test_import_services_command(county, tmp_path):
    _catalog(county)
    path = tmp_path / "qd.xlsx"
    path.write_bytes(catalog_io.export_xlsx(Service.objects.all()))
    Service.objects.all().delete()
    out = io.StringIO()
    call_command("import_services", str(path), stdout=out)
    assert "已导入 2 个事项" in out.getvalue()
    path.write_bytes(_sheet_with(path.read_bytes(), {("事项", "A2"): None}))
    with pytest.raises(CommandError, match="缺少事项编码"):
        call_command("import_services", str(path))
