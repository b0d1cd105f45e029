"""政策问答库: answers with sources and confidence, hiding on 废止, the unanswered queue, staff pages."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhengwu.applications import captcha
from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure import actions as records
from zhengwu.disclosure.models import Record
from zhengwu.disclosure.tests.factories import make_published
from zhengwu.search import actions, engine, qa
from zhengwu.search.models import QAPair, UnansweredQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(county):
    return make_published(county.department, title="示范县城乡居民社会保险关系转移接续办法",
                          document_number="示教发〔2025〕3号", kind=Record.Kind.GENERAL)


@pytest.fixture
def pair(county, policy):
    return actions.create_qa(by=county.reviewer, unit=county.department, question="社会保险关系怎样转移接续？",
                             answer="携带身份证到县社保服务窗口办理转出，转入地审核后接续。", sources=[policy],
                             publish=True)


def test_ask_returns_best_answer_with_sources_and_confidence(client, pair, policy):
    data = client.get("/api/v1/qa", {"q": "请问社保怎么转移？"}).json()
    assert data["answered"] is True
    assert data["confidence"] >= qa.min_confidence()
    best = data["answers"][0]
    assert best["question"] == pair.question
    assert best["sources"][0]["document_number"] == "示教发〔2025〕3号"
    assert best["sources"][0]["url"] == policy.get_absolute_url()
    assert AuditEvent.objects.filter(action="qa_create", target_id=str(pair.pk)).exists()


def test_qa_is_hidden_and_flagged_when_its_source_is_repealed(client, county, pair, policy):
    assert any(h.type == "qa" for h in engine.search("社保 转移").items)
    records.set_validity(policy, by=None, validity=Record.Validity.REPEALED, reason="被新办法废止")
    pair.refresh_from_db()
    assert pair.status == QAPair.Status.NEEDS_REVIEW
    assert "已废止" in pair.review_reason
    assert not any(h.type == "qa" for h in engine.search("社保 转移").items)
    assert client.get("/api/v1/qa", {"q": "社保怎么转移"}).json()["answered"] is False
    assert client.get(pair.get_absolute_url()).status_code == 404
    assert AuditEvent.objects.filter(action="qa_flag", target_id=str(pair.pk)).exists()
    # re-publishing needs a valid source again
    with pytest.raises(ValidationError) as err:
        actions.publish_qa(pair, by=county.reviewer)
    assert "已废止，不能作为政策依据" in str(err.value)
    pair.refresh_from_db()
    assert pair.status == QAPair.Status.NEEDS_REVIEW


def test_qa_hidden_when_source_taken_down(county, pair, policy):
    records.unpublish(policy, by=None, reason="内容需更正")
    pair.refresh_from_db()
    assert pair.status == QAPair.Status.NEEDS_REVIEW and "已撤下" in pair.review_reason


def test_qa_rules_and_permissions(county, policy):
    with pytest.raises(PermissionDenied):
        actions.create_qa(by=county.other_editor, unit=county.department, question="问？", answer="答。")
    with pytest.raises(ValidationError) as err:
        actions.create_qa(by=county.editor, unit=county.department, question="", answer="<script>x</script>")
    assert "请填写问题" in str(err.value) and "不能包含 HTML 标签" in str(err.value)
    with pytest.raises(ValidationError) as err:
        actions.create_qa(by=county.editor, unit=county.department, question="问？", answer="答。", publish=True)
    assert "至少关联一份政策依据" in str(err.value)
    draft = actions.create_qa(by=county.editor, unit=county.department, question="学生资助怎么申请？",
                              answer="向学校提交申请表。", sources=[policy])
    with pytest.raises(PermissionDenied):
        actions.publish_qa(draft, by=county.editor)
    assert QAPair.objects.count() == 1 and draft.status == QAPair.Status.DRAFT
    assert engine.search("学生资助").count == 0  # drafts are not public


def test_unanswered_question_queue_turns_into_a_new_qa(client, county, policy):
    data = client.get("/api/v1/qa", {"q": "孩子转学需要哪些材料"}).json()
    assert data["answered"] is False and "无法准确回答" in data["message"]
    page = client.get("/search/qa/", {"q": "孩子转学需要哪些材料"}).content.decode()
    assert 'name="captcha"' in page
    response = client.post("/search/qa/", {"question": "孩子转学需要哪些材料？我的电话13812345678",
                                           "captcha": client.session[captcha.SESSION_KEY]})
    assert response.status_code == 302
    item = UnansweredQuestion.objects.get()
    assert "13812345678" not in item.question and item.status == UnansweredQuestion.Status.OPEN
    # staff see the queue and answer it
    client.force_login(county.reviewer)
    assert item.question[:10] in client.get("/staff/search/").content.decode()
    response = client.post(f"/staff/search/questions/{item.pk}/", {
        "op": "answer", "unit": county.department.pk, "question": "孩子转学需要哪些材料？",
        "answer": "转出学校开具学籍证明，到转入学校办理。", "sources": "示教发[2025]3号"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == UnansweredQuestion.Status.ANSWERED and item.qa.status == QAPair.Status.PUBLISHED
    assert list(item.qa.sources.all()) == [policy]
    assert AuditEvent.objects.filter(action="question_answer", target_id=str(item.pk)).exists()
    assert client.get("/api/v1/qa", {"q": "转学要什么材料"}).json()["answered"] is True


def test_forwarding_nothing_is_refused_and_saves_nothing(client):
    client.get("/api/v1/qa/captcha")
    response = client.post("/api/v1/qa/forward", {"question": "   ", "captcha": client.session[captcha.SESSION_KEY]},
                           content_type="application/json")
    assert response.status_code == 400 and "请填写您的问题" in response.json()["message"]
    client.get("/api/v1/qa/captcha")
    response = client.post("/search/qa/", {"question": "", "captcha": client.session[captcha.SESSION_KEY]}, follow=True)
    assert "请填写您的问题" in response.content.decode()
    assert UnansweredQuestion.objects.count() == 0
    with pytest.raises(ValidationError):
        actions.forward_question(question="问" * 501)
    assert UnansweredQuestion.objects.count() == 0


def test_dismissing_needs_a_reason(county):
    item = actions.forward_question(question="你们食堂几点开饭")
    with pytest.raises(ValidationError) as err:
        actions.dismiss_question(item, by=county.reviewer, reason="")
    assert "请填写不予处理的理由" in str(err.value)
    actions.dismiss_question(item, by=county.reviewer, reason="与政务公开无关")
    item.refresh_from_db()
    assert item.status == UnansweredQuestion.Status.DISMISSED


def test_staff_pages(client, county, pair):
    assert client.get("/staff/search/").status_code == 302  # login first
    client.force_login(county.editor)
    assert client.get("/staff/search/").status_code == 200
    assert client.get("/staff/search/dictionary/").status_code == 403
    client.force_login(county.office_admin)
    page = client.get("/staff/search/dictionary/").content.decode()
    assert "一件事一次办" in page and "社会保险 / 社保" in page
    response = client.post("/staff/search/dictionary/", {"op": "save_synonyms", "s-terms": "残疾人 残障人士"})
    assert response.status_code == 302
    response = client.post("/staff/search/reindex/")
    assert response.status_code == 302
    response = client.get(f"/staff/search/qa/{pair.pk}/")
    assert response.status_code == 200 and pair.question in response.content.decode()


def test_refused_forward_shows_the_form_pattern_and_files_nothing(client):
    """Decision 1301 on 转交人工答复: the page again with one summary, specific messages, the question kept, the
    captcha box empty under a new question; a wrong answer is the captcha field's error, nothing is filed."""
    from zhengwu.applications.tests.test_form_pattern import assert_errors_wired, soup

    client.get("/search/qa/", {"q": "火星上能办社保吗"})
    response = client.post("/search/qa/", {"question": "火星上能办社保吗", "captcha": "99"})
    assert response.status_code == 400
    page = soup(response)
    assert assert_errors_wired(page) == ["forward-captcha"]
    assert "验证码不正确" in page.find(id="forward-captcha_error").get_text()
    assert page.find(id="forward-captcha").get("value") is None  # cleared
    assert "每次提交都要计算新的题目" in page.find(id="forward-captcha_helptext").get_text()
    assert page.find(id="forward-question").get_text().strip() == "火星上能办社保吗"
    question = client.session[captcha.SESSION_KEY]  # a new challenge was set
    response = client.post("/search/qa/", {"question": " ", "captcha": ""})
    page = soup(response)
    assert assert_errors_wired(page) == ["forward-question", "forward-captcha"]
    assert "请填写您的问题。" in page.find(id="forward-question_error").get_text()
    assert "请填写验证码的计算结果。" in page.find(id="forward-captcha_error").get_text()
    assert "验证码不正确" not in page.get_text()  # one message per problem
    assert question and UnansweredQuestion.objects.count() == 0


