"""Staff pages for 依申请公开: the per-unit dashboard (黄牌/红牌), case list, registration, the case page with
its action forms, letters (HTML preview, .docx), letter templates and in-app reminders.

Views only translate HTTP to `actions` calls. Another unit's cases are a 404; the applicant's identity is
shown only on the case page to the handling unit and 公开办管理员, and masked in lists and exports.
"""
from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zhengwu import pii
from zhengwu.core.forms import errors_to_form
from zhengwu.core.params import ascii_id
from zhengwu.org.decorators import staff_required
from zhengwu.org.models import Membership, Role

from . import access, actions, clock, dashboard, letters, workflow
from .forms import (
    AppealDecisionForm,
    AppealForm,
    AssignForm,
    CloseForm,
    ConfirmForm,
    ConsultationForm,
    ConsultationReplyForm,
    CorrectionForm,
    CorrectionReceivedForm,
    ExtensionForm,
    FeeForm,
    LetterForm,
    PaymentForm,
    ReceiptForm,
    StaffRegisterForm,
    TemplateForm,
    WaiveForm,
)
from .models import Application, Letter, LetterTemplate, Notification, Status


def _get(request, pk: int) -> Application:
    return get_object_or_404(access.visible_cases(request.user), pk=pk)


def masked_name(app: Application) -> str:
    return app.applicant_name if app.is_organisation else pii.mask_name(app.applicant_name)


# --- dashboard and list ------------------------------------------------------------------------------------

@staff_required
def case_list(request):
    qs = access.visible_cases(request.user).order_by("due_date", "-submitted_at")
    status = request.GET.get("status", "open")
    if status == "open":
        qs = qs.open()
    elif status in Status.values:
        qs = qs.filter(status=status)
    unit_id = request.GET.get("unit")
    if ascii_id(unit_id) is not None:
        qs = qs.filter(unit_id=ascii_id(unit_id))
    today = timezone.localdate()
    cal = clock.get_calendar()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = []
    for a in page:
        left = clock.workdays_left(a.due_date, today, cal) if a.is_open and a.due_date else None
        rows.append({"app": a, "name": masked_name(a), "left": left, "overdue": -left if left and left < 0 else 0,
                     "level": clock.warning_level(a.due_date, today, cal) if a.is_open else ""})
    summary = dashboard.unit_summary(request.user, today, cal)
    return render(request, "applications/staff_list.html", {
        "rows": rows, "page": page, "status": status, "statuses": Status.choices,
        "summary": summary, "any_provisional": any(r["provisional"] for r in summary),
        "can_register": bool(_handle_units(request.user)),
    })


