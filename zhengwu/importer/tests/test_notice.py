"""The notice parser on the five real seeds (fields checked by reading the files) and on messy synthetic text."""
import datetime as dt
import io

import docx
import pytest

from zhengwu.importer import notice as nt
from zhengwu.importer.seeds import seeds_dir


def seed(name: str) -> nt.Notice:
    path = seeds_dir() / name
    if not path.exists():
        pytest.skip(f"seed {path} not present")
    return nt.parse_file(path)


def test_hengnan_traditional_characters():
    n = seed("hengnan-2021-work-points.txt")
    assert n.document_number == "清公开办函〔2021〕3号"
    assert n.document_number_raw == "清公开办函〔2021〕3号"
    # Title and body keep the published (traditional) characters; metadata is simplified.
    assert n.title == "關於印發《衡南縣2021年政務服務工作要點》和《衡南縣2021年政務公開工作要點》的通知"
    assert n.publisher == "衡南县政务公开政务服务领导小组办公室"
    assert n.written_date == dt.date(2021, 7, 2)
    assert n.published_at is None
    assert (n.index_number, n.topic, n.validity) == ("", "", "")
    assert n.body.startswith("各鄉鎮人民政府、街道辦事處,縣直機關各相關單位:\n《衡南縣2021年政務服務工作要點》")
    assert "(十九)強化監督考核" in n.body
    assert "附件下載" not in n.body
    assert n.warnings == []


def test_heshan_number_after_title_and_issuer_in_title():
    n = seed("heshan-2020-work-points.txt")
    assert n.title == ("益阳市赫山区政务公开政务服务领导小组关于印发《赫山区2020年政务公开工作要点》"
                       "《赫山区2020年政务管理服务工作要点》的通知")
    assert n.document_number == "益赫政公〔2020〕4号"
    assert n.publisher == "益阳市赫山区政务公开政务服务领导小组"
    assert n.written_date == dt.date(2020, 5, 18)
    assert n.body.startswith("各乡、镇人民政府,街道办事处,园区管委会,区直及驻区有关单位:")
    assert n.body.endswith("增强12345政务服务客服号影响力。(区长热线办牵头;区直相关单位负责)")
    assert n.warnings == []


def test_huaiyin_portal_dump_with_metadata_header():
    n = seed("huaiyin-2020-disclosure-points.txt")
    assert n.title == "槐荫区人民政府办公室关于印发2020年槐荫区政务公开工作要点的通知"
    assert n.index_number == "11370104597024629Y-A/2020-3956126"
    assert n.topic == "综合政务、政务公开"
    assert n.document_number == "槐政办发〔2020〕1号"
    # 发布机构 as the page's header gives it, not the signature (槐荫区人民政府办公室).
    assert n.publisher == "槐荫区政府办公室"
    assert n.written_date == dt.date(2020, 8, 27)
    assert n.published_at == dt.datetime(2020, 8, 27)
    assert n.validity == "valid" and n.validity_label == "有效"
    assert n.body.startswith("各街道办事处,区政府各部门:\n《2020年槐荫区政务公开工作要点》已经区政府同意")
    for junk in ("无障碍阅读", "打印整页", "字号:", "扫码使用手机浏览本页内容", "(此件公开发布)"):
        assert junk not in n.body
    assert n.warnings == []


def test_zhongfang_2021_title_broken_over_two_lines():
    n = seed("zhongfang-2021-task-division.txt")
    assert n.title == ("关于认真落实《湖南省2021年政务管理服务工作要点》和《湖南省2021年政务公开工作要点》"
                       "工作责任分工的通知")
    assert n.document_number == "中县政务公开办发〔2021〕8号"
    assert n.publisher == "中方县政务公开政务服务工作领导小组办公室"
    assert n.written_date == dt.date(2021, 7, 23)
    assert n.body.startswith("各乡镇人民政府，县直机关各单位:")
    assert "附件2：中方县贯彻落实《湖南省2021年政务公开工作要点》责任分工" in n.body
    assert n.warnings == []


