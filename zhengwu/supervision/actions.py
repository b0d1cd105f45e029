"""Every write in 督查督办: checked against workflow.options, atomic, audited."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhengwu.audit.log import record_event
from zhengwu.org import access
from zhengwu.org.models import Unit
from zhengwu.pii import scan as pii_scan

from . import workflow
from .importing import Preview
from .models import Plan, ProgressReport, Task, UnitAlias

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def _require_office(user) -> None:
    if not access.is_office_admin(user):
        raise PermissionDenied("只有公开办管理员可以导入任务分工或维护单位别名。")


@transaction.atomic
def import_plan(preview: Preview, *, user=None, source_name: str = "") -> Plan:
    """Save a previewed table as a plan with all its tasks, or nothing (the command runs as 系统 with user None)."""
    if user is not None:
        _require_office(user)
    if not preview.tasks:
        raise ValidationError("表中没有任务，未导入。")
    plan = Plan.objects.create(title=preview.plan[:300], year=preview.year, source_name=source_name[:200],
                               created_by=user if getattr(user, "is_authenticated", False) else None)
    for order, t in enumerate(preview.tasks, start=1):
        task = Task.objects.create(
            plan=plan, order=order, section=t["section"][:300], number=t["number"][:20], group=t["group"][:300],
            content=t["content"], requirement=t["requirement"], lead_units_text=t["lead_units"],
            responsible_units_text=t["responsible_units"], unit_notes=t["notes"],
            deadline=t["deadline"], recurring=t["recurring"], cadence=t["cadence"] or "",
            deadline_text=t["deadline_text"][:300], deadline_flagged=t["deadline_flagged"])
        task.lead_units.set(t["lead_ids"])
        task.responsible_units.set([i for i in t["responsible_ids"] if i not in t["lead_ids"]])
    record_event(actor=user or "系统", action="supervision_import", target=plan,
                 after={"plan_title": plan.title, "plan_year": plan.year, "task_count": len(preview.tasks),
                        "unmatched_units": preview.unmatched_units}, reason=source_name)
    return plan


@transaction.atomic
def map_unit_alias(*, user, name: str, unit: Unit) -> UnitAlias:
    """Remember that tables mean ``unit`` by ``name``; tasks of existing plans naming it gain the unit."""
    _require_office(user)
    name = "".join((name or "").split())
    if not name:
        raise ValidationError("请填写表中的单位写法。")
    alias, _ = UnitAlias.objects.update_or_create(name=name, defaults={"unit": unit, "created_by": user})
    # JSON containment is not portable to SQLite; plans hold tens of tasks, so read them
    for task in Task.objects.open().only("pk", "lead_units_text", "responsible_units_text"):
        if name in task.lead_units_text:
            task.lead_units.add(unit)
        elif name in task.responsible_units_text:
            task.responsible_units.add(unit)
    record_event(actor=user, action="supervision_alias", target=alias, after={"alias_name": name, "alias_unit": unit.name},
                 unit=unit)
    return alias


def report_problems(text: str, links=(), file=None) -> dict[str, str]:
    """What is wrong with a progress report, per field (empty when nothing): pure, so the page can show every
    problem in one round (decision 1301, 4)."""
    problems = {}
    text = (text or "").strip()
    if not text:
        problems["text"] = "请填写进展情况。"
    elif pii_scan(text):
        problems["text"] = "进展情况中含有身份证号、手机号等个人信息，请删除后再报送。"
    bad = [link.strip() for link in links if link and link.strip()
           and not link.strip().startswith(("http://", "https://", "/"))]
    if bad:
        problems["links"] = f"佐证链接应以 http://、https:// 或 / 开头：{'、'.join(bad)}"
    if file is not None and file.size > MAX_EVIDENCE_BYTES:
        problems["file"] = "佐证材料不能超过 20 MB。"
    return problems


@transaction.atomic
def report_progress(task: Task, *, user, unit: Unit, text: str, happened_on=None, records=(), links=(),
                    file=None, today=None) -> ProgressReport:
    task = Task.objects.select_for_update().get(pk=task.pk)
    workflow.options(task, user, today).require("report")
    if unit.pk not in workflow.reporting_unit_ids(task, user):
        raise PermissionDenied("您不能以该单位的名义报送此任务的进展。")
    problems = report_problems(text, links, file)
    if problems:
        raise ValidationError(problems)
    text = text.strip()
    links = [link.strip() for link in links if link and link.strip()]
    report = ProgressReport(task=task, unit=unit, text=text, happened_on=happened_on, links=links, author=user)
    if file is not None:
        report.file = file
        report.file_name = file.name[:200]
    report.save()
    report.records.set(list(records))
    if task.status == Task.Status.RETURNED:
        task.status = Task.Status.IN_PROGRESS
        task.save(update_fields=["status"])
    record_event(actor=user, action="supervision_report", target=task, unit=unit,
                 after={"progress_text": text[:200], "evidence_records": [r.pk for r in records],
                        "evidence_links": links, "evidence_file": report.file_name})
    return report


@transaction.atomic
def confirm_completion(task: Task, *, user, today=None) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    workflow.options(task, user, today).require("confirm")
    before = task.status
    task.status, task.confirmed_at, task.return_reason = Task.Status.CONFIRMED, timezone.now(), ""
    task.save(update_fields=["status", "confirmed_at", "return_reason"])
    record_event(actor=user, action="supervision_confirm", target=task, before={"task_status": before},
                 after={"task_status": task.status})
    return task


@transaction.atomic
def accept_task(task: Task, *, user, today=None) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    workflow.options(task, user, today).require("accept")
    task.status, task.accepted_at = Task.Status.ACCEPTED, timezone.now()
    task.save(update_fields=["status", "accepted_at"])
    record_event(actor=user, action="supervision_accept", target=task, before={"task_status": Task.Status.CONFIRMED},
                 after={"task_status": task.status})
    return task


@transaction.atomic
def return_task(task: Task, *, user, reason: str, today=None) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    workflow.options(task, user, today).require("return")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "退回时请写明理由。"})
    task.status, task.return_reason, task.confirmed_at = Task.Status.RETURNED, reason, None
    task.save(update_fields=["status", "return_reason", "confirmed_at"])
    record_event(actor=user, action="supervision_return", target=task, before={"task_status": Task.Status.CONFIRMED},
                 after={"task_status": task.status}, reason=reason)
    return task


@transaction.atomic
def set_remarks(task: Task, *, user, remarks: str) -> Task:
    workflow.options(task, user).require("remark")
    before = task.remarks
    task.remarks = (remarks or "").strip()
    task.save(update_fields=["remarks"])
    record_event(actor=user, action="supervision_remark", target=task, before={"office_remarks": before},
                 after={"office_remarks": task.remarks})
    return task


@transaction.atomic
def link_columns(task: Task, *, user, columns=(), topic=None) -> Task:
    """公开类任务: records published in these columns (or under this topic) count as evidence automatically."""
    workflow.options(task, user).require("link")
    before = {"linked_columns": sorted(task.columns.values_list("pk", flat=True)), "linked_topic": task.topic_id}
    task.columns.set(list(columns))
    task.topic = topic
    task.save(update_fields=["topic"])
    record_event(actor=user, action="supervision_link", target=task, before=before,
                 after={"linked_columns": sorted(c.pk for c in columns), "linked_topic": topic.pk if topic else None})
    return task


@transaction.atomic
def publish_quarter_report(plan: Plan, *, user, quarter: str, today=None):
    """The 季度通报 of ``plan`` as a draft record of the office with its A4 .docx (then reviewed and published like
    any record): only the 公开办, for a quarter that has begun."""
    from zhengwu.org.models import Role

    from . import report

    _require_office(user)
    today = today or timezone.localdate()
    try:
        built = report.build(plan, quarter, today=today)
    except ValueError as exc:
        raise ValidationError({"quarter": "季度应写作 2026Q3 这样的形式。"}) from exc
    if built.start > today:
        raise ValidationError({"quarter": f"{quarter} 尚未开始，不能通报。"})
    office_ids = access.unit_ids_with_role(user, Role.OFFICE_ADMIN)
    unit = Unit.objects.filter(pk__in=office_ids).order_by("pk").first()
    if unit is None:
        raise PermissionDenied("您的账号没有所属的公开办单位，无法生成通报信息。")
    return report.publish(built, by=user, unit=unit)