@staff_required
def export_csv(request):
    """Exports carry masked identity only (the issue's privacy rule)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="yisq.csv"'
    response.write("\ufeff")
    w = csv.writer(response)
    w.writerow(["申请编号", "办理单位", "申请人", "申请人类型", "证件号码", "联系电话", "收到日期", "答复期限", "状态", "办理结果",
                "答复日期"])
    rows = 0
    for a in access.visible_cases(request.user).order_by("submitted_at"):
        rows += 1
        w.writerow([a.serial, a.unit.name, masked_name(a), a.get_applicant_type_display(),
                    pii.mask_id_number(a.id_number), pii.mask_mobile(a.phone) if len(a.phone) >= 11 else "****",
                    a.received_date or "", a.due_date or "", a.get_status_display(), a.get_final_outcome_display(),
                    a.closed_date or ""])
    actions.record_cases_export(by=request.user, fmt="csv", rows=rows)
    return response


def _handle_units(user):
    from zhengwu.org.models import Unit

    if access.visible_unit_ids(user) is None:
        return list(Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.VILLAGE))
    return [u for u in Unit.objects.filter(pk__in=access.visible_unit_ids(user)) if access.can_handle(user, u)]


@staff_required
def register(request):
    units = _handle_units(request.user)
    if not units:
        raise PermissionDenied("只有依申请公开经办人、审核员或公开办管理员可以登记申请。")
    form = StaffRegisterForm(request.POST or None)
    form.fields["unit"].queryset = form.fields["unit"].queryset.filter(pk__in=[u.pk for u in units])
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            app = actions.register(by=request.user, unit=cd["unit"], channel=cd["channel"],
                                   data=form.data_for_action(), submitted=cd["submitted"], signed=cd["signed"],
                                   confirmed=cd["confirmed"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已登记申请 {app.serial}，查询码 {app.query_code}。")
            return redirect("applications_staff:detail", pk=app.pk)
    return render(request, "applications/staff_register.html", {"form": form})


# --- the case page -----------------------------------------------------------------------------------------

def _unit_users(app, *roles):
    User = get_user_model()
    ids = Membership.objects.filter(unit=app.unit, role__in=roles).values_list("user_id", flat=True)
    admins = Membership.objects.filter(role=Role.OFFICE_ADMIN).values_list("user_id", flat=True)
    return (User.objects.filter(pk__in=list(ids) + list(admins)).prefetch_related("memberships__unit")
            .order_by("last_name", "first_name", "username"))


def _forms(app, data=None, which=None):
    """The action forms that make sense for the case's state; `which` is bound to POST data."""
    today = timezone.localdate()
    init = {"notice_date": today, "reply_date": today, "sent_date": today, "approved_date": today,
            "confirmed": today, "corrected_date": today, "paid_date": today, "waived_date": today,
            "filed_date": today, "decided_date": today, "date": today}
    makers = {
        "confirm": lambda d: ConfirmForm(d, initial=init),
        "assign": lambda d: AssignForm(d, users=_unit_users(app, Role.HANDLER, Role.REVIEWER)),
        "correction": lambda d: CorrectionForm(d, initial=init),
        "correction_received": lambda d: CorrectionReceivedForm(d, initial=init),
        "consultation": lambda d: ConsultationForm(d, initial=init),
        "extend": lambda d: ExtensionForm(d, initial=init, approvers=_unit_users(app, Role.REVIEWER)),
        "fee": lambda d: FeeForm(d, initial=init),
        "close": lambda d: CloseForm(d, initial=init),
        "appeal": lambda d: AppealForm(d, initial=init),
        "letter": lambda d: LetterForm(d, initial=init),
    }
    forms = {}
    for name, make in makers.items():
        forms[name] = make(data if name == which else None)
        forms[name].auto_id = f"{name}_%s"  # one page, ten forms: 类型, 通知日期… would share ids otherwise
    return forms


@staff_required
def detail(request, pk: int):
    app = _get(request, pk)
    if access.can_see_identity(request.user, app):
        actions.record_identity_view(app, by=request.user, where="案件页")
    return _render_detail(request, app, _forms(app))


# The forms on a consultation, fee or appeal of the case: its class, the hidden field naming the item, the
# item's related name and the prefix of its ids (several items on one page: every id unique).
SUB_FORMS = {
    "consultation_reply": (ConsultationReplyForm, "consultation", "consultations", "cq"),
    "consultation_receipt": (ReceiptForm, "target", "consultations", "cr"),
    "payment": (PaymentForm, "fee", "fees", "fp"),
    "waive": (WaiveForm, "fee", "fees", "fw"),
    "fee_receipt": (ReceiptForm, "target", "fees", "fr"),
    "appeal_decision": (AppealDecisionForm, "appeal", "appeals", "ad"),
}


def _sub_form(name: str, pk: int, data=None, initial=None):
    form_class, key, _, prefix = SUB_FORMS[name]
    return form_class(data, initial={key: pk, **(initial or {})}, auto_id=f"{prefix}{pk}_%s")


