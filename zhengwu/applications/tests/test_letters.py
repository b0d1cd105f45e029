"""Every letter renders from its editable template, cites its article, names the remedy; the .docx opens."""
import io

import docx
import pytest
from django.core.exceptions import ValidationError

from zhengwu.applications import actions, letters, outcomes
from zhengwu.applications.models import LetterTemplate
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import make_user

from .factories import register


@pytest.fixture
def handler(county):
    return make_user("jyj_jbr", county.department, Role.HANDLER)


def docx_text(letter, unit) -> str:
    document = docx.Document(io.BytesIO(letters.to_docx(letter, unit)))
    return "\n".join(p.text for p in document.paragraphs)


def check(letter, unit, article):
    text = docx_text(letter, unit)
    assert article in text, text
    assert unit.name in text and f"{letter.issued_date.year}年" in text
    return text


@pytest.mark.parametrize("code", ["granted", "partial", "withheld_process", "unable_not_held",
                                  "unable_needs_creation", "not_processed_repeat", "other_other"])
def test_reply_letters(county, handler, code):
    app = register(county.department, handler)
    actions.close(app, by=handler, outcome=code, reply_date="2026-03-10", reason="具体理由。")
    letter = letters.issue(app, by=handler, kind="reply", date="2026-03-10")
    text = check(letter, county.department, letters.OUTCOME_ARTICLES[code])
    assert "六十日内向示范县人民政府申请行政复议" in text and "六个月内" in text and "行政诉讼" in text
    assert letter.template_key == letters.REPLY_TEMPLATE_BY_GROUP[outcomes.BY_CODE[code].group]


def test_every_outcome_has_an_article():
    assert set(letters.OUTCOME_ARTICLES) == set(outcomes.BY_CODE)


def test_not_our_agency_names_the_agency(county, handler):
    app = register(county.department, handler)
    actions.close(app, by=handler, outcome="unable_not_held", reply_date="2026-03-10", reason="非本机关职责。",
                  referred_agency="示范县自然资源局（电话0745-7654321）")
    text = check(letters.issue(app, by=handler, kind="reply", date="2026-03-10"), county.department,
                 "第三十六条第（五）项")
    assert "示范县自然资源局" in text


def test_county_government_reply_goes_to_next_level(county, settings):
    settings.ZHENGWU_REVIEW_BODY_FOR_GOVERNMENT = "示范市人民政府"
    app = register(county.government, county.office_admin)
    actions.close(app, by=county.office_admin, outcome="granted", reply_date="2026-03-10")
    text = docx_text(letters.issue(app, by=county.office_admin, kind="reply", date="2026-03-10"), county.government)
    assert "向示范市人民政府申请行政复议" in text


def test_procedure_letters(county, handler):
    app = register(county.department, handler, received="2026-03-02")
    actions.request_correction(app, by=handler, items="请写明文件名称。", notice_date="2026-03-04",
                               deadline="2026-03-18")
    text = check(letters.issue(app, by=handler, kind="correction", date="2026-03-04"), county.department, "第三十条")
    assert "请写明文件名称" in text and "2026年3月18日" in text and "行政复议" in text
    actions.receive_correction(app, by=handler, corrected_date="2026-03-09")
    actions.extend(app, by=handler, days=10, reason="需要调取档案", approver=county.reviewer,
                   approved_date="2026-03-20", notice_date="2026-03-20")
    check(letters.issue(app, by=handler, kind="extension", date="2026-03-20"), county.department, "第三十三条第二款")
    actions.start_consultation(app, by=handler, kind="third_party", party_name="某建筑公司", sent_date="2026-03-23")
    text = check(letters.issue(app, by=handler, kind="consultation", date="2026-03-23"), county.department,
                 "第三十二条")
    assert "某建筑公司" in text and "15个工作日" in text


def test_fee_letter_shows_calculation(county, handler):
    app = register(county.department, handler)
    actions.notify_fee(app, by=handler, method="per_page", quantity=120, notice_date="2026-03-04")
    text = check(letters.issue(app, by=handler, kind="fee", date="2026-03-04"), county.department, "第五条")
    assert "第 31–100 页：70 页 × 10 元/页 = 700 元" in text and "1100.00" in text