def test_forward_over_the_limit_says_so_in_the_summary(client, settings):
    from zhengwu.applications.tests.test_form_pattern import soup

    settings.ZHENGWU_QA_FORWARD_RATE = (1, 3600)
    client.get("/search/qa/", {"q": "火星上能办社保吗"})
    client.post("/search/qa/", {"question": "火星上能办社保吗", "captcha": "99"})
    response = client.post("/search/qa/", {"question": "火星上能办社保吗", "captcha": client.session[captcha.SESSION_KEY]})
    assert response.status_code == 429
    assert "转交过于频繁" in soup(response).select_one("#error-summary").get_text()
    assert UnansweredQuestion.objects.count() == 0


def test_staff_dismiss_and_archive_without_reason_show_their_summary(client, county, pair):
    """不予处理 and 停用 (decision 1301): only the posted form is bound and shows its summary; nothing changes."""
    from zhengwu.applications.tests.test_form_pattern import assert_errors_wired, soup

    item = actions.forward_question(question="你们食堂几点开饭")
    client.force_login(county.reviewer)
    page = soup(client.get(f"/staff/search/questions/{item.pk}/"))
    assert not page.select(".error-summary") and page.select("form[novalidate]")
    r = client.post(f"/staff/search/questions/{item.pk}/", {"op": "dismiss", "reason": " "})
    assert r.status_code == 400
    page = soup(r)
    assert assert_errors_wired(page, first=False) == ["dismiss-reason"]  # not the 答复 form's fields too
    item.refresh_from_db()
    assert item.status == UnansweredQuestion.Status.OPEN
    r = client.post(f"/staff/search/questions/{item.pk}/", {"op": "answer", "unit": county.department.pk})
    assert r.status_code == 400
    assert set(assert_errors_wired(soup(r), first=False)) == {"id_question", "id_answer"}
    r = client.post(f"/staff/search/qa/{pair.pk}/", {"op": "archive", "reason": ""})
    assert r.status_code == 400
    page = soup(r)
    assert assert_errors_wired(page, first=False) == ["archive-reason"]
    assert "请填写停用理由。" in page.find(id="archive-reason_error").get_text()
    pair.refresh_from_db()
    assert pair.status == QAPair.Status.PUBLISHED
