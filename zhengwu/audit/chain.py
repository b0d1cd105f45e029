"""The audit log's hash chain (等保2.0 安全审计: 审计记录应受到保护，避免非预期的删除、修改或覆盖).

Each event carries ``hash = sha256(canonical JSON of the event, its sequence number and the previous event's
hash)``. Changing, removing or re-ordering any stored event breaks the link at that event, and the chain head
(`AuditChain`, one row) names the last event, so cutting the tail off is seen too. Writers take the head row
with ``SELECT … FOR UPDATE`` (PostgreSQL; SQLite runs one write transaction at a time) so that two events can
never claim the same predecessor. Events moved to an archive (`zhengwu audit archive`) leave their last hash in
the head as the anchor the remaining chain starts from.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db import transaction

GENESIS = ""
HASHED_FIELDS = ("seq", "created_at", "actor_id", "actor_name", "action", "target_type", "target_id",
                 "target_repr", "unit_id", "before", "after", "reason", "prev_hash")


def _normal(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def canonical(values: dict) -> bytes:
    """The bytes that are hashed: the event's fields as sorted, compact JSON (UTF-8, microsecond UTC times)."""
    payload = {name: _normal(values.get(name)) for name in HASHED_FIELDS}
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def event_hash(values: dict) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()


def values_of(event) -> dict:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def lock_head():
    """The chain head, locked for this transaction (created from the last event if a test flushed it)."""
    from .models import AuditChain, AuditEvent

    head = AuditChain.objects.select_for_update().filter(pk=1).first()
    if head is None:
        last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first() or {"seq": 0, "hash": GENESIS}
        AuditChain.objects.get_or_create(pk=1, defaults={"seq": last["seq"], "hash": last["hash"]})
        head = AuditChain.objects.select_for_update().get(pk=1)
    return head


def append_position(using: str | None = None) -> tuple[int, str]:
    """(seq, hash) of the chain head, locked like `lock_head`, for the one event about to be appended.

    Read with a plain query, not the ORM: it runs for every audited action (six times for each record published
    through the review chain), and building the ORM query cost more than running it.
    """
    from django.db import connections, router

    from .models import AuditChain

    connection = connections[using or router.db_for_write(AuditChain)]
    table = connection.ops.quote_name(AuditChain._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {table} WHERE id = 1{lock}")  # nosec B608 - table name from the model
        row = cursor.fetchone()
    if row is None:
        head = lock_head()
        return head.seq, head.hash
    return row[0], row[1]


def advance_head(seq: int, hash_: str, using: str | None = None) -> None:
    from django.db import connections, router

    from .models import AuditChain

    connection = connections[using or router.db_for_write(AuditChain)]
    table = connection.ops.quote_name(AuditChain._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET seq = %s, hash = %s WHERE id = 1", [seq, hash_])  # nosec B608


@dataclass
class Verdict:
    ok: bool
    checked: int
    message: str
    broken_seq: int | None = None
    broken_id: int | None = None


def verify(chunk: int = 2000) -> Verdict:
    """Walk the chain from the archive anchor to the head; the first broken link is reported."""
    from .models import AuditChain, AuditEvent

    with transaction.atomic():
        head = AuditChain.objects.filter(pk=1).first()
        anchor_seq, expected = (head.archived_seq, head.archived_hash) if head else (0, GENESIS)
        checked, last_seq, last_hash = 0, anchor_seq, expected
        rows = AuditEvent.objects.order_by("seq").values("id", "hash", *HASHED_FIELDS).iterator(chunk_size=chunk)
        for row in rows:
            seq = row["seq"]
            if seq is None:
                return Verdict(False, checked, f"审计记录 id {row['id']} 没有序号（未经哈希链写入）。", None, row["id"])
            if seq != last_seq + 1:
                return Verdict(False, checked, f"第 {last_seq + 1} 号至第 {seq - 1} 号审计记录缺失（被删除）。",
                               last_seq + 1, row["id"])
            if row["prev_hash"] != last_hash:
                return Verdict(False, checked, f"第 {seq} 号审计记录（id {row['id']}）的前序哈希与第 {seq - 1} 号不符"
                                               "（记录被改动、删除或插入）。", seq, row["id"])
            if event_hash(row) != row["hash"]:
                return Verdict(False, checked, f"第 {seq} 号审计记录（id {row['id']}）的内容与其哈希不符（记录被改动）。",
                               seq, row["id"])
            checked, last_seq, last_hash = checked + 1, seq, row["hash"]
        if head is not None and (head.seq, head.hash) != (last_seq, last_hash):
            return Verdict(False, checked, f"链头记为第 {head.seq} 号，但库中最后一条是第 {last_seq} 号"
                                           "（末尾的审计记录被删除）。", last_seq + 1)
    return Verdict(True, checked, f"审计日志完整：已核对 {checked} 条记录，链头第 {last_seq} 号 {last_hash[:16]}…。")
