"""Staff create pages of 意见征集 (the 30-day rule with a recorded reason for a shorter period) and 在线访谈
(questions close before the interview; the transcript published later). Refusals save nothing."""
import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.audit.models import AuditEvent
from zhengwu.interaction.models import Consultation, Interview

pytestmark = pytest.mark.django_db
NEW = "/staff/interaction/participation/consultation/new/"


def consultation_post(county, start: dt.date, days: int, **over) -> dict:
    data = {"unit": county.department.pk, "title": "示范县学前教育发展规划（征求意见稿）", "draft": "第一条 ……",
            "explanation": "依据学前教育法起草。", "start_date": start.isoformat(),
            "end_date": (start + dt.timedelta(days=days - 1)).isoformat(), "shortened_reason": ""}
    data.update(over)
    return data


def test_consultation_of_30_days_opens_and_is_public(client, county):
    client.force_login(county.editor)
    form = client.get(NEW).content.decode()
    assert "期限少于30日的理由" in form and 'type="date"' in form
    start = timezone.localdate()
    r = client.post(NEW, consultation_post(county, start, 30))
    assert r.status_code == 302
    c = Consultation.objects.get()
    assert (c.unit, c.start_date, c.end_date, c.shortened_reason) == (county.department, start,
                                                                       start + dt.timedelta(days=29), "")
    assert AuditEvent.objects.filter(action="consultation_open", target_id=str(c.pk)).exists()
    assert c.title in client.get("/hdjl/yjzj/").content.decode()


def test_shorter_consultation_needs_a_reason_which_is_published(client, county):
    client.force_login(county.editor)
    start = timezone.localdate()
    r = client.post(NEW, consultation_post(county, start, 15))
    html = r.content.decode()
    assert r.status_code == 400 and "征求意见期限少于30日（现为15日）" in html and "<title>错误：" in html
    assert 'href="#id_shortened_reason"' in html
    assert not Consultation.objects.exists()
    r = client.post(NEW, consultation_post(county, start, 15, shortened_reason="上级要求年底前出台，时间紧迫"))
    c = Consultation.objects.get()
    assert r.status_code == 302 and c.shortened_reason == "上级要求年底前出台，时间紧迫"
    page = client.get(f"/hdjl/yjzj/{c.pk}/").content.decode()
    assert "征求意见期限少于30日的说明" in page and "时间紧迫" in page


def test_consultation_for_another_unit_is_not_offered(client, county):
    client.force_login(county.other_editor)
    r = client.post(NEW, consultation_post(county, timezone.localdate(), 30))
    assert r.status_code == 400 and "所选起草单位不在可选范围内" in r.content.decode()
    assert not Consultation.objects.exists()


def test_interview_scheduled_then_transcript_published(client, county):
    client.force_login(county.editor)
    when = timezone.localtime() + dt.timedelta(days=7)
    data = {"unit": county.department.pk, "title": "秋季招生政策解读", "guest": "县教育局副局长",
            "scheduled_at": when.strftime("%Y-%m-%dT%H:%M"),
            "questions_close_at": (when + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "intro": ""}
    r = client.post("/staff/interaction/participation/interview/new/", data)
    assert r.status_code == 400 and "网友提问应在访谈开始前截止" in r.content.decode()
    assert not Interview.objects.exists()
    data["questions_close_at"] = (when - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.post("/staff/interaction/participation/interview/new/", data).status_code == 302
    iv = Interview.objects.get()
    assert iv.guest == "县教育局副局长" and iv.title in client.get("/hdjl/ftzb/").content.decode()
    url = f"/staff/interaction/participation/interview/{iv.pk}/transcript/"
    assert client.post(url, {"transcript": ""}).status_code == 400
    assert client.post(url, {"transcript": "主持人：欢迎收看。"}).status_code == 302
    assert "欢迎收看" in client.get(f"/hdjl/ftzb/{iv.pk}/").content.decode()
    client.force_login(county.other_editor)
    assert client.post(url, {"transcript": "篡改"}).status_code in (400, 403, 404)
    iv.refresh_from_db()
    assert iv.transcript == "主持人：欢迎收看。"


def test_feedback_links_the_final_policy_which_links_back(client, county):
    """条例第十六条 and issue 13 item 5: the 意见采纳情况 on the consultation page, linked from the final policy."""
    from zhengwu.disclosure.models import Record
    from zhengwu.disclosure.tests.factories import make_published
    from zhengwu.interaction import actions

    today = timezone.localdate()
    c = actions.open_consultation(by=county.editor, unit=county.department, title="示范县学前教育发展规划（征求意见稿）",
                                  draft="草案", explanation="说明", start_date=today - dt.timedelta(days=40),
                                  end_date=today - dt.timedelta(days=10))
    policy = make_published(county.department, title="示范县学前教育发展规划", document_number="示教发〔2026〕5号",
                            kind=Record.Kind.GENERAL)
    client.force_login(county.editor)
    url = f"/staff/interaction/participation/consultation/{c.pk}/feedback/"
    client.post(url, {"feedback": "采纳3条。", "final_record": "示教发〔2026〕99号"})
    c.refresh_from_db()
    assert not c.feedback and c.final_record is None  # an unknown 文号: nothing saved
    client.post(url, {"feedback": "采纳3条，未采纳1条（超出本规划范围）。", "final_record": "示教发〔2026〕5号"})
    c.refresh_from_db()
    assert c.final_record == policy and c.feedback.startswith("采纳3条")
    record_page = client.get(policy.get_absolute_url()).content.decode()
    assert "公开征求意见情况" in record_page and f"/hdjl/yjzj/{c.pk}/#feedback" in record_page
    assert policy.title in client.get(f"/hdjl/yjzj/{c.pk}/").content.decode()
