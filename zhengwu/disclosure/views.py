"""Staff pages for government information: list, create/edit, the record page with its review actions.

Every write calls zhengwu.disclosure.actions; a ValidationError becomes a Chinese message on the page and a
PermissionDenied a Chinese 403 page. Another unit's records do not exist for the user (404).
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhengwu import pii
from zhengwu.audit.labels import action_label, change_rows
from zhengwu.audit.models import AuditEvent
from zhengwu.core.forms import ButtonForm, errors_to_form
from zhengwu.org import access
from zhengwu.org.decorators import staff_required

from . import actions, doc_number, workflow
from .forms import (
    AttachmentForm,
    AttachmentRemoveForm,
    AttachmentReplaceForm,
    CommentForm,
    DeleteRecordForm,
    InterpretationForm,
    ReasonForm,
    RecordFilterForm,
    RecordForm,
    RejectForm,
    RelationForm,
    SecrecyForm,
    ValidityForm,
    column_labels,
)
from .models import Record

S = Record.Status


def visible_records(user):
    """Records of the units whose internal work `user` may see; everything else is a 404."""
    return Record.objects.visible_to(user).select_related("unit", "topic")


def _get(request, pk: int) -> Record:
    return get_object_or_404(visible_records(request.user), pk=pk)


def _require_content_change(user, record: Record) -> None:
    blocker = workflow.content_blocker(record, user)
    if blocker:
        raise PermissionDenied(blocker.message)


# --- list -----------------------------------------------------------------------------------------------

@staff_required
def record_list(request):
    user = request.user
    units = access.visible_units(user)
    form = RecordFilterForm(request.GET or None, units=units)
    records = visible_records(user).order_by("-updated_at", "-id")
    if form.is_valid():
        data = form.cleaned_data
        for key in ("status", "kind", "validity", "unit"):
            if data.get(key):
                records = records.filter(**{key: data[key]})
        if data.get("document_number"):
            key = doc_number.search_key(data["document_number"])
            records = records.filter(document_number_key=key) if key else records.filter(
                document_number__icontains=data["document_number"].strip())
        if data.get("q"):
            q = data["q"].strip()
            records = records.filter(Q(title__icontains=q) | Q(body__icontains=q) | Q(summary__icontains=q))
    page = Paginator(records, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "staff/record_list.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "can_create": access.is_office_admin(user) or bool(access.unit_ids_with_role(user, "editor", "reviewer")),
    })


# --- create / edit --------------------------------------------------------------------------------------

@staff_required
def record_create(request):
    user = request.user
    form = RecordForm(request.POST or None, request.FILES or None, user=user)
    if not form.fields["unit"].queryset.exists():
        raise PermissionDenied("您没有在任何单位发布信息的权限。")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a bad attachment leaves no half-made record behind.
            with transaction.atomic():
                record = actions.create_record(by=user, unit=data["unit"], categories=data["categories"],
                                               columns=data["columns"], **form.action_fields())
                for upload in data["attachments"]:
                    actions.add_attachment(record, by=user, name=upload.name, data=upload.read())
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "已保存为草稿。")
            return redirect("disclosure:detail", pk=record.pk)
    return render(request, "staff/record_form.html", {"form": form, "record": None},
                  status=400 if form.errors else 200)


@staff_required
def record_edit(request, pk: int):
    record = _get(request, pk)
    _require_content_change(request.user, record)
    form = RecordForm(request.POST or None, user=request.user, record=record)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_record(record, by=request.user, categories=data["categories"], columns=data["columns"],
                                  **form.action_fields())
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "修改已保存。")
            return redirect("disclosure:detail", pk=record.pk)
    return render(request, "staff/record_form.html", {"form": form, "record": record},
                  status=400 if form.errors else 200)


# --- the record page ------------------------------------------------------------------------------------

def _history(record: Record):
    interp_ids = [str(i) for i in record.interpretations.values_list("pk", flat=True)]
    events = AuditEvent.objects.filter(
        Q(target_type="disclosure.record", target_id=str(record.pk))
        | Q(target_type="disclosure.interpretation", target_id__in=interp_ids)
    ).order_by("-created_at", "-id")
    return events


def _labelled(events):
    events = list(events)
    for e in events:
        e.action_label, e.rows = action_label(e.action), change_rows(e)
    return events


@staff_required
def record_detail(request, pk: int):
    return _detail_page(request, _get(request, pk))


def _detail_page(request, record: Record, failed: tuple[str, object] | None = None, status: int = 200):
    """The record page; `failed` is (form key, bound form) of an action or attachment form that failed: it takes
    that form's place, with the error summary in it (docs/decisions/1301-form-pattern.md)."""
    key, bound = failed or ("", None)

    def pick(name, form):
        return bound if name == key else form

    caps = workflow.offered(workflow.options(record, request.user))
    findings = actions.pii_findings(record)
    ctx = {
        "record": record,
        # Personal numbers are masked on the page; the edit form still shows the text as written.
        "shown": {"title": pii.mask_text(record.title), "summary": pii.mask_text(record.summary),
                  "body": pii.mask_text(record.body)},
        "caps": caps,
        "any_write": any(caps.values()),
        "blockers": actions.publication_blockers(record) if record.status != S.PUBLISHED else [],
        "findings": [{"where": where, "label": f.label, "masked": f.masked} for where, f in findings],
        "categories": record.categories.all(),
        "columns": column_labels(record.columns.all()),
        "attachments": [
            {"a": a, "replace": pick(f"replace{a.pk}", AttachmentReplaceForm(prefix=f"replace{a.pk}")),
             "remove": pick(f"remove{a.pk}", AttachmentRemoveForm(prefix=f"remove{a.pk}"))}
            for a in record.attachments.all()
        ],
        "interpretations": record.interpretations.all(),
        "outgoing": record.outgoing_relations.select_related("target"),
        "incoming": record.incoming_relations.select_related("source"),
        "reviews": record.reviews.select_related("by"),
        "history": _labelled(_history(record)[:10]),
        "requires_office_review": actions.requires_office_review(record),
        "forms": {name: pick(name, form) for name, form in {
            "attachment": AttachmentForm(), "secrecy": SecrecyForm(prefix="secrecy"),
            "approve": CommentForm(prefix="approve"), "reject": RejectForm(prefix="reject"),
            "unpublish": ReasonForm(prefix="unpublish"),
            "validity": ValidityForm(prefix="validity", initial={"validity": record.validity}),
            "relation": RelationForm(prefix="relation"), "interpretation": InterpretationForm(prefix="interp"),
            "exempt": ReasonForm(prefix="exempt"), "override": ReasonForm(prefix="override"),
            "delete": DeleteRecordForm(prefix="delete"),
        }.items()},
        "buttons": {key: bound} if key in BUTTON_ACTIONS else {},  # a button-only step's refusal
        "failed": bound,
    }
    return render(request, "staff/record_detail.html", ctx, status=status)


