"""What may be done with a message now, and by whom: the one place the handling rules live.

The flow (衡南县政务服务工作要点第三十二条 "强化县长信箱流转办理功能"; 12345 "接诉即办", 国办发〔2020〕53号):
待受理 →(受理)→ 待分办 →(分办)→ 办理中 →(答复)→ 已答复 →(办结)→ 已办结, with 不予受理 from the queue,
转办 to another unit, 退回 by a unit that is not competent, one approved 延期, 督办 by the office, the writer's
满意度 (or the staff's 回访) and one re-handling when the writer is 不满意.

Who: the 分办员 is the office (公开办管理员, zhengwu.org.access.is_office_admin); a unit acts on messages assigned
to it through its 信息员/审核员/经办人. The writer acts only through the 查询码 (`WRITER`).
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings

from zhengwu.core.workflow import PERMISSION, Blocker, Options
from zhengwu.org import access
from zhengwu.org.models import Role

from . import clock
from .models import DISPATCH_QUEUE, Message, Satisfaction, Status

WRITER = "writer"  # the holder of the 查询码 (no account)

NOT_DISPATCHER = Blocker(PERMISSION, "只有分办员（县政府办公室/公开办管理员）可以执行此操作。")
NOT_HANDLER = Blocker(PERMISSION, "只有承办单位的工作人员可以办理本件，其他单位不能答复、退回或延期。")
NOT_WRITER = Blocker(PERMISSION, "只有来信人凭查询码可以评价或申请重新办理。")


def max_rehandles() -> int:
    return int(getattr(settings, "ZHENGWU_INTERACTION_MAX_REHANDLES", 1))


def is_dispatcher(user) -> bool:
    return user != WRITER and access.is_office_admin(user)


def is_handler(user, msg: Message) -> bool:
    if user == WRITER or not msg.unit_id:
        return False
    return access.is_superuser(user) or access.has_role(user, msg.unit_id, Role.HANDLER, Role.REVIEWER, Role.EDITOR)


def _status(msg: Message, *allowed: str) -> Blocker | None:
    if msg.status in allowed:
        return None
    return Blocker("status", f"本件当前状态为“{msg.get_status_display()}”，不能执行此操作。")


def options(msg: Message, user, today: dt.date) -> Options:
    opts = Options()
    dispatcher = is_dispatcher(user)
    handler = is_handler(user, msg)
    writer = user == WRITER
    d = None if dispatcher else NOT_DISPATCHER
    h = None if handler else NOT_HANDLER
    w = None if writer else NOT_WRITER

    opts.add("accept", d, _status(msg, Status.SUBMITTED))
    opts.add("reject", d, _status(msg, *DISPATCH_QUEUE))
    opts.add("assign", d, _status(msg, Status.ACCEPTED, Status.RETURNED))
    opts.add("transfer", d, _status(msg, Status.ASSIGNED))
    opts.add("supervise", d, _status(msg, Status.ACCEPTED, Status.ASSIGNED, Status.RETURNED))

    opts.add("return", h, _status(msg, Status.ASSIGNED))
    used = None
    if msg.extension_count >= clock.max_extensions():
        used = Blocker("extension_used", "本件已延期过，不能再次延期。")
    late = None
    if msg.status == Status.ASSIGNED and today > msg.due_date:
        late = Blocker("overdue", "已超过答复期限，不能再申请延期，请尽快答复。")
    opts.add("extend", h, _status(msg, Status.ASSIGNED), used, late)
    opts.add("reply", h, _status(msg, Status.ASSIGNED))

    opts.add("close", None if dispatcher or handler or _replied_by(user, msg) else NOT_HANDLER,
             _status(msg, Status.REPLIED))

    rated = Blocker("rated", "本次答复已评价过。") if msg.satisfaction else None
    opts.add("rate", w, _status(msg, Status.REPLIED, Status.CLOSED), rated)
    opts.add("callback", None if dispatcher or handler or _replied_by(user, msg) else NOT_HANDLER,
             _status(msg, Status.REPLIED, Status.CLOSED), rated)

    unsatisfied = None
    if msg.satisfaction != Satisfaction.UNSATISFIED:
        unsatisfied = Blocker("not_unsatisfied", "只有评价为“不满意”的来信可以申请重新办理。")
    again = None
    if msg.rehandle_count >= max_rehandles():
        again = Blocker("rehandle_used", "本件已重新办理过一次，不能再次申请。")
    opts.add("rehandle", w, _status(msg, Status.REPLIED, Status.CLOSED), unsatisfied, again)

    agreed = None if msg.agrees_public else Blocker("not_agreed", "来信人不同意公开，不能公开答复。")
    done = Blocker("published", "答复已公开。") if msg.published else None
    opts.add("publish", d, _status(msg, Status.REPLIED, Status.CLOSED), agreed, done)
    return opts


def _replied_by(user, msg: Message) -> bool:
    """The unit that wrote the reply may still close and record the 回访 after a later 转办 bookkeeping."""
    return (user != WRITER and msg.reply_unit_id is not None
            and access.has_role(user, msg.reply_unit_id, Role.HANDLER, Role.REVIEWER, Role.EDITOR))
