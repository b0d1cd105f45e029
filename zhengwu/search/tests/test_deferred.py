"""indexer.deferred(): bulk loads index a record once, by its final state, instead of on every save."""
import pytest

from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure import actions as records
from zhengwu.disclosure.models import Record
from zhengwu.disclosure.tests.factories import make_published
from zhengwu.search import actions, engine, indexer
from zhengwu.search.models import QAPair, SearchEntry

pytestmark = pytest.mark.django_db


def entries(record):
    return SearchEntry.objects.filter(kind=SearchEntry.Kind.RECORD, object_id=record.pk)


def test_a_record_is_indexed_once_when_the_block_ends(county, monkeypatch):
    synced = []
    real = indexer.sync_record
    monkeypatch.setattr(indexer, "sync_record", lambda r: (synced.append(r.pk), real(r)))
    with indexer.deferred() as state:
        record = make_published(county.department, title="示范县义务教育招生工作实施方案")
        assert not entries(record).exists() and state.records == {record.pk}
    assert synced == [record.pk]  # five saves on the way through review, one sync
    assert entries(record).get().title == record.title
    assert any(h.type == "record" for h in engine.search("义务教育 招生").items)


def test_outside_a_block_every_save_syncs_as_before(county):
    record = records.create_record(by=None, unit=county.department, title="关于城区停车管理的通知", categories=(11,))
    assert not entries(record).exists()
    records.submit(record, by=None)
    records.record_secrecy_review(record, by=None, opinion="经审查，不涉及国家秘密。")
    record = records.approve(record, by=None)
    if record.status == Record.Status.OFFICE_REVIEW:
        record = records.approve(record, by=None)
    assert entries(record).exists()


def test_without_sync_the_index_waits_for_a_reindex(county):
    with indexer.deferred(sync=False):
        record = make_published(county.department, title="示范县农村人居环境整治实施方案")
    assert not entries(record).exists()
    indexer.reindex()
    assert entries(record).exists()


def test_a_failed_block_syncs_nothing(county, monkeypatch):
    calls = []
    monkeypatch.setattr(indexer, "sync_record", calls.append)
    with pytest.raises(RuntimeError), indexer.deferred():
        make_published(county.department, title="示范县防汛抗旱应急预案")
        raise RuntimeError("import stopped")
    assert calls == []


@pytest.mark.parametrize("sync", [True, False])
def test_qa_are_flagged_by_the_final_state_when_the_block_ends(county, sync):
    policy = make_published(county.department, title="示范县城乡居民社会保险关系转移接续办法", kind=Record.Kind.GENERAL)
    pair = actions.create_qa(by=county.reviewer, unit=county.department, question="社会保险关系怎样转移接续？",
                             answer="到县社保服务窗口办理。", sources=[policy], publish=True)
    with indexer.deferred(sync=sync):
        records.set_validity(policy, by=None, validity=Record.Validity.REPEALED, reason="被新办法废止")
        assert QAPair.objects.get(pk=pair.pk).status == QAPair.Status.PUBLISHED
    pair.refresh_from_db()
    assert pair.status == QAPair.Status.NEEDS_REVIEW and "已废止" in pair.review_reason
    assert AuditEvent.objects.filter(action="qa_flag", target_id=str(pair.pk)).count() == 1
