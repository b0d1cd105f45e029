"""督查督办 staff pages: plans and the upload with a preview (公开办), a unit's own tasks with due/overdue warnings,
a task's reports and the actions workflow.options allows, and the leader's view by unit and by plan."""
from __future__ import annotations

import base64

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengwu.org import access
from zhengwu.org.decorators import office_admin_required, staff_required
from zhengwu.org.models import Unit

from . import actions, report, tracking, units, workflow
from .importing import ImportProblem, preview
from .models import Plan, Task, UnitAlias
from .tables import TableError, read_file

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SESSION_KEY = "supervision_upload"


def _current_quarter(today) -> str:
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def _may_see_all(user) -> bool:
    return access.is_office_admin(user) or access.is_leader(user)


def _my_unit_ids(user) -> set[int]:
    return access.unit_ids_with_role(user, *workflow.ROLES_THAT_REPORT)


@staff_required
def index(request):
    today = timezone.localdate()
    warn = tracking.card_settings()["warn_days"]
    if _may_see_all(request.user):
        tasks = Task.objects.open()
    else:
        tasks = Task.objects.open().filter(
            pk__in=Task.objects.for_unit_ids(_my_unit_ids(request.user)).values("pk"))
    rows = []
    for task in tracking.tasks_with_units(tasks.order_by("deadline", "plan", "order")):
        last = max((tracking.local_date(r.reported_at) for r in task.reports.all()), default=None)
        card = tracking.card_for(task, last, today)
        due_soon = task.deadline is not None and 0 <= (task.deadline - today).days <= warn
        if card or due_soon or not _may_see_all(request.user):
            rows.append({"task": task, "card": card, "card_label": tracking.CARD_LABELS.get(card, ""),
                         "due_soon": due_soon, "last": last})
    return render(request, "supervision/staff_index.html", {
        "plans": Plan.objects.annotate(task_count=Count("tasks")) if _may_see_all(request.user) else [], "rows": rows, "warn_days": warn,
        "office": access.is_office_admin(request.user)})


def _preview_from_session(request):
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return None, None
    data = base64.b64decode(stored["data"])
    result = preview(read_file(stored["name"], data), year=stored["year"], plan=stored["plan"],
                     file_name=stored["name"])
    return stored, result


@office_admin_required
def upload(request):
    error, result = "", None
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            stored, result = _preview_from_session(request)
            if result is None:
                raise ImportProblem("上传已过期，请重新选择文件。")
            plan = actions.import_plan(result, user=request.user, source_name=stored["name"])
        except (TableError, ImportProblem) as exc:
            error = str(exc)
        except ValidationError as exc:
            error = "；".join(exc.messages)
        else:
            request.session.pop(SESSION_KEY, None)
            return redirect("supervision_staff:plan", pk=plan.pk)
    elif request.method == "POST":
        upload_file = request.FILES.get("file")
        year = request.POST.get("year", "").strip()
        try:
            if upload_file is None:
                raise ImportProblem("请选择任务分工文件（.docx、.xlsx、.html 或 .txt）。")
            if upload_file.size > MAX_UPLOAD_BYTES:
                raise ImportProblem("文件不能超过 5 MB。")
            if year and not (year.isdigit() and 2000 <= int(year) <= 2100):
                raise ImportProblem("年度应为四位数字，如 2026。")
            data = upload_file.read()
            request.session[SESSION_KEY] = {"name": upload_file.name, "data": base64.b64encode(data).decode(),
                                            "year": int(year) if year else None,
                                            "plan": request.POST.get("plan", "").strip()}
            _, result = _preview_from_session(request)
        except (TableError, ImportProblem) as exc:
            request.session.pop(SESSION_KEY, None)
            error, result = str(exc), None
    status = 400 if error else 200
    return render(request, "supervision/staff_upload.html", {"error": error, "result": result}, status=status)


@staff_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    if not _may_see_all(request.user):
        raise PermissionDenied("只有公开办和领导可以查看整个任务分工。")
    today = timezone.localdate()
    quarter = request.GET.get("quarter") or _current_quarter(today)
    try:
        built = report.build(plan, quarter, today=today)
    except ValueError:
        built = report.build(plan, _current_quarter(today), today=today)
    tasks = list(tracking.tasks_with_units(plan.tasks.all()))
    return render(request, "supervision/staff_plan.html", {"plan": plan, "report": built, "tasks": tasks,
                                                            "labels": tracking.STATE_LABELS})


def _visible_task(request, pk: int) -> Task:
    task = get_object_or_404(Task.objects.select_related("plan"), pk=pk)
    if _may_see_all(request.user):
        return task
    units = {u.pk for u in task.lead_units.all()} | {u.pk for u in task.responsible_units.all()}
    if not units & _my_unit_ids(request.user):
        raise PermissionDenied("该任务不属于您所在的单位。")
    return task


