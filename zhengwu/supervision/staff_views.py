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

from zhengwu.core.forms import ButtonForm, errors_to_form
from zhengwu.org import access
from zhengwu.org.decorators import office_admin_required, staff_required
from zhengwu.org.models import Unit

from . import actions, report, tracking, units, workflow
from .forms import AliasForm, RemarkForm, ReportForm, ReturnForm, UploadForm
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
    """Choose a table → preview (kept in the session) → confirm; a problem goes on the form's error summary."""
    form, result = UploadForm(), None
    failed = form
    if request.method == "POST" and request.POST.get("confirm"):
        failed = ButtonForm(request.POST)  # the 确认导入 button: its problem goes in the summary
        failed.is_valid()
        try:
            stored, result = _preview_from_session(request)
            if result is None:
                raise ImportProblem("上传已过期，请重新选择文件。")
            plan = actions.import_plan(result, user=request.user, source_name=stored["name"])
        except (TableError, ImportProblem) as exc:
            failed.add_error(None, str(exc))
        except ValidationError as exc:
            errors_to_form(failed, exc)
        else:
            request.session.pop(SESSION_KEY, None)
            return redirect("supervision_staff:plan", pk=plan.pk)
        result = None
    elif request.method == "POST":
        form = failed = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload_file, cd = form.cleaned_data["file"], form.cleaned_data
            try:
                if upload_file.size > MAX_UPLOAD_BYTES:
                    raise ImportProblem("文件不能超过 5 MB。")
                data = upload_file.read()
                request.session[SESSION_KEY] = {"name": upload_file.name, "data": base64.b64encode(data).decode(),
                                                "year": cd["year"], "plan": cd["plan"].strip()}
                _, result = _preview_from_session(request)
            except (TableError, ImportProblem) as exc:
                request.session.pop(SESSION_KEY, None)
                form.add_error("file", str(exc))
                result = None
    status = 400 if failed.errors else 200
    return render(request, "supervision/staff_upload.html", {"form": form, "failed": failed, "result": result},
                  status=status)


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


def _task_forms(task, user, data=None, files=None, which=None) -> dict:
    """The task page's forms; `which` is bound to the POST (decision 1301: one form, one error summary)."""
    units = Unit.objects.filter(pk__in=workflow.reporting_unit_ids(task, user)).order_by("sort_order", "id")
    makers = {"report": lambda d, f: ReportForm(d, f, units=units),
              "return": lambda d, f: ReturnForm(d),
              "remark": lambda d, f: RemarkForm(d, initial={"remarks": task.remarks})}
    return {name: make(data, files) if name == which else make(None, None) for name, make in makers.items()}


@staff_required
def task_detail(request, pk: int, forms: dict | None = None, failed=None, status: int = 200):
    task = _visible_task(request, pk)
    opts = workflow.options(task, request.user, timezone.localdate())
    evidence = tracking.auto_evidence(task)
    forms = forms or _task_forms(task, request.user)
    return render(request, "supervision/staff_task.html", {
        "task": task, "opts": opts, "reports": task.reports.select_related("unit", "author")
        .prefetch_related("records"), "evidence": evidence[:20], "failed": failed,
        "report_form": forms["report"], "return_form": forms["return"], "remark_form": forms["remark"],
        "refusals": list(dict.fromkeys(  # why a step is not offered yet, each reason once
            b.message for name in ("report", "confirm", "accept", "return") if name in opts
            for b in opts.blockers(name) if b.code != "permission"))}, status=status)


def _run(task, user, name: str, cd: dict) -> None:
    if name == "report":
        actions.report_progress(task, user=user, unit=cd["unit"], text=cd["text"], links=cd["links"],
                                happened_on=cd["happened_on"], file=cd["file"])
    elif name == "confirm":
        actions.confirm_completion(task, user=user)
    elif name == "accept":
        actions.accept_task(task, user=user)
    elif name == "return":
        actions.return_task(task, user=user, reason=cd["reason"])
    else:
        actions.set_remarks(task, user=user, remarks=cd["remarks"])


@require_POST
@staff_required
def act(request, pk: int, name: str):
    task = _visible_task(request, pk)
    if name not in ("report", "confirm", "accept", "return", "remark"):
        raise PermissionDenied("不支持的操作。")
    forms = _task_forms(task, request.user, request.POST, request.FILES, which=name)
    form = forms.get(name) or ButtonForm(request.POST)  # 确认/验收 are a button only
    if form.is_valid():
        try:
            _run(task, request.user, name, form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            return redirect("supervision_staff:task", pk=task.pk)
    elif name == "report":  # every problem in one round, not the required field first and the rules next time
        data = form.cleaned_data
        links = data.get("links", [])
        for field, problem in actions.report_problems(request.POST.get("text", ""), links, data.get("file")).items():
            if not form.has_error(field):
                form.add_error(field, problem)
    return task_detail(request, pk, forms=forms, failed=form, status=400)


@office_admin_required
def aliases(request):
    """单位别名: names the open tasks write that match no unit, mapped once by the office (decision 1601); the
    mapping is remembered for later tables and adds the unit to every open task that wrote the name. A row's
    quick form that fails shows its name in the 手工添加 form, with the summary pointing there."""
    form, status = AliasForm(), 200
    if request.method == "POST":
        form = AliasForm(request.POST)
        if form.is_valid():
            name, unit = form.cleaned_data["name"], form.cleaned_data["unit"]
            try:
                actions.map_unit_alias(user=request.user, name=name, unit=unit)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, f"已将“{''.join(name.split())}”对应到{unit.name}。")
                return redirect("supervision_staff:aliases")
        status = 400
    unmatched = units.unmatched_names(Task.objects.open().only("lead_units_text", "responsible_units_text"))
    return render(request, "supervision/staff_aliases.html", {
        "unmatched": unmatched, "aliases": UnitAlias.objects.select_related("unit", "created_by").order_by("name"),
        "units": Unit.objects.filter(is_active=True).order_by("sort_order", "id"), "form": form}, status=status)


@staff_required
def quarter_report(request, pk: int):
    """GET: the 季度通报 as .docx or HTML; POST (公开办): saved as a draft record with the .docx for review."""
    plan = get_object_or_404(Plan, pk=pk)
    if not _may_see_all(request.user):
        raise PermissionDenied("只有公开办和领导可以查看通报。")
    today = timezone.localdate()
    quarter = (request.POST.get("quarter") or request.GET.get("quarter") or _current_quarter(today)).strip().upper()
    failed = None
    if request.method == "POST":
        try:
            record = actions.publish_quarter_report(plan, user=request.user, quarter=quarter, today=today)
        except ValidationError as exc:  # the page again, the refusal in the 发布 button's summary (decision 1301)
            failed = ButtonForm(request.POST)
            errors_to_form(failed, exc)
        else:
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
        "plan": plan, "report": built, "totals": built.totals(), "office": access.is_office_admin(request.user),
        "failed": failed}, status=400 if failed else 200)
