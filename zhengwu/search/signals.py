"""Keep the index in step with the records, in the writer's own transaction.

Also: a Q&A whose source record becomes 失效/废止 (or is taken down) is hidden and flagged for review.
"""
from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from zhengwu.disclosure.models import Attachment, Interpretation, Record
from zhengwu.interaction.models import Message
from zhengwu.org.models import Unit
from zhengwu.services.models import Service

from . import indexer
from .models import QAPair, SearchEntry


@receiver(post_save, sender=Record, dispatch_uid="search_record_saved")
def record_saved(sender, instance: Record, raw=False, **kwargs):
    if raw or indexer.defer_record(instance):
        return
    indexer.sync_record(instance)
    from .actions import flag_qa_for_source

    flag_qa_for_source(instance)


@receiver(post_delete, sender=Record, dispatch_uid="search_record_deleted")
def record_deleted(sender, instance: Record, **kwargs):
    indexer.remove(SearchEntry.Kind.RECORD, instance.pk)


@receiver(post_save, sender=Attachment, dispatch_uid="search_attachment_saved")
@receiver(post_delete, sender=Attachment, dispatch_uid="search_attachment_deleted")
def attachment_changed(sender, instance: Attachment, raw=False, **kwargs):
    if raw:
        return
    record = Record.objects.filter(pk=instance.record_id).first()
    if record is not None and not indexer.defer_record(record):
        indexer.sync_record(record)


@receiver(post_save, sender=Interpretation, dispatch_uid="search_interpretation_saved")
def interpretation_saved(sender, instance: Interpretation, raw=False, **kwargs):
    if not raw:
        indexer.sync_interpretation(instance)


@receiver(post_delete, sender=Interpretation, dispatch_uid="search_interpretation_deleted")
def interpretation_deleted(sender, instance: Interpretation, **kwargs):
    indexer.remove(SearchEntry.Kind.INTERPRETATION, instance.pk)


@receiver(post_save, sender=QAPair, dispatch_uid="search_qa_saved")
def qa_saved(sender, instance: QAPair, raw=False, **kwargs):
    if not raw:
        indexer.sync_qa(instance)


@receiver(post_delete, sender=QAPair, dispatch_uid="search_qa_deleted")
def qa_deleted(sender, instance: QAPair, **kwargs):
    indexer.remove(SearchEntry.Kind.QA, instance.pk)


@receiver(m2m_changed, sender=QAPair.sources.through, dispatch_uid="search_qa_sources")
def qa_sources_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, QAPair):
        indexer.sync_qa(instance)


@receiver(post_save, sender=Unit, dispatch_uid="search_unit_saved")
def unit_saved(sender, instance: Unit, raw=False, **kwargs):
    if not raw:
        indexer.sync_unit(instance)


@receiver(post_save, sender=Service, dispatch_uid="search_service_saved")
def service_saved(sender, instance: Service, raw=False, **kwargs):
    """save_service saves the 事项 again (its version) after its materials, so the last signal sees them all."""
    if not raw:
        indexer.sync_service(instance)


@receiver(post_delete, sender=Service, dispatch_uid="search_service_deleted")
def service_deleted(sender, instance: Service, **kwargs):
    indexer.remove(SearchEntry.Kind.SERVICE, instance.pk)


def _connect_pages() -> None:
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished

    def page_changed(sender, instance, **kwargs):
        indexer.sync_page(instance)

    def page_deleted(sender, instance, **kwargs):
        indexer.remove(SearchEntry.Kind.COLUMN, instance.pk)

    page_published.connect(page_changed, dispatch_uid="search_page_published", weak=False)
    page_unpublished.connect(page_changed, dispatch_uid="search_page_unpublished", weak=False)
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="search_page_deleted", weak=False)


_connect_pages()


@receiver(post_save, sender=Message, dispatch_uid="search_message_saved")
def message_saved(sender, instance: Message, raw=False, **kwargs):
    """A reply enters the index when the office publishes it and leaves when it is withdrawn (重新办理)."""
    if not raw:
        indexer.sync_message(instance)


@receiver(post_delete, sender=Message, dispatch_uid="search_message_deleted")
def message_deleted(sender, instance: Message, **kwargs):
    indexer.remove(SearchEntry.Kind.MESSAGE, instance.pk)
