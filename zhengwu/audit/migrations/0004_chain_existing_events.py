"""Chain the events written before the hash chain existed, in the order they were written (id order)."""
from django.db import migrations

from zhengwu.audit import chain


def forwards(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChain = apps.get_model("audit", "AuditChain")
    prev, seq = chain.GENESIS, 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        seq += 1
        event.seq, event.prev_hash = seq, prev
        event.hash = chain.event_hash(chain.values_of(event))
        AuditEvent.objects.filter(pk=event.pk).update(seq=event.seq, prev_hash=event.prev_hash, hash=event.hash)
        prev = event.hash
    AuditChain.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": prev})


def backwards(apps, schema_editor):
    apps.get_model("audit", "AuditChain").objects.all().delete()
    apps.get_model("audit", "AuditEvent").objects.update(seq=None, prev_hash="", hash="")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain")]
    operations = [migrations.RunPython(forwards, backwards)]
