"""Which steps a staff member may take on a 依申请公开 case now, and why not (one place for each rule).

The action functions call ``options(app, by).require(name)`` before they look at the input; the case page
renders the same Options: a form is offered unless a ``PERMISSION`` or ``STATUS`` blocker refuses it, and any
other blocker is shown as the reason the step will be refused. For each step the blockers follow the order the
条例 puts them in, and only the first one that applies is listed, so the message names the real obstacle.
``user=None`` is the system (demo loader, scheduled jobs).
"""
from __future__ import annotations

import datetime as dt

from zhengwu.core.workflow import PERMISSION, Blocker, Options

from . import access, outcomes
from .models import Application, Correction, Extension, Fee, Status

STATUS = "status"  # the step does not apply in the case's current state (its form is not offered)

# The case page's steps, in the order the page lists them.
LABELS = {"confirm": "确认收到申请", "assign": "指定经办人", "correction": "告知补正（第三十条）",
          "correction_received": "登记收到补正", "consultation": "征求意见（第三十二、三十四条）",
          "extend": "延长答复期限（第三十三条）", "fee": "收取信息处理费（109号）", "close": "作出答复（办结）",
          "appeal": "登记行政复议/诉讼", "letter": "出具文书"}


def _first(*checks) -> tuple[Blocker, ...]:
    """The first check that refuses (each check is a Blocker, or a falsy value when it passes)."""
    for check in checks:
        if isinstance(check, Blocker):
            return (check,)
    return ()


def closed_blocker(app: Application) -> Blocker | None:
    """一件申请只能有一个办理结果 (第三十六条): nothing changes a closed case but an appeal or a letter."""
    if app.status != Status.CLOSED:
        return None
    label = app.outcome and outcomes.choice_label(app.outcome)
    return Blocker(STATUS, f"本申请已于{app.closed_date:%Y年%m月%d日}办结（{label}），一件申请只能有一个办理结果，不能再办理。")


def received_blocker(app: Application) -> Blocker | None:
    """第三十一条: the clock starts when the application is received; nothing is handled before."""
    return None if app.received_date else Blocker(STATUS, "尚未确认收到申请（第三十一条），请先确认收到日期。")


def permission_blocker(unit, user) -> Blocker | None:
    """The handling unit's 经办人/审核员 (or 公开办) only."""
    if user is None or access.can_handle(user, unit):
        return None
    return Blocker(PERMISSION, "您不是该申请办理单位的经办人或审核员，无权办理。")


def options(app: Application, user, today: dt.date | None = None) -> Options:
    """Every step on ``app`` for ``user``, each with the (first) blocker that refuses it now."""
    perm = permission_blocker(app.unit, user)
    closed = closed_blocker(app)
    received = received_blocker(app)
    # Queried, not read through app.correction / app.extension: the action creates them next and the due-date
    # computation must not see a cached "none".
    correction = Correction.objects.filter(application=app).first() if app.pk else None
    pending_correction = correction is not None and not correction.corrected_date
    extension = app.pk and Extension.objects.filter(application=app).exists()
    opts = Options()
    opts.add("confirm", *_first(perm, closed, None if not app.received_date else Blocker(
        STATUS, f"本申请已确认收到（{app.received_date:%Y年%m月%d日}），不能重复确认。")))
    opts.add("assign", *_first(perm, closed))
    opts.add("correction", *_first(
        perm, closed, received,
        correction and Blocker(STATUS, "本申请已告知过补正。第三十条规定补正应一次性告知，不能再次要求补正。"),
        (app.pk and (app.consultations.exists() or app.fees.exists()))
        and Blocker(STATUS if app.status != Status.PROCESSING else "after_consultation_or_fee",
                    "已征求意见或已发收费通知的申请不能再要求补正。")))
    opts.add("correction_received", *_first(
        perm, closed, None if pending_correction else Blocker(STATUS, "本申请没有待补正的事项。")))
    opts.add("consultation", *_first(
        perm, closed, received,
        app.status in (Status.CORRECTION, Status.FEE_PENDING)
        and Blocker(STATUS, f"申请{app.get_status_display()}，不能征求意见。")))
    opts.add("extend", *_first(
        perm, closed, received,
        extension and Blocker(STATUS, "本申请已延期一次。第三十三条第二款规定延长答复期限只能一次，最长不超过20个工作日。"),
        None if app.due_date else Blocker(STATUS, "答复期限尚未开始计算（待补正），不能延期。")))
    opts.add("fee", *_first(
        perm, closed, received,
        app.status != Status.PROCESSING and Blocker(STATUS, f"申请{app.get_status_display()}，不能发出收费通知。"),
        (app.pk and app.fees.filter(status__in=[Fee.FeeStatus.NOTIFIED, Fee.FeeStatus.PAID]).exists())
        and Blocker("fee_once", "本申请已发出收费通知（109号第三条：不得重复计收）。")))
    # Closing needs the receipt too, except "逾期不补正", which needs a 补正 and so a receipt before it.
    opts.add("close", *_first(perm, closed, received))
    # An appeal (行政复议/诉讼) may come at any stage, also against a case never confirmed as received.
    opts.add("appeal", *_first(perm))
    opts.add("letter", *_first(perm))
    return opts


def offered(opts: Options) -> list[str]:
    """The steps whose forms the case page shows, in page order."""
    return [name for name in LABELS
            if not any(b.code in (PERMISSION, STATUS) for b in opts.blockers(name))]