def test_zhongfang_2022_header_bracketless_number_and_broken_date():
    n = seed("zhongfang-2022-disclosure-task-division.txt")
    assert n.title == "关于印发贯彻落实湖南省政府办公厅2022年政务公开工作要点任务分工的通知"
    assert n.document_number_raw == "中县政务公开202210"
    assert n.document_number == "中县政务公开〔2022〕10号"
    assert n.published_at == dt.datetime(2022, 7, 24, 16, 50)
    assert n.publisher == "中方县政务公开政务服务工作领导小组办公室"
    # "2022年624": the only valid reading is 6月24日, a month before publication.
    assert n.written_date == dt.date(2022, 6, 24)
    assert n.body.startswith("各乡镇人民政府、县单位:")
    assert "www.zhongfang.gov.cn" not in n.body and "扫一扫" not in n.body
    assert n.warnings == [
        "文号“中县政务公开202210”缺少年份括号或“号”字，按“中县政务公开〔2022〕10号”读取，请核对",
        "日期“2022年624”不完整，按2022年6月24日读取，请核对",
    ]


LABELLED = """\
首页 > 政府信息公开 > 政策文件
索引号：11430000000000001M-C/2024-00012
主题分类：
财政、金融、审计
发文字号：示财发[2024]第3号
发布机构：示范县财政局
成文日期：2024年3月5日
发布日期：2024-03-08
有效性：失效
关于印发《示范县县级预算单位公务卡管理办法》的通知
各乡镇人民政府，县直各单位：
现将办法印发给你们，请遵照执行。
示范县财政局
2024年3月5日
"""


def test_labelled_header_with_value_on_next_line():
    n = nt.parse_text(LABELLED)
    assert n.index_number == "11430000000000001M-C/2024-00012"
    assert n.topic == "财政、金融、审计"
    assert n.document_number == "示财发〔2024〕3号"
    assert n.publisher == "示范县财政局"
    assert n.written_date == dt.date(2024, 3, 5)
    assert n.published_at == dt.datetime(2024, 3, 8)
    assert n.validity == "expired"
    assert n.title == "关于印发《示范县县级预算单位公务卡管理办法》的通知"
    assert n.body.startswith("各乡镇人民政府，县直各单位：")
    assert n.warnings == []


def test_number_before_title_chinese_numeral_date_and_full_width():
    text = ("示政办函〔２０２５〕１２号\n\n示范县人民政府办公室\n关于做好2025年防汛工作的通知\n"
            "各乡镇人民政府、街道办事处：\n请做好防汛准备。\n示范县人民政府办公室\n二〇二五年四月十二日\n")
    n = nt.parse_text(text)
    assert n.document_number == "示政办函〔2025〕12号"
    assert n.title == "关于做好2025年防汛工作的通知"
    assert n.publisher == "示范县人民政府办公室"
    assert n.written_date == dt.date(2025, 4, 12)
    assert n.warnings == []


def test_impossible_and_ambiguous_dates_are_not_guessed():
    text = "示政发〔2025〕1号\n关于某事的通知\n各单位：\n正文。\n示范县人民政府\n2025年2月30日\n"
    n = nt.parse_text(text)
    assert n.written_date is None
    assert "日期“2025年2月30日”不存在，未读取" in n.warnings
    n = nt.parse_text(text.replace("2025年2月30日", "2025年112"))
    assert n.written_date is None
    assert "日期“2025年112”不完整，无法确定月、日，未读取" in n.warnings
    n = nt.parse_text(text.replace("2025年2月30日", "2025.3.9"))
    assert n.written_date == dt.date(2025, 3, 9)


def test_written_after_published_is_rejected():
    text = "发布时间：2025-01-05 09:00\n示政发〔2025〕2号\n关于某事的通知\n各单位：\n正文。\n示范县人民政府\n2025年12月1日\n"
    n = nt.parse_text(text)
    assert n.published_at == dt.datetime(2025, 1, 5, 9, 0)
    assert n.written_date is None
    assert "成文日期2025-12-01晚于发布日期，未采用" in n.warnings


