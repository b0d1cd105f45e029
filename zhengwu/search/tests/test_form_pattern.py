"""政策问答's 发布 button on the form pattern (docs/decisions/1301-form-pattern.md): a refusal is the page again at 400
with the message in the button's error summary, not a flash message after a redirect — and nothing published."""
import pytest

from zhengwu.applications.tests.test_form_pattern import soup
from zhengwu.audit.models import AuditEvent
from zhengwu.search import actions
from zhengwu.search.models import QAPair

pytestmark = pytest.mark.django_db


def test_publishing_without_a_source_is_refused_in_the_summary(client, county):
    pair = actions.create_qa(by=county.editor, unit=county.department, question="社会保险关系怎样转移接续？",
                             answer="携带参保缴费凭证到转入地经办机构申请。")
    client.force_login(county.reviewer)
    audit = AuditEvent.objects.count()
    r = client.post(f"/staff/search/qa/{pair.pk}/", {"op": "publish"})
    assert r.status_code == 400 and "<title>错误：" in r.content.decode()
    page = soup(r)
    assert len(page.select(".error-summary")) == 1
    summary = page.select_one("form:has(button[value=publish]) #error-summary")
    assert "发布的问答须至少关联一份政策依据。" in summary.get_text()
    pair.refresh_from_db()
    assert pair.status != QAPair.Status.PUBLISHED and AuditEvent.objects.count() == audit
