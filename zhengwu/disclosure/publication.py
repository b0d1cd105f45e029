"""The rules a record must meet before it is published (条例第十五条、第十七条; 同步解读), as plain functions.

The review actions refuse with them and the staff pages show the same list.
"""
from __future__ import annotations

from django.conf import settings

from zhengwu import pii
from zhengwu.core.workflow import Blocker
from zhengwu.org.models import site_profile_for_unit

from .models import Interpretation, Record

SECRECY = "secrecy"  # the Blocker code of a missing 保密审查


# 同步起草、同步审签、同步发布: a 行政规范性文件 needs this many distinct 解读 forms (setting; local rules vary).
def min_interpretation_forms() -> int:
    return int(getattr(settings, "ZHENGWU_MIN_INTERPRETATION_FORMS", 2))


def require_secrecy_review() -> bool:
    """保密审查 before publication (《保守国家秘密法》; 条例第十七条 requires the review mechanism)."""
    return bool(getattr(settings, "ZHENGWU_REQUIRE_SECRECY_REVIEW", True))


def pii_findings(record: Record) -> list[tuple[str, pii.Finding]]:
    """Unmasked personal numbers, with where they are (标题/摘要/正文/附件名)."""
    places = [("标题", record.title), ("摘要", record.summary), ("正文", record.body)]
    if record.pk:
        places += [(f"附件“{a.name}”", a.text) for a in record.attachments.all()]
    return [(where, f) for where, text in places for f in pii.scan(text or "")]


def pii_message(findings) -> str:
    listed = "；".join(f"{where}中的{f.label} {f.masked}" for where, f in findings[:5])
    more = f"等共{len(findings)}处" if len(findings) > 5 else ""
    return (f"发现未去标识化的个人信息：{listed}{more}。请使用“去标识化”处理，"
            "或由审核员填写理由后放行。")


def interpretation_forms(record: Record) -> set[str]:
    """Distinct 解读 forms published or scheduled to publish with the record."""
    return set(record.interpretations.filter(
        status__in=[Interpretation.Status.PUBLISHED, Interpretation.Status.SCHEDULED]
    ).values_list("form", flat=True))


def publication_checks(record: Record) -> list[Blocker]:
    """Everything that stops publication now, each with its code (the review chain leaves out ``secrecy`` at
    单位审核 when the 公开办 reviews next). Empty = may publish."""
    problems = []
    if not record.categories.exists():
        problems.append(Blocker("categories", "未选择条例第二十条公开类别。"))
    if record.disclosure_mode != Record.DisclosureMode.PROACTIVE:
        problems.append(Blocker("mode", f"公开方式为“{record.get_disclosure_mode_display()}”，不能在网站主动公开。"))
    if require_secrecy_review() and not record.secrecy_reviewed_at:
        problems.append(Blocker(SECRECY, "尚未完成保密审查。"))
    findings = pii_findings(record)
    if findings and not record.pii_override_reason:
        problems.append(Blocker("pii", pii_message(findings)))
    if record.kind == Record.Kind.NORMATIVE and not record.interpretation_exempt_reason:
        forms = interpretation_forms(record)
        need = min_interpretation_forms()
        if len(forms) < need:
            problems.append(Blocker("interpretation", f"行政规范性文件须同步发布至少{need}种形式的政策解读（现有{len(forms)}种），"
                                                      "或由审核员登记免于解读的理由。"))
    if record.unit.credit_code == "" and not record.index_number:
        problems.append(Blocker("credit_code", "发布机构未设置统一社会信用代码，无法生成索引号。"))
    return problems


def publication_blockers(record: Record) -> list[str]:
    """The same checks as Chinese sentences, for pages and callers that only show them."""
    return [b.message for b in publication_checks(record)]


def requires_office_review(record: Record) -> bool:
    profile = site_profile_for_unit(record.unit)
    return True if profile is None else profile.require_office_review
