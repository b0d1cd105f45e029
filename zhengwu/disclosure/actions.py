"""Every write to government information goes through these functions (Zulip's do_* habit).

Each checks permissions and the legal rules first, changes nothing when a rule fails (raising a
ValidationError or PermissionDenied with a Chinese message), and writes the audit log in the same
transaction. Tests and the importer build data through these same functions.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable

import nh3
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhengwu import pii
from zhengwu.audit.log import record_event
from zhengwu.audit.models import AuditEvent
from zhengwu.org import access
from zhengwu.org.models import Unit, site_profile_for_unit

from . import attachments as attachment_rules
from . import doc_number, index_number
from .models import Attachment, Category, Interpretation, Record, RecordRelation, ReviewDecision, Topic

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "table", "thead",
                "tbody", "tr", "th", "td", "a", "img", "blockquote", "span", "div", "sup", "sub", "hr"}

# 同步起草、同步审签、同步发布: a 行政规范性文件 needs this many distinct 解读 forms (setting; local rules vary).
def min_interpretation_forms() -> int:
    return int(getattr(settings, "ZHENGWU_MIN_INTERPRETATION_FORMS", 2))


def require_secrecy_review() -> bool:
    """保密审查 before publication (《保守国家秘密法》; 条例第十七条 requires the review mechanism)."""
    return bool(getattr(settings, "ZHENGWU_REQUIRE_SECRECY_REVIEW", True))


# --- helpers -------------------------------------------------------------------------------------------

def sanitize_html(html: str) -> str:
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}, "img": {"src", "alt"},
                                                                "td": {"colspan", "rowspan"},
                                                                "th": {"colspan", "rowspan", "scope"}})


def clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "请填写标题。"})
    if _TAG.search(title) or "<script" in title.lower():
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
    """Who may change a record's content: the same rule as update_record, for every content action.

    Published records: only a 审核员 (or 公开办). Otherwise the unit's 信息员 while it is a draft (or taken
    down); once submitted, only a reviewer until the submitter withdraws it.
    """
    if _is_system(by):
        return
    if record.status == Record.Status.PUBLISHED:
        _require(access.can_review_unit(by, record.unit), "已发布的信息只能由审核员修改。")
        return
    _require(access.can_edit_unit_content(by, record.unit), "您没有修改该信息的权限。")
    _require(record.status in (Record.Status.DRAFT, Record.Status.UNPUBLISHED)
             or access.can_review_unit(by, record.unit), "信息已提交审核，请先撤回后再修改。")


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


def _clean_fields(fields: dict, *, lenient_number: bool = False) -> dict:
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
        out["body"] = sanitize_html(out["body"])
    if "summary" in out:
        out["summary"] = nh3.clean(out["summary"] or "", tags=set())
    if "publisher_name" in out and out["publisher_name"] and _TAG.search(out["publisher_name"]):
        errors.setdefault("publisher_name", []).append("发布机构不能包含 HTML 标签。")
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


# --- create / update -----------------------------------------------------------------------------------

EDITABLE = {"title", "kind", "publisher_name", "document_number", "topic", "written_date", "effective_date",
            "expiry_date", "validity", "disclosure_mode", "nondisclosure_reason", "summary", "body", "source"}


@transaction.atomic
def create_record(*, by, unit: Unit, title: str, categories: Iterable = (), columns: Iterable = (),
                  index_number_value: str | None = None, published_at: dt.datetime | None = None,
                  lenient_document_number: bool = False, **fields) -> Record:
    """A new draft. `index_number_value` keeps an imported record's own 索引号."""
    if not _is_system(by):
        _require(access.can_edit_unit_content(by, unit), "您没有在该单位发布信息的权限。")
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValidationError(f"未知字段：{', '.join(sorted(unknown))}")
    if isinstance(fields.get("topic"), str):
        fields["topic"] = Topic.objects.filter(name=fields["topic"]).first()
    cleaned = _clean_fields({"title": title, **fields}, lenient_number=lenient_document_number)
    cats = _categories(categories)
    if not cats:
        raise ValidationError({"categories": "请至少选择一个条例第二十条公开类别。"})
    record = Record(unit=unit, created_by=by if not _is_system(by) else None, published_at=published_at, **cleaned)
    if index_number_value:
        try:
            record.index_number = index_number.reserve_imported(index_number_value)
        except index_number.IndexNumberError as exc:
            raise ValidationError({"index_number": str(exc)}) from exc
    record.save()
    record.categories.set(cats)
    if columns:
        record.columns.set(list(columns))
    _audit(record, by, "create", None)
    return record


