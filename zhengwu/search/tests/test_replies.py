"""互动交流 in search (issue 13, item 4): a 公开答复 is found as the public page shows it, masked, only while it is
published; a 常见问题 becomes a 政策问答 pair through a staff action, once per letter."""
import pytest
from django.core.exceptions import ValidationError

from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure.models import Record
from zhengwu.disclosure.tests.factories import make_published
from zhengwu.interaction import actions as interaction
from zhengwu.interaction.tests.factories import id_number, replied
from zhengwu.search import actions, engine, indexer
from zhengwu.search.models import QAPair, SearchEntry

pytestmark = pytest.mark.django_db
Kind = SearchEntry.Kind


def found(q: str) -> list[str]:
    return [h.url for h in engine.search(q, filters=engine.make_filters(type=Kind.MESSAGE)).items]


@pytest.fixture
def published(county):
    msg = replied(county, title="李四问新村路灯何时维修", content=f"我是李四，身份证{id_number()}，电话13912345678。")
    interaction.publish(msg, by=county.office_admin)
    return msg


def test_reply_is_indexed_masked_and_only_while_public(county):
    msg = replied(county, title="李四问新村路灯何时维修")
    assert found("路灯维修") == []  # answered but not yet published
    interaction.publish(msg, by=county.office_admin)
    assert found("路灯维修") == [msg.get_absolute_url()]
    entry = SearchEntry.objects.get(kind=Kind.MESSAGE, object_id=msg.pk)
    for secret in ("李四", "13912345678"):
        assert secret not in entry.title and secret not in entry.text
    assert "已安排维修" in entry.text and entry.publisher == county.department.name
    interaction.rate(msg, satisfaction="unsatisfied")
    interaction.rehandle(msg, reason="还是不亮")  # re-handling withdraws the public reply
    assert found("路灯维修") == []


def test_reindex_rebuilds_reply_entries(county, published):
    SearchEntry.objects.filter(kind=Kind.MESSAGE).delete()
    indexer.reindex()
    assert found("路灯维修") == [published.get_absolute_url()]


def test_faq_turns_a_reply_into_a_draft_qa_once(county, published):
    assert list(actions.faq_candidates(county.editor)) == [published]
    assert list(actions.faq_candidates(county.other_editor)) == []  # another unit's letter
    qa = actions.qa_from_message(published, by=county.editor, question="村里路灯坏了找谁维修？",
                                 answer="向所在乡镇报修，县教育局协调办理。")
    assert (qa.status, qa.unit, qa.origin_message) == (QAPair.Status.DRAFT, county.department, published)
    assert AuditEvent.objects.filter(action="qa_from_message", target_id=str(qa.pk)).exists()
    assert list(actions.faq_candidates(county.editor)) == []
    with pytest.raises(ValidationError, match="已经整理为政策问答"):
        actions.qa_from_message(published, by=county.editor, question="再问一次？", answer="再答一次。")
    assert QAPair.objects.count() == 1


def test_faq_refuses_unpublished_replies_and_saves_nothing(county):
    msg = replied(county)
    with pytest.raises(ValidationError, match="只有已公开的答复"):
        actions.qa_from_message(msg, by=county.editor, question="路灯坏了找谁？", answer="找乡镇。")
    assert not QAPair.objects.exists()


def test_faq_staff_pages(client, county, published):
    policy = make_published(county.department, title="示范县城乡路灯管理办法", document_number="示教发〔2025〕8号",
                            kind=Record.Kind.GENERAL)
    client.force_login(county.editor)
    page = client.get("/staff/search/faq/").content.decode()
    assert f"/staff/search/faq/{published.pk}/" in page and "李四" not in page
    form = client.get(f"/staff/search/faq/{published.pk}/").content.decode()
    assert "已安排维修" in form and "李四" not in form  # the masked reply as a starting point
    r = client.post(f"/staff/search/faq/{published.pk}/", {"unit": county.department.pk, "question": "",
                                                             "answer": "向乡镇报修。"})
    assert r.status_code == 200 and "请填写问题" in r.content.decode() and not QAPair.objects.exists()
    r = client.post(f"/staff/search/faq/{published.pk}/", {"unit": county.department.pk, "question": "路灯坏了找谁修？",
                                                             "answer": "向乡镇报修。", "sources": "示教发〔2025〕8号"})
    qa = QAPair.objects.get()
    assert r.status_code == 302 and list(qa.sources.all()) == [policy]
    assert client.get(f"/staff/search/faq/{published.pk}/").status_code == 404