@staff_required
def task_detail(request, pk: int, error: str = "", status: int = 200):
    task = _visible_task(request, pk)
    opts = workflow.options(task, request.user, timezone.localdate())
    units = Unit.objects.filter(pk__in=workflow.reporting_unit_ids(task, request.user))
    evidence = tracking.auto_evidence(task)
    return render(request, "supervision/staff_task.html", {
        "task": task, "opts": opts, "units": units, "reports": task.reports.select_related("unit", "author")
        .prefetch_related("records"), "evidence": evidence[:20], "error": error,
        "refusals": list(dict.fromkeys(  # why a step is not offered yet, each reason once
            b.message for name in ("report", "confirm", "accept", "return") if name in opts.actions
            for b in opts.blockers(name) if b.code != "permission"))}, status=status)


@require_POST
@staff_required
def act(request, pk: int, name: str):
    task = _visible_task(request, pk)
    user, post = request.user, request.POST
    try:
        if name == "report":
            unit = get_object_or_404(Unit, pk=post.get("unit") or 0)
            links = [line for line in post.get("links", "").splitlines() if line.strip()]
            day = post.get("happened_on") or None
            actions.report_progress(task, user=user, unit=unit, text=post.get("text", ""), links=links,
                                    happened_on=day, file=request.FILES.get("file"))
        elif name == "confirm":
            actions.confirm_completion(task, user=user)
        elif name == "accept":
            actions.accept_task(task, user=user)
        elif name == "return":
            actions.return_task(task, user=user, reason=post.get("reason", ""))
        elif name == "remark":
            actions.set_remarks(task, user=user, remarks=post.get("remarks", ""))
        else:
            raise PermissionDenied("不支持的操作。")
    except ValidationError as exc:
        return task_detail(request, pk, error="；".join(exc.messages), status=400)
    return redirect("supervision_staff:task", pk=task.pk)


@office_admin_required
def aliases(request):
    """单位别名: names the open tasks write that match no unit, mapped once by the office (decision 1601); the
    mapping is remembered for later tables and adds the unit to every open task that wrote the name."""
    error, status = "", 200
    if request.method == "POST":
        name = request.POST.get("name", "")
        unit = Unit.objects.filter(pk=request.POST.get("unit") or 0, is_active=True).first()
        try:
            if unit is None:
                raise ValidationError("请选择对应的单位。")
            actions.map_unit_alias(user=request.user, name=name, unit=unit)
        except ValidationError as exc:
            error, status = "；".join(exc.messages), 400
        else:
            messages.success(request, f"已将“{''.join(name.split())}”对应到{unit.name}。")
            return redirect("supervision_staff:aliases")
    unmatched = units.unmatched_names(Task.objects.open().only("lead_units_text", "responsible_units_text"))
    return render(request, "supervision/staff_aliases.html", {
        "unmatched": unmatched, "aliases": UnitAlias.objects.select_related("unit", "created_by").order_by("name"),
        "units": Unit.objects.filter(is_active=True).order_by("sort_order", "id"), "error": error,
        "posted": request.POST.get("name", "") if error else ""}, status=status)


@staff_required
def quarter_report(request, pk: int):
    """GET: the 季度通报 as .docx or HTML; POST (公开办): saved as a draft record with the .docx for review."""
    plan = get_object_or_404(Plan, pk=pk)
    if not _may_see_all(request.user):
        raise PermissionDenied("只有公开办和领导可以查看通报。")
    today = timezone.localdate()
    quarter = (request.POST.get("quarter") or request.GET.get("quarter") or _current_quarter(today)).strip().upper()
    if request.method == "POST":
        try:
            record = actions.publish_quarter_report(plan, user=request.user, quarter=quarter, today=today)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("supervision_staff:plan", pk=plan.pk)
        messages.success(request, "已生成通报信息草稿（附 A4 正式文件），请提交审核后发布。")
        return redirect("disclosure:edit", pk=record.pk)
    try:
        built = report.build(plan, quarter, today=today)
    except ValueError as exc:
        raise PermissionDenied("季度应写作 2026Q3 这样的形式。") from exc
    if request.GET.get("format") == "docx":
        response = HttpResponse(report.to_docx(built), content_type="application/vnd.openxmlformats-officedocument"
                                                                      ".wordprocessingml.document")
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(built.title + '.docx')}"
        return response
    return render(request, "supervision/staff_report.html", {
        "plan": plan, "report": built, "totals": built.totals(), "office": access.is_office_admin(request.user)})
