"""Domain rules of government information: 文号, 索引号, 立改废, the two-解读 rule, the PII scan, review chain."""
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhengwu import pii
from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure import actions, doc_number, index_number
from zhengwu.disclosure.models import Attachment, Interpretation, IssuedIndexNumber, Record, RecordRelation
from zhengwu.disclosure.tests.factories import make_published, make_record

VALID_ID = "11010519900307123" + pii.id_check_digit("11010519900307123")


# --- 文号 ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    "槐政办发〔2020〕1号", "槐政办发[2020]1号", "槐政办发【2020】1号", "槐政办发（2020）1号",
    "槐政办发(2020)第1号", "槐政办发［２０２０］１号", " 槐政办发 〔 2020 〕 1 号 ",
])
def test_document_number_variants_normalise_to_one_form(raw):
    parsed = doc_number.parse(raw)
    assert parsed.text == "槐政办发〔2020〕1号"
    assert parsed.key == "槐政办发2020-1"


def test_traditional_document_number_matches_simplified():
    assert doc_number.search_key("清公開辦函〔2021〕3號") == doc_number.search_key("清公开办函[2021]3号")


def test_order_numbers_of_regulations():
    assert doc_number.parse("示范县人民政府令 第 12 号").text == "示范县人民政府令第12号"


@pytest.mark.parametrize("raw", ["", "关于印发", "槐政办发〔20〕1号", "〔2020〕1号", "槐政办发2020"])
def test_malformed_document_numbers_are_refused_in_chinese(raw):
    with pytest.raises(doc_number.DocumentNumberError, match="文号"):
        doc_number.parse(raw)


def test_bracketless_header_number_only_when_lenient():
    with pytest.raises(doc_number.DocumentNumberError):
        doc_number.parse("中县政务公开202210")
    assert doc_number.parse("中县政务公开202210", lenient=True).text == "中县政务公开〔2022〕10号"


def test_find_document_number_inside_a_question():
    keys = [d.key for d in doc_number.find_in_text("请问槐政办发[2020]1号文件还有效吗")]
    assert "槐政办发2020-1" in keys


# --- 索引号 -------------------------------------------------------------------------------------------

def test_index_number_is_generated_on_publication_and_unique(county):
    first = make_published(county.department, title="第一件")
    second = make_published(county.department, title="第二件")
    code = county.department.credit_code
    year = first.published_at.astimezone().year
    assert first.index_number == f"{code}-A/{year}-00001"
    assert second.index_number == f"{code}-A/{year}-00002"
    assert index_number.PATTERN.match(first.index_number)


def test_index_number_never_reused_after_deletion(county):
    first = make_published(county.department, title="第一件")
    used = first.index_number
    first.delete()
    again = make_published(county.department, title="第二件")
    assert again.index_number != used
    assert IssuedIndexNumber.objects.filter(value=used).exists()


def test_index_number_uses_topic_code_and_written_year(county):
    import datetime as dt

    from zhengwu.disclosure.models import Topic

    record = make_published(county.department, topic=Topic.objects.get(code="K"), written_date=dt.date(2024, 3, 1))
    assert record.index_number.startswith(f"{county.department.credit_code}-K/2024-")


def test_imported_record_keeps_its_index_number_and_duplicates_are_refused(county):
    own = "11370104597024629Y-A/2020-3956126"
    record = make_record(county.office, index_number_value=own)
    assert record.index_number == own
    before = Record.objects.count()
    with pytest.raises(ValidationError, match="已被使用"):
        make_record(county.office, title="另一件", index_number_value=own)
    assert Record.objects.count() == before


def test_generated_numbers_skip_imported_ones(county):
    code = county.department.credit_code
    from django.utils import timezone

    year = timezone.localdate().year
    make_record(county.department, title="导入", index_number_value=f"{code}-A/{year}-00001")
    fresh = make_published(county.department, title="新发布")
    assert fresh.index_number == f"{code}-A/{year}-00002"


