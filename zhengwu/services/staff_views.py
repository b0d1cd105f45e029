"""政务服务 staff pages: the catalog metrics next to the seed targets with the 好差评 metrics, the 效能监察 warning
list (黄牌/红牌 办件) and the per-unit monthly 通报 (.docx). The office and leaders see every unit; unit staff see
their own units."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhengwu.org import access
from zhengwu.org.decorators import staff_required
from zhengwu.org.models import Role

from . import catalog_metrics, efficiency, rating_metrics
from .public_views import DOCX


def _unit_ids(user) -> set[int] | None:
    if access.is_office_admin(user) or access.is_leader(user):
        return None
    return access.unit_ids_with_role(user, Role.EDITOR, Role.REVIEWER)


def _calendar():
    from zhengwu.workdays.calendar import get_calendar

    return get_calendar()


def _month(value: str | None, today) -> tuple[int, int, str | None]:
    """"2026-11" → (2026, 11); the previous month when empty; an error message when unreadable."""
    if not value:
        first = today.replace(day=1)
        prev = first.replace(year=first.year - 1, month=12) if first.month == 1 else first.replace(
            month=first.month - 1)
        return prev.year, prev.month, None
    year, sep, month = value.partition("-")
    if not (sep and year.isdigit() and month.isdigit() and 2000 <= int(year) <= 2100 and 1 <= int(month) <= 12):
        return today.year, today.month, "月份格式应为“2026-11”。"
    return int(year), int(month), None


@staff_required
def index(request):
    """Catalog metrics against the seed targets, and this year's 好差评 metrics."""
    today = timezone.localdate()
    catalog = catalog_metrics.compute()
    ratings = rating_metrics.compute(today.replace(month=1, day=1), today)
    rating_rows = [(label, catalog_metrics.pct(value)) for label, value in (
        ("评价覆盖率", ratings.coverage_rate), ("群众实际评价率", ratings.actual_rating_rate),
        ("差评有效处置率（整改率）", ratings.bad_review_handled_rate), ("数据汇集及时准确率", ratings.data_timeliness_rate))]
    year, month, _ = _month(None, today)
    return render(request, "services/staff_index.html", {
        "catalog": catalog, "rows": catalog.rows(), "rating_rows": rating_rows, "rating_counts": ratings.counts,
        "year": today.year, "default_month": f"{year}-{month:02d}",
        "can_edit_life_events": access.is_office_admin(request.user),
        "warning_count": len(efficiency.warnings(today=today, cal=_calendar(), unit_ids=_unit_ids(request.user)))})


@staff_required
def warnings(request):
    today = timezone.localdate()
    rows = efficiency.warnings(today=today, cal=_calendar(), unit_ids=_unit_ids(request.user))
    return render(request, "services/staff_warnings.html", {
        "rows": rows, "today": today, "share": round(efficiency.cards.yellow_share() * 100),
        "red": sum(1 for w in rows if w.card.level == "red")})


@staff_required
def bulletin(request):
    """The month's 通报: a table on the page, or the A4 .docx with ?format=docx."""
    from urllib.parse import quote

    today = timezone.localdate()
    year, month, error = _month(request.GET.get("month"), today)
    if error:
        return render(request, "services/staff_bulletin.html", {"error": error, "month": request.GET.get("month")},
                      status=400)
    rows = efficiency.monthly(year, month, today=today, cal=_calendar(), unit_ids=_unit_ids(request.user))
    if request.GET.get("format") == "docx":
        response = HttpResponse(efficiency.bulletin_docx(year, month, rows, today=today), content_type=DOCX)
        name = f"政务服务效能监察通报{year}年{month}月.docx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    return render(request, "services/staff_bulletin.html", {
        "rows": [(r, catalog_metrics.pct(r.on_time_rate)) for r in rows], "year": year, "month": month,
        "month_value": f"{year}-{month:02d}"})


# --- the 事项 editor through the review chain ----------------------------------------------------------------

def _editable_units(user):
    if access.is_office_admin(user):
        return None
    return access.unit_ids_with_role(user, Role.EDITOR, Role.REVIEWER)


@staff_required
def items(request):
    """The 事项 of the user's units, and the 事项变更 waiting for them (or written by them)."""
    from .models import Service, ServiceChange

    ids = _editable_units(request.user)
    services = Service.objects.select_related("unit")
    changes = ServiceChange.objects.exclude(status=ServiceChange.Status.APPLIED).select_related("unit", "service")
    if ids is not None:
        services, changes = services.filter(unit_id__in=ids), changes.filter(unit_id__in=ids)
    units = access.visible_units(request.user).filter(pk__in=ids) if ids is not None else None
    return render(request, "services/staff_items.html", {"services": services, "changes": changes,
                                                         "units": units})


def _initial(service) -> tuple[dict, list[dict]]:
    from . import actions

    snap = actions.snapshot(service)
    return {k: v for k, v in snap.items() if k not in ("materials", "unit", "basis_records")}, snap["materials"]


