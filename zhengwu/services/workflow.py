"""差评 handling (国办发〔2019〕51号《关于建立政务服务“好差评”制度提高政务服务水平的意见》第二部分（四）
“差评整改”): every 差评 is 核实 first, then

- 立行立改 (what can be fixed at once) → 已整改;
- 建立台账、限期整改 (a working-day clock, `rectify_workdays()`, default 15; docs/decisions/1502) → 已整改;
- 解释说明 (the demand has no legal basis or the rating is a misunderstanding) → 已解释说明;
- 申诉复核: the unit appeals a mistaken or malicious rating; the 政务服务管理机构 (the office) decides — upheld →
  申诉成立 (the rating no longer counts as a 差评), rejected → back to 待核实.

After 整改 or 解释说明 a 实名差评 must be 回访 (51号: 实名差评回访率100%) before 办结; an anonymous one may be
办结 directly. Pure: `options(rating, user, today)` says which actions are open now and why not.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings

from zhengwu.core.workflow import PERMISSION, Blocker, Options
from zhengwu.org import access
from zhengwu.org.models import Role

ACTIONS = ("rectify_now", "open_ledger", "complete_rectification", "explain", "appeal", "decide_appeal", "revisit",
           "close")


def rectify_workdays() -> int:
    """限期整改 working days (local rules range 5–15; this county uses 15 — docs/decisions/1502)."""
    return int(getattr(settings, "ZHENGWU_RATING_RECTIFY_WORKDAYS", 15))


def late_rating_days() -> int:
    """评价可在办结后多少日内补评 (51号 leaves it to the platforms; docs/decisions/1502)."""
    return int(getattr(settings, "ZHENGWU_RATING_LATE_DAYS", 30))


def _wrong_state() -> Blocker:
    return Blocker("state", "当前处置状态不能进行此操作。")


def options(rating, user, today: dt.date) -> Options:
    opts = Options()
    if not rating.is_bad:
        for a in ACTIONS:
            opts.add(a, Blocker("not_bad", "只有差评需要处置。"))
        return opts
    unit = rating.service.unit_id
    unit_staff = access.is_office_admin(user) or access.has_role(user, unit, Role.EDITOR, Role.REVIEWER)
    office = access.is_office_admin(user)
    no_unit = None if unit_staff else Blocker(PERMISSION, "只有事项实施单位或政务服务管理机构可以处置该差评。")
    no_office = None if office else Blocker(PERMISSION, "申诉复核由政务服务管理机构决定。")
    st = rating.status

    def when(*states: str) -> Blocker | None:
        return None if st in states else _wrong_state()

    opts.add("rectify_now", no_unit, when("pending"))
    opts.add("open_ledger", no_unit, when("pending"))
    opts.add("explain", no_unit, when("pending"))
    opts.add("appeal", no_unit, when("pending"))
    opts.add("complete_rectification", no_unit, when("rectifying"))
    opts.add("decide_appeal", no_office, when("appealing"))
    opts.add("revisit", no_unit, when("rectified", "explained"),
             None if rating.real_name else Blocker("anonymous", "匿名差评无法回访。"))
    needs_visit = rating.real_name and st != "revisited"
    opts.add("close", no_unit, when("rectified", "explained", "revisited"),
             Blocker("revisit_first", "实名差评须先回访评价人，再办结。")
             if needs_visit and st in ("rectified", "explained") else None)
    return opts


def overdue(rating, today: dt.date) -> bool:
    return rating.status == "rectifying" and rating.rectify_due is not None and today > rating.rectify_due