@transaction.atomic
def update_record(record: Record, *, by, categories: Iterable | None = None, columns: Iterable | None = None,
                  **fields) -> Record:
    """Edit a record. Any content change clears an earlier PII override: the reviewer must look again."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require_content_editable(record, by)
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValidationError(f"未知字段：{', '.join(sorted(unknown))}")
    cleaned = _clean_fields(fields)
    before = snapshot(record)
    content_changed = any(k in cleaned and cleaned[k] != getattr(record, k) for k in ("title", "body", "summary"))
    for key, value in cleaned.items():
        setattr(record, key, value)
    if content_changed:
        record.pii_override_by, record.pii_override_reason = None, ""
    if record.status == Record.Status.PUBLISHED:
        findings = pii_findings(record)
        if findings and not record.pii_override_reason:
            raise ValidationError(_pii_message(findings))
    record.save()
    if categories is not None:
        cats = _categories(categories)
        if not cats:
            raise ValidationError({"categories": "请至少选择一个条例第二十条公开类别。"})
        record.categories.set(cats)
    if columns is not None:
        record.columns.set(list(columns))
    _audit(record, by, "update", before)
    return record


@transaction.atomic
def add_attachment(record: Record, *, by, name: str, data: bytes) -> Attachment:
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require_content_editable(record, by)
    name = _clean_attachment_name(name)
    attachment_rules.check(name, len(data))
    text = attachment_rules.extract_text(name, data)
    _refuse_new_pii(record, name, text)
    attachment = Attachment(record=record, name=name, size=len(data), text=text,
                            content_type=attachment_rules.extension_of(name))
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    record.pii_override_by, record.pii_override_reason = None, ""
    record.save(update_fields=["pii_override_by", "pii_override_reason", "updated_at"])
    record_event(actor=by, action="attachment_add", target=record, after={"attachment": name, "size": len(data)},
                 unit=record.unit)
    return attachment


def _delete_files_on_commit(storage_names: Iterable[tuple]) -> None:
    """Remove stored files once the transaction that dropped them commits; a rollback keeps them."""
    names = [(storage, name) for storage, name in storage_names if name]

    def delete():
        for storage, name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete)


def _locked_attachment(attachment: Attachment) -> tuple[Record, Attachment]:
    record = Record.objects.select_for_update().get(pk=attachment.record_id)
    try:
        return record, record.attachments.get(pk=attachment.pk)
    except Attachment.DoesNotExist as exc:
        raise ValidationError("该附件不存在或已被删除。") from exc


def _refuse_new_pii(record: Record, name: str, text: str) -> None:
    """No review follows a file added to or replaced on a published record: the file itself must be
    de-identified (条例第十五条: 个人隐私 is not disclosed without consent)."""
    if record.status == Record.Status.PUBLISHED:
        findings = [(f"附件“{name}”", f) for f in pii.scan(text)]
        if findings:
            raise ValidationError(_pii_message(findings))


def _clean_attachment_name(name: str) -> str:
    name = (name or "").strip().replace("/", "_").replace("\\", "_")
    if _TAG.search(name):
        raise ValidationError("附件名不能包含 HTML 标签。")
    return name


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by, reason: str) -> None:
    """删除附件, e.g. a file that holds personal data which 去标识化 cannot rewrite (PDF, scans).

    The file leaves the disk only after the deletion commits.
    """
    record, attachment = _locked_attachment(attachment)
    _require_content_editable(record, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写删除附件的理由。")
    before = {"attachment": attachment.name, "size": attachment.size}
    stored = (attachment.file.storage, attachment.file.name)
    attachment.delete()
    record.save(update_fields=["updated_at"])
    record_event(actor=by, action="attachment_remove", target=record, before=before, unit=record.unit,
                 reason=reason)
    _delete_files_on_commit([stored])


@transaction.atomic
def replace_attachment(attachment: Attachment, *, by, name: str, data: bytes) -> Attachment:
    """替换附件: the same checks and text extraction as add_attachment; an earlier PII override is cleared.

    A file that fails a check changes nothing: the old file and its row stay as they were. On a published
    record the new file itself may not bring in unmasked personal numbers, since no review follows; what
    an earlier override let through elsewhere shows up again for the 审核员 to look at.
    """
    record, attachment = _locked_attachment(attachment)
    _require_content_editable(record, by)
    name = _clean_attachment_name(name)
    attachment_rules.check(name, len(data))
    text = attachment_rules.extract_text(name, data)
    _refuse_new_pii(record, name, text)
    before = {"attachment": attachment.name, "size": attachment.size}
    old = (attachment.file.storage, attachment.file.name)
    attachment.name, attachment.size, attachment.text = name, len(data), text
    attachment.content_type = attachment_rules.extension_of(name)
    attachment.file.save(name, ContentFile(data), save=False)
    try:
        attachment.save()
        record.pii_override_by, record.pii_override_reason = None, ""
        record.save(update_fields=["pii_override_by", "pii_override_reason", "updated_at"])
        record_event(actor=by, action="attachment_replace", target=record, before=before,
                     after={"attachment": name, "size": len(data)}, unit=record.unit)
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    _delete_files_on_commit([old])
    return attachment


def deletion_blocker(record: Record) -> str:
    """Why a record may not be deleted ("" = it may).

    Only a draft that never went out may go: once published — or holding a 索引号, which is never reused — it
    belongs to the public record and can only be 撤下 (the audit trail and the number stay).
    """
    if record.index_number or record.published_at or record.status == Record.Status.UNPUBLISHED:
        return "该信息已发布过或已有索引号，不能删除，只能撤下。"
    if record.status != Record.Status.DRAFT:
        return f"当前状态为“{record.get_status_display()}”，只能删除草稿；审核中的信息请先撤回。"
    if record.pk and AuditEvent.objects.filter(target_type="disclosure.record", target_id=str(record.pk),
                                               action="publish").exists():
        return "该信息已发布过，不能删除，只能撤下。"
    if record.pk and record.incoming_relations.exists():
        titles = "、".join(f"《{r.source.title}》" for r in record.incoming_relations.select_related("source")[:3])
        return f"{titles}已登记修改或废止本文件，不能删除。"
    return ""


@transaction.atomic
def delete_record(record: Record, *, by, reason: str = "") -> None:
    """删除草稿 that was never published (the unit's 信息员/审核员, or 公开办), audited with a snapshot.

    Attachment files and 解读 images leave the disk after the deletion commits.
    """
    record = Record.objects.select_for_update().get(pk=record.pk)
    if not _is_system(by):
        _require(access.can_edit_unit_content(by, record.unit), "您没有删除该信息的权限。")
    problem = deletion_blocker(record)
    if problem:
        raise ValidationError(problem)
    before = snapshot(record)
    before["categories"] = sorted(record.categories.values_list("number", flat=True))
    before["attachments"] = [{"name": a.name, "size": a.size} for a in record.attachments.all()]
    before["interpretations"] = [{"form": i.form, "title": i.title} for i in record.interpretations.all()]
    files = [(a.file.storage, a.file.name) for a in record.attachments.all()]
    files += [(i.image.storage, i.image.name) for i in record.interpretations.all() if i.image]
    record_event(actor=by, action="record_delete", target=record, before=before, unit=record.unit,
                 reason=(reason or "").strip())
    record.delete()
    _delete_files_on_commit(files)


# --- rules checked at publication ----------------------------------------------------------------------

def pii_findings(record: Record) -> list[tuple[str, pii.Finding]]:
    """Unmasked personal numbers, with where they are (标题/摘要/正文/附件名)."""
    places = [("标题", record.title), ("摘要", record.summary), ("正文", record.body)]
    if record.pk:
        places += [(f"附件“{a.name}”", a.text) for a in record.attachments.all()]
    return [(where, f) for where, text in places for f in pii.scan(text or "")]


def _pii_message(findings) -> str:
    listed = "；".join(f"{where}中的{f.label} {f.masked}" for where, f in findings[:5])
    more = f"等共{len(findings)}处" if len(findings) > 5 else ""
    return (f"发现未去标识化的个人信息：{listed}{more}。请使用“去标识化”处理，"
            "或由审核员填写理由后放行。")


def interpretation_forms(record: Record) -> set[str]:
    """Distinct 解读 forms published or scheduled to publish with the record."""
    return set(record.interpretations.filter(
        status__in=[Interpretation.Status.PUBLISHED, Interpretation.Status.SCHEDULED]
    ).values_list("form", flat=True))


def publication_blockers(record: Record) -> list[str]:
    """Everything that stops publication now, in Chinese. Empty = may publish."""
    problems = []
    if not record.categories.exists():
        problems.append("未选择条例第二十条公开类别。")
    if record.disclosure_mode != Record.DisclosureMode.PROACTIVE:
        problems.append(f"公开方式为“{record.get_disclosure_mode_display()}”，不能在网站主动公开。")
    if require_secrecy_review() and not record.secrecy_reviewed_at:
        problems.append("尚未完成保密审查。")
    findings = pii_findings(record)
    if findings and not record.pii_override_reason:
        problems.append(_pii_message(findings))
    if record.kind == Record.Kind.NORMATIVE and not record.interpretation_exempt_reason:
        forms = interpretation_forms(record)
        need = min_interpretation_forms()
        if len(forms) < need:
            problems.append(f"行政规范性文件须同步发布至少{need}种形式的政策解读（现有{len(forms)}种），"
                            "或由审核员登记免于解读的理由。")
    if record.unit.credit_code == "" and not record.index_number:
        problems.append("发布机构未设置统一社会信用代码，无法生成索引号。")
    return problems


def requires_office_review(record: Record) -> bool:
    profile = site_profile_for_unit(record.unit)
    return True if profile is None else profile.require_office_review


# --- review chain --------------------------------------------------------------------------------------

def _transition(record: Record, by, to: str, action: str, *, stage=None, decision=None, comment="") -> Record:
    before = snapshot(record)
    record.status = to
    record.save(update_fields=["status", "updated_at"])
    if stage:
        ReviewDecision.objects.create(record=record, stage=stage, decision=decision,
                                      by=by if not _is_system(by) else None, comment=comment)
    _audit(record, by, action, before, reason=comment)
    return record


@transaction.atomic
def submit(record: Record, *, by) -> Record:
    """草稿 → 待单位审核."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require(_is_system(by) or access.can_edit_unit_content(by, record.unit), "您没有提交该信息的权限。")
    if record.status not in (Record.Status.DRAFT, Record.Status.UNPUBLISHED):
        raise ValidationError(f"当前状态为“{record.get_status_display()}”，不能提交审核。")
    if not record.categories.exists():
        raise ValidationError("请至少选择一个条例第二十条公开类别后再提交。")
    return _transition(record, by, Record.Status.UNIT_REVIEW, "submit",
                       stage=ReviewDecision.Stage.SUBMIT, decision=ReviewDecision.Decision.SUBMITTED)


@transaction.atomic
def withdraw(record: Record, *, by) -> Record:
    """撤回: the submitter pulls a record back out of review."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require(_is_system(by) or access.can_edit_unit_content(by, record.unit), "您没有撤回该信息的权限。")
    if record.status not in (Record.Status.UNIT_REVIEW, Record.Status.OFFICE_REVIEW):
        raise ValidationError("只有审核中的信息可以撤回。")
    return _transition(record, by, Record.Status.DRAFT, "withdraw")


@transaction.atomic
def record_secrecy_review(record: Record, *, by, opinion: str, passed: bool = True) -> Record:
    """保密审查: recorded by a reviewer; a failed review sends the record back to draft."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require(_is_system(by) or access.can_review_unit(by, record.unit), "只有审核员可以进行保密审查。")
    opinion = (opinion or "").strip()
    if not opinion:
        raise ValidationError("请填写保密审查意见。")
    before = snapshot(record)
    if passed:
        record.secrecy_reviewed_by = by if not _is_system(by) else None
        record.secrecy_reviewed_at = timezone.now()
        record.secrecy_opinion = opinion
        record.save(update_fields=["secrecy_reviewed_by", "secrecy_reviewed_at", "secrecy_opinion", "updated_at"])
    else:
        record.secrecy_reviewed_by, record.secrecy_reviewed_at, record.secrecy_opinion = None, None, opinion
        record.status = Record.Status.DRAFT
        record.save(update_fields=["secrecy_reviewed_by", "secrecy_reviewed_at", "secrecy_opinion", "status",
                                   "updated_at"])
    ReviewDecision.objects.create(record=record, stage=ReviewDecision.Stage.SECRECY, comment=opinion,
                                  decision=ReviewDecision.Decision.APPROVED if passed else ReviewDecision.Decision.REJECTED,
                                  by=by if not _is_system(by) else None)
    _audit(record, by, "secrecy_review" if passed else "secrecy_review_failed", before, reason=opinion)
    return record


@transaction.atomic
def approve(record: Record, *, by, comment: str = "") -> Record:
    """Approve the current review stage: 单位审核 → 公开办审核 (when the site requires it) → 发布."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    if record.status == Record.Status.UNIT_REVIEW:
        _require(_is_system(by) or access.can_review_unit(by, record.unit), "只有本单位审核员可以审核。")
        if requires_office_review(record):
            problems = [p for p in publication_blockers(record) if "保密审查" not in p]
            if problems:
                raise ValidationError(problems)
            return _transition(record, by, Record.Status.OFFICE_REVIEW, "approve_unit",
                               stage=ReviewDecision.Stage.UNIT, decision=ReviewDecision.Decision.APPROVED,
                               comment=comment)
        ReviewDecision.objects.create(record=record, stage=ReviewDecision.Stage.UNIT, comment=comment,
                                      decision=ReviewDecision.Decision.APPROVED, by=by if not _is_system(by) else None)
        return _publish(record, by)
    if record.status == Record.Status.OFFICE_REVIEW:
        _require(_is_system(by) or access.can_office_review(by), "只有公开办管理员可以进行公开办审核。")
        ReviewDecision.objects.create(record=record, stage=ReviewDecision.Stage.OFFICE, comment=comment,
                                      decision=ReviewDecision.Decision.APPROVED, by=by if not _is_system(by) else None)
        return _publish(record, by)
    raise ValidationError(f"当前状态为“{record.get_status_display()}”，没有待审核的环节。")


@transaction.atomic
def reject(record: Record, *, by, comment: str) -> Record:
    record = Record.objects.select_for_update().get(pk=record.pk)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("退回时请填写退回意见。")
    if record.status == Record.Status.UNIT_REVIEW:
        _require(_is_system(by) or access.can_review_unit(by, record.unit), "只有本单位审核员可以审核。")
        stage = ReviewDecision.Stage.UNIT
    elif record.status == Record.Status.OFFICE_REVIEW:
        _require(_is_system(by) or access.can_office_review(by), "只有公开办管理员可以进行公开办审核。")
        stage = ReviewDecision.Stage.OFFICE
    else:
        raise ValidationError("只有审核中的信息可以退回。")
    return _transition(record, by, Record.Status.DRAFT, "reject", stage=stage,
                       decision=ReviewDecision.Decision.REJECTED, comment=comment)


def _publish(record: Record, by) -> Record:
    problems = publication_blockers(record)
    if problems:
        raise ValidationError(problems)
    before = snapshot(record)
    if not record.index_number:
        year = (record.written_date or timezone.localdate()).year
        cls = record.topic.code if record.topic else "A"
        try:
            record.index_number = index_number.issue(code=record.unit.credit_code, cls=cls, year=year)
        except index_number.IndexNumberError as exc:
            raise ValidationError(str(exc)) from exc
    record.status = Record.Status.PUBLISHED
    if not record.published_at:
        record.published_at = timezone.now()
    record.save()
    now = timezone.now()
    # 同步发布: scheduled 解读 go out with the policy.
    for interp in record.interpretations.filter(status=Interpretation.Status.SCHEDULED):
        interp.status, interp.published_at = Interpretation.Status.PUBLISHED, now
        interp.save(update_fields=["status", "published_at"])
        record_event(actor=by, action="interpretation_publish", target=interp, after={"status": interp.status},
                     unit=record.unit)
    _audit(record, by, "publish", before)
    # 立改废: publishing A updates the validity of what A amends or repeals.
    for relation in record.outgoing_relations.select_related("target").filter(applied_at__isnull=True):
        _apply_relation(relation, by)
    return record


@transaction.atomic
def publish(record: Record, *, by) -> Record:
    """Publish directly (公开办管理员, or the system for imports) — the same rules apply."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require(_is_system(by) or access.can_office_review(by)
             or (access.can_review_unit(by, record.unit) and not requires_office_review(record)),
             "您没有直接发布该信息的权限。")
    if record.status == Record.Status.PUBLISHED:
        raise ValidationError("该信息已发布。")
    return _publish(record, by)