def test_what_cannot_be_read_is_listed():
    n = nt.parse_text("随便写的一段话，没有标题也没有落款。")
    assert n.title == "" and n.document_number == "" and n.publisher == "" and n.written_date is None
    assert n.warnings == ["未识别出标题", "未找到文号（如该文件确无文号可忽略）", "未找到成文日期", "未找到发布机构（落款）"]


def test_bad_index_number_and_validity_are_reported():
    n = nt.parse_text("索引号：ABC-123\n有效性：待定\n关于某事的通知\n各单位：\n正文。\n示范县人民政府\n2025年1月2日\n")
    assert n.index_number == "" and n.validity == ""
    assert "索引号“ABC-123”格式不正确，未读取" in n.warnings
    assert "有效性“待定”无法识别，未读取" in n.warnings


def make_docx(paragraphs, table=None) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_notice(tmp_path):
    path = tmp_path / "通知.docx"
    path.write_bytes(make_docx(
        ["示教发〔2025〕7号", "示范县教育局", "关于做好2025年秋季学期开学工作的通知", "各中小学、幼儿园：",
         "现就秋季开学工作通知如下。", "示范县教育局", "2025年8月20日"],
        table=[["学校", "开学日期"], ["城关一中", "9月1日"]]))
    n = nt.parse_file(path)
    assert n.source == "通知.docx"
    assert n.document_number == "示教发〔2025〕7号"
    assert n.title == "关于做好2025年秋季学期开学工作的通知"
    assert n.publisher == "示范县教育局"
    assert n.written_date == dt.date(2025, 8, 20)
    assert "城关一中\t9月1日" in n.body
    assert n.warnings == []


def test_wrong_file_types(tmp_path):
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(nt.NoticeFileError, match="不是有效的 Word"):
        nt.parse_file(bad)
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(nt.NoticeFileError, match=r"只支持 \.txt 和 \.docx"):
        nt.parse_file(pdf)


def test_gb18030_text(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("示政发〔2025〕3号\n关于某事的通知\n各单位：\n正文。\n示范县人民政府\n2025年1月2日\n".encode("gb18030"))
    n = nt.parse_file(path)
    assert n.document_number == "示政发〔2025〕3号" and n.written_date == dt.date(2025, 1, 2)


def test_several_labels_on_one_line():
    n = nt.parse_text("索引号：11430000000000001M-A/2025-00003  主题分类：综合政务  发布机构：示范县人民政府办公室\n"
                      "文号：示政办发〔2025〕4号 成文日期：2025年6月3日 发布日期：2025-06-05\n"
                      "关于某事的通知\n各单位：\n正文。\n")
    assert n.index_number == "11430000000000001M-A/2025-00003"
    assert n.topic == "综合政务" and n.publisher == "示范县人民政府办公室"
    assert n.document_number == "示政办发〔2025〕4号"
    assert n.written_date == dt.date(2025, 6, 3) and n.published_at == dt.datetime(2025, 6, 5)


def test_docx_with_metadata_table_before_the_title(tmp_path):
    document = docx.Document()
    grid = document.add_table(rows=2, cols=4)
    for r, row in enumerate([["索引号", "11430000000000001M-K/2025-00009", "主题分类", "科技、教育"],
                             ["发文字号", "示教发[2025]11号", "有效性", "有效"]]):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    for text in ["关于做好2025年寒假安全工作的通知", "各中小学：", "请做好寒假安全教育。", "示范县教育局", "2025年1月10日"]:
        document.add_paragraph(text)
    path = tmp_path / "寒假.docx"
    document.save(path)
    n = nt.parse_file(path)
    assert n.index_number == "11430000000000001M-K/2025-00009"
    assert n.topic == "科技、教育" and n.validity == "valid"
    assert n.document_number == "示教发〔2025〕11号"
    assert n.title == "关于做好2025年寒假安全工作的通知"
    assert n.publisher == "示范县教育局" and n.written_date == dt.date(2025, 1, 10)
    assert n.warnings == []
