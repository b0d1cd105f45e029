"""Which supervision actions a user may take on a task now, and why not (see zhengwu.core.workflow).

The chain the seeds describe (中方 2021: "牵头单位要发挥好主导作用，牵头抓总。相关责任单位要…协调推进"; the office
"定期或不定期开展督查…进行通报"): every unit named on the task reports progress; the 牵头单位 confirms the task
complete; the 公开办 accepts it, or returns it with a reason and the units work on. An accepted task is closed.
"""
from __future__ import annotations

from zhengwu.core.workflow import PERMISSION, Blocker, Options
from zhengwu.org import access
from zhengwu.org.models import Role

from .models import Task

ROLES_THAT_REPORT = (Role.EDITOR, Role.REVIEWER, Role.LEADER)

NOT_YOURS = Blocker(PERMISSION, "该任务不属于您所在的单位。")
NOT_LEAD = Blocker(PERMISSION, "只有牵头单位可以确认任务完成。")
NOT_OFFICE = Blocker(PERMISSION, "只有公开办管理员可以验收或退回任务。")
CLOSED = Blocker("closed", "任务已验收，不能再报送或变更。")
NO_REPORT = Blocker("no_report", "尚无进展报送，请先报送完成情况再确认。")
NOT_CONFIRMED = Blocker("not_confirmed", "牵头单位尚未确认完成。")
ALREADY_CONFIRMED = Blocker("already_confirmed", "牵头单位已确认完成，等待公开办验收。")


def reporting_unit_ids(task: Task, user) -> set[int]:
    """The task's units in which ``user`` may report (公开办 may report for any of them)."""
    task_units = {u.pk for u in task.lead_units.all()} | {u.pk for u in task.responsible_units.all()}
    if access.is_office_admin(user):
        return task_units
    return task_units & access.unit_ids_with_role(user, *ROLES_THAT_REPORT)


def options(task: Task, user, today=None) -> Options:
    opts = Options()
    closed = CLOSED if task.status == Task.Status.ACCEPTED else None
    opts.add("report", None if reporting_unit_ids(task, user) else NOT_YOURS, closed)

    confirming = {u.pk for u in task.confirming_units()}
    may_confirm = access.is_office_admin(user) or bool(
        confirming & access.unit_ids_with_role(user, Role.REVIEWER, Role.LEADER, Role.EDITOR))
    opts.add("confirm", None if may_confirm else NOT_LEAD, closed,
             ALREADY_CONFIRMED if task.status == Task.Status.CONFIRMED else None,
             NO_REPORT if not closed and not task.reports.exists() else None)

    office = None if access.is_office_admin(user) else NOT_OFFICE
    waiting = None if task.status == Task.Status.CONFIRMED else (closed or NOT_CONFIRMED)
    opts.add("accept", office, waiting)
    opts.add("return", office, waiting)
    opts.add("remark", office)
    opts.add("link", office, closed)
    return opts