@transaction.atomic
def unpublish(record: Record, *, by, reason: str) -> Record:
    """撤下 a published record from every site (it stays in the library, audit kept)."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require(_is_system(by) or access.can_review_unit(by, record.unit), "只有审核员可以撤下已发布信息。")
    if record.status != Record.Status.PUBLISHED:
        raise ValidationError("只有已发布的信息可以撤下。")
    if not (reason or "").strip():
        raise ValidationError("请填写撤下理由。")
    return _transition(record, by, Record.Status.UNPUBLISHED, "unpublish", comment=reason.strip())


# --- validity, 立改废 -----------------------------------------------------------------------------------

_RELATION_VALIDITY = {RecordRelation.Kind.AMENDS: Record.Validity.AMENDED,
                      RecordRelation.Kind.REPEALS: Record.Validity.REPEALED}


def _apply_relation(relation: RecordRelation, by) -> None:
    target = Record.objects.select_for_update().get(pk=relation.target_id)
    before = snapshot(target)
    relation.target_validity_before = target.validity
    relation.applied_at = timezone.now()
    relation.save(update_fields=["target_validity_before", "applied_at"])
    target.validity = _RELATION_VALIDITY[relation.kind]
    target.save(update_fields=["validity", "updated_at"])
    _audit(target, by, "validity_by_relation", before,
           reason=f"被《{relation.source.title}》{relation.get_kind_display()}")


@transaction.atomic
def add_relation(source: Record, target: Record, *, by, kind: str) -> RecordRelation:
    """A 修改/废止 B. Applied immediately when A is already published, otherwise when A is published."""
    source = Record.objects.select_for_update().get(pk=source.pk)
    target = Record.objects.get(pk=target.pk)
    _require_content_editable(source, by)
    if kind not in RecordRelation.Kind.values:
        raise ValidationError("立改废关系应为“修改”或“废止”。")
    if source.pk == target.pk:
        raise ValidationError("文件不能修改或废止自身。")
    if not (source.is_library_document and target.is_library_document):
        raise ValidationError("立改废关系只用于规章和行政规范性文件。")
    if target.validity == Record.Validity.REPEALED:
        raise ValidationError(f"《{target.title}》已废止，不能再被修改或废止。")
    if RecordRelation.objects.filter(source=target, target=source).exists():
        raise ValidationError("两个文件之间不能互相修改或废止。")
    if RecordRelation.objects.filter(source=source, target=target).exists():
        raise ValidationError("这两个文件之间已有立改废关系。")
    relation = RecordRelation.objects.create(source=source, target=target, kind=kind)
    record_event(actor=by, action="relation_add", target=source, unit=source.unit,
                 after={"relation": kind, "target": target.pk, "target_title": target.title})
    if source.status == Record.Status.PUBLISHED:
        _apply_relation(relation, by)
    return relation


@transaction.atomic
def set_validity(record: Record, *, by, validity: str, reason: str) -> Record:
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require(_is_system(by) or access.can_review_unit(by, record.unit), "只有审核员可以变更有效性。")
    if validity not in Record.Validity.values:
        raise ValidationError("有效性不正确。")
    if not (reason or "").strip():
        raise ValidationError("请填写变更有效性的依据。")
    before = snapshot(record)
    record.validity = validity
    record.save(update_fields=["validity", "updated_at"])
    _audit(record, by, "set_validity", before, reason=reason)
    return record


# --- 解读, exemptions and overrides ---------------------------------------------------------------------

INTERPRETATION_IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}


def interpretation_image_max_bytes() -> int:
    """Largest 图解 image accepted (setting; a long 一图读懂 is a few MB)."""
    return int(getattr(settings, "ZHENGWU_INTERPRETATION_IMAGE_MAX_BYTES", 10 * 1024 * 1024))


def check_interpretation_image_file(name: str, size: int) -> None:
    """Type and size of a 图解 image, by name and size only (forms call this before reading the file)."""
    ext = attachment_rules.extension_of(name)
    if ext not in INTERPRETATION_IMAGE_FORMATS:
        raise ValidationError({"image": f"图片“{name}”的类型不允许上传。允许的类型：png、jpg、gif、webp。"})
    if size == 0:
        raise ValidationError({"image": f"图片“{name}”是空文件。"})
    limit = interpretation_image_max_bytes()
    if size > limit:
        raise ValidationError({"image": f"图片“{name}”过大（{size / 1048576:.1f} MB），"
                                        f"不能超过 {limit / 1048576:.0f} MB。"})


def _check_interpretation_image(name: str, data: bytes) -> str:
    """Name, type, size and content (Pillow must read it as the format its extension claims)."""
    from PIL import Image

    name = _clean_attachment_name(name)
    check_interpretation_image_file(name, len(data))
    expected = INTERPRETATION_IMAGE_FORMATS[attachment_rules.extension_of(name)]
    try:
        with Image.open(io.BytesIO(data)) as image:
            actual = image.format
            image.verify()
    except Exception as exc:  # noqa: BLE001 - any decoder failure (or a decompression bomb) is a bad image
        raise ValidationError({"image": f"无法读取图片“{name}”，文件可能已损坏或不是图片。"}) from exc
    if actual != expected:
        raise ValidationError({"image": f"图片“{name}”的内容与扩展名不符（实际为 {actual or '未知'} 格式）。"})
    return name


@transaction.atomic
def add_interpretation(record: Record, *, by, form: str, title: str, body: str = "", link: str = "",
                       schedule: bool = True, image_name: str | None = None,
                       image_data: bytes | None = None) -> Interpretation:
    """Attach a 解读; `schedule` makes it publish together with the policy (or at once if already published).

    On a published policy only a 审核员 may add one, since it then goes out without further review.
    A 图文/图解 may carry an image (`image_name` + `image_data`), checked with Pillow before anything is saved.
    """
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require_content_editable(record, by)
    if form not in Interpretation.Form.values:
        raise ValidationError({"form": "解读形式应为：文字、图文/图解、视频、H5、访谈或新闻发布会。"})
    title = clean_title(title)
    if form in (Interpretation.Form.VIDEO, Interpretation.Form.H5) and not (link or body):
        raise ValidationError({"link": "视频或 H5 解读请填写链接。"})
    has_image = image_name is not None or image_data is not None
    if has_image:
        if form != Interpretation.Form.GRAPHIC:
            raise ValidationError({"image": "只有“图文/图解”形式的解读可以上传图片。"})
        if not image_name or image_data is None:
            raise ValidationError({"image": "请选择要上传的图片。"})
        image_name = _check_interpretation_image(image_name, image_data)
    status = Interpretation.Status.DRAFT
    published_at = None
    if schedule:
        if record.status == Record.Status.PUBLISHED:
            status, published_at = Interpretation.Status.PUBLISHED, timezone.now()
        else:
            status = Interpretation.Status.SCHEDULED
    interp = Interpretation(record=record, form=form, title=title, body=sanitize_html(body),
                            link=link, status=status, published_at=published_at,
                            created_by=by if not _is_system(by) else None)
    after = {"form": form, "status": status, "record": record.pk}
    if not has_image:
        interp.save(force_insert=True)
        record_event(actor=by, action="interpretation_add", target=interp, unit=record.unit, after=after)
        return interp
    interp.image.save(image_name, ContentFile(image_data), save=False)
    try:
        interp.save(force_insert=True)
        record_event(actor=by, action="interpretation_add", target=interp, unit=record.unit,
                     after={**after, "image": image_name, "size": len(image_data)})
    except Exception:
        interp.image.storage.delete(interp.image.name)
        raise
    return interp


@transaction.atomic
def exempt_interpretation(record: Record, *, by, reason: str) -> Record:
    """审核员 records why this 行政规范性文件 goes out without two forms of 解读."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require(_is_system(by) or access.can_review_unit(by, record.unit), "只有审核员可以登记免于解读。")
    if not (reason or "").strip():
        raise ValidationError("请填写免于解读的理由。")
    before = snapshot(record)
    record.interpretation_exempt_by = by if not _is_system(by) else None
    record.interpretation_exempt_reason = reason.strip()
    record.save(update_fields=["interpretation_exempt_by", "interpretation_exempt_reason", "updated_at"])
    _audit(record, by, "interpretation_exempt", before, reason=reason)
    return record