@staff_required
def edit(request, pk=None, change_pk=None):
    """New 事项 (?unit=), a change of 事项 `pk`, or a redraft of change `change_pk`; saves a 草稿 or submits it."""
    from django.core.exceptions import ValidationError
    from django.shortcuts import get_object_or_404, redirect

    from zhengwu.core.forms import errors_to_form
    from zhengwu.org.models import Unit

    from . import actions
    from .forms import MaterialFormSet, ServiceForm
    from .models import Service, ServiceChange

    change = get_object_or_404(ServiceChange, pk=change_pk) if change_pk else None
    service = change.service if change else (get_object_or_404(Service, pk=pk) if pk else None)
    if change is not None:
        unit = change.unit
        initial, materials = dict(change.data, note=change.note), change.materials
    elif service is not None:
        unit = service.unit
        initial, materials = _initial(service)
    else:
        unit = get_object_or_404(Unit, pk=request.GET.get("unit") or request.POST.get("unit") or 0) \
            if str(request.GET.get("unit") or request.POST.get("unit") or "").isdigit() else None
        if unit is None:
            raise PermissionDenied("请先选择实施单位。")
        initial, materials = {"is_active": True, "online_depth": 1}, []
    if not access.can_edit_unit_content(request.user, unit):
        raise PermissionDenied("只能编辑本单位的政务服务事项。")
    if request.method == "POST":
        form = ServiceForm(request.POST, instance=Service(unit=unit))
        formset = MaterialFormSet(request.POST, prefix="m")
        if form.is_valid() and formset.is_valid():
            data = {f: form.cleaned_data[f] for f in ServiceForm.Meta.fields}
            rows = [{k: v for k, v in f.cleaned_data.items() if k != "DELETE"} for f in formset.forms
                    if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("name")]
            try:
                saved = actions.save_change(by=request.user, unit=unit, data=data, materials=rows,
                                            note=form.cleaned_data["note"], service=service, change=change)
                if "submit" in request.POST:
                    saved = actions.submit_change(saved, by=request.user)
            except ValidationError as exc:
                errors_to_form(form, exc, {"materials": None, "unit": None})
            else:
                return redirect("services_staff:change", pk=saved.pk)
        status = 400
    else:
        form = ServiceForm(initial=initial)
        formset = MaterialFormSet(initial=materials, prefix="m")
        status = 200
    return render(request, "services/staff_service_form.html", {
        "form": form, "formset": formset, "service": service, "change": change, "unit": unit}, status=status)


def _shown(field, value) -> str:
    """A value as the editor shows it: 是/否, the choice's label, nothing for empty."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(dict(field.flatchoices).get(value, value)) if field.choices else str(value)


def _diff(change) -> list[tuple[str, str, str]]:
    """(element, current, proposed) for every element the change alters, materials by name."""
    from .forms import ServiceForm
    from .models import Service

    before, old_materials = _initial(change.service) if change.service is not None else ({}, [])
    rows = []
    for name in ServiceForm.Meta.fields:
        if name not in change.data or before.get(name) == change.data[name]:
            continue
        field = Service._meta.get_field(name)
        rows.append((str(field.verbose_name), _shown(field, before.get(name)), _shown(field, change.data[name])))
    if old_materials != change.materials:
        rows.append(("申请材料", "、".join(m["name"] for m in old_materials),
                     "、".join(m["name"] for m in change.materials)))
    return rows


def _may_see(user, change) -> bool:
    return access.is_office_admin(user) or change.unit_id in access.unit_ids_with_role(user, Role.EDITOR,
                                                                                       Role.REVIEWER)


def _change_page(request, change, *, failed=None, status=200):
    """The change's page; `failed` is the bound form of a step that failed (its error summary, 错误： title)."""
    from . import change_workflow
    from .forms import RejectChangeForm

    opts = change_workflow.options(change, request.user)
    reject = failed if isinstance(failed, RejectChangeForm) else RejectChangeForm()
    return render(request, "services/staff_change.html", {
        "change": change, "rows": _diff(change), "can": {a: opts.can(a) for a in change_workflow.ACTIONS},
        "failed": failed, "reject_form": reject}, status=status)


@staff_required
def change_detail(request, pk):
    from django.shortcuts import get_object_or_404

    from .models import ServiceChange

    change = get_object_or_404(ServiceChange.objects.select_related("unit", "service"), pk=pk)
    if not _may_see(request.user, change):
        raise PermissionDenied("只能查看本单位的事项变更。")
    return _change_page(request, change)


@staff_required
def change_act(request, pk, name):
    from django.core.exceptions import ValidationError
    from django.shortcuts import get_object_or_404, redirect

    from zhengwu.core.forms import ButtonForm, errors_to_form

    from . import actions
    from .forms import RejectChangeForm
    from .models import ServiceChange

    if request.method != "POST" or name not in ("submit", "approve", "reject"):
        return redirect("services_staff:change", pk=pk)
    change = get_object_or_404(ServiceChange, pk=pk)
    form = RejectChangeForm(request.POST) if name == "reject" else ButtonForm(request.POST)
    if form.is_valid():
        try:
            if name == "submit":
                actions.submit_change(change, by=request.user)
            elif name == "approve":
                actions.approve_change(change, by=request.user)
            else:
                actions.reject_change(change, by=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            return redirect("services_staff:change", pk=pk)
    change.refresh_from_db()
    return _change_page(request, change, failed=form, status=400)
