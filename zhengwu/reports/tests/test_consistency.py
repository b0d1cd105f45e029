"""The 勾稽关系 rules on hand-made tables (no database): each broken rule is named with its numbers."""
from zhengwu.reports import consistency, tables
from zhengwu.reports import format2021 as fmt


def _table(**values) -> tables.ApplicationsTable:
    rows = fmt.application_rows()
    vals = {r.key: [0] * 7 for r in rows}
    vals.update(values)
    return tables.ApplicationsTable(columns=[label for _, label in fmt.APPLICANT_COLUMNS], rows=rows, values=vals)


def test_balanced_table_passes():
    t = _table(new=[2, 0, 0, 0, 0, 0, 2], granted=[1, 0, 0, 0, 0, 0, 1], results_total=[1, 0, 0, 0, 0, 0, 1],
               carried_out=[1, 0, 0, 0, 0, 0, 1])
    assert consistency.check(t, [0] * 15, []) == []


def test_each_rule_is_reported():
    t = _table(new=[2, 0, 0, 0, 0, 0, 3], granted=[1, 0, 0, 0, 0, 0, 1], results_total=[2, 0, 0, 0, 0, 0, 2])
    messages = [f.message for f in consistency.check(t, [1, 0, 0, 0, 2] + [0] * 10, [])]
    assert "“总计”列：新收3件 + 上年结转0件 = 3件，不等于办理结果总计2件 + 结转下年度0件 = 2件。" in messages
    assert "“自然人”列：各项办理结果之和1件，不等于（七）总计2件。" in messages
    assert f"“{fmt.ROW_NEW}”行：各列之和2件，不等于总计3件。" in messages
    assert "“行政复议”：各项结果之和1件，不等于总计2件。" in messages
    assert len(messages) == 5  # plus the 总计 column's own outcome sum (1 ≠ 2)
