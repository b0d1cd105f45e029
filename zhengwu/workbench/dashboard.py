"""What each role's dashboard shows: queues over records, counts for 领导 and 公开办, overdue work."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone

from zhengwu.applications.models import Application
from zhengwu.disclosure.models import Category, Record, ReviewDecision
from zhengwu.org.models import Unit


def overdue_days() -> int:
    """Days a record may wait in one review stage before the dashboard flags it (no legal limit; local rule)."""
    return int(getattr(settings, "ZHENGWU_REVIEW_OVERDUE_DAYS", 5))


def records():
    last = ReviewDecision.objects.filter(record=OuterRef("pk")).order_by("-at", "-id")
    return Record.objects.select_related("unit").annotate(
        last_decision=Subquery(last.values("decision")[:1]),
        last_comment=Subquery(last.values("comment")[:1]),
        waiting_since=Max("reviews__at"),
    )


def overdue_reviews(records_qs):
    cutoff = timezone.now() - dt.timedelta(days=overdue_days())
    return list(records_qs.filter(status__in=[Record.Status.UNIT_REVIEW, Record.Status.OFFICE_REVIEW],
                                  waiting_since__lt=cutoff).order_by("waiting_since")[:50])


def overdue_applications(unit_ids):
    """依申请公开 cases past their due date."""
    qs = Application.objects.overdue(timezone.localdate())
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return qs.count()


def stats(unit_ids: set[int] | None) -> dict:
    """Counts for the 领导 and 公开办 dashboards over `unit_ids` (None = every unit)."""
    units = Unit.objects.all() if unit_ids is None else Unit.objects.filter(pk__in=unit_ids)
    s = Record.Status
    per_unit = units.annotate(
        published=Count("records", filter=Q(records__status=s.PUBLISHED)),
        in_review=Count("records", filter=Q(records__status__in=[s.UNIT_REVIEW, s.OFFICE_REVIEW])),
        drafts=Count("records", filter=Q(records__status=s.DRAFT)),
        unpublished=Count("records", filter=Q(records__status=s.UNPUBLISHED)),
    ).order_by("sort_order", "id")
    published = Record.objects.public()
    if unit_ids is not None:
        published = published.filter(unit_id__in=unit_ids)
    per_category = Category.objects.annotate(
        n=Count("records", filter=Q(records__in=published.values("pk")))
    ).order_by("number")
    today = timezone.localdate()
    month_start = timezone.make_aware(dt.datetime(today.year, today.month, 1))
    scoped = records() if unit_ids is None else records().filter(unit_id__in=unit_ids)
    return {
        "per_unit": per_unit,
        "per_category": per_category,
        "published_this_month": published.filter(published_at__gte=month_start).count(),
        "published_total": published.count(),
        "overdue": overdue_reviews(scoped),
        "overdue_applications": overdue_applications(unit_ids),
        "overdue_days": overdue_days(),
    }


def admin_pages(user) -> list[tuple[str, str, str]]:
    """The 三员's own pages on the dashboard: (heading, URL name, what it is for)."""
    from zhengwu.org import access

    pages = []
    if access.is_sysadmin(user):
        pages.append(("账号与角色", "staff:accounts", "新建账号、授予和撤销角色、停用账号（系统管理员）。"))
        pages.append(("网站设置", "staff:sites", "各网站的备案号、网站标识码、是否须经公开办审核（系统管理员）。"))
    if access.is_security_admin(user):
        pages.append(("登录安全", "staff:security", "查看和解除登录锁定，查看在线会话并强制下线（安全管理员）。"))
    if access.is_audit_admin(user):
        pages.append(("审计日志", "staff:audit", "查阅全部单位的审计日志，核对防篡改哈希链（审计管理员）。"))
    return pages
