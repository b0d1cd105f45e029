"""Staff workbench: login, per-role dashboard, unit public information, the audit log.

Views only read and call action functions; who may see what is decided in zhengwu.org.access.
"""
from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zhengwu.audit.models import AuditEvent

from . import access
from . import actions as org_actions
from .decorators import forbidden, office_admin_required, staff_required  # noqa: F401 (re-exported)
from .forms import AuditFilterForm, StaffLoginForm, UnitInfoForm, action_label, change_rows
from .models import Role, Unit


class LoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = settings.LOGIN_URL


# --- dashboard ------------------------------------------------------------------------------------------

def overdue_days() -> int:
    """Days a record may wait in one review stage before the dashboard flags it (no legal limit; local rule)."""
    return int(getattr(settings, "ZHENGWU_REVIEW_OVERDUE_DAYS", 5))


def _records():
    from zhengwu.disclosure.models import Record, ReviewDecision

    last = ReviewDecision.objects.filter(record=OuterRef("pk")).order_by("-at", "-id")
    return Record.objects.select_related("unit").annotate(
        last_decision=Subquery(last.values("decision")[:1]),
        last_comment=Subquery(last.values("comment")[:1]),
        waiting_since=Max("reviews__at"),
    )


def _overdue(records_qs):
    from zhengwu.disclosure.models import Record

    cutoff = timezone.now() - dt.timedelta(days=overdue_days())
    return list(records_qs.filter(status__in=[Record.Status.UNIT_REVIEW, Record.Status.OFFICE_REVIEW],
                                  waiting_since__lt=cutoff).order_by("waiting_since")[:50])


def _overdue_applications(unit_ids):
    """依申请公开 cases past their due date (if the applications app has its models yet)."""
    try:
        Application = apps.get_model("applications", "Application")
    except LookupError:
        return None
    qs = Application.objects.filter(due_date__lt=timezone.localdate(), final_outcome="")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return qs.count()


def _stats(unit_ids: set[int] | None) -> dict:
    """Counts for the 领导 and 公开办 dashboards over `unit_ids` (None = every unit)."""
    from zhengwu.disclosure.models import Category, Record

    units = Unit.objects.all() if unit_ids is None else Unit.objects.filter(pk__in=unit_ids)
    s = Record.Status
    per_unit = units.annotate(
        published=Count("records", filter=Q(records__status=s.PUBLISHED)),
        in_review=Count("records", filter=Q(records__status__in=[s.UNIT_REVIEW, s.OFFICE_REVIEW])),
        drafts=Count("records", filter=Q(records__status=s.DRAFT)),
        unpublished=Count("records", filter=Q(records__status=s.UNPUBLISHED)),
    ).order_by("sort_order", "id")
    published = Record.objects.filter(status=s.PUBLISHED)
    if unit_ids is not None:
        published = published.filter(unit_id__in=unit_ids)
    per_category = Category.objects.annotate(
        n=Count("records", filter=Q(records__in=published.values("pk")))
    ).order_by("number")
    today = timezone.localdate()
    month_start = timezone.make_aware(dt.datetime(today.year, today.month, 1))
    scoped = _records() if unit_ids is None else _records().filter(unit_id__in=unit_ids)
    return {
        "per_unit": per_unit,
        "per_category": per_category,
        "published_this_month": published.filter(published_at__gte=month_start).count(),
        "published_total": published.count(),
        "overdue": _overdue(scoped),
        "overdue_applications": _overdue_applications(unit_ids),
        "overdue_days": overdue_days(),
    }


@staff_required
def dashboard(request):
    from zhengwu.disclosure.models import Record

    user = request.user
    s = Record.Status
    ctx: dict = {"sections": []}
    editor_units = access.unit_ids_with_role(user, Role.EDITOR)
    reviewer_units = access.unit_ids_with_role(user, Role.REVIEWER)
    if editor_units:
        ctx["editor"] = {
            "drafts": _records().filter(unit_id__in=editor_units, status__in=[s.DRAFT, s.UNPUBLISHED])
                                .order_by("-updated_at")[:100],
            "in_review": _records().filter(unit_id__in=editor_units, status__in=[s.UNIT_REVIEW, s.OFFICE_REVIEW])
                                   .order_by("-updated_at")[:100],
        }
    if reviewer_units:
        ctx["reviewer"] = {
            "unit_queue": _records().filter(unit_id__in=reviewer_units, status=s.UNIT_REVIEW).order_by("waiting_since"),
            "secrecy_queue": _records().filter(unit_id__in=reviewer_units, secrecy_reviewed_at__isnull=True,
                                               status__in=[s.UNIT_REVIEW, s.OFFICE_REVIEW]).order_by("waiting_since"),
        }
    if access.is_office_admin(user):
        ctx["office"] = {
            "office_queue": _records().filter(status=s.OFFICE_REVIEW).order_by("waiting_since"),
            "secrecy_queue": _records().filter(secrecy_reviewed_at__isnull=True,
                                               status__in=[s.UNIT_REVIEW, s.OFFICE_REVIEW]).order_by("waiting_since"),
        }
        ctx["stats"] = _stats(None)
    elif access.is_leader(user):
        scope: set[int] = set()
        for unit in Unit.objects.filter(pk__in=access.unit_ids_with_role(user, Role.LEADER)):
            scope |= unit.descendant_ids()
        ctx["stats"] = _stats(scope)
    ctx["read_only"] = not (editor_units or reviewer_units or access.is_office_admin(user))
    return render(request, "staff/dashboard.html", ctx)


# --- units ----------------------------------------------------------------------------------------------

@office_admin_required
def unit_list(request):
    units = Unit.objects.select_related("parent").order_by("sort_order", "id")
    return render(request, "staff/unit_list.html", {"units": units})


@office_admin_required
def unit_edit(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk)
    form = UnitInfoForm.for_unit(unit, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        try:
            org_actions.update_unit_info(unit, by=request.user, reason=reason, **data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, f"已保存“{unit.name}”的公开信息。")
            return redirect("staff:unit_edit", pk=unit.pk)
    history = list(AuditEvent.objects.filter(target_type="org.unit", target_id=str(unit.pk))[:50])
    for event in history:
        event.action_label, event.rows = action_label(event.action), change_rows(event)
    return render(request, "staff/unit_edit.html", {"unit": unit, "form": form, "history": history},
                  status=400 if form.errors else 200)


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- audit log ------------------------------------------------------------------------------------------

@office_admin_required
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("unit")
    if form.is_valid():
        data = form.cleaned_data
        if data.get("unit"):
            events = events.filter(unit=data["unit"])
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("date_from"):
            events = events.filter(created_at__gte=_day_start(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(created_at__lt=_day_start(data["date_to"] + dt.timedelta(days=1)))
        if data.get("target_type"):
            events = events.filter(target_type=data["target_type"])
        if data.get("target_id"):
            events = events.filter(target_id=data["target_id"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page:
        event.action_label, event.rows = action_label(event.action), change_rows(event)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "staff/audit_log.html", {"form": form, "page": page, "query": query.urlencode()},
                  status=400 if form.errors else 200)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day))
