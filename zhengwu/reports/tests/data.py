"""A year (2025) of applications built through zhengwu.applications.actions, reaching every row of table 三.

Expected numbers are written out by hand in the tests; this module only builds the cases. Column order:
自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
"""
from __future__ import annotations

import datetime as dt

from zhengwu.applications import actions
from zhengwu.applications.tests.factories import applicant
from zhengwu.org import credit_code

D = dt.date.fromisoformat
_n = {"n": 0}


def _data(kind: str) -> dict:
    _n["n"] += 1
    if kind == "natural":
        return applicant()
    code = credit_code.make(f"91430400{_n['n']:08d}M")
    return applicant(applicant_type=kind, applicant_name=f"示范{kind}单位{_n['n']}", id_type="credit_code",
                     id_number=code, contact_person="李四")


def reg(unit, kind: str, received: str):
    return actions.register(by=None, unit=unit, channel="in_person", data=_data(kind), submitted=D(received))


def closed(unit, kind: str, received: str, outcome: str, reply: str):
    app = reg(unit, kind, received)
    return actions.close(app, by=None, outcome=outcome, reply_date=D(reply), reason="依据条例相关规定答复。")


# The 21 outcome rows, each reached once by an application received and answered in 2025.
SIMPLE_OUTCOMES = [
    ("granted", "natural"),
    ("partial", "natural"),
    ("withheld_state_secret", "commercial"),
    ("withheld_law_prohibits", "research"),
    ("withheld_three_safety", "nonprofit"),
    ("withheld_third_party", "legal_service"),
    ("withheld_internal", "other"),
    ("withheld_process", "natural"),
    ("withheld_enforcement_file", "natural"),
    ("withheld_query", "commercial"),
    ("unable_not_held", "natural"),
    ("unable_needs_creation", "research"),
    ("not_processed_petition", "natural"),
    ("not_processed_repeat", "nonprofit"),
    ("not_processed_publication", "other"),
    ("not_processed_excessive", "natural"),
    ("not_processed_confirm", "legal_service"),
]


def build_year(county) -> dict:
    """Cases in 教育局 (department) and one in 城关镇 (township), all under the county government."""
    dept, town = county.department, county.township
    cases = {}
    # Outside 2025 entirely: received and answered in 2024.
    cases["old"] = closed(dept, "natural", "2024-11-01", "granted", "2024-11-20")
    # 上年结转: received late 2024, answered in 2025.
    cases["c1"] = closed(dept, "natural", "2024-12-20", "granted", "2025-01-10")
    cases["c2"] = closed(dept, "commercial", "2024-12-23", "partial", "2025-01-15")
    for i, (outcome, kind) in enumerate(SIMPLE_OUTCOMES):
        month = 2 + i % 10
        cases[outcome] = closed(dept, kind, f"2025-{month:02d}-03", outcome, f"2025-{month:02d}-10")
    # 补正后申请内容仍不明确: correction asked and received, then answered.
    app = reg(dept, "natural", "2025-04-01")
    actions.request_correction(app, by=None, items="请写明所需文件的名称或文号。", notice_date=D("2025-04-02"))
    actions.receive_correction(app, by=None, corrected_date=D("2025-04-08"), content="仍只写“有关文件”。")
    cases["unable_unclear_after_correction"] = actions.close(
        app, by=None, outcome="unable_unclear_after_correction", reply_date=D("2025-04-20"), reason="补正后仍不明确。")
    # 逾期不补正: correction asked, never answered; closed after the deadline.
    app = reg(dept, "natural", "2025-03-03")
    actions.request_correction(app, by=None, items="请提供身份证明。", notice_date=D("2025-03-05"))
    cases["other_no_correction"] = actions.close(app, by=None, outcome="other_no_correction",
                                                 reply_date=D("2025-05-10"), reason="逾期未补正。")
    # 逾期未缴费: fee notice (50 pages → 200元), never paid.
    app = reg(dept, "commercial", "2025-05-06")
    actions.notify_fee(app, by=None, method="per_page", quantity=50, notice_date=D("2025-05-08"))
    cases["other_fee_unpaid"] = actions.close(app, by=None, outcome="other_fee_unpaid", reply_date=D("2025-08-01"),
                                              reason="逾期未缴费。")
    # 其他, handled by the township (counts in the county report, not in 教育局's).
    cases["other_other"] = closed(town, "other", "2025-09-15", "other_other", "2025-09-25")
    # Fee paid (50 pages → 200元), then 予以公开.
    app = reg(dept, "natural", "2025-06-02")
    fee = actions.notify_fee(app, by=None, method="per_page", quantity=50, notice_date=D("2025-06-04"))
    actions.record_payment(fee, by=None, paid_date=D("2025-06-06"))
    cases["fee_paid"] = actions.close(app, by=None, outcome="granted", reply_date=D("2025-06-20"))
    # 结转下年度: still open, or answered in 2026.
    cases["o1"] = reg(dept, "natural", "2025-12-25")
    cases["o2"] = closed(dept, "research", "2025-12-29", "granted", "2026-01-12")
    cases["o3"] = closed(dept, "commercial", "2025-12-15", "withheld_process", "2026-01-05")
    # Appeals (table 四).
    a = actions.record_appeal(cases["withheld_state_secret"], by=None, kind="review", filed_date=D("2025-04-20"))
    actions.decide_appeal(a, by=None, result="upheld", decided_date=D("2025-05-01"))
    a = actions.record_appeal(cases["withheld_law_prohibits"], by=None, kind="review", filed_date=D("2025-06-01"))
    actions.decide_appeal(a, by=None, result="corrected", decided_date=D("2025-08-01"))
    a = actions.record_appeal(cases["withheld_three_safety"], by=None, kind="review", filed_date=D("2025-11-01"))
    actions.decide_appeal(a, by=None, result="upheld", decided_date=D("2026-01-20"))  # undecided at year end
    a = actions.record_appeal(cases["withheld_third_party"], by=None, kind="litigation_direct",
                              filed_date=D("2025-08-01"))
    actions.decide_appeal(a, by=None, result="other", decided_date=D("2025-10-01"))
    actions.record_appeal(cases["withheld_internal"], by=None, kind="litigation_direct", filed_date=D("2025-09-01"))
    a = actions.record_appeal(cases["withheld_state_secret"], by=None, kind="litigation_after_review",
                              filed_date=D("2025-07-01"))
    actions.decide_appeal(a, by=None, result="upheld", decided_date=D("2025-12-01"))
    actions.record_appeal(cases["old"], by=None, kind="review", filed_date=D("2024-12-28"))  # filed in 2024
    return cases
