"""Staff workbench: login, the per-role dashboard, the audit log.

Views only read; who may see what is decided in zhengwu.org.access.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from zhengwu.audit import chain as audit_chain
from zhengwu.audit import labels
from zhengwu.audit.models import AuditChain, AuditEvent
from zhengwu.disclosure.models import Record
from zhengwu.org import access
from zhengwu.org.decorators import audit_reader_required, staff_required
from zhengwu.org.models import Role, Unit

from . import dashboard as board
from .forms import AuditFilterForm, StaffLoginForm


class LoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        """A failed login is the page again at 400, as every other failed form (docs/decisions/1301)."""
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class LogoutView(auth_views.LogoutView):
    next_page = settings.LOGIN_URL


@staff_required
def dashboard(request):
    user = request.user
    s = Record.Status
    records = board.records
    ctx: dict = {"sections": []}
    editor_units = access.unit_ids_with_role(user, Role.EDITOR)
    reviewer_units = access.unit_ids_with_role(user, Role.REVIEWER)
    if editor_units:
        ctx["editor"] = {
            "drafts": records().filter(unit_id__in=editor_units, status__in=[s.DRAFT, s.UNPUBLISHED])
                               .order_by("-updated_at")[:100],
            "in_review": records().filter(unit_id__in=editor_units, status__in=[s.UNIT_REVIEW, s.OFFICE_REVIEW])
                                  .order_by("-updated_at")[:100],
        }
    if reviewer_units:
        ctx["reviewer"] = {
            "unit_queue": records().filter(unit_id__in=reviewer_units, status=s.UNIT_REVIEW).order_by("waiting_since"),
            "secrecy_queue": records().filter(unit_id__in=reviewer_units, secrecy_reviewed_at__isnull=True,
                                              status__in=[s.UNIT_REVIEW, s.OFFICE_REVIEW]).order_by("waiting_since"),
        }
    if access.is_office_admin(user):
        ctx["office"] = {
            "office_queue": records().filter(status=s.OFFICE_REVIEW).order_by("waiting_since"),
            "secrecy_queue": records().filter(secrecy_reviewed_at__isnull=True,
                                              status__in=[s.UNIT_REVIEW, s.OFFICE_REVIEW]).order_by("waiting_since"),
        }
        ctx["stats"] = board.stats(None)
    elif access.is_leader(user):
        scope: set[int] = set()
        for unit in Unit.objects.filter(pk__in=access.unit_ids_with_role(user, Role.LEADER)):
            scope |= unit.descendant_ids()
        ctx["stats"] = board.stats(scope)
    ctx["read_only"] = not (editor_units or reviewer_units or access.is_office_admin(user))
    ctx["admin_pages"] = board.admin_pages(user)
    return render(request, "staff/dashboard.html", ctx)


@audit_reader_required
def audit_log(request):
    """The whole audit log (审计管理员; 公开办管理员), with the hash chain's head and, on request, its check."""
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
        event.action_label, event.rows = labels.action_label(event.action), labels.change_rows(event)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("verify", None)
    return render(request, "staff/audit_log.html", {
        "form": form, "page": page, "query": query.urlencode(), "head": AuditChain.objects.filter(pk=1).first(),
        "verdict": audit_chain.verify() if request.GET.get("verify") == "1" else None,
        "can_follow": access.is_office_admin(request.user),
    }, status=400 if form.errors else 200)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day))
