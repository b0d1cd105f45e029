"""What every disclosure action shares: input cleaning, the audited snapshot, who may change content."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from html import escape

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhengwu.audit.log import record_event
from zhengwu.core.text import has_markup

from .. import doc_number, workflow
from ..models import Category, Record

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "table", "thead",
                "tbody", "tfoot", "tr", "th", "td", "a", "img", "blockquote", "span", "div", "sup", "sub", "hr",
                "caption"}
# The page's own <h1> is the title: a pasted document's heading levels move down one (h1 → h2 … h5/h6 → h4).
_HEADING = re.compile(r"<(/?)h([1-6])\b", re.I)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\u00a0|\u3000|<br\s*/?>)*</p>", re.I)


def sanitize_html(html: str) -> str:
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}, "img": {"src", "alt"},
                                                                "td": {"colspan", "rowspan", "headers"},
                                                                "th": {"colspan", "rowspan", "scope", "id", "headers"}})


def clean_body(text: str) -> str:
    """正文 as safe HTML that keeps the document's structure.

    Plain text (typed, or pasted without formatting): every line is a paragraph — Chinese official documents put
    one paragraph on a line; leading full-width indents are dropped (the stylesheet indents). HTML (pasted from
    Word through the editor's paste handler): headings (moved one level down), lists and tables survive; Word's
    <style>, conditional comments, <o:p>, classes and inline styles go (nh3), and so do empty paragraphs.
    """
    text = text or ""
    if not has_markup(text):
        lines = [line.strip(" \t\u3000\u00a0") for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        return "".join(f"<p>{escape(line)}</p>" for line in lines if line)
    text = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(max(int(m.group(2)) + 1, 2), 4)}", text)
    return _EMPTY_PARAGRAPH.sub("", sanitize_html(text)).strip()


def clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "请填写标题。"})
    if has_markup(title) or "<script" in title.lower():
        raise ValidationError({"title": "标题不能包含 HTML 标签或脚本，请只填写文字。"})
    if len(title) > 300:
        raise ValidationError({"title": "标题不能超过300个字。"})
    return title


def snapshot(record: Record) -> dict:
    """The audited view of a record (before/after)."""
    return {
        "title": record.title,
        "status": record.status,
        "validity": record.validity,
        "document_number": record.document_number,
        "index_number": record.index_number,
        "disclosure_mode": record.disclosure_mode,
        "written_date": record.written_date,
        "published_at": record.published_at,
        "unit": record.unit_id,
        "kind": record.kind,
    }


def _locked(record: Record) -> Record:
    """The record re-read under its row lock, with its unit (every review check and audit entry needs it)."""
    return Record.objects.select_for_update(of=("self",)).select_related("unit").get(pk=record.pk)


def _audit(record: Record, by, action: str, before: dict | None, reason: str = "") -> None:
    record_event(actor=by, action=action, target=record, before=before, after=snapshot(record),
                 unit=record.unit, reason=reason)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def _is_system(by) -> bool:
    """Importers and demo loaders act as the system (by=None), still audited."""
    return by is None


def _require_content_editable(record: Record, by) -> None:
    """Who may change a record's content: one rule (workflow.content_blocker) for every content action."""
    blocker = workflow.content_blocker(record, by)
    if blocker:
        raise PermissionDenied(blocker.message)


def _categories(values: Iterable) -> list[Category]:
    cats = []
    for value in values or ():
        if isinstance(value, Category):
            cats.append(value)
        else:
            try:
                cats.append(Category.objects.get(number=int(value)))
            except (Category.DoesNotExist, ValueError, TypeError) as exc:
                raise ValidationError({"categories": f"第二十条公开类别“{value}”不存在（应为1–15）。"}) from exc
    return cats


def _clean_fields(fields: dict, *, lenient_number: bool = False) -> dict:  # noqa: C901 - one check per editable field, all reported together
    """Validate and normalise the editable fields; raise one ValidationError listing every problem."""
    errors: dict[str, list[str]] = {}
    out = dict(fields)
    if "title" in out:
        try:
            out["title"] = clean_title(out["title"])
        except ValidationError as exc:
            errors.setdefault("title", []).extend(exc.message_dict["title"])
    if "document_number" in out:
        raw = (out["document_number"] or "").strip()
        if raw:
            try:
                parsed = doc_number.parse(raw, lenient=lenient_number)
                out["document_number"], out["document_number_key"] = parsed.text, parsed.key
            except doc_number.DocumentNumberError as exc:
                errors.setdefault("document_number", []).append(str(exc))
        else:
            out["document_number"], out["document_number_key"] = "", ""
    if "body" in out:
        out["body"] = clean_body(out["body"])
    if "summary" in out:
        out["summary"] = nh3.clean(out["summary"] or "", tags=set())
    if "publisher_name" in out and out["publisher_name"] and has_markup(out["publisher_name"]):
        errors.setdefault("publisher_name", []).append("发布机构不能包含 HTML 标签。")
    if out.get("reposted") and "publisher_name" in out and not (out.get("publisher_name") or "").strip():
        errors.setdefault("publisher_name", []).append("转载的文件请在“发布机构（署名）”中填写原发布机关。")
    mode = out.get("disclosure_mode")
    if mode == Record.DisclosureMode.NOT_DISCLOSED and not (out.get("nondisclosure_reason") or "").strip():
        errors.setdefault("nondisclosure_reason", []).append("选择“不予公开”时必须填写理由（条例第十四、十五、十六条）。")
    if "kind" in out and out["kind"] not in Record.Kind.values:
        errors.setdefault("kind", []).append("信息类型不正确。")
    if "validity" in out and out["validity"] not in Record.Validity.values:
        errors.setdefault("validity", []).append("有效性不正确。")
    written = out.get("written_date")
    if isinstance(written, dt.date) and written > timezone.localdate() + dt.timedelta(days=366):
        errors.setdefault("written_date", []).append("成文日期不合理（晚于一年以后）。")
    if errors:
        raise ValidationError(errors)
    return out


def _delete_files_on_commit(storage_names: Iterable[tuple]) -> None:
    """Remove stored files once the transaction that dropped them commits; a rollback keeps them."""
    names = [(storage, name) for storage, name in storage_names if name]

    def delete():
        for storage, name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete)


def _clean_attachment_name(name: str) -> str:
    name = (name or "").strip().replace("/", "_").replace("\\", "_")
    if has_markup(name):
        raise ValidationError("附件名不能包含 HTML 标签。")
    return name