def test_unit_without_credit_code_cannot_publish(county):
    record = make_record(county.village, title="村务公开")
    actions.submit(record, by=None)
    actions.record_secrecy_review(record, by=None, opinion="不涉密")
    with pytest.raises(ValidationError, match="统一社会信用代码"):
        actions.approve(record, by=None)
    record.refresh_from_db()
    assert record.status == Record.Status.UNIT_REVIEW and record.index_number is None


# --- bad input saves nothing ----------------------------------------------------------------------------

def test_script_in_title_is_refused_and_nothing_saved(county):
    with pytest.raises(ValidationError) as err:
        make_record(county.department, by=county.editor, title="<script>alert(1)</script>通知")
    assert "HTML" in str(err.value)
    assert not Record.objects.exists() and not AuditEvent.objects.exists()


def test_malformed_document_number_saves_nothing(county):
    with pytest.raises(ValidationError, match="文号"):
        make_record(county.department, by=county.editor, document_number="教发2020年")
    assert not Record.objects.exists()


def test_body_html_is_sanitised(county):
    record = make_record(county.department, body='<p onclick="x()">正文</p><script>alert(1)</script>')
    assert "script" not in record.body and "onclick" not in record.body and "正文" in record.body


def test_record_needs_a_category(county):
    with pytest.raises(ValidationError, match="第二十条"):
        make_record(county.department, categories=())
    assert not Record.objects.exists()


def test_not_disclosed_needs_reason(county):
    with pytest.raises(ValidationError, match="理由"):
        make_record(county.department, disclosure_mode=Record.DisclosureMode.NOT_DISCLOSED)


def _docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_attachment_wrong_type_or_too_large_is_refused(county, settings):
    record = make_record(county.department)
    with pytest.raises(ValidationError, match="类型不允许"):
        actions.add_attachment(record, by=None, name="virus.exe", data=b"MZ...")
    settings.ZHENGWU_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="过大"):
        actions.add_attachment(record, by=None, name="big.pdf", data=b"%PDF" + b"0" * 200)
    assert not Attachment.objects.exists()


def test_corrupt_attachment_is_refused(county):
    record = make_record(county.department)
    with pytest.raises(ValidationError, match="无法读取"):
        actions.add_attachment(record, by=None, name="broken.docx", data=b"not a zip file")
    assert not Attachment.objects.exists()


def test_docx_and_xlsx_attachment_text_is_extracted(county):
    import openpyxl

    record = make_record(county.department)
    att = actions.add_attachment(record, by=None, name="附件1.docx", data=_docx_bytes("2026年学位分配表"))
    assert "学位分配表" in att.text
    wb = openpyxl.Workbook()
    wb.active.append(["学校", "学位数"])
    wb.active.append(["城关小学", 120])
    buf = io.BytesIO()
    wb.save(buf)
    att2 = actions.add_attachment(record, by=None, name="附件2.xlsx", data=buf.getvalue())
    assert "城关小学" in att2.text and "120" in att2.text


# --- PII scan --------------------------------------------------------------------------------------------

def test_pii_scan_blocks_publication_until_masked(county):
    record = make_record(county.department, body=f"<p>申请人张三，身份证号{VALID_ID}，电话13812345678。</p>")
    actions.submit(record, by=None)
    actions.record_secrecy_review(record, by=None, opinion="不涉密")
    with pytest.raises(ValidationError, match="个人信息"):
        actions.approve(record, by=None)
    record.refresh_from_db()
    assert record.status == Record.Status.UNIT_REVIEW
    actions.mask_pii(record, by=None)
    record.refresh_from_db()
    assert VALID_ID not in record.body and "110105********" in record.body and "138****5678" in record.body
    record = actions.approve(record, by=None)
    record = actions.approve(record, by=None) if record.status == Record.Status.OFFICE_REVIEW else record
    assert record.status == Record.Status.PUBLISHED