@staff_required
def record_history(request, pk: int):
    record = _get(request, pk)
    page = Paginator(_history(record), 50).get_page(request.GET.get("page"))
    for e in page:
        e.action_label, e.rows = action_label(e.action), change_rows(e)
    return render(request, "staff/record_history.html", {"record": record, "page": page})


@staff_required
@require_POST
def attachment_add(request, pk: int):
    record = _get(request, pk)
    _require_content_change(request.user, record)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                for upload in form.cleaned_data["files"]:
                    actions.add_attachment(record, by=request.user, name=upload.name, data=upload.read())
        except ValidationError as exc:
            form.add_error("files", exc.messages)  # the file checks name the file: shown at the upload box
        else:
            messages.success(request, f"已上传 {len(form.cleaned_data['files'])} 个附件。")
            return redirect(_detail_url(record, "attachments"))
    return _detail_page(request, record, failed=("attachment", form), status=400)


def _attachment(request, pk: int, attachment_pk: int):
    """The record (404 outside the user's units) and one of its attachments (404 if not the record's)."""
    record = _get(request, pk)
    _require_content_change(request.user, record)
    return record, get_object_or_404(record.attachments.all(), pk=attachment_pk)


@staff_required
@require_POST
def attachment_replace(request, pk: int, attachment_pk: int):
    record, attachment = _attachment(request, pk, attachment_pk)
    old_name = attachment.name
    form = AttachmentReplaceForm(request.POST, request.FILES, prefix=f"replace{attachment.pk}")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            actions.replace_attachment(attachment, by=request.user, name=upload.name, data=upload.read())
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, f"已将附件“{old_name}”替换为“{upload.name}”，原文件已删除。")
            return redirect(_detail_url(record, "attachments"))
    return _detail_page(request, record, failed=(f"replace{attachment.pk}", form), status=400)


