"""The demo obeys the platform's own rules: what a citizen reads in the demo must be possible in real use."""
import re

import pytest
from django.utils import timezone

from zhengwu.disclosure import doc_number
from zhengwu.disclosure.models import Interpretation, Record, RecordRelation
from zhengwu.importer import demo

NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,12}〔\d{4}〕\d+号")


def local(moment):
    return timezone.localtime(moment).date()


def relation_problems() -> list[str]:
    """A document that amends or repeals another cites that one's 文号 exactly, and comes after it."""
    problems = []
    for rel in RecordRelation.objects.select_related("source", "target"):
        source, target = rel.source, rel.target
        if not target.document_number:
            continue
        prefix = target.document_number.split("〔")[0]
        cited = [n for n in NUMBER.findall(source.title + source.body + source.summary) if n.startswith(prefix)]
        wrong = [n for n in cited if doc_number.search_key(n) != target.document_number_key]
        if wrong:
            problems.append(f"《{source.title}》{rel.get_kind_display()}{target.document_number}，却写作{wrong}")
        if source.published_at and target.published_at and source.published_at < target.published_at:
            problems.append(f"《{source.title}》早于被{rel.get_kind_display()}的《{target.title}》发布")
    return problems


def date_problems() -> list[str]:
    """成文 before 发布; 解读 published with their policy (同步发布), never before it; nothing dated in the future."""
    problems = []
    today = timezone.localdate()
    for record in Record.objects.filter(status=Record.Status.PUBLISHED):
        published = local(record.published_at)
        if record.written_date and record.written_date > published:
            problems.append(f"《{record.title}》成文日期晚于发布日期")
        if published > today:
            problems.append(f"《{record.title}》发布日期在未来")
        for interp in record.interpretations.filter(status=Interpretation.Status.PUBLISHED):
            if local(interp.published_at) != published:
                problems.append(f"《{interp.title}》发布于{local(interp.published_at)}，政策发布于{published}（应同步发布）")
    return problems


@pytest.mark.django_db
def test_demo_data_obeys_the_platforms_rules():
    demo.load(hooks=False)
    assert RecordRelation.objects.filter(kind="repeals").exists()
    assert Interpretation.objects.filter(status=Interpretation.Status.PUBLISHED).exists()
    assert relation_problems() == []
    assert date_problems() == []


def test_the_checks_find_what_they_look_for(db, county):
    """A check that cannot fail proves nothing: the two demo errors of issue 11 are caught."""
    from zhengwu.disclosure import actions
    from zhengwu.disclosure.tests.factories import make_record

    old = make_record(county.office, title="示范县农村宅基地管理办法", kind=Record.Kind.NORMATIVE, categories=(1,),
                      document_number="示政发〔2022〕5号", published_at=timezone.now() - timezone.timedelta(days=1500))
    actions.exempt_interpretation(old, by=None, reason="内部管理类文件。")
    actions.submit(old, by=None)
    actions.record_secrecy_review(old, by=None, opinion="不涉密。")
    old = actions.approve(old, by=None)
    if old.status != Record.Status.PUBLISHED:
        old = actions.approve(old, by=None)
    assert relation_problems() == [] and date_problems() == []
    repeal = actions.create_record(by=None, unit=county.office, title="关于废止《示范县农村宅基地管理办法》的决定",
                                   categories=(1,), kind=Record.Kind.NORMATIVE, document_number="示政发〔2026〕3号",
                                   body="<p>决定废止《示范县农村宅基地管理办法》（示政发〔2026〕5号）。</p>")
    actions.add_relation(repeal, old, by=None, kind="repeals")
    assert any("示政发〔2026〕5号" in p for p in relation_problems())
    Interpretation.objects.create(record=old, form="text", title="解读", status=Interpretation.Status.PUBLISHED,
                                  published_at=timezone.now())
    assert any("应同步发布" in p for p in date_problems())
