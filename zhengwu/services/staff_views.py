"""政务服务 staff pages: the catalog metrics next to the seed targets with the 好差评 metrics, the 效能监察 warning
list (黄牌/红牌 办件) and the per-unit monthly 通报 (.docx). The office and leaders see every unit; unit staff see
their own units."""
from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhengwu.org import access
from zhengwu.org.decorators import staff_required
from zhengwu.org.models import Role

from . import catalog_metrics, efficiency, rating_metrics
from .public_views import DOCX


def _unit_ids(user) -> set[int] | None:
    if access.is_office_admin(user) or access.is_leader(user):
        return None
    return access.unit_ids_with_role(user, Role.EDITOR, Role.REVIEWER)


def _calendar():
    from zhengwu.workdays.calendar import get_calendar

    return get_calendar()


def _month(value: str | None, today) -> tuple[int, int, str | None]:
    """"2026-11" → (2026, 11); the previous month when empty; an error message when unreadable."""
    if not value:
        first = today.replace(day=1)
        prev = first.replace(year=first.year - 1, month=12) if first.month == 1 else first.replace(
            month=first.month - 1)
        return prev.year, prev.month, None
    year, sep, month = value.partition("-")
    if not (sep and year.isdigit() and month.isdigit() and 2000 <= int(year) <= 2100 and 1 <= int(month) <= 12):
        return today.year, today.month, "月份格式应为“2026-11”。"
    return int(year), int(month), None


@staff_required
def index(request):
    """Catalog metrics against the seed targets, and this year's 好差评 metrics."""
    today = timezone.localdate()
    catalog = catalog_metrics.compute()
    ratings = rating_metrics.compute(today.replace(month=1, day=1), today)
    rating_rows = [(label, catalog_metrics.pct(value)) for label, value in (
        ("评价覆盖率", ratings.coverage_rate), ("群众实际评价率", ratings.actual_rating_rate),
        ("差评有效处置率（整改率）", ratings.bad_review_handled_rate), ("数据汇集及时准确率", ratings.data_timeliness_rate))]
    year, month, _ = _month(None, today)
    return render(request, "services/staff_index.html", {
        "catalog": catalog, "rows": catalog.rows(), "rating_rows": rating_rows, "rating_counts": ratings.counts,
        "year": today.year, "default_month": f"{year}-{month:02d}",
        "warning_count": len(efficiency.warnings(today=today, cal=_calendar(), unit_ids=_unit_ids(request.user)))})


@staff_required
def warnings(request):
    today = timezone.localdate()
    rows = efficiency.warnings(today=today, cal=_calendar(), unit_ids=_unit_ids(request.user))
    return render(request, "services/staff_warnings.html", {
        "rows": rows, "today": today, "share": round(efficiency.cards.yellow_share() * 100),
        "red": sum(1 for w in rows if w.card.level == "red")})


@staff_required
def bulletin(request):
    """The month's 通报: a table on the page, or the A4 .docx with ?format=docx."""
    from urllib.parse import quote

    today = timezone.localdate()
    year, month, error = _month(request.GET.get("month"), today)
    if error:
        return render(request, "services/staff_bulletin.html", {"error": error, "month": request.GET.get("month")},
                      status=400)
    rows = efficiency.monthly(year, month, today=today, cal=_calendar(), unit_ids=_unit_ids(request.user))
    if request.GET.get("format") == "docx":
        response = HttpResponse(efficiency.bulletin_docx(year, month, rows, today=today), content_type=DOCX)
        name = f"政务服务效能监察通报{year}年{month}月.docx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    return render(request, "services/staff_bulletin.html", {
        "rows": [(r, catalog_metrics.pct(r.on_time_rate)) for r in rows], "year": year, "month": month,
        "month_value": f"{year}-{month:02d}"})
