"""Retention and archiving of the audit log (等保2.0 三级: 审计记录留存不少于六个月).

Nothing is purged inside the retention (`ZHENGWU_AUDIT_RETENTION_DAYS`, at least 180 days). Older events leave the
database only through `archive`: they are written first to a JSON-lines file with a manifest (count, sequence
range, the chain's anchor and head hashes, the file's SHA-256, an HMAC signature), the file is read back and
checked, and only then are the rows deleted and the head's anchor moved, all under the chain-head lock so no
event is written meanwhile. The remaining chain starts from the archived head, so `zhengwu audit verify` still
checks every link; `verify_archive` checks an archive file on its own.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import chain

MIN_RETENTION_DAYS = 180
FORMAT = "zhengwu-audit-archive/1"


def retention_days() -> int:
    """The configured retention, never below the 180-day minimum."""
    return max(int(getattr(settings, "ZHENGWU_AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS)), MIN_RETENTION_DAYS)


def earliest_allowed_cutoff(today: dt.date | None = None) -> dt.date:
    """The latest `--before` date allowed: events on or after it are still inside the retention."""
    return (today or timezone.localdate()) - dt.timedelta(days=retention_days())


def _signing_key() -> bytes:
    return hashlib.sha256(b"zhengwu.audit.archive:" + settings.SECRET_KEY.encode()).digest()


def _sign(manifest: dict) -> str:
    body = json.dumps({k: v for k, v in manifest.items() if k != "signature"}, sort_keys=True,
                      ensure_ascii=False, separators=(",", ":")).encode()
    return hmac.new(_signing_key(), body, hashlib.sha256).hexdigest()


def _row(values: dict) -> dict:
    return {k: chain._normal(v) for k, v in values.items()}


@dataclass
class Archived:
    count: int
    first_seq: int = 0
    last_seq: int = 0
    events_path: Path | None = None
    manifest_path: Path | None = None


def archive(*, before: dt.date, directory: Path, by: str = "") -> Archived:
    """Move every event dated before `before` (Beijing time) out to `directory`; refuses dates in the retention."""
    from .log import record_event
    from .models import AuditEvent

    limit = earliest_allowed_cutoff()
    if before > limit:
        raise ValidationError(f"审计记录须至少保存 {retention_days()} 天：只能归档 {limit:%Y年%-m月%-d日} 以前的记录，"
                              f"不能归档 {before:%Y年%-m月%-d日} 以前的。")
    cutoff = timezone.make_aware(dt.datetime(before.year, before.month, before.day))
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        head = chain.lock_head()
        verdict = chain.verify()
        if not verdict.ok:
            raise ValidationError(f"审计日志哈希链已断开，不能归档：{verdict.message}")
        newer = AuditEvent.objects.filter(created_at__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
        last_seq = (newer - 1) if newer is not None else head.seq
        if last_seq <= head.archived_seq:
            return Archived(0)
        rows = AuditEvent.objects.filter(seq__gt=head.archived_seq, seq__lte=last_seq).order_by("seq")
        first_seq = head.archived_seq + 1
        stem = f"audit-{first_seq:010d}-{last_seq:010d}"
        events_path, manifest_path = directory / f"{stem}.jsonl", directory / f"{stem}.manifest.json"
        digest, count, last_hash = hashlib.sha256(), 0, head.archived_hash
        with open(events_path, "wb") as out:
            for values in rows.values("id", "hash", *chain.HASHED_FIELDS).iterator(chunk_size=2000):
                line = json.dumps(_row(values), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
                out.write(line + b"\n")
                digest.update(line + b"\n")
                count, last_hash = count + 1, values["hash"]
            out.flush()
            os.fsync(out.fileno())
        manifest = {
            "format": FORMAT, "created_at": chain._normal(timezone.now()), "before": before.isoformat(),
            "count": count, "first_seq": first_seq, "last_seq": last_seq, "anchor_hash": head.archived_hash,
            "head_hash": last_hash, "events_file": events_path.name, "events_sha256": digest.hexdigest(),
        }
        manifest["signature"] = _sign(manifest)
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        problem = verify_archive(manifest_path)
        if problem:
            raise ValidationError(f"归档文件写入后核对失败，未删除任何记录：{problem}")
        rows._raw_delete(rows.db)
        head.archived_seq, head.archived_hash = last_seq, last_hash
        head.save(update_fields=["archived_seq", "archived_hash"])
        record_event(actor=f"命令行（{by or '审计归档'}）", action="audit_archive", target=head,
                     target_type="audit.auditchain",
                     after={"count": count, "first_seq": first_seq, "last_seq": last_seq, "head_hash": last_hash,
                            "events_sha256": manifest["events_sha256"], "before": before.isoformat()})
    return Archived(count, first_seq, last_seq, events_path, manifest_path)


def verify_archive(manifest_path: Path) -> str:
    """'' when the archive is whole: signature, file checksum, and the chain inside it from anchor to head."""
    manifest_path = Path(manifest_path)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"无法读取归档清单：{exc}"
    if not hmac.compare_digest(str(manifest.get("signature", "")), _sign(manifest)):
        return "归档清单的签名不符（清单被改动，或不是本系统的密钥签发的）。"
    events_path = manifest_path.parent / manifest["events_file"]
    digest, expected_seq, prev = hashlib.sha256(), manifest["first_seq"], manifest["anchor_hash"]
    with open(events_path, "rb") as stream:
        for line in stream:
            digest.update(line)
            row = json.loads(line)
            row["created_at"] = dt.datetime.strptime(row["created_at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
            if row["seq"] != expected_seq or row["prev_hash"] != prev or chain.event_hash(row) != row["hash"]:
                return f"归档文件中第 {row['seq']} 号记录的哈希链断开。"
            expected_seq, prev = expected_seq + 1, row["hash"]
    if digest.hexdigest() != manifest["events_sha256"]:
        return "归档文件的 SHA-256 与清单不符。"
    if expected_seq - 1 != manifest["last_seq"] or prev != manifest["head_hash"]:
        return "归档文件的记录数或链头与清单不符。"
    return ""
