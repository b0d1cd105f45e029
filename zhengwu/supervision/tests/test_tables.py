"""The task-table parser on the shapes real files come in: the seeds' text, generated .docx/.xlsx with merged
cells, HTML, tab/| rows, empty cells."""
import datetime as dt
import io

import pytest

from zhengwu.importer.seeds import seeds_dir
from zhengwu.supervision.deadlines import CONTINUOUS, MONTHLY, QUARTERLY, parse_deadline
from zhengwu.supervision.tables import TableError, read_file, read_text, split_number, split_units

SEEDS = seeds_dir()
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed files not on this machine (ZHENGWU_SEEDS_DIR)")


@pytest.mark.parametrize("text,year,expected", [
    ("2021年底", None, dt.date(2021, 12, 31)),
    ("年底前", 2022, dt.date(2022, 12, 31)),
    ("6月底前", 2022, dt.date(2022, 6, 30)),
    ("2022年10月", None, dt.date(2022, 10, 31)),
    ("2022年2月底", None, dt.date(2022, 2, 28)),
    ("2023年1月31日前", 2022, dt.date(2023, 1, 31)),
    ("十月底前", 2021, dt.date(2021, 10, 31)),
    ("上半年", 2021, dt.date(2021, 6, 30)),
    ("第三季度", 2026, dt.date(2026, 9, 30)),
    ("2022年", None, dt.date(2022, 12, 31)),
])
def test_dated_deadlines(text, year, expected):
    d = parse_deadline(text, year)
    assert (d.date, d.recurring, d.flagged, d.text) == (expected, False, False, text)


@pytest.mark.parametrize("text,cadence", [
    ("每季度", QUARTERLY), ("每月\n更新", MONTHLY), ("每月更新", MONTHLY), ("持续推进", CONTINUOUS),
    ("长期坚持", CONTINUOUS), ("实时\n更新", CONTINUOUS),
])
def test_recurring_deadlines(text, cadence):
    d = parse_deadline(text, 2022)
    assert d.recurring and d.cadence == cadence and d.date is None and not d.flagged


def test_unreadable_and_qualified_deadlines_are_kept_and_flagged():
    d = parse_deadline("根据上级要求", 2022)
    assert d.flagged and d.date is None and d.text == "根据上级要求"
    d = parse_deadline("年底前", None)  # no plan year to put it in
    assert d.flagged and d.date is None
    d = parse_deadline("2021年底实现130项高频事项“跨省通办”；2021年以后实现8项", 2021)
    assert d.date == dt.date(2021, 12, 31) and d.flagged
    assert parse_deadline("", 2022) == parse_deadline(None, 2022)
    assert parse_deadline("13月底", 2022).flagged


def test_unit_lists_and_notes():
    names, notes = split_units("县人社局、县住建局，县财政局\n县税务局、县商科工信局等县直相关单位按职责分工负责")
    assert names == ["县人社局", "县住建局", "县财政局", "县税务局", "县商科工信局"]
    assert notes == ["县直相关单位按职责分工负责"]
    assert split_units("县直相关单位按职责分工负责") == ([], ["县直相关单位按职责分工负责"])
    assert split_number("(三)推进“一件事一次办”") == ("三", "推进“一件事一次办”")
    assert split_number("（十三)完善标准") == ("十三", "完善标准")
    assert split_number("一、打造名片") == ("", "一、打造名片")


@needs_seeds
def test_zhongfang_2021_text_every_task():
    tables = read_file("zf2021.txt", (SEEDS / "zhongfang-2021-task-division.txt").read_bytes())
    assert [len(t.tasks) for t in tables] == [32, 17]
    assert tables[1].title == "中方县贯彻落实《湖南省2021年政务公开工作要点》责任分工"
    first = tables[0].tasks[0]
    assert first.number == "一" and first.group == "一、打造“一件事一次办”工作名片"
    assert first.content.startswith("高水平推进“一件事一次办”")
    assert first.lead_units == ["县政务服务中心"] and first.deadline_text == "2021年底"
    assert len(first.responsible_units) == 31 and first.responsible_units[-1] == "国网中方县供电公司"
    assert first.notes == ["相关单位按职责分工负责"]
    fourth = tables[0].tasks[3]  # two lead units on two lines of one cell; group kept over the empty cell
    assert fourth.lead_units == ["县政务服务中心", "县发改局"] and fourth.group == first.group
    assert fourth.deadline_text == "持续推进"
    # the page break before (九) repeats the header: the group continues
    assert tables[0].tasks[8].number == "九" and tables[0].tasks[8].group == "三、精准化精细化放权赋能"
    assert [t.number for t in tables[0].tasks][-3:] == ["三十", "三十一", "三十二"]
    assert tables[0].tasks[31].lead_units == ["县优化办", "县政府督查室"]


