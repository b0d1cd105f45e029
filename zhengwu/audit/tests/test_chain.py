"""The audit log is append-only and tamper-evident: every change made behind the application's back is found."""
from __future__ import annotations

import itertools

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from zhengwu.audit import chain
from zhengwu.audit.log import record_event
from zhengwu.audit.models import AuditChain, AuditEvent, AuditLogIsAppendOnly

pytestmark = pytest.mark.django_db


def _events(county, n=5):
    for i in range(n):
        record_event(actor=county.office_admin, action="unit_update", target=county.department,
                     unit=county.department, before={"phone": f"0745-000000{i}"}, after={"phone": f"0745-111111{i}"},
                     reason=f"第{i}次")
    return list(AuditEvent.objects.order_by("seq"))


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_events_are_chained_in_order(county):
    events = _events(county)
    assert [e.seq for e in events] == list(range(events[0].seq, events[0].seq + len(events)))
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
        assert after.hash == chain.event_hash(chain.values_of(after))
    head = AuditChain.objects.get(pk=1)
    assert (head.seq, head.hash) == (events[-1].seq, events[-1].hash)
    assert chain.verify().ok


def test_stored_events_cannot_be_changed_or_deleted(county):
    event = _events(county, 1)[0]
    event.reason = "改过"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(reason="改过")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_create([AuditEvent(action="x", target_type="t", target_id="1")])
    assert AuditEvent.objects.get(pk=event.pk).reason == "第0次"


def test_deleting_the_actor_leaves_the_event_and_its_hash(county):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("temp", password="x")
    record_event(actor=user, action="unit_update", target=county.department)
    user.delete()
    assert AuditEvent.objects.filter(actor_name="temp").exists()
    assert chain.verify().ok


@pytest.mark.parametrize("tamper, expect", [
    ("UPDATE audit_auditevent SET reason = '篡改' WHERE id = %s", "内容与其哈希不符"),
    ("UPDATE audit_auditevent SET hash = 'ab' || substr(hash, 3) WHERE id = %s", "内容与其哈希不符"),
    ("DELETE FROM audit_auditevent WHERE id = %s", "缺失"),
])
def test_verify_reports_the_first_broken_link(county, tamper, expect, capsys):
    events = _events(county)
    victim = events[2]
    _sql(tamper, [victim.pk])
    verdict = chain.verify()
    assert not verdict.ok and expect in verdict.message
    assert verdict.broken_seq == victim.seq
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    assert exit_info.value.code != 0
    assert expect in capsys.readouterr().err


def test_rewriting_a_hash_is_seen_at_the_next_link(county):
    events = _events(county)
    victim = events[1]
    forged = dict(chain.values_of(victim), reason="篡改")
    _sql("UPDATE audit_auditevent SET reason = %s, hash = %s WHERE id = %s",
         ["篡改", chain.event_hash(forged), victim.pk])
    verdict = chain.verify()
    assert not verdict.ok and verdict.broken_seq == events[2].seq and "前序哈希" in verdict.message


def test_a_cut_off_tail_is_seen_at_the_head(county):
    events = _events(county)
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    verdict = chain.verify()
    assert not verdict.ok and "末尾" in verdict.message


def test_verify_command_passes_on_an_intact_log(county, capsys):
    _events(county)
    call_command("audit", "verify")
    assert "审计日志完整" in capsys.readouterr().out


@pytest.mark.skipif("sqlite" in settings.DATABASES["default"]["ENGINE"],
                    reason="SQLite 的内存测试库共享缓存按表加锁、不等待；文件库用 IMMEDIATE 事务逐个写入，无分叉可能")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_do_not_fork_the_chain():
    """Four threads writing at once: one chain, no two events on the same predecessor (the head row is locked)."""
    import threading

    from django.db import connections

    from zhengwu.org.tests.factories import make_unit

    unit = make_unit("并发测试县", "government")
    errors = []

    def write(n):
        try:
            for i in range(8):
                record_event(actor=f"线程{n}", action="unit_update", target=unit, reason=f"{n}-{i}")
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    events = list(AuditEvent.objects.filter(actor_name__startswith="线程").order_by("seq"))
    assert len(events) == 32
    assert len({e.prev_hash for e in AuditEvent.objects.all()}) == AuditEvent.objects.count()
    verdict = chain.verify()
    assert verdict.ok, verdict.message
