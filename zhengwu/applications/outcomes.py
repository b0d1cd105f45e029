"""Final outcomes of an application (依申请公开办理结果), exactly the rows of table 三 of the national
annual-report format (国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》).

Shared by `applications` (a case's one final outcome) and `reports` (table 三). Codes are stable identifiers;
labels are the format's words. Art. 36 of the 条例 maps onto these (see ART36_MAP).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    code: str
    group: str  # granted | partial | withheld | unable | not_processed | other
    label: str  # the row label in table 三, verbatim
    group_label: str


GROUPS: list[tuple[str, str]] = [
    ("granted", "（一）予以公开"),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("withheld", "（三）不予公开"),
    ("unable", "（四）无法提供"),
    ("not_processed", "（五）不予处理"),
    ("other", "（六）其他处理"),
]
_GROUP_LABEL = dict(GROUPS)

OUTCOMES: list[Outcome] = [
    Outcome("granted", "granted", "（一）予以公开", _GROUP_LABEL["granted"]),
    Outcome("partial", "partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", _GROUP_LABEL["partial"]),
    Outcome("withheld_state_secret", "withheld", "1.属于国家秘密", _GROUP_LABEL["withheld"]),
    Outcome("withheld_law_prohibits", "withheld", "2.其他法律行政法规禁止公开", _GROUP_LABEL["withheld"]),
    Outcome("withheld_three_safety", "withheld", "3.危及“三安全一稳定”", _GROUP_LABEL["withheld"]),
    Outcome("withheld_third_party", "withheld", "4.保护第三方合法权益", _GROUP_LABEL["withheld"]),
    Outcome("withheld_internal", "withheld", "5.属于三类内部事务信息", _GROUP_LABEL["withheld"]),
    Outcome("withheld_process", "withheld", "6.属于四类过程性信息", _GROUP_LABEL["withheld"]),
    Outcome("withheld_enforcement_file", "withheld", "7.属于行政执法案卷", _GROUP_LABEL["withheld"]),
    Outcome("withheld_query", "withheld", "8.属于行政查询事项", _GROUP_LABEL["withheld"]),
    Outcome("unable_not_held", "unable", "1.本机关不掌握相关政府信息", _GROUP_LABEL["unable"]),
    Outcome("unable_needs_creation", "unable", "2.没有现成信息需要另行制作", _GROUP_LABEL["unable"]),
    Outcome("unable_unclear_after_correction", "unable", "3.补正后申请内容仍不明确", _GROUP_LABEL["unable"]),
    Outcome("not_processed_petition", "not_processed", "1.信访举报投诉类申请", _GROUP_LABEL["not_processed"]),
    Outcome("not_processed_repeat", "not_processed", "2.重复申请", _GROUP_LABEL["not_processed"]),
    Outcome("not_processed_publication", "not_processed", "3.要求提供公开出版物", _GROUP_LABEL["not_processed"]),
    Outcome("not_processed_excessive", "not_processed", "4.无正当理由大量反复申请", _GROUP_LABEL["not_processed"]),
    Outcome("not_processed_confirm", "not_processed", "5.要求行政机关确认或重新出具已获取信息",
            _GROUP_LABEL["not_processed"]),
    Outcome("other_no_correction", "other",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", _GROUP_LABEL["other"]),
    Outcome("other_fee_unpaid", "other",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", _GROUP_LABEL["other"]),
    Outcome("other_other", "other", "3.其他", _GROUP_LABEL["other"]),
]
BY_CODE = {o.code: o for o in OUTCOMES}


def choice_label(o: Outcome) -> str:
    """予以公开 / 部分公开 / 不予公开：属于国家秘密 … — for forms and case pages."""
    if o.group == "granted":
        return "予以公开"
    if o.group == "partial":
        return "部分公开"
    return f"{o.group_label[3:]}：{o.label[2:]}"


CHOICES = [(o.code, choice_label(o)) for o in OUTCOMES]

# 条例第三十六条's 告知 cases and where they land in table 三.
ART36_MAP = {
    "already_public": "granted",            # (一) 已主动公开的，告知获取的方式和途径 — the information is provided
    "can_disclose": "granted",              # (二) 可以公开
    "withheld": "withheld_*",               # (三) 不予公开 — one of the eight reasons
    "not_exist": "unable_not_held",         # (四) 经检索没有所申请公开信息的，告知不存在
    "not_our_agency": "unable_not_held",    # (五) 非本机关负责公开，告知并说明理由；能够确定负责机关的，告知名称、联系方式
    "repeat": "not_processed_repeat",       # (六) 已就申请人提出的政府信息公开申请作出答复、申请人重复申请的
    "special_rules": "other_other",         # (七) 工商、不动产登记资料等有专门规定的，告知依照有关规定办理
}