@needs_seeds
def test_zhongfang_2022_pdf_text_every_task():
    (table,) = read_file("zf2022.txt", (SEEDS / "zhongfang-2022-disclosure-task-division.txt").read_bytes())
    assert table.title == "贯彻落实湖南省政府办公厅2022年政务公开工作要点任务分工"
    assert [t.number for t in table.tasks] == [str(n) for n in range(1, 15)]
    t2 = table.tasks[1]
    assert t2.group == "优化营商环境" and t2.responsible_units == ["县发改局", "县市场监管局"]
    assert t2.deadline_text == "实时更新" and t2.requirement.startswith("在网站开设“双随机")
    assert t2.content.endswith("全周期提升服务。")
    assert table.tasks[5].deadline_text == "每月更新" and table.tasks[5].notes == ["县直各有关单"]
    assert table.tasks[7].deadline_text == "2022年底" and table.tasks[7].group == "公共企事业单位信息公开"
    assert table.tasks[11].responsible_units == ["县政务中心", "县财政局"]
    assert table.tasks[13].deadline_text == "持续推进"
    assert not any("扫一扫" in t.requirement for t in table.tasks)


@needs_seeds
def test_huaiyin_2020_paragraph_text_every_task():
    (table,) = read_file("hy.txt", (SEEDS / "huaiyin-2020-disclosure-points.txt").read_bytes())
    assert len(table.tasks) == 35
    assert table.tasks[0].group == "聚焦各项重点领域推进精准政务公开 / 聚焦中心工作加强信息主动公开"
    assert table.tasks[2].responsible_units == ["区教育和体育局"] and table.tasks[2].notes == ["各街道办事处"]
    # a heading wrapped over two lines ("推进行政" / "管理和服务公开") is one heading
    assert table.tasks[16].group == "聚焦行政运行过程推进互动政务公开 / 推进行政管理和服务公开"
    assert table.tasks[17].content == "更新完善权责清单。" and table.tasks[17].responsible_units == ["区委编办"]
    assert table.tasks[28].group == "聚焦规范标准建设推进务实政务公开 / 规范依申请公开工作"
    assert table.tasks[-1].group.endswith("/ 加强业务培训")


def _docx_bytes(build) -> bytes:
    from docx import Document

    doc = Document()
    build(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _zhongfang_docx(doc):
    """The 中方 2021 table as Word has it: two header rows (责任单位 spanning 牵头/配合), the 事项 cell merged down
    over its tasks, and a full-width heading row."""
    rows = [
        ["事项", "省重点任务", "责任单位", "责任单位", "完成时限"],
        ["事项", "省重点任务", "牵头单位", "配合单位", "完成时限"],
        ["一、打造“一件事一次办”工作名片", "(一)高水平推进“一件事一次办”。", "县政务服务中心",
         "县发改局、县教育局等相关单位按职责分工负责", "2021年底"],
        ["", "(二)强化服务规范标准应用。", "县政务服务中心", "县直相关单位按职责分工负责", "6月底前"],
        ["", "(三)推进总入口和小程序应用。", "县政务服务中心\n县发改局", "县人社局、县未知局", "每季度"],
        ["二、深化审批服务重点领域改革"] * 5,
        ["", "(五)全面落实告知承诺制。", "县司法局", "", "持续推进"],
    ]
    table = doc.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if (r == 5 and c > 0) or (r == 1 and c in (0, 1, 4)):
                continue
            if text and not (r == 0 and c == 3):
                table.cell(r, c).text = text
    table.cell(0, 2).merge(table.cell(0, 3)).text = "责任单位"
    for c in (0, 1, 4):  # header cells merged down over both header rows
        top = table.cell(0, c)
        top.merge(table.cell(1, c))
    table.cell(2, 0).merge(table.cell(4, 0))
    table.cell(5, 0).merge(table.cell(5, 4))


def test_docx_with_merged_cells_and_two_header_rows():
    (table,) = read_file("分工.docx", _docx_bytes(_zhongfang_docx))
    assert [t.number for t in table.tasks] == ["一", "二", "三", "五"]
    assert [t.group for t in table.tasks] == ["一、打造“一件事一次办”工作名片"] * 3 + ["二、深化审批服务重点领域改革"]
    assert table.tasks[0].lead_units == ["县政务服务中心"]
    assert table.tasks[0].responsible_units == ["县发改局", "县教育局"]
    assert table.tasks[2].lead_units == ["县政务服务中心", "县发改局"]
    assert table.tasks[2].responsible_units == ["县人社局", "县未知局"]
    assert table.tasks[1].deadline_text == "6月底前" and table.tasks[3].responsible_units == []


@needs_seeds
def test_seed_tables_rebuilt_as_docx_import_every_task():
    """槐荫's and 中方 2022's tables put into Word (one row per task) read back the same as their text."""
    for name in ("huaiyin-2020-disclosure-points.txt", "zhongfang-2022-disclosure-task-division.txt"):
        (source,) = read_file(name, (SEEDS / name).read_bytes())

        def build(doc, source=source):
            table = doc.add_table(rows=1, cols=5)
            for c, text in enumerate(["序号", "工作任务", "具体内容", "责任单位", "完成时限"]):
                table.cell(0, c).text = text
            start = None
            for k, task in enumerate(source.tasks):
                cells = table.add_row().cells
                same_group = k and task.group == source.tasks[k - 1].group
                for c, text in enumerate([task.number, "" if same_group else task.group, task.content,
                                          "、".join(task.responsible_units + task.notes), task.deadline_text]):
                    cells[c].text = text
                if same_group:
                    continue
                if start is not None and start < k:
                    table.cell(start + 1, 1).merge(table.cell(k, 1))
                start = k
            if start is not None and start < len(source.tasks) - 1:
                table.cell(start + 1, 1).merge(table.cell(len(source.tasks), 1))

        (table,) = read_file("t.docx", _docx_bytes(build))
        assert [(t.number, t.group, t.content, t.responsible_units, t.deadline_text) for t in table.tasks] == [
            (t.number, t.group, t.content, t.responsible_units, t.deadline_text) for t in source.tasks]


def test_xlsx_with_merged_group_column():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "公开领域", "具体内容", "责任单位", "时限要求"])
    ws.append([1, "优化营商环境", "公开市场准入负面清单。", "县发改局、县市场监管局", "实时更新"])
    ws.append([2, None, "公开双随机抽查结果。", "县市场监管局", "2022年10月"])
    ws.append([3, "疫情防控", "发布疫情防控信息。", "县卫健局", "每月"])
    ws.merge_cells("B2:B3")
    out = io.BytesIO()
    wb.save(out)
    (table,) = read_file("t.xlsx", out.getvalue())
    assert [(t.number, t.group, t.deadline_text) for t in table.tasks] == [
        ("1", "优化营商环境", "实时更新"), ("2", "优化营商环境", "2022年10月"), ("3", "疫情防控", "每月")]
    assert table.tasks[0].responsible_units == ["县发改局", "县市场监管局"]


