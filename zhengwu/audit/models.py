"""The audit log: every state change of a case or a publication — who, when, before/after.

Rows are written only through `zhengwu.audit.log.record_event`, which masks personal numbers first. The log is
append-only here: saving a stored event again, deleting one, and queryset update/delete all raise; each event is
hash-chained to the one before (zhengwu.audit.chain). Events older than the retention leave only through
`zhengwu audit archive`.
"""
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from . import chain


class AuditLogIsAppendOnly(Exception):
    """Raised by any attempt to change or delete a stored audit event."""

    def __init__(self, message: str = "审计日志只能追加，不能修改或删除（过了保存期限的记录请用 zhengwu audit archive 归档）。"):
        super().__init__(message)


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly()

    def delete(self):
        raise AuditLogIsAppendOnly()

    def bulk_update(self, *args, **kwargs):
        raise AuditLogIsAppendOnly()

    def bulk_create(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("审计记录须逐条写入（每条都接在哈希链上）。")


class AuditChain(models.Model):
    """The head of the hash chain (one row, pk 1): the last event's number and hash, and the archive anchor."""

    seq = models.PositiveBigIntegerField("最后序号", default=0)
    hash = models.CharField("最后哈希", max_length=64, blank=True)
    archived_seq = models.PositiveBigIntegerField("已归档至序号", default=0)
    archived_hash = models.CharField("已归档链头哈希", max_length=64, blank=True)

    class Meta:
        verbose_name = "审计哈希链头"
        verbose_name_plural = "审计哈希链头"

    def __str__(self) -> str:
        return f"审计哈希链头（第 {self.seq} 号）"


class AuditEvent(models.Model):
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    # No database FK and no cascade: an event keeps naming the account/unit even after they are gone, and a deletion
    # elsewhere never rewrites a hashed row.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=50, db_index=True)
    target_type = models.CharField("对象类型", max_length=50, db_index=True)
    target_id = models.CharField("对象编号", max_length=50, db_index=True)
    target_repr = models.CharField("对象", max_length=300, blank=True)
    unit = models.ForeignKey("org.Unit", verbose_name="单位", null=True, blank=True, on_delete=models.DO_NOTHING,
                             db_constraint=False, related_name="+")
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    reason = models.TextField("理由/说明", blank=True)
    seq = models.PositiveBigIntegerField("序号", unique=True, null=True, editable=False)
    prev_hash = models.CharField("前序哈希", max_length=64, blank=True, editable=False)
    hash = models.CharField("哈希", max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        """Insert only, chained to the current head under its row lock."""
        if not self._state.adding or self.pk is not None:
            raise AuditLogIsAppendOnly()
        using = kwargs.get("using")
        with transaction.atomic(using=using):
            seq, prev_hash = chain.append_position(using)
            self.seq, self.prev_hash = seq + 1, prev_hash
            self.created_at = self.created_at or timezone.now()
            self.hash = chain.event_hash(chain.values_of(self))
            kwargs["force_insert"] = True
            super().save(*args, **kwargs)
            chain.advance_head(self.seq, self.hash, using)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly()

    def changes(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
