"""import_notices: through the disclosure actions, idempotent, per-file report."""
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure import doc_number
from zhengwu.disclosure.models import IssuedIndexNumber, Record, ReviewDecision
from zhengwu.importer.importing import SECRECY_OPINION
from zhengwu.importer.seeds import seed_files, seeds_dir
from zhengwu.pii import id_check_digit


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_notices", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_import_seeds_publish_and_reimport(county):
    if len(seed_files()) < 5:
        pytest.skip("seed notices not present")
    output = run(str(seeds_dir()), "--unit", county.office.code, "--publish")
    assert "提示：文号“中县政务公开202210”缺少年份括号或“号”字，按“中县政务公开〔2022〕10号”读取，请核对" in output
    assert output.count("结果：已导入并发布") == 5
    records = Record.objects.filter(unit=county.office)
    assert records.count() == 5
    assert set(records.values_list("status", flat=True)) == {Record.Status.PUBLISHED}

    huaiyin = Record.objects.get(document_number="槐政办发〔2020〕1号")
    assert huaiyin.index_number == "11370104597024629Y-A/2020-3956126"  # keeps its own 索引号
    assert IssuedIndexNumber.objects.get(value=huaiyin.index_number).imported
    assert huaiyin.publisher_name == "槐荫区政府办公室"
    assert huaiyin.reposted and huaiyin.maker_label == "槐荫区政府办公室（转载）"  # another body's notice
    assert huaiyin.topic.name == "综合政务"
    assert timezone.localtime(huaiyin.published_at).date().isoformat() == "2020-08-27"
    assert list(huaiyin.categories.values_list("number", flat=True)) == [15]
    secrecy = huaiyin.reviews.get(stage=ReviewDecision.Stage.SECRECY)
    assert secrecy.comment == SECRECY_OPINION and secrecy.by is None
    assert AuditEvent.objects.filter(target_id=str(huaiyin.pk), action="publish", actor=None).exists()

    # Findable by 文号 however it is typed.
    for typed in ("中县政务公开[2022]10号", "中县政务公开〔2022〕10号", "中县政务公开202210"):
        found = Record.objects.get(document_number_key=doc_number.search_key(typed))
        assert found.title == "关于印发贯彻落实湖南省政府办公厅2022年政务公开工作要点任务分工的通知"
    hengnan = Record.objects.get(document_number_key=doc_number.search_key("清公開辦函[2021]3號"))
    assert hengnan.publisher_name == "衡南县政务公开政务服务领导小组办公室"
    assert hengnan.index_number.startswith(county.office.credit_code + "-A/2021-")  # issued at publication

    again = run(str(seeds_dir()), "--unit", county.office.code, "--publish")
    assert again.count("结果：已存在，未重复导入") == 5
    assert Record.objects.filter(unit=county.office).count() == 5


NOTICE = "关于开展2025年政务公开培训的通知\n各乡镇人民政府：\n请按时参加。\n示范县人民政府办公室\n2025年3月2日\n"


@pytest.mark.django_db
def test_notice_without_number_is_matched_by_title_and_date(county, tmp_path):
    path = tmp_path / "培训.txt"
    path.write_text(NOTICE)
    first = run(str(path), "--unit", county.office.code)
    assert "提示：未找到文号（如该文件确无文号可忽略）" in first
    assert "结果：已导入为草稿" in first
    record = Record.objects.get(title="关于开展2025年政务公开培训的通知")
    assert record.status == Record.Status.DRAFT and record.document_number == ""
    assert record.publisher_name == ""  # signature equals the unit's own name
    assert not record.reposted
    assert "<p>请按时参加。</p>" in record.body
    second = run(str(path), "--unit", county.office.code, "--publish")
    assert "结果：已存在，未重复导入，现已发布" in second
    assert Record.objects.filter(title=record.title).count() == 1
    assert Record.objects.get(pk=record.pk).status == Record.Status.PUBLISHED


@pytest.mark.django_db
def test_unknown_unit_saves_nothing(county, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(NOTICE)
    with pytest.raises(CommandError, match="单位代号“nope”不存在"):
        run(str(path), "--unit", "nope")
    assert not Record.objects.exists()


@pytest.mark.django_db
def test_bad_files_reported_others_imported(county, tmp_path):
    (tmp_path / "a.txt").write_text(NOTICE)
    (tmp_path / "b.docx").write_bytes(b"broken")
    (tmp_path / "c.txt").write_text("没有标题的一段文字")
    out = io.StringIO()
    with pytest.raises(CommandError, match="有 2 个文件未能导入"):
        call_command("import_notices", str(tmp_path), "--unit", county.office.code, stdout=out)
    text = out.getvalue()
    assert "失败：无法读取“b.docx”：不是有效的 Word（.docx）文件。" in text
    assert "失败：请填写标题。" in text
    assert Record.objects.count() == 1


@pytest.mark.django_db
def test_personal_data_blocks_publication(county, tmp_path):
    first17 = "43099919800101123"
    id_number = first17 + id_check_digit(first17)
    path = tmp_path / "公示.txt"
    path.write_text(f"示民发〔2025〕9号\n关于2025年低保对象的公示\n各村（社区）：\n张三，身份证号{id_number}。\n"
                    "示范县民政局\n2025年5月6日\n")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_notices", str(path), "--unit", county.department.code, "--publish", stdout=out)
    assert "未能发布：发现未去标识化的个人信息：正文中的身份证号 430999********" in out.getvalue()
    assert id_number not in out.getvalue()
    record = Record.objects.get(document_number="示民发〔2025〕9号")
    assert record.status == Record.Status.DRAFT and record.index_number is None
    assert list(record.categories.values_list("number", flat=True)) == [11]


@pytest.mark.django_db
def test_column_placement(county, tmp_path):
    from zhengwu.portal.setup import ensure_portal

    structure = ensure_portal(government=county.government, departments=[county.office], townships=[])
    path = tmp_path / "a.txt"
    path.write_text(NOTICE)
    run(str(path), "--unit", county.office.code, "--column", "tzgg", "--publish")
    record = Record.objects.get()
    assert list(record.columns.all()) == [structure.site_of(county.office).column("tzgg").page_ptr]
    with pytest.raises(CommandError, match="没有代号为“nope”的栏目"):
        run(str(path), "--unit", county.office.code, "--column", "nope")