def test_pii_in_attachment_text_blocks_and_reviewer_may_override_with_reason(county):
    record = make_record(county.department, by=county.editor)
    actions.add_attachment(record, by=county.editor, name="名单.docx", data=_docx_bytes(f"李四 {VALID_ID}"))
    assert [f.kind for _, f in actions.pii_findings(record)] == ["id_number"]
    with pytest.raises(PermissionDenied):
        actions.override_pii(record, by=county.editor, reason="公示需要")
    with pytest.raises(ValidationError, match="理由"):
        actions.override_pii(record, by=county.reviewer, reason=" ")
    actions.override_pii(record, by=county.reviewer, reason="依法公示的资助名单")
    record.refresh_from_db()
    assert not any("个人信息" in p for p in actions.publication_blockers(record))
    event = AuditEvent.objects.get(action="pii_override")
    assert event.actor == county.reviewer and "资助名单" in event.reason


def test_invalid_id_numbers_and_ordinary_numbers_are_not_flagged():
    assert pii.scan("文号槐政办发〔2020〕1号，金额123456789012元，编号110105199003071230") == []


def test_bank_cards_need_luhn():
    assert [f.kind for f in pii.scan("卡号 6222 0212 3456 7890 128")] == ["bank_card"]
    assert pii.scan("流水 6222021234567890123") == []


def test_audit_log_never_stores_raw_personal_numbers(county):
    record = make_record(county.department, title=f"关于{VALID_ID}的公示")
    event = AuditEvent.objects.get(action="create", target_id=str(record.pk))
    assert VALID_ID not in str(event.after) and VALID_ID not in event.target_repr


# --- review chain, permissions, audit ----------------------------------------------------------------------

def test_full_review_chain_with_office_review(county):
    record = make_record(county.department, by=county.editor)
    actions.submit(record, by=county.editor)
    with pytest.raises(PermissionDenied):
        actions.approve(record, by=county.editor)
    with pytest.raises(PermissionDenied):
        actions.approve(record, by=county.other_reviewer)
    actions.record_secrecy_review(record, by=county.reviewer, opinion="经审查不涉密")
    record = actions.approve(record, by=county.reviewer)
    assert record.status == Record.Status.OFFICE_REVIEW
    with pytest.raises(PermissionDenied):
        actions.approve(record, by=county.reviewer)
    record = actions.approve(record, by=county.office_admin)
    assert record.status == Record.Status.PUBLISHED and record.index_number
    chain = list(AuditEvent.objects.filter(target_id=str(record.pk), target_type="disclosure.record")
                 .order_by("id").values_list("action", "actor__username"))
    assert chain == [("create", "jyj_xxy"), ("submit", "jyj_xxy"), ("secrecy_review", "jyj_shy"),
                     ("approve_unit", "jyj_shy"), ("publish", "gkb")]
    publish = AuditEvent.objects.get(action="publish", target_id=str(record.pk))
    assert publish.before["status"] == "office_review" and publish.after["status"] == "published"


def test_site_without_office_review_publishes_on_unit_approval(county):
    from wagtail.models import Site

    from zhengwu.org.models import SiteProfile

    SiteProfile.objects.create(site=Site.objects.get(is_default_site=True), unit=county.department,
                               require_office_review=False)
    record = make_record(county.department, by=county.editor)
    actions.submit(record, by=county.editor)
    actions.record_secrecy_review(record, by=county.reviewer, opinion="不涉密")
    assert actions.approve(record, by=county.reviewer).status == Record.Status.PUBLISHED


def test_secrecy_review_is_required(county):
    record = make_record(county.department)
    actions.submit(record, by=None)
    with pytest.raises(ValidationError, match="保密审查"):
        actions.publish(record, by=None)


