"""Table 三 (every row, every cell), table 四 and section 六 from a year built through the applications actions;
and the same numbers in the HTML, JSON, .docx and .xlsx outputs."""
import io
import json
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from docx import Document
from openpyxl import load_workbook

from zhengwu.applications import outcomes
from zhengwu.reports import builders, exporters, stats
from zhengwu.reports import format2021 as fmt

from .data import build_year

#                      自然人 商业 科研 公益 法律 其他 总计
EXPECTED_COUNTY = {
    "new":                             [11, 4, 3, 2, 2, 3, 25],
    "carried_in":                      [1, 1, 0, 0, 0, 0, 2],
    "granted":                         [3, 0, 0, 0, 0, 0, 3],
    "partial":                         [1, 1, 0, 0, 0, 0, 2],
    "withheld_state_secret":           [0, 1, 0, 0, 0, 0, 1],
    "withheld_law_prohibits":          [0, 0, 1, 0, 0, 0, 1],
    "withheld_three_safety":           [0, 0, 0, 1, 0, 0, 1],
    "withheld_third_party":            [0, 0, 0, 0, 1, 0, 1],
    "withheld_internal":               [0, 0, 0, 0, 0, 1, 1],
    "withheld_process":                [1, 0, 0, 0, 0, 0, 1],
    "withheld_enforcement_file":       [1, 0, 0, 0, 0, 0, 1],
    "withheld_query":                  [0, 1, 0, 0, 0, 0, 1],
    "unable_not_held":                 [1, 0, 0, 0, 0, 0, 1],
    "unable_needs_creation":           [0, 0, 1, 0, 0, 0, 1],
    "unable_unclear_after_correction": [1, 0, 0, 0, 0, 0, 1],
    "not_processed_petition":          [1, 0, 0, 0, 0, 0, 1],
    "not_processed_repeat":            [0, 0, 0, 1, 0, 0, 1],
    "not_processed_publication":       [0, 0, 0, 0, 0, 1, 1],
    "not_processed_excessive":         [1, 0, 0, 0, 0, 0, 1],
    "not_processed_confirm":           [0, 0, 0, 0, 1, 0, 1],
    "other_no_correction":             [1, 0, 0, 0, 0, 0, 1],
    "other_fee_unpaid":                [0, 1, 0, 0, 0, 0, 1],
    "other_other":                     [0, 0, 0, 0, 0, 1, 1],
    "results_total":                   [11, 4, 2, 2, 2, 3, 24],
    "carried_out":                     [1, 1, 1, 0, 0, 0, 3],
}
# 教育局 alone: the township's 其他处理·其他 case (column 其他) is not its own.
EXPECTED_DEPARTMENT = dict(EXPECTED_COUNTY, new=[11, 4, 3, 2, 2, 2, 24], other_other=[0] * 7,
                           results_total=[11, 4, 2, 2, 2, 2, 23])
#                   行政复议        未经复议直接起诉   复议后起诉
EXPECTED_APPEALS = [1, 1, 0, 1, 3, 0, 0, 1, 1, 2, 1, 0, 0, 0, 1]


class _Tables(HTMLParser):
    """Collects the <td> texts of each <table> in an HTML page."""

    def __init__(self):
        super().__init__()
        self.tables, self._in_td = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        self._in_td = tag == "td"

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_td = False

    def handle_data(self, data):
        if self._in_td and data.strip():
            self.tables[-1].append(data.strip())


@pytest.fixture
def year_2025(county):
    build_year(county)
    return county


def test_table_3_every_cell_county_and_department(year_2025):
    county = year_2025
    data = builders.build(county.government, 2025)
    table = data.applications
    assert [r.key for r in table.rows] == list(EXPECTED_COUNTY)  # the format's row order
    assert table.columns == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    for key, expected in EXPECTED_COUNTY.items():
        assert table.values[key] == expected, key
    assert data.failures == []

    dept = builders.build(county.department, 2025).applications
    for key, expected in EXPECTED_DEPARTMENT.items():
        assert dept.values[key] == expected, key

    # The year before: only the 2024 cases; the two received in December 2024 are carried into 2025.
    y2024 = builders.build(county.government, 2024).applications.values
    assert y2024["new"] == [2, 1, 0, 0, 0, 0, 3]
    assert y2024["granted"] == [1, 0, 0, 0, 0, 0, 1]
    assert y2024["carried_out"] == [1, 1, 0, 0, 0, 0, 2]


