"""Test records built through the disclosure actions, as staff would (no direct writes to Record)."""
from __future__ import annotations

import datetime as dt
import io

from zhengwu.disclosure import actions
from zhengwu.disclosure.models import Record


def publish(record: Record) -> Record:
    """The full review chain: submit → 保密审查 → 单位审核 → 公开办审核 (when the site requires it)."""
    actions.submit(record, by=None)
    actions.record_secrecy_review(record, by=None, opinion="经审查，不涉及国家秘密。")
    record = actions.approve(record, by=None)
    if record.status == Record.Status.OFFICE_REVIEW:
        record = actions.approve(record, by=None)
    return record


def make(unit, title, *, categories=(1,), publish_it=True, **fields) -> Record:
    record = actions.create_record(by=None, unit=unit, title=title, categories=categories, **fields)
    return publish(record) if publish_it else record


def make_normative(unit, title, number, *, columns=(), written=dt.date(2024, 3, 1), **fields) -> Record:
    """A 行政规范性文件 with the two 解读 forms the rule requires (同步发布)."""
    record = actions.create_record(by=None, unit=unit, title=title, categories=(1,), kind=Record.Kind.NORMATIVE,
                                   document_number=number, written_date=written, columns=columns, **fields)
    actions.add_interpretation(record, by=None, form="text", title=f"《{title}》文字解读",
                               body="<p>一、起草背景。二、主要内容。</p>")
    actions.add_interpretation(record, by=None, form="graphic", title=f"一图读懂《{title}》", body="<p>图解</p>")
    return publish(record)


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