def test_other_units_editor_cannot_touch_drafts(county):
    record = make_record(county.department, by=county.editor)
    for fn in (lambda: actions.update_record(record, by=county.other_editor, title="改"),
               lambda: actions.submit(record, by=county.other_editor),
               lambda: actions.create_record(by=county.other_editor, unit=county.department, title="x",
                                             categories=[1])):
        with pytest.raises(PermissionDenied):
            fn()
    record.refresh_from_db()
    assert record.title != "改"


def test_leader_cannot_write(county):
    with pytest.raises(PermissionDenied):
        make_record(county.department, by=county.leader)


def test_reject_needs_comment_and_returns_to_draft(county):
    record = make_record(county.department, by=county.editor)
    actions.submit(record, by=county.editor)
    with pytest.raises(ValidationError):
        actions.reject(record, by=county.reviewer, comment="")
    record = actions.reject(record, by=county.reviewer, comment="请补充附件")
    assert record.status == Record.Status.DRAFT


def test_unpublish_and_withdraw_are_audited(county):
    record = make_published(county.department)
    actions.unpublish(record, by=county.reviewer, reason="内容有误，更正后重发")
    record.refresh_from_db()
    assert record.status == Record.Status.UNPUBLISHED
    draft = make_record(county.department, by=county.editor, title="待撤回")
    actions.submit(draft, by=county.editor)
    actions.withdraw(draft, by=county.editor)
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {"unpublish", "withdraw"}


# --- 立改废 -----------------------------------------------------------------------------------------------

def _normative(county, title, **kw):
    record = make_record(county.office, title=title, kind=Record.Kind.NORMATIVE, categories=[1], **kw)
    actions.exempt_interpretation(record, by=None, reason="测试用文件")
    return record


def test_publishing_an_amending_document_updates_the_target_both_ways(county):
    old = _normative(county, "示范县农村宅基地管理办法", document_number="示政发〔2019〕3号")
    actions.submit(old, by=None)
    actions.record_secrecy_review(old, by=None, opinion="不涉密")
    actions.approve(old, by=None)
    old = actions.approve(Record.objects.get(pk=old.pk), by=None)
    new = _normative(county, "关于修改《示范县农村宅基地管理办法》的决定", document_number="示政发〔2026〕1号")
    actions.add_relation(new, old, by=None, kind=RecordRelation.Kind.AMENDS)
    old.refresh_from_db()
    assert old.validity == Record.Validity.VALID  # not until the amending document is published
    actions.submit(new, by=None)
    actions.record_secrecy_review(new, by=None, opinion="不涉密")
    actions.approve(new, by=None)
    actions.approve(Record.objects.get(pk=new.pk), by=None)
    old.refresh_from_db()
    assert old.validity == Record.Validity.AMENDED
    assert old.incoming_relations.get().source == new and new.outgoing_relations.get().target == old
    assert AuditEvent.objects.filter(action="validity_by_relation", target_id=str(old.pk)).exists()


def test_repeal_of_a_published_document_applies_at_once_when_source_is_published(county):
    old = _normative(county, "旧办法")
    new = _normative(county, "新办法")
    for r in (old, new):
        actions.submit(r, by=None)
        actions.record_secrecy_review(r, by=None, opinion="不涉密")
        actions.publish(r, by=None)
    actions.add_relation(new, old, by=None, kind=RecordRelation.Kind.REPEALS)
    old.refresh_from_db()
    assert old.validity == Record.Validity.REPEALED
    with pytest.raises(ValidationError, match="已废止"):
        actions.add_relation(_normative(county, "第三件"), old, by=None, kind=RecordRelation.Kind.AMENDS)


def test_relation_rules(county):
    a = _normative(county, "甲")
    b = _normative(county, "乙")
    general = make_record(county.office, title="一般信息")
    with pytest.raises(ValidationError, match="自身"):
        actions.add_relation(a, a, by=None, kind="amends")
    with pytest.raises(ValidationError, match="规章和行政规范性文件"):
        actions.add_relation(a, general, by=None, kind="amends")
    actions.add_relation(a, b, by=None, kind="amends")
    with pytest.raises(ValidationError, match="互相"):
        actions.add_relation(b, a, by=None, kind="repeals")
    assert RecordRelation.objects.count() == 1