def test_html_table_with_rowspan_and_colspan():
    html = """<table><tr><th>事项</th><th>主要工作任务</th><th>牵头单位</th><th>责任单位</th><th>完成时限</th></tr>
    <tr><td rowspan="2">一、紧扣规划</td><td>（一）做好规划公开。</td><td>县发改局</td><td>县直相关单位按职责分工负责</td>
    <td>持续推进</td></tr>
    <tr><td>（二）做好财政信息公开。</td><td>县财政局</td><td>各乡镇人民政府</td><td>2021年底</td></tr>
    <tr><td colspan="5">二、紧扣政策落地</td></tr>
    <tr><td></td><td>（三）加强解读。</td><td>县政府办</td><td></td><td>年底前</td></tr></table>"""
    (table,) = read_file("page.html", html.encode())
    assert [(t.number, t.group) for t in table.tasks] == [("一", "一、紧扣规划"), ("二", "一、紧扣规划"),
                                                          ("三", "二、紧扣政策落地")]
    assert table.tasks[1].notes == ["各乡镇人民政府"] and table.tasks[1].lead_units == ["县财政局"]


def test_text_copied_as_tab_and_pipe_rows():
    tab = "序号\t具体内容\t责任单位\t完成时限\n1\t公开预决算。\t县财政局\t2022年底\n2\t公开负面清单。\t县发改局\t每季度\n"
    pipe = ("| 序号 | 具体内容 | 责任单位 | 完成时限 |\n|---|---|---|---|\n| 1 | 公开预决算。 | 县财政局 | 2022年底 |\n"
            "| 2 | 公开负面清单。 | 县发改局 | 每季度 |\n")
    for text in (tab, pipe):
        (table,) = read_text(text)
        assert [(t.number, t.content, t.responsible_units, t.deadline_text) for t in table.tasks] == [
            ("1", "公开预决算。", ["县财政局"], "2022年底"), ("2", "公开负面清单。", ["县发改局"], "每季度")]


def test_table_with_empty_cells():
    text = ("序号\t具体内容\t牵头单位\t责任单位\t完成时限\n1\t公开预决算。\t\t\t\n\t\t\t\t\n"
            "2\t\t县发改局\t\t\n3\t做好解读。\t县政府办\t县教育局\t\n")
    (table,) = read_text(text)
    assert [(t.number, t.content, t.lead_units, t.responsible_units, t.deadline_text) for t in table.tasks] == [
        ("1", "公开预决算。", [], [], ""), ("2", "", ["县发改局"], [], ""),
        ("3", "做好解读。", ["县政府办"], ["县教育局"], "")]


def test_files_without_a_table_are_refused_in_chinese():
    with pytest.raises(TableError, match="没有找到任务分工表"):
        read_file("note.txt", "各乡镇人民政府：现将有关事项通知如下。".encode())
    with pytest.raises(TableError, match="另存为"):
        read_file("old.doc", b"\xd0\xcf\x11\xe0")
    with pytest.raises(TableError, match="无法读取"):
        read_file("broken.docx", b"not a zip")