@transaction.atomic
def override_pii(record: Record, *, by, reason: str) -> Record:
    """审核员 lets personal numbers through (e.g. a published 公示 that must name a licence holder)."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require(_is_system(by) or access.can_review_unit(by, record.unit), "只有审核员可以放行个人信息。")
    if not (reason or "").strip():
        raise ValidationError("请填写放行理由。")
    before = snapshot(record)
    record.pii_override_by = by if not _is_system(by) else None
    record.pii_override_reason = reason.strip()
    record.save(update_fields=["pii_override_by", "pii_override_reason", "updated_at"])
    _audit(record, by, "pii_override", before, reason=reason)
    return record


@transaction.atomic
def mask_pii(record: Record, *, by) -> int:
    """去标识化: mask every personal number in title, summary, body and extracted attachment text.

    Returns how many were masked. The attachment *files* cannot be rewritten in general (PDF); the page
    warns, and a reviewer replaces the file or overrides with a reason.
    """
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require_content_editable(record, by)
    count = len(pii_findings(record))
    before = snapshot(record)
    record.title = pii.mask_text(record.title)
    record.summary = pii.mask_text(record.summary)
    record.body = pii.mask_text(record.body)
    record.save(update_fields=["title", "summary", "body", "updated_at"])
    for att in record.attachments.all():
        masked = pii.mask_text(att.text)
        if masked != att.text:
            att.text = masked
            att.save(update_fields=["text"])
    _audit(record, by, "mask_pii", before, reason=f"去标识化 {count} 处")
    return count
