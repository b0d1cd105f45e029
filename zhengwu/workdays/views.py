"""Staff page for the working-day calendar (公开办管理员 only). Views only read and call actions.py."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengwu.core.forms import errors_to_form
from zhengwu.org.decorators import office_admin_required

from . import actions
from .calendar import package_version, package_years
from .forms import ConfirmYearForm, OverrideForm, RemoveOverrideForm, RevokeYearForm
from .models import OfficialYear, WorkdayOverride


def _page(request, *, override_form=None, confirm_form=None, revoke=None, status=200):
    """The calendar page; `revoke` is (year, bound form) of a 撤销确认 that failed, shown in its row."""
    today = timezone.localdate()
    official = [(o, revoke[1] if revoke and revoke[0] == o.year else RevokeYearForm(auto_id=f"revoke-{o.year}_%s"))
                for o in OfficialYear.objects.select_related("confirmed_by")]
    context = {
        "overrides": WorkdayOverride.objects.select_related("created_by"),
        "official_years": official,
        "failed": any(f is not None and f.errors for f in (override_form, confirm_form, revoke and revoke[1])),
        "package_first": min(package_years()),
        "package_last": max(package_years()),
        "package_version": package_version(),
        "override_form": override_form or OverrideForm(),
        "confirm_form": confirm_form or ConfirmYearForm(initial={"year": today.year + 1}),
        "remove_form": RemoveOverrideForm(),
    }
    return render(request, "workdays/index.html", context, status=status)


@office_admin_required(message="只有公开办管理员可以管理工作日历。")
def index(request):
    return _page(request)


@require_POST
@office_admin_required(message="只有公开办管理员可以管理工作日历。")
def add_override(request):
    form = OverrideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            rows = actions.set_override_range(by=request.user, start=data["start"], end=data["end"] or data["start"],
                                              is_workday=data["kind"] == "workday", note=data["note"])
        except ValidationError as exc:
            errors_to_form(form, exc, {"date": "start", "is_workday": "kind"})
        else:
            kind = "工作日" if data["kind"] == "workday" else "休息日"
            messages.success(request, f"已将{rows[0].date.isoformat()}"
                                      f"{'至' + rows[-1].date.isoformat() if len(rows) > 1 else ''}设为{kind}。")
            return redirect("workdays:index")
    return _page(request, override_form=form, status=400)


@require_POST
@office_admin_required(message="只有公开办管理员可以管理工作日历。")
def remove_override(request, day: str):
    try:
        date = dt.date.fromisoformat(day)
    except ValueError as exc:
        raise Http404("日期不正确") from exc
    form = RemoveOverrideForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        actions.remove_override(by=request.user, date=date, reason=reason)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已删除{date.isoformat()}的人工调整。")
    return redirect("workdays:index")


@require_POST
@office_admin_required(message="只有公开办管理员可以管理工作日历。")
def confirm_year(request):
    form = ConfirmYearForm(request.POST)
    if form.is_valid():
        try:
            official = actions.confirm_official_year(by=request.user, year=form.cleaned_data["year"],
                                                     source_document=form.cleaned_data["source_document"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已确认{official.year}年的国务院放假安排，该年度不再标为暂定。")
            return redirect("workdays:index")
    return _page(request, confirm_form=form, status=400)


@require_POST
@office_admin_required(message="只有公开办管理员可以管理工作日历。")
def revoke_year(request, year: int):
    form = RevokeYearForm(request.POST, auto_id=f"revoke-{year}_%s")
    if form.is_valid():
        try:
            actions.revoke_official_year(by=request.user, year=year, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已撤销{year}年放假安排的确认，该年度重新标为暂定。")
            return redirect("workdays:index")
    if not OfficialYear.objects.filter(year=year).exists():  # no row to show the form in (a stale page)
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("workdays:index")
    return _page(request, revoke=(year, form), status=400)
