"""好差评 metrics (国办发〔2019〕51号 第三部分“强化评价结果运用”; formulas in docs/decisions/1502).

Pure formulas over plain counts (`*_rate` functions) and their database inputs (`compute`). Every rate is a share
0–1, or None when its denominator is 0 (nothing to measure is not 100%).

- 评价覆盖率 = 期内有评价的事项数 / 期内有办件的事项数
- 群众实际评价率 = 期内办结且有评价的办件数 / 期内办结的办件数
- 差评有效处置率 = 按期办结的差评数 / 期内有效差评数 (申诉成立的不计); 按期 = 已办结, 且限期整改的整改完成日
  不晚于整改期限
- 数据汇集及时准确率 = 及时且准确汇集的评价数 / 期内评价数; 及时 = 汇集时间 − 评价时间 ≤ ZHENGWU_RATING_SYNC_HOURS
  (default 24); 准确 = 办件评价的办件属于所评事项
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from zhengwu.core.dates import local_date

from .models import Case, Rating, RatingLevel, Service

LEVEL_LABELS = [label for _, label in sorted(RatingLevel.choices, reverse=True)]


def share(part: int, whole: int) -> float | None:
    return None if not whole else part / whole


def sync_hours() -> int:
    return int(getattr(settings, "ZHENGWU_RATING_SYNC_HOURS", 24))


@dataclass(frozen=True)
class Metrics:
    coverage_rate: float | None
    actual_rating_rate: float | None
    bad_review_handled_rate: float | None
    data_timeliness_rate: float | None
    counts: dict


def _bounds(start: dt.date, end: dt.date):
    from django.utils import timezone

    tz = timezone.get_default_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return lo, hi


def handled_on_time(r) -> bool:
    if r.status != Rating.Status.CLOSED:
        return False
    if r.rectify_due is not None:
        return r.rectified_on is not None and r.rectified_on <= r.rectify_due
    return True


def compute(start: dt.date, end: dt.date, unit=None) -> Metrics:
    lo, hi = _bounds(start, end)
    ratings = Rating.objects.filter(rated_at__gte=lo, rated_at__lt=hi)
    cases = Case.objects.filter(accepted_at__lt=hi)
    services = Service.objects.public()
    if unit is not None:
        ratings, cases, services = (ratings.filter(service__unit=unit), cases.filter(service__unit=unit),
                                    services.filter(unit=unit))
    served = set(cases.filter(Q(finished_at__isnull=True) | Q(finished_at__gte=lo))
                 .values_list("service_id", flat=True))
    served &= set(services.values_list("pk", flat=True))
    rated = set(ratings.values_list("service_id", flat=True)) & served
    finished = cases.filter(finished_at__gte=lo, finished_at__lt=hi)
    finished_n = finished.count()
    finished_rated = finished.filter(ratings__isnull=False).distinct().count()
    bad = [r for r in ratings.bad().exclude(status=Rating.Status.VOIDED)]
    on_time = sum(handled_on_time(r) for r in bad)
    window = dt.timedelta(hours=sync_hours())
    rows = list(ratings.select_related("case").only("rated_at", "recorded_at", "service_id", "case__service_id"))
    good_data = sum(1 for r in rows if r.recorded_at - r.rated_at <= window
                    and (r.case is None or r.case.service_id == r.service_id))
    counts = {"services_with_cases": len(served), "services_rated": len(rated), "cases_finished": finished_n,
              "cases_rated": finished_rated, "bad_reviews": len(bad), "bad_handled_on_time": on_time,
              "ratings": len(rows), "ratings_timely": good_data}
    return Metrics(share(len(rated), len(served)), share(finished_rated, finished_n), share(on_time, len(bad)),
                   share(good_data, len(rows)), counts)


def monthly_by_unit(year: int) -> list[dict]:
    """Public statistics: per unit and month, the count at each level and the 差评 handled."""
    lo, hi = _bounds(dt.date(year, 1, 1), dt.date(year, 12, 31))
    out: dict[tuple, dict] = {}
    qs = (Rating.objects.filter(rated_at__gte=lo, rated_at__lt=hi).exclude(status=Rating.Status.VOIDED)
          .select_related("service__unit").only("rated_at", "level", "status", "service__unit__name",
                                                "service__unit__sort_order"))
    for r in qs:
        month = local_date(r.rated_at).month
        unit = r.service.unit
        key = (unit.sort_order, unit.pk, month)
        row = out.setdefault(key, {"unit": unit.name, "month": month, "levels": [0] * 5, "total": 0, "bad": 0,
                                   "closed": 0})
        row["levels"][5 - r.level] += 1
        row["total"] += 1
        if r.level <= RatingLevel.DISSATISFIED:
            row["bad"] += 1
            row["closed"] += r.status == Rating.Status.CLOSED
    for row in out.values():
        good = row["levels"][0] + row["levels"][1]
        row["good_rate"] = share(good, row["total"])
    return [out[k] for k in sorted(out)]