# --- 解读 ------------------------------------------------------------------------------------------------

def test_normative_document_needs_two_interpretation_forms(county):
    record = make_record(county.office, title="示范县促进就业若干措施", kind=Record.Kind.NORMATIVE, categories=[1, 11])
    actions.submit(record, by=None)
    actions.record_secrecy_review(record, by=None, opinion="不涉密")
    with pytest.raises(ValidationError, match="解读"):
        actions.publish(record, by=None)
    actions.add_interpretation(record, by=None, form="text", title="一图读懂？不，文字解读", body="<p>解读</p>")
    actions.add_interpretation(record, by=None, form="text", title="第二篇文字解读", body="<p>同一形式</p>")
    with pytest.raises(ValidationError, match="现有1种"):
        actions.publish(record, by=None)
    actions.add_interpretation(record, by=None, form="graphic", title="图解：促进就业若干措施", body="<p>图</p>")
    record = actions.publish(record, by=None)
    assert record.status == Record.Status.PUBLISHED
    assert set(record.interpretations.values_list("status", flat=True)) == {Interpretation.Status.PUBLISHED}


def test_interpretation_exemption_needs_reviewer_and_reason(county):
    record = make_record(county.department, by=county.editor, kind=Record.Kind.NORMATIVE, categories=[1])
    with pytest.raises(PermissionDenied):
        actions.exempt_interpretation(record, by=county.editor, reason="无需解读")
    with pytest.raises(ValidationError):
        actions.exempt_interpretation(record, by=county.reviewer, reason="")
    actions.exempt_interpretation(record, by=county.reviewer, reason="仅作文字性修改，内容无实质变化")
    record.refresh_from_db()
    assert not any("解读" in p for p in actions.publication_blockers(record))


def test_video_interpretation_needs_link(county):
    record = make_record(county.department)
    with pytest.raises(ValidationError):
        actions.add_interpretation(record, by=None, form="video", title="视频解读")
    with pytest.raises(ValidationError):
        actions.add_interpretation(record, by=None, form="podcast", title="播客")
    assert not Interpretation.objects.exists()


def test_content_actions_follow_the_edit_rule(county):
    """A 信息员 cannot change a record in review or published through any content action."""
    record = make_record(county.department, by=county.editor)
    actions.submit(record, by=county.editor)
    with pytest.raises(PermissionDenied):
        actions.add_attachment(record, by=county.editor, name="a.txt", data="补充材料".encode())
    with pytest.raises(PermissionDenied):
        actions.add_interpretation(record, by=county.editor, form="text", title="解读")
    published = make_published(county.department, title="已发布")
    with pytest.raises(PermissionDenied):
        actions.add_interpretation(published, by=county.editor, form="text", title="未经审核的解读")
    with pytest.raises(PermissionDenied):
        actions.mask_pii(published, by=county.editor)
    assert not Interpretation.objects.exists() and not Attachment.objects.exists()
    interp = actions.add_interpretation(published, by=county.reviewer, form="text", title="审核员补充的解读")
    assert interp.status == Interpretation.Status.PUBLISHED


def test_failed_secrecy_review_clears_the_reviewer(county):
    record = make_record(county.department, by=county.editor)
    actions.submit(record, by=county.editor)
    actions.record_secrecy_review(record, by=county.reviewer, opinion="不涉密")
    record = actions.record_secrecy_review(record, by=county.reviewer, opinion="含内部敏感内容", passed=False)
    assert record.secrecy_reviewed_by is None and record.secrecy_reviewed_at is None
    assert record.status == Record.Status.DRAFT
