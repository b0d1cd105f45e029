"""The participation page's 采纳情况 and 访谈回答 boxes on the form pattern (docs/decisions/1301-form-pattern.md):
a bad submit is the page again at 400 with one error summary in the failed item, 错误： in the title, specific
messages — and nothing saved, nothing audited."""
import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.applications.tests.test_form_pattern import assert_errors_wired, soup
from zhengwu.audit.models import AuditEvent
from zhengwu.interaction import actions
from zhengwu.interaction.models import InterviewQuestion, Moderation

pytestmark = pytest.mark.django_db
PAGE = "/staff/interaction/participation/"


def closed_consultation(county):
    today = timezone.localdate()
    return actions.open_consultation(by=county.editor, unit=county.department, title="示范县学前教育发展规划（征求意见稿）",
                                     draft="草案", explanation="说明", start_date=today - dt.timedelta(days=40),
                                     end_date=today - dt.timedelta(days=10))


def pending_question(county):
    now = timezone.now()
    iv = actions.schedule_interview(by=county.editor, unit=county.department, title="义务教育招生政策解读",
                                    guest="县教育局局长", scheduled_at=now + dt.timedelta(days=7),
                                    questions_close_at=now + dt.timedelta(days=6))
    return actions.submit_question(iv, data={"name": "家长", "content": "划片范围？"})


def test_the_boxes_are_pattern_forms_with_unique_ids(client, county):
    c, q = closed_consultation(county), pending_question(county)
    client.force_login(county.editor)
    page = soup(client.get(PAGE))
    assert page.find(id=f"fb{c.pk}_feedback").name == "textarea"
    assert page.find(id=f"fb{c.pk}_final_record")["aria-describedby"] == f"fb{c.pk}_final_record_helptext"
    assert page.find(id=f"ans{q.pk}_answer") is not None
    assert all(f.has_attr("novalidate") for f in page.select("main form[method=post]") if f.find("textarea"))
    assert not page.select(".error-summary") and not page.title.string.startswith("错误：")


def test_empty_feedback_and_unknown_final_record_shown_together_nothing_saved(client, county):
    c = closed_consultation(county)
    client.force_login(county.editor)
    audit = AuditEvent.objects.count()
    r = client.post(f"{PAGE}consultation/{c.pk}/feedback/", {"feedback": "", "final_record": "示教发〔2026〕99号"})
    assert r.status_code == 400
    page = soup(r)
    assert assert_errors_wired(page, first=False) == [f"fb{c.pk}_feedback", f"fb{c.pk}_final_record"]
    assert "请填写意见采纳情况及理由。" in page.find(id=f"fb{c.pk}_feedback_error").get_text()
    assert "没有找到已发布的正式文件“示教发〔2026〕99号”" in page.find(id=f"fb{c.pk}_final_record_error").get_text()
    assert page.find(id=f"fb{c.pk}_final_record")["value"] == "示教发〔2026〕99号"  # what was typed stays
    c.refresh_from_db()
    assert (c.feedback, c.feedback_date, c.final_record) == ("", None, None)
    assert AuditEvent.objects.count() == audit


def test_too_long_answer_is_refused_and_the_question_stays_pending(client, county):
    q = pending_question(county)
    client.force_login(county.editor)
    audit = AuditEvent.objects.count()
    r = client.post(f"{PAGE}question/{q.pk}/", {"decision": "approve", "answer": "答" * 4001})
    assert r.status_code == 400
    page = soup(r)
    assert assert_errors_wired(page, first=False) == [f"ans{q.pk}_answer"]
    assert "嘉宾回答不能超过4000个字（现有4001个）。" in page.find(id=f"ans{q.pk}_answer_error").get_text()
    q.refresh_from_db()
    assert (q.status, q.answer) == (Moderation.PENDING, "")
    assert AuditEvent.objects.count() == audit
    assert InterviewQuestion.objects.filter(status=Moderation.PENDING).count() == 1
