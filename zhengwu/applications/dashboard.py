"""Per-unit deadline picture (黄牌 ≤ N working days left, 红牌 overdue) and the daily reminder run."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from zhengwu.org.models import Membership, Role

from . import access, clock
from .models import Application, Notification, Status


def unit_summary(user, today: dt.date, cal=None) -> list[dict]:
    cal = cal or clock.get_calendar()
    rows: dict[int, dict] = {}
    qs = access.visible_cases(user).open()
    for app in qs:
        row = rows.setdefault(app.unit_id, {"unit": app.unit, "open": 0, "awaiting": 0, "yellow": 0, "red": 0,
                                            "provisional": 0})
        row["open"] += 1
        if app.status == Status.AWAITING_RECEIPT:
            row["awaiting"] += 1
        level = clock.warning_level(app.due_date, today, cal)
        if level:
            row[level] += 1
        if app.due_date_provisional:
            row["provisional"] += 1
    return sorted(rows.values(), key=lambda r: (-r["red"], -r["yellow"], r["unit"].sort_order, r["unit"].pk))


def _recipients(app: Application):
    """The case's handler, else the unit's 经办人 and 审核员."""
    if app.handler_id:
        return [app.handler]
    from django.contrib.auth import get_user_model

    ids = Membership.objects.filter(unit_id=app.unit_id, role__in=[Role.HANDLER, Role.REVIEWER]).values_list(
        "user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


def check_deadlines(today: dt.date, cal=None, *, send_email: bool = True) -> dict:  # noqa: C901 - one pass over open cases: level, recipients, idempotence, digest
    """Write one in-app reminder per user, case, level and day, and e-mail each user one digest.

    Idempotent for a day: running twice sends nothing new. Messages name the case by its serial only.
    """
    cal = cal or clock.get_calendar()
    stats = {"yellow": 0, "red": 0, "correction_expired": 0, "fee_expired": 0, "awaiting": 0, "notified": 0,
             "emails": 0, "provisional": 0}
    digests: dict = defaultdict(list)
    for app in Application.objects.open().select_related("unit", "handler"):
        messages = []
        level = clock.warning_level(app.due_date, today, cal)
        if level == "red":
            stats["red"] += 1
            messages.append(("red", f"【红牌】申请 {app.serial} 已超过答复期限（{app.due_date:%Y-%m-%d}），请立即答复。"))
        elif level == "yellow":
            stats["yellow"] += 1
            left = clock.workdays_left(app.due_date, today, cal)
            messages.append(("yellow", f"【黄牌】申请 {app.serial} 距答复期限（{app.due_date:%Y-%m-%d}）还剩 {left} 个工作日。"))
        if app.due_date_provisional:
            stats["provisional"] += 1
        if app.status == Status.AWAITING_RECEIPT:
            stats["awaiting"] += 1
            messages.append(("info", f"申请 {app.serial} 为网上提交，尚未确认收到，请尽快与申请人确认（第三十一条）。"))
        correction = getattr(app, "correction", None)
        if correction and not correction.corrected_date and today > correction.deadline:
            stats["correction_expired"] += 1
            messages.append(("info", f"申请 {app.serial} 补正期限已届满，申请人未补正的可按视为放弃办结（第三十条）。"))
        if app.status == Status.FEE_PENDING and app.fees.filter(status="notified", pay_deadline__lt=today).exists():
            stats["fee_expired"] += 1
            messages.append(("info", f"申请 {app.serial} 缴费期限已届满，申请人逾期未缴费的可不再处理。"))
        if not messages:
            continue
        for user in _recipients(app):
            for lvl, text in messages:
                try:
                    with transaction.atomic():
                        Notification.objects.create(user=user, application=app, level=lvl, message=text,
                                                    created_on=today)
                except IntegrityError:
                    continue
                stats["notified"] += 1
                digests[user].append(text)
    if send_email:
        base = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
        for user, lines in digests.items():
            if not user.email:
                continue
            body = "\n".join(lines) + f"\n\n请登录工作台办理：{base}/staff/applications/"
            send_mail(f"依申请公开期限提醒（{today:%Y-%m-%d}）", body, None, [user.email])
            stats["emails"] += 1
    return stats