def test_table_4_fees_and_outputs_hold_the_same_numbers(year_2025):
    data = builders.build(year_2025.government, 2025)
    assert data.appeals == EXPECTED_APPEALS
    assert (data.fees_count, data.fees_amount) == (1, Decimal("200.00"))
    assert "收取政府信息公开信息处理费1件，金额200元" in data.fees_text
    charts = {c.key: c for c in stats.charts(year_2025.government, 2025)}
    assert charts["outcomes"].values == [3, 2, 8, 3, 5, 3]  # 予以公开 … 其他处理, sums to （七）总计 24
    assert sum(charts["months"].values) == 25 and charts["months"].values[11] == 3  # three received in December
    assert dict(charts["unit_apps"].rows) == {year_2025.department.display_name: 24,
                                              year_2025.township.display_name: 1}
    ok, late = stats.on_time(year_2025.government.descendant_ids(), 2025)
    assert ok + late == 23  # the 逾期不补正 case has no due date (the clock never restarted) and is left out

    payload = json.loads(exporters.to_json(data))
    assert set(payload) == {"year", "unit", "sections", "tables"}
    assert payload["year"] == 2025
    rows = payload["tables"]["applications"]["rows"]
    assert [r["label"] for r in rows] == [fmt.ROW_NEW, fmt.ROW_CARRIED_IN] + [o.label for o in outcomes.OUTCOMES] + [
        fmt.ROW_RESULTS_TOTAL, fmt.ROW_CARRIED_OUT]
    assert [r["values"] for r in rows] == list(EXPECTED_COUNTY.values())
    assert payload["tables"]["appeals"]["rows"][0]["values"] == EXPECTED_APPEALS
    assert payload["tables"]["appeals"]["columns"][:5] == [f"行政复议·{x}" for x in
                                                           ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
    json_table3 = [v for r in rows for v in r["values"]]

    # HTML: the second table is table 三, its cells in reading order are the JSON numbers.
    parser = _Tables()
    html = exporters.to_html(data)
    parser.feed(html)
    assert [int(x) for x in parser.tables[1]] == json_table3
    assert [int(x) for x in parser.tables[2]] == EXPECTED_APPEALS
    for title in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                  "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert f"<h2>{title}</h2>" in html
    assert fmt.APPLICATIONS_CORNER in html

    # .docx: reopen and read table 三 cell by cell (3 label columns, 3 header rows).
    doc = Document(io.BytesIO(exporters.to_docx(data)))
    assert len(doc.tables) == 3
    t3 = doc.tables[1]
    assert t3.cell(0, 0).text == fmt.APPLICATIONS_CORNER
    assert t3.cell(3, 0).text == fmt.ROW_NEW
    assert t3.cell(5, 0).text == fmt.ROW_RESULTS and t3.cell(5, 1).text == "（一）予以公开"
    assert t3.cell(7, 1).text == "（三）不予公开" and t3.cell(7, 2).text == "1.属于国家秘密"
    docx_numbers = [[int(t3.cell(3 + i, 3 + j).text) for j in range(7)] for i in range(len(rows))]
    assert docx_numbers == list(EXPECTED_COUNTY.values())
    assert [int(doc.tables[2].cell(3, j).text) for j in range(15)] == EXPECTED_APPEALS
    assert "收取政府信息公开信息处理费1件，金额200元" in "\n".join(p.text for p in doc.paragraphs)

    # .xlsx: numbers are numbers, at the same places.
    wb = load_workbook(io.BytesIO(exporters.to_xlsx(data)))
    ws = wb["三、依申请公开"]
    assert ws.cell(row=1, column=1).value == fmt.APPLICATIONS_CORNER
    xlsx_numbers = [[ws.cell(row=4 + i, column=4 + j).value for j in range(7)] for i in range(len(rows))]
    assert xlsx_numbers == list(EXPECTED_COUNTY.values())
    assert [wb["四、复议诉讼"].cell(row=4, column=1 + j).value for j in range(15)] == EXPECTED_APPEALS
