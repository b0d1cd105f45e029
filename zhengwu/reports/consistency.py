"""The format's 勾稽关系 (国办公开办函〔2021〕30号, table 三's corner note) and the totals, checked before publishing.

- For every column of table 三: 一（新收）+ 二（上年结转）= 三（办理结果（七）总计）+ 四（结转下年度）.
- （七）总计 = the sum of the outcome rows; 总计 column = the sum of the applicant columns.
- Table 四: each 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
A failing rule names the column and the applications that cause it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from zhengwu.applications import outcomes

from . import format2021 as fmt
from .tables import ApplicationsTable, CaseProblem


@dataclass
class Failure:
    rule: str
    message: str
    cases: list[str] = field(default_factory=list)


def _serials_unbalanced(table: ApplicationsTable, column_code: str) -> list[str]:
    """Applications counted on one side of 一+二 = 三+四 but not on the other."""
    def serials(*keys):
        out: list[str] = []
        codes = [c for c, _ in fmt.APPLICANT_COLUMNS[:-1]] if column_code == "total" else [column_code]
        for key in keys:
            for code in codes:
                out += table.cases.get(key, {}).get(code, [])
        return out

    left, right = serials("new", "carried_in"), serials("results_total", "carried_out")
    remaining = list(right)
    odd = []
    for s in left:
        if s in remaining:
            remaining.remove(s)
        else:
            odd.append(s)
    return sorted(set(odd + remaining))


def check_applications(table: ApplicationsTable) -> list[Failure]:
    failures = []
    v = table.values
    for i, (code, label) in enumerate(fmt.APPLICANT_COLUMNS):
        left = v["new"][i] + v["carried_in"][i]
        right = v["results_total"][i] + v["carried_out"][i]
        if left != right:
            failures.append(Failure(
                "balance",
                f"“{label}”列：新收{v['new'][i]}件 + 上年结转{v['carried_in'][i]}件 = {left}件，"
                f"不等于办理结果总计{v['results_total'][i]}件 + 结转下年度{v['carried_out'][i]}件 = {right}件。",
                _serials_unbalanced(table, code),
            ))
        outcome_sum = sum(v[o.code][i] for o in outcomes.OUTCOMES)
        if outcome_sum != v["results_total"][i]:
            failures.append(Failure("results_total", f"“{label}”列：各项办理结果之和{outcome_sum}件，"
                                                     f"不等于（七）总计{v['results_total'][i]}件。"))
    for row in table.rows:
        vals = v[row.key]
        if sum(vals[:-1]) != vals[-1]:
            failures.append(Failure("row_total", f"“{row.label}”行：各列之和{sum(vals[:-1])}件，不等于总计{vals[-1]}件。"))
    return failures


def check_appeals(values: list[int]) -> list[Failure]:
    failures = []
    for g, (_, top, sub) in enumerate(fmt.APPEAL_GROUPS):
        block = values[g * 5:(g + 1) * 5]
        if sum(block[:4]) != block[4]:
            failures.append(Failure("appeals_total", f"“{sub or top}”：各项结果之和{sum(block[:4])}件，不等于总计{block[4]}件。"))
    return failures


def check(table: ApplicationsTable, appeal_values: list[int], case_problems: list[CaseProblem]) -> list[Failure]:
    """Every failing rule; publishing is refused while this is not empty."""
    failures = check_applications(table) + check_appeals(appeal_values)
    for p in case_problems:
        failures.append(Failure("case", f"申请 {p.serial}（{p.unit}）：{p.message}。", [p.serial]))
    return failures