def _render_detail(request, app, forms, status=200, failed_sub=None):
    """The case page; `failed_sub` is (name, item pk, bound form) of an item's form that failed, shown in place."""
    today = timezone.localdate()

    def sub(name, pk, initial):
        if failed_sub and failed_sub[:2] == (name, pk):
            return failed_sub[2]
        return _sub_form(name, pk, initial=initial)

    cal = clock.get_calendar()
    due = actions.compute_due(app, cal)
    opts = workflow.options(app, request.user, today)
    left = clock.workdays_left(app.due_date, today, cal) if app.is_open and app.due_date else None
    ctx = {
        "app": app, "can_handle": access.can_handle(request.user, app.unit),
        "identity": access.can_see_identity(request.user, app),
        "events": app.events.select_related("actor").order_by("created_at", "id"),
        "due": due, "level": clock.warning_level(app.due_date, today, cal) if app.is_open else "",
        "left": left, "overdue": -left if left and left < 0 else 0,
        # Offered steps, each with the rule that will refuse it now (shown beside its form).
        "forms": [(name, workflow.LABELS[name], forms[name], [b.message for b in opts.blockers(name)])
                  for name in workflow.offered(opts)],
        "consultations": [(c, sub("consultation_reply", c.pk, {"replied_date": today}),
                           sub("consultation_receipt", c.pk, {"received_date": c.received_date}))
                          for c in app.consultations.all()],
        "fees": [(f, sub("payment", f.pk, {"paid_date": today}), sub("waive", f.pk, {"waived_date": today}),
                  sub("fee_receipt", f.pk, {"received_date": f.received_date}))
                 for f in app.fees.all()],
        "appeals": [(a, sub("appeal_decision", a.pk, {"decided_date": today})) for a in app.appeals.all()],
        "letters": app.letters.all(), "correction": getattr(app, "correction", None),
        "extension": getattr(app, "extension", None),
        "provisional_message": _provisional_message(due),
        # the title says 错误： (docs/decisions/1301-form-pattern.md)
        "failed": any(f.errors for f in forms.values()) or bool(failed_sub and failed_sub[2].errors),
    }
    return render(request, "applications/staff_detail.html", ctx, status=status)


def _provisional_message(due):
    if not due or not due.provisional:
        return ""
    from zhengwu.workdays.calendar import provisional_message

    return provisional_message(due.provisional_years)


# The case page's steps: each form's cleaned data handed to its action function.
RUNNERS = {
    "confirm": lambda app, user, cd: actions.confirm_receipt(app, by=user, confirmed=cd["confirmed"]),
    "assign": lambda app, user, cd: actions.assign_handler(app, by=user, handler=cd["handler"]),
    "correction": lambda app, user, cd: actions.request_correction(
        app, by=user, items=cd["items"], notice_date=cd["notice_date"], deadline=cd["deadline"]),
    "correction_received": lambda app, user, cd: actions.receive_correction(
        app, by=user, corrected_date=cd["corrected_date"], content=cd["content"]),
    "consultation": lambda app, user, cd: actions.start_consultation(
        app, by=user, kind=cd["kind"], party_name=cd["party_name"], party_address=cd["party_address"],
        sent_date=cd["sent_date"], delivery=cd["delivery"], received_date=cd["received_date"]),
    "extend": lambda app, user, cd: actions.extend(
        app, by=user, days=cd["days"], reason=cd["reason"], approver=cd["approver"],
        approved_date=cd["approved_date"], notice_date=cd["notice_date"]),
    "fee": lambda app, user, cd: actions.notify_fee(
        app, by=user, method=cd["method"], quantity=cd["quantity"], notice_date=cd["notice_date"],
        waive_reason=cd["waive_reason"], delivery=cd["delivery"], received_date=cd["received_date"]),
    "close": lambda app, user, cd: actions.close(
        app, by=user, outcome=cd["outcome"], reply_date=cd["reply_date"], reason=cd["reason"],
        referred_agency=cd["referred_agency"], already_public=cd["already_public"]),
    "appeal": lambda app, user, cd: actions.record_appeal(
        app, by=user, kind=cd["kind"], filed_date=cd["filed_date"], authority=cd["authority"],
        case_number=cd["case_number"]),
    "letter": lambda app, user, cd: letters.issue(app, by=user, kind=cd["kind"], date=cd["date"]),
}


