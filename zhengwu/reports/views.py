"""Staff pages: deadline dashboard, one report (narrative, figures, checks, publish, downloads), figures import,
statistics with charts. Writes call zhengwu.reports.actions; their Chinese messages are shown on the page."""
from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengwu.core.forms import errors_to_form
from zhengwu.org import access
from zhengwu.org.decorators import staff_required
from zhengwu.org.models import Unit

from . import actions, builders, deadlines, exporters, stats
from .forms import FiguresForm, ImportForm, NarrativeForm, PublishForm
from .models import AdminFigures, AnnualReport


def _default_year() -> int:
    return timezone.localdate().year - 1


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or _default_year())
    except ValueError:
        year = _default_year()
    return min(max(year, actions.MIN_YEAR), timezone.localdate().year)


def _units(user):
    return access.visible_units(user)


def _unit(request, code: str) -> Unit:
    """A unit whose report the user may see; anything else does not exist for them (404)."""
    return get_object_or_404(_units(request.user), code=code)


def _years() -> list[int]:
    return list(range(timezone.localdate().year, actions.MIN_YEAR - 1, -1))


@staff_required
def dashboard(request):
    year = _year(request)
    units = deadlines.reporting_units(_units(request.user))
    rows = deadlines.statuses(units, year)
    pending = [r for r in rows if r.state != "published"]
    return render(request, "reports/dashboard.html", {
        "year": year, "years": _years(), "rows": rows, "pending": pending,
        "overdue": [r for r in rows if r.overdue], "today": timezone.localdate(),
        "department_deadline": deadlines.deadline(Unit(kind=Unit.Kind.DEPARTMENT), year),
        "government_deadline": deadlines.deadline(Unit(kind=Unit.Kind.GOVERNMENT), year),
    })


def _report_context(request, unit: Unit, year: int, **forms) -> dict:
    narrative = builders.narrative_for(unit, year)
    data = builders.build(unit, year, narrative)
    report = AnnualReport.objects.filter(unit=unit, year=year).select_related("record").first()
    fig = AdminFigures.objects.filter(unit=unit, year=year).first()
    can_edit = actions.can_edit(request.user, unit)
    ctx = exporters.context(data)
    ctx.update({
        "unit": unit, "year": year, "years": _years(), "report": report, "record": report.record if report else None,
        "narrative": narrative, "blockers": actions.publication_blockers(data), "can_edit": can_edit,
        "narrative_missing": len(actions.publication_blockers(data)) > len(data.failures),
        "can_publish": actions.can_publish(request.user, unit), "deadline": deadlines.deadline(unit, year),
        "covers": unit.descendant_ids(), "finished": year < timezone.localdate().year,
        "narrative_form": forms.get("narrative_form") or NarrativeForm(initial={
            "overview": narrative.overview, "problems": narrative.problems, "other_matters": narrative.other_matters}),
        "figures_form": forms.get("figures_form") or FiguresForm(initial={
            "licensing": fig.licensing if fig else 0, "penalty": fig.penalty if fig else 0,
            "enforcement": fig.enforcement if fig else 0, "fees": fig.fees if fig else 0,
            "note": fig.note if fig else ""}),
        "publish_form": forms.get("publish_form") or PublishForm(),
        "failed": next((f for f in forms.values() if f is not None and f.errors), None),
    })
    return ctx


@staff_required
def report_page(request, year: int, code: str):
    unit = _unit(request, code)
    if request.method == "POST":
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                actions.save_narrative(by=request.user, unit=unit, year=year, **form.cleaned_data)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, "年度报告文字已保存。")
                return redirect("reports:report", year=year, code=unit.code)
        return render(request, "reports/report.html", _report_context(request, unit, year, narrative_form=form),
                      status=400)
    return render(request, "reports/report.html", _report_context(request, unit, year))


@staff_required
@require_POST
def figures_save(request, year: int, code: str):
    unit = _unit(request, code)
    form = FiguresForm(request.POST)
    if form.is_valid():
        try:
            actions.set_figures(by=request.user, unit=unit, year=year, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "填报数据已保存。")
            return redirect("reports:report", year=year, code=unit.code)
    return render(request, "reports/report.html", _report_context(request, unit, year, figures_form=form), status=400)


@staff_required
@require_POST
def publish(request, year: int, code: str):
    unit = _unit(request, code)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            record = actions.publish_report(by=request.user, unit=unit, year=year,
                                            secrecy_opinion=form.cleaned_data["secrecy_opinion"])
        except ValidationError as exc:  # the blockers, in the summary of the 发布 form (decision 1301)
            errors_to_form(form, exc)
        else:
            if record.is_published:
                messages.success(request, "年度报告已发布到政府信息公开专栏的“年度报告”栏目。")
            else:
                messages.success(request, f"年度报告已提交，当前状态：{record.get_status_display()}。")
            return redirect("reports:report", year=year, code=unit.code)
    return render(request, "reports/report.html", _report_context(request, unit, year, publish_form=form), status=400)


@staff_required
@csp_update({"style-src": ["'unsafe-inline'"]})  # the .html export is a self-contained document with its own <style>
def export(request, year: int, code: str, fmt: str):
    unit = _unit(request, code)
    if fmt not in exporters.CONTENT_TYPES:
        raise Http404("没有这种格式")
    data = builders.build(unit, year)
    response = HttpResponse(exporters.render(data, fmt), content_type=exporters.CONTENT_TYPES[fmt])
    if fmt in ("docx", "xlsx"):
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(data.title)}.{fmt}"
    actions.record_export(by=request.user, unit=unit, year=year, fmt=fmt)
    return response


@staff_required
def figures(request):
    year = _year(request)
    units = deadlines.reporting_units(_units(request.user))
    editable = [u for u in units if actions.can_edit(request.user, u)]
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = actions.import_figures_xlsx(by=request.user, data=form.cleaned_data["file"].read())
            except ValidationError as exc:
                form.add_error("file", exc.messages)
            except PermissionDenied:
                raise
            else:
                messages.success(request, f"已导入{len(saved)}个单位的填报数据。")
                return redirect(f"{request.path}?year={year}")
    rows = {f.unit_id: f for f in AdminFigures.objects.filter(year=year, unit__in=units)}
    return render(request, "reports/figures.html", {
        "year": year, "years": _years(), "form": form, "can_import": bool(editable),
        "rows": [(u, rows.get(u.pk)) for u in units],
    }, status=400 if form.errors else 200)


@staff_required
def figures_template(request):
    year = _year(request)
    units = [u for u in deadlines.reporting_units(_units(request.user)) if actions.can_edit(request.user, u)]
    if not units:
        raise PermissionDenied("您没有填报年度报告数据的权限。")
    response = HttpResponse(actions.figures_template_xlsx(units, year), content_type=exporters.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="figures-{year}.xlsx"'
    return response


@staff_required
def statistics(request):
    year = _year(request)
    units = deadlines.reporting_units(_units(request.user))
    if not units:
        raise PermissionDenied("您没有可查看统计的单位。")
    code = request.GET.get("unit")
    unit = next((u for u in units if u.code == code), None) or next(
        (u for u in units if u.kind == Unit.Kind.GOVERNMENT), units[0])
    return render(request, "reports/statistics.html", {
        "year": year, "years": _years(), "unit": unit, "units": units, "charts": stats.charts(unit, year),
    })
