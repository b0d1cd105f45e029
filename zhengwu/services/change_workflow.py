"""Who may do what with a 事项变更 (ServiceChange) now — the records' review chain applied to the 事项清单
(国办发〔2022〕2号: 清单 changes are reviewed and published by the 政务服务管理机构):

草稿/已退回 —信息员 submit→ 待单位审核 —审核员 approve→ 待政务服务管理机构审核 —公开办管理员 approve→ 已生效
(a new ServiceVersion). Either reviewer may reject (with a reason) → 已退回, which the 信息员 edits and submits again.
A separate module from workflow.py (the 差评 workflow): one workflow per module. ``user=None`` is the system.
"""
from __future__ import annotations

from zhengwu.core.workflow import PERMISSION, Blocker, Options
from zhengwu.org import access

from .models import ServiceChange

S = ServiceChange.Status
ACTIONS = ("edit", "submit", "approve", "reject")
EDITABLE = (S.DRAFT, S.REJECTED)


def _state(ok: bool) -> Blocker | None:
    return None if ok else Blocker("status", "当前状态不能进行此操作。")


def _perm(ok: bool, message: str) -> Blocker | None:
    return None if ok else Blocker(PERMISSION, message)


def options(change: ServiceChange, user) -> Options:
    system = user is None
    edit = system or access.can_edit_unit_content(user, change.unit)
    review = system or access.can_review_unit(user, change.unit)
    office = system or access.is_office_admin(user)
    opts = Options()
    opts.add("edit", _perm(edit, "只有本单位信息员可以修改事项。"), _state(change.status in EDITABLE))
    opts.add("submit", _perm(edit, "只有本单位信息员可以提交审核。"), _state(change.status in EDITABLE))
    if change.status == S.OFFICE_REVIEW:
        stage = _perm(office, "只有政务服务管理机构（公开办管理员）可以审核。")
    else:
        stage = _perm(review, "只有本单位审核员可以审核。")
    in_review = change.status in (S.UNIT_REVIEW, S.OFFICE_REVIEW)
    opts.add("approve", stage, _state(in_review))
    opts.add("reject", stage, _state(in_review))
    return opts
