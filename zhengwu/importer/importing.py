"""Import a read notice as a government information record, through zhengwu.disclosure.actions.

Imported notices were already published elsewhere, so publication here records a 保密审查 opinion
"导入的已公开信息" as the system (by=None) and then goes through the same rule chain as any record
(categories, PII scan, 索引号). Re-importing the same notice (same 索引号, same 文号, or same title and
成文日期) finds the existing record instead of making a second one.

第二十条 categories (docs/decisions/0502-importing-notices.md): published 通知 are sorted by what the
title names; 政务公开工作要点 and 任务分工 — internal work arrangements, not 行政规范性文件 — fall under
第（十五）项 "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息" (国办 yearly 要点 require them
to be published).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html import escape

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page

from zhengwu.disclosure import actions, doc_number
from zhengwu.disclosure.models import Record, Topic
from zhengwu.org.models import Unit, site_profile_for_unit

from .notice import Notice

SECRECY_OPINION = "导入的已公开信息：原文已由发布机构公开发布，导入时核对不涉及国家秘密、工作秘密。"

# (pattern in the title, 第二十条 item). First match wins; the fallback is item 15.
CATEGORY_RULES: list[tuple[str, int]] = [
    (r"规划|计划纲要", 3),
    (r"统计公报|统计数据|统计信息", 4),
    (r"行政许可|审批事项|办事指南", 5),
    (r"行政处罚|行政强制|双随机", 6),
    (r"预算|决算|三公经费", 7),
    (r"收费", 8),
    (r"采购", 9),
    (r"建设项目|项目批准", 10),
    (r"扶贫|乡村振兴|教育|医疗|社会保障|就业|低保|救助", 11),
    (r"应急预案|预警|突发", 12),
    (r"监督检查|抽查|安全生产|食品药品|环境保护|产品质量", 13),
    (r"公务员|招考|招录|录用", 14),
    (r"工作要点|任务分工|责任分工", 15),
    (r"管理办法|实施办法|暂行办法|规定|实施细则|实施意见", 1),
]


def categories_for(notice: Notice) -> list[int]:
    title = notice.title
    for pattern, number in CATEGORY_RULES:
        if re.search(pattern, title):
            return [number]
    return [15]


def topic_for(notice: Notice) -> Topic | None:
    """The 主题分类 the text names, matched to our list by its first known part ("综合政务、政务公开" → 综合政务)."""
    if not notice.topic:
        return None
    parts = [notice.topic] + [p for p in re.split(r"[、,，/;；\s]+", notice.topic) if p]
    for part in parts:
        topic = Topic.objects.filter(name=part).first()
        if topic:
            return topic
    return None


def body_html(text: str) -> str:
    return "".join(f"<p>{escape(line).replace(chr(9), '　')}</p>" for line in text.split("\n") if line.strip())


def find_existing(notice: Notice) -> Record | None:
    if notice.index_number:
        record = Record.objects.filter(index_number=notice.index_number).first()
        if record:
            return record
    if notice.document_number:
        key = doc_number.search_key(notice.document_number)
        if key:
            record = Record.objects.filter(document_number_key=key).order_by("pk").first()
            if record:
                return record
    if notice.title and notice.written_date:
        return Record.objects.filter(title=notice.title, written_date=notice.written_date).order_by("pk").first()
    return None


def find_column(unit: Unit, key: str) -> Page:
    """The page with `column_key == key` on the site that hosts `unit` (its own, else the county portal)."""
    profile = site_profile_for_unit(unit)
    if profile is None:
        raise ValidationError(f"单位“{unit.name}”没有所属站点，无法放入栏目“{key}”。请先运行 load_demo 或建立站点。")
    for page in profile.site.root_page.get_descendants(inclusive=True).specific():
        if getattr(page, "column_key", None) == key:
            return page
    raise ValidationError(f"站点“{profile.site.site_name}”没有代号为“{key}”的栏目。")


@dataclass
class ImportResult:
    notice: Notice
    record: Record
    created: bool
    published: bool
    messages: list[str] = field(default_factory=list)
    publish_error: str = ""


def _published_at(notice: Notice, messages: list[str]) -> dt.datetime | None:
    if notice.published_at:
        return timezone.make_aware(notice.published_at) if timezone.is_naive(notice.published_at) \
            else notice.published_at
    if notice.written_date:
        messages.append("原文未注明发布日期，发布日期按成文日期记")
        return timezone.make_aware(dt.datetime.combine(notice.written_date, dt.time(9, 0)))
    return None


def publish_imported(record: Record) -> Record:
    """保密审查 (imported, already public) then publication through the normal rule chain, as the system."""
    if not record.secrecy_reviewed_at:
        record = actions.record_secrecy_review(record, by=None, opinion=SECRECY_OPINION)
    return actions.publish(record, by=None)


def _names_in(publisher: str) -> list[str]:
    """The bodies a signature names: "甲、乙" (联合发文) → ["甲", "乙"]."""
    return [n.strip() for n in re.split(r"[、，,；;\s]+", publisher) if n.strip()]


def import_notice(notice: Notice, *, unit: Unit, publish: bool = False, columns=(), categories=None,
                  kind: str = Record.Kind.GENERAL) -> ImportResult:
    """Create (or find) the record for `notice`; publish it when asked. Raises ValidationError if it cannot."""
    messages: list[str] = []
    record = find_existing(notice)
    created = False
    if record is None:
        topic = topic_for(notice)
        if notice.topic and topic is None:
            messages.append(f"主题分类“{notice.topic}”不在本平台分类表中，未设置")
        if not notice.validity:
            messages.append("原文未注明有效性，按“有效”导入")
        publisher = notice.publisher if notice.publisher and notice.publisher != unit.name else ""
        # Another body's notice reproduced here stays that body's record, marked 转载 (not this unit's work).
        reposted = bool(publisher) and not Unit.objects.filter(name__in=_names_in(publisher)).exists()
        record = actions.create_record(
            by=None, unit=unit, title=notice.title, kind=kind,
            categories=categories or categories_for(notice), columns=list(columns),
            index_number_value=notice.index_number or None, published_at=_published_at(notice, messages),
            lenient_document_number=True, document_number=notice.document_number,
            publisher_name=publisher, reposted=reposted, topic=topic, written_date=notice.written_date,
            validity=notice.validity or Record.Validity.VALID, body=body_html(notice.body),
            source=f"导入：{notice.source}" if notice.source else "导入",
        )
        created = True
    elif columns:
        missing = [c for c in columns if not record.columns.filter(pk=c.pk).exists()]
        if missing:
            record = actions.update_record(record, by=None, columns=list(record.columns.all()) + missing)
    published, publish_error = False, ""
    if publish and record.status != Record.Status.PUBLISHED:
        try:
            record = publish_imported(record)
            published = True
        except ValidationError as exc:
            record.refresh_from_db()
            publish_error = "；".join(exc.messages)
    return ImportResult(notice=notice, record=record, created=created, published=published, messages=messages,
                        publish_error=publish_error)