@staff_required
@require_POST
def act(request, pk: int, name: str):
    app = _get(request, pk)
    if name not in RUNNERS:
        raise Http404
    forms = _forms(app, request.POST, which=name)
    form = forms[name]
    if form.is_valid():
        try:
            RUNNERS[name](app, request.user, form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已完成：{workflow.LABELS[name]}。")
            return redirect("applications_staff:detail", pk=app.pk)
    messages.error(request, f"未能{workflow.LABELS[name]}，请查看下方的提示。")
    app = _get(request, pk)
    return _render_detail(request, app, forms, status=400)


def _run_sub(app, user, name: str, item, cd: dict) -> None:
    if name == "consultation_reply":
        actions.record_consultation_reply(item, by=user, opinion=cd["opinion"], replied_date=cd["replied_date"],
                                          text=cd["text"])
    elif name == "consultation_receipt":
        actions.record_consultation_receipt(item, by=user, received_date=cd["received_date"])
    elif name == "fee_receipt":
        actions.record_fee_receipt(item, by=user, received_date=cd["received_date"])
    elif name == "payment":
        actions.record_payment(item, by=user, paid_date=cd["paid_date"])
    elif name == "waive":
        actions.waive_fee(item, by=user, reason=cd["reason"], waived_date=cd["waived_date"])
    else:
        actions.decide_appeal(item, by=user, result=cd["result"], decided_date=cd["decided_date"])


@staff_required
@require_POST
def sub_act(request, pk: int, name: str):
    """Actions on a consultation, fee or appeal of the case (reply / payment / waiver / decision / receipt); a
    failed one shows the case page again with that form's error summary (decision 1301), nothing saved."""
    app = _get(request, pk)
    if name not in SUB_FORMS:
        raise Http404
    _, key, related, _ = SUB_FORMS[name]
    item_pk = ascii_id(request.POST.get(key))
    item = get_object_or_404(getattr(app, related), pk=item_pk or 0)
    form = _sub_form(name, item.pk, request.POST)
    if form.is_valid():
        try:
            _run_sub(app, request.user, name, item, form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("applications_staff:detail", pk=app.pk)
    messages.error(request, "未能保存，请查看下方的提示。")
    return _render_detail(request, _get(request, pk), _forms(app), status=400, failed_sub=(name, item.pk, form))


# --- letters -----------------------------------------------------------------------------------------------

@staff_required
def letter_preview(request, pk: int, kind: str):
    """HTML preview of a letter as it would be issued today (nothing is saved)."""
    app = _get(request, pk)
    date = request.GET.get("date")
    try:
        date = dt.date.fromisoformat(date) if date else timezone.localdate()
        _key, title, body = letters.render(app, kind, date=date)
    except (ValidationError, ValueError) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        return redirect("applications_staff:detail", pk=app.pk)
    return render(request, "applications/staff_letter.html", {
        "app": app, "title": title, "paragraphs": letters.paragraphs(body), "date": letters.cn_date(date),
        "number": "（出具时编号）", "preview": True, "kind": kind})


@staff_required
def letter_view(request, pk: int, letter_id: int):
    app = _get(request, pk)
    letter = get_object_or_404(Letter, pk=letter_id, application=app)
    if request.GET.get("format") == "docx":
        response = HttpResponse(letters.to_docx(letter, app.unit), content_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
        response["Content-Disposition"] = content_disposition_header(True, letters.download_name(app, letter))
        actions.record_letter_export(letter, by=request.user, fmt="docx")
        return response
    return render(request, "applications/staff_letter.html", {
        "app": app, "title": letter.title, "paragraphs": letters.paragraphs(letter.body),
        "date": letters.cn_date(letter.issued_date), "number": letter.number, "letter": letter})


@staff_required
def template_list(request):
    return render(request, "applications/staff_templates.html", {
        "templates": LetterTemplate.objects.all(), "can_edit": access.can_edit_templates(request.user)})


@staff_required
def template_edit(request, pk: int):
    template = get_object_or_404(LetterTemplate, pk=pk)
    if not access.can_edit_templates(request.user):
        raise PermissionDenied("只有公开办管理员可以修改文书模板。")
    form = TemplateForm(request.POST or None, initial={"title": template.title, "body": template.body})
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_letter_template(template, by=request.user, title=form.cleaned_data["title"],
                                           body=form.cleaned_data["body"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "文书模板已保存。")
            return redirect("applications_staff:templates")
    return render(request, "applications/staff_template_edit.html", {"form": form, "template": template})


@staff_required
def notifications(request):
    rows = Notification.objects.filter(user=request.user).select_related("application")[:200]
    if request.method == "POST":
        actions.mark_notifications_read(by=request.user)
        return redirect("applications_staff:notifications")
    return render(request, "applications/staff_notifications.html", {"rows": rows})
