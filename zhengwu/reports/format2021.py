"""The national annual-report format: 国务院办公厅政府信息与政务公开办公室《中华人民共和国政府信息公开工作
年度报告格式》(国办公开办函〔2021〕30号, 2021-09-26), issued under 《政府信息公开条例》第五十条.

Section titles and the row/column labels of tables 二, 三 and 四 are the format's words, in the format's order
and numbering. Checked against the format as reproduced on government sites (e.g. lg.gov.cn 2024年报,
zhanjiang.gov.cn 2023年报, changchun.gov.cn 2023年报, xjnlk.gov.cn 2023年报). Table 三's outcome rows come from
`zhengwu.applications.outcomes`, which holds the same labels for the case workflow.
"""
from __future__ import annotations

from dataclasses import dataclass

from zhengwu.applications import outcomes

DOCUMENT = "国办公开办函〔2021〕30号"
DOCUMENT_TITLE = "中华人民共和国政府信息公开工作年度报告格式"

SECTIONS: list[tuple[str, str]] = [
    ("overview", "一、总体情况"),
    ("proactive", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    ("appeals", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
]
SECTION_TITLES = dict(SECTIONS)

# --- table 二 ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProactiveBlock:
    """One block of table 二: a 第二十条 item heading, its column labels and its rows (key, label)."""

    key: str
    heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, str], ...]


PROACTIVE_BLOCKS: list[ProactiveBlock] = [
    ProactiveBlock("art20_1", "第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
                   (("regulation", "规章"), ("normative", "行政规范性文件"))),
    ProactiveBlock("art20_5", "第二十条第（五）项", ("本年处理决定数量",), (("licensing", "行政许可"),)),
    ProactiveBlock("art20_6", "第二十条第（六）项", ("本年处理决定数量",),
                   (("penalty", "行政处罚"), ("enforcement", "行政强制"))),
    ProactiveBlock("art20_8", "第二十条第（八）项", ("本年收费金额（单位：万元）",), (("fees", "行政事业性收费"),)),
]
PROACTIVE_CONTENT_HEADER = "信息内容"

# --- table 三 ------------------------------------------------------------------------------------------

APPLICATIONS_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADER = "申请人情况"
ORGANISATION_HEADER = "法人或其他组织"

# (applicant_type code, column label); the last column is 总计.
APPLICANT_COLUMNS: list[tuple[str, str]] = [
    ("natural", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other", "其他"),
    ("total", "总计"),
]
ORGANISATION_CODES = ("commercial", "research", "nonprofit", "legal_service", "other")

ROW_NEW = "一、本年新收政府信息公开申请数量"
ROW_CARRIED_IN = "二、上年结转政府信息公开申请数量"
ROW_RESULTS = "三、本年度办理结果"
ROW_RESULTS_TOTAL = "（七）总计"
ROW_CARRIED_OUT = "四、结转下年度继续办理"


@dataclass(frozen=True)
class ApplicationRow:
    """A row of table 三. `key` is stable (outcome codes for outcome rows); `group` is the parent label for
    the numbered reason rows ((三)–(六)); `parent` is 三、本年度办理结果 for every result row."""

    key: str
    label: str
    group: str = ""
    parent: str = ""


def application_rows() -> list[ApplicationRow]:
    rows = [ApplicationRow("new", ROW_NEW), ApplicationRow("carried_in", ROW_CARRIED_IN)]
    for outcome in outcomes.OUTCOMES:
        group = "" if outcome.group in ("granted", "partial") else outcome.group_label
        rows.append(ApplicationRow(outcome.code, outcome.label, group=group, parent=ROW_RESULTS))
    rows.append(ApplicationRow("results_total", ROW_RESULTS_TOTAL, parent=ROW_RESULTS))
    rows.append(ApplicationRow("carried_out", ROW_CARRIED_OUT))
    return rows


# --- table 四 ------------------------------------------------------------------------------------------

APPEAL_RESULTS: list[tuple[str, str]] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
]
APPEAL_GROUPS: list[tuple[str, str, str]] = [
    # (appeal kind code, top header, sub header)
    ("review", "行政复议", ""),
    ("litigation_direct", "行政诉讼", "未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼", "复议后起诉"),
]


def appeal_columns() -> list[tuple[str, str, str]]:
    """(kind, result, full label) for the 15 columns of table 四, in the format's order."""
    cols = []
    for kind, top, sub in APPEAL_GROUPS:
        for result, label in APPEAL_RESULTS:
            cols.append((kind, result, "".join(x + "·" for x in (top, sub) if x) + label))
    return cols


# 条例第四十九条: deadlines for publishing the report on the previous year (month, day).
DEADLINE_DEPARTMENT = (1, 31)
DEADLINE_GOVERNMENT = (3, 31)