def test_letter_needs_its_facts(county, handler):
    app = register(county.department, handler)
    with pytest.raises(ValidationError, match="尚未作出办理结果"):
        letters.issue(app, by=handler, kind="reply")
    with pytest.raises(ValidationError, match="没有延期记录"):
        letters.issue(app, by=handler, kind="extension")
    assert not app.letters.exists()


def test_edited_template_is_used_and_issued_letters_stay(county, handler):
    app = register(county.department, handler)
    actions.close(app, by=handler, outcome="granted", reply_date="2026-03-10")
    first = letters.issue(app, by=handler, kind="reply", date="2026-03-10")
    tpl = LetterTemplate.objects.get(key="reply_granted")
    with pytest.raises(ValidationError, match="模板语法有误"):
        actions.update_letter_template(tpl, by=county.office_admin, title=tpl.title, body="{% if %}")
    actions.update_letter_template(tpl, by=county.office_admin, title=tpl.title,
                                   body=tpl.body + "\n\n特此告知。依据：{{ article }}")
    second = letters.issue(app, by=handler, kind="reply", date="2026-03-11")
    assert "特此告知" in second.body and "特此告知" not in first.body


def test_already_public_cites_article_36_1(county, handler):
    app = register(county.department, handler)
    with pytest.raises(ValidationError, match="获取该政府信息的方式"):
        actions.close(app, by=handler, outcome="granted", reply_date="2026-03-10", already_public=True)
    actions.close(app, by=handler, outcome="granted", reply_date="2026-03-10", already_public=True,
                  reason="该文件已于2026年1月5日在示范县人民政府门户网站“政策文件”栏目公开。")
    text = check(letters.issue(app, by=handler, kind="reply", date="2026-03-10"), county.department,
                 "第三十六条第（一）项")
    assert "已经主动公开" in text and "政策文件" in text


@pytest.mark.parametrize(("applicant_type", "you"), [("natural", "您"), ("commercial", "你单位")])
def test_letters_address_the_applicant_as_they_are(county, handler, applicant_type, you):
    from zhengwu.org.tests.factories import next_credit_code

    extra = {"contact_person": "李四", "applicant_name": "示范律师事务所", "id_type": "credit_code",
             "id_number": next_credit_code()} if applicant_type != "natural" else {}
    app = register(county.department, handler, applicant_type=applicant_type, **extra)
    actions.close(app, by=handler, outcome="withheld_process", reply_date="2026-03-10", reason="该信息属于过程性信息")
    text = docx_text(letters.issue(app, by=handler, kind="reply", date="2026-03-10"), county.department)
    assert f"收到{you}提出的" in text and "您（单位）" not in text
    assert ("你单位" in text) == (you == "你单位")
    for paragraph in text.split("\n")[2:-2]:  # between the number and the signature every paragraph ends a sentence
        if paragraph.strip() and not paragraph.endswith("："):
            assert paragraph.endswith("。"), paragraph
    assert "理由如下：该信息属于过程性信息。" in text


def test_letter_download_is_named_after_case_and_kind(client, county, handler):
    from urllib.parse import quote

    app = register(county.department, handler)
    actions.close(app, by=handler, outcome="granted", reply_date="2026-03-10")
    letter = letters.issue(app, by=handler, kind="reply", date="2026-03-10")
    client.force_login(handler)
    r = client.get(f"/staff/applications/{app.pk}/letters/{letter.pk}/?format=docx")
    assert quote(f"依申请公开-{app.serial}-答复告知书.docx") in r["Content-Disposition"]
    assert "letter-" not in r["Content-Disposition"]


def test_fee_letter_states_only_what_could_be_confirmed(county, handler):
    """109号's wording on the reply clock was not found (docs/decisions/1202): the letter does not assert it."""
    app = register(county.department, handler)
    actions.notify_fee(app, by=handler, method="per_page", quantity=120, notice_date="2026-03-04",
                       delivery="post", received_date="2026-03-09")
    text = check(letters.issue(app, by=handler, kind="fee", date="2026-03-04"), county.department, "第五条")
    assert "收到本通知次日起20个工作日内（即2026年4月7日前）" in text
    assert "不计算在答复期限内" not in text and "视为放弃申请" in text
