"""Key rotation for personal data at rest: every encrypted column re-encrypted under the first ZHENGWU_DATA_KEYS key,
every keyed lookup hash recomputed under ZHENGWU_LOOKUP_KEY (docs/security.md 密钥轮换).

Found generically: any model field that is a `zhengwu.core.crypto.EncryptedTextField`, and a model's
``LOOKUP_HASHES`` ({hash column: number column}). Rows are rewritten in batches, each batch in its own
transaction, so an interrupted run is simply run again.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from zhengwu.audit.log import record_event
from zhengwu.core import crypto


@dataclass
class _KeyRotation:
    """The audit target of a rotation (no database row of its own)."""

    pk: str = "data_keys"

    def __str__(self) -> str:
        return "个人信息加密密钥"


def encrypted_columns() -> list[tuple[type, list[str], dict[str, str]]]:
    found = []
    for model in apps.get_models():
        fields = [f.name for f in model._meta.get_fields() if isinstance(f, crypto.EncryptedTextField)]
        if fields:
            found.append((model, fields, dict(getattr(model, "LOOKUP_HASHES", {}))))
    return found


def rotate_all(*, by: str = "", batch: int = 500) -> dict[str, int]:
    """Re-encrypt every row; returns rows rewritten per model label. Audited as data_keys_rotate."""
    counts: dict[str, int] = {}
    for model, fields, hashes in encrypted_columns():
        label, done = model._meta.label, 0
        pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), batch):
            with transaction.atomic():
                rows = model._base_manager.filter(pk__in=pks[start:start + batch]).values("pk", *fields)
                for row in rows:
                    changes = dict(row)
                    pk = changes.pop("pk")
                    changes.update({h: crypto.lookup_hash(row[src]) for h, src in hashes.items()})
                    model._base_manager.filter(pk=pk).update(**changes)
                    done += 1
        counts[label] = done
    record_event(actor=f"命令行（{by or '安全管理员'}）", action="data_keys_rotate", target=_KeyRotation(),
                 target_type="security.data_keys", after={"reencrypted": counts, "keys": len(crypto.data_keys())})
    return counts