@staff_required
@require_POST
def attachment_remove(request, pk: int, attachment_pk: int):
    record, attachment = _attachment(request, pk, attachment_pk)
    form = AttachmentRemoveForm(request.POST, prefix=f"remove{attachment.pk}")
    if form.is_valid():
        try:
            actions.remove_attachment(attachment, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已删除附件“{attachment.name}”。")
            return redirect(_detail_url(record, "attachments"))
    return _detail_page(request, record, failed=(f"remove{attachment.pk}", form), status=400)


def _detail_url(record: Record, anchor: str = "") -> str:
    url = reverse("disclosure:detail", args=[record.pk])
    return f"{url}#{anchor}" if anchor else url


# --- review and other actions ---------------------------------------------------------------------------

def _form_or_error(form_class, request, **kwargs):
    """The action's bound form, kept on the request so a refusal (the form's or the action's) is shown on it."""
    form = form_class(request.POST, **kwargs)
    request.action_form = form
    if not form.is_valid():
        raise ValidationError([e for errs in form.errors.values() for e in errs])
    return form.cleaned_data


def _do_submit(request, record):
    actions.submit(record, by=request.user)
    return "已提交单位审核。"


def _do_withdraw(request, record):
    actions.withdraw(record, by=request.user)
    return "已撤回为草稿。"


def _do_secrecy(request, record):
    data = _form_or_error(SecrecyForm, request, prefix="secrecy")
    actions.record_secrecy_review(record, by=request.user, opinion=data["opinion"], passed=data["passed"])
    return "保密审查已通过。" if data["passed"] else "保密审查未通过，信息已退回草稿。"


def _do_approve(request, record):
    data = _form_or_error(CommentForm, request, prefix="approve")
    record = actions.approve(record, by=request.user, comment=data["comment"])
    if record.status == S.PUBLISHED:
        return f"审核通过，已发布。索引号：{record.index_number}"
    return "单位审核通过，已提交公开办审核。"


def _do_reject(request, record):
    data = _form_or_error(RejectForm, request, prefix="reject")
    actions.reject(record, by=request.user, comment=data["comment"])
    return "已退回。"


def _do_publish(request, record):
    record = actions.publish(record, by=request.user)
    return f"已发布。索引号：{record.index_number}"


def _do_unpublish(request, record):
    data = _form_or_error(ReasonForm, request, prefix="unpublish")
    actions.unpublish(record, by=request.user, reason=data["reason"])
    return "已从所有网站撤下。"


def _do_validity(request, record):
    data = _form_or_error(ValidityForm, request, prefix="validity")
    actions.set_validity(record, by=request.user, validity=data["validity"], reason=data["reason"])
    return "有效性已变更。"


def relation_targets(user, record: Record):
    """Documents a relation may point at: published 规章/规范性文件 of any unit, or the user's own units' ones."""
    library = Record.objects.filter(kind__in=[Record.Kind.REGULATION, Record.Kind.NORMATIVE]).exclude(pk=record.pk)
    if access.is_office_admin(user):
        return library
    return library.filter(Q(status=S.PUBLISHED) | Q(unit__in=access.visible_units(user)))


def _do_relation(request, record):
    _require_content_change(request.user, record)
    data = _form_or_error(RelationForm, request, prefix="relation")
    targets = relation_targets(request.user, record).select_related("unit")
    if data.get("target_id"):
        matches = list(targets.filter(pk=data["target_id"]))
    else:
        query = data["target_query"].strip()
        key = doc_number.search_key(query)
        matches = list(targets.filter(document_number_key=key)) if key else []
        if not matches:
            matches = list(targets.filter(title__icontains=query)[:20])
    if not matches:
        raise ValidationError("没有找到该文号或标题的规章、行政规范性文件。")
    if len(matches) > 1:
        return render(request, "staff/record_relation_choose.html",
                      {"record": record, "matches": matches, "kind": data["kind"], "query": data["target_query"]})
    relation = actions.add_relation(record, matches[0], by=request.user, kind=data["kind"])
    return f"已登记：本文件{relation.get_kind_display()}《{relation.target.title}》。"


def _do_interpretation(request, record):
    _require_content_change(request.user, record)
    data = _form_or_error(InterpretationForm, request, prefix="interp", files=request.FILES)
    image = data.get("image")
    extra = {"image_name": image.name, "image_data": image.read()} if image else {}
    interp = actions.add_interpretation(record, by=request.user, form=data["form"], title=data["title"],
                                        body=data["body"], link=data["link"], schedule=data["schedule"], **extra)
    return f"已添加{interp.get_form_display()}：{interp.title}（{interp.get_status_display()}）。"


def _do_exempt(request, record):
    data = _form_or_error(ReasonForm, request, prefix="exempt")
    actions.exempt_interpretation(record, by=request.user, reason=data["reason"])
    return "已登记免于解读的理由。"


def _do_mask(request, record):
    _require_content_change(request.user, record)
    count = actions.mask_pii(record, by=request.user)
    if not count:
        return "没有发现需要去标识化的个人信息。"
    return f"已对 {count} 处个人信息去标识化。附件原文件无法自动改写，如附件中含个人信息请替换附件。"


def _do_override(request, record):
    data = _form_or_error(ReasonForm, request, prefix="override")
    actions.override_pii(record, by=request.user, reason=data["reason"])
    return "已放行个人信息，理由已记录。"


def _do_delete(request, record):
    data = _form_or_error(DeleteRecordForm, request, prefix="delete")
    title = pii.mask_text(record.title)
    actions.delete_record(record, by=request.user, reason=data["reason"])
    messages.success(request, f"已删除草稿《{title}》。")
    return redirect("disclosure:list")


BUTTON_ACTIONS = ("submit", "withdraw", "publish", "mask")  # no fields: a refusal goes on a ButtonForm

ACTIONS = {
    "submit": _do_submit, "withdraw": _do_withdraw, "secrecy": _do_secrecy, "approve": _do_approve,
    "reject": _do_reject, "publish": _do_publish, "unpublish": _do_unpublish, "validity": _do_validity,
    "relation": _do_relation, "interpretation": _do_interpretation, "exempt": _do_exempt, "mask": _do_mask,
    "override": _do_override, "delete": _do_delete,
}


@staff_required
@require_POST
def record_action(request, pk: int, name: str):
    record = _get(request, pk)
    handler = ACTIONS.get(name)
    if handler is None:
        return render(request, "staff/forbidden.html", {"message": "未知的操作。"}, status=404)
    try:
        result = handler(request, record)
    except ValidationError as exc:  # the page again, the refusal in that action's form (decision 1301)
        form = getattr(request, "action_form", None) or ButtonForm(request.POST)
        if form.is_bound and not form.errors:  # the form was fine; the action refused
            errors_to_form(form, exc)
        record = _get(request, pk)
        if not workflow.offered(workflow.options(record, request.user)).get({"reject": "approve"}.get(name, name)):
            messages.error(request, "操作未完成：" + "；".join(dict.fromkeys(exc.messages)))  # no form to show it in
            return redirect(_detail_url(record, "actions"))
        return _detail_page(request, record, failed=(name, form), status=400)
    if not isinstance(result, str):
        return result
    messages.success(request, result)
    return redirect(_detail_url(record))
