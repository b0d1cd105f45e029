"""Public statistics of the mailboxes and the hotline (按月 received / answered / on time, by kind, by unit,
满意度): counted over every message received in the period, whatever its channel except 找错."""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django.db.models import Count, F, Q

from .models import Channel, Kind, Message, Satisfaction, Status

ANSWERED = Q(replied_date__isnull=False)
ON_TIME = Q(replied_date__isnull=False, replied_date__lte=F("due_date"))


def _base(year: int):
    return Message.objects.exclude(channel=Channel.SITE_ERROR).exclude(status=Status.REJECTED).filter(
        received_date__year=year)


def _counts(qs, key: str) -> dict:
    return {row[key]: row for row in qs.values(key).annotate(received=Count("id"), answered=Count("id", filter=ANSWERED),
                                                              on_time=Count("id", filter=ON_TIME))}


def _rate(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def yearly(year: int) -> dict:
    qs = _base(year)
    months = OrderedDict()
    by_month = {}
    for m in qs.values_list("received_date", "replied_date", "due_date"):
        row = by_month.setdefault(m[0].month, [0, 0, 0])
        row[0] += 1
        if m[1]:
            row[1] += 1
            row[2] += m[1] <= m[2]
    for month in range(1, 13):
        received, answered, on_time = by_month.get(month, (0, 0, 0))
        months[month] = {"month": f"{year}年{month}月", "received": received, "answered": answered,
                         "on_time": on_time, "on_time_rate": _rate(on_time, answered)}
    kinds = _counts(qs, "kind")
    by_kind = [{"label": label, **{k: kinds.get(value, {}).get(k, 0) for k in ("received", "answered", "on_time")}}
               for value, label in Kind.choices]
    units = _counts(qs.filter(reply_unit__isnull=False), "reply_unit__name")
    by_unit = sorted(({"label": name, **{k: row[k] for k in ("received", "answered", "on_time")}}
                      for name, row in units.items()), key=lambda r: (-r["answered"], r["label"]))
    rated = dict(qs.exclude(satisfaction="").values_list("satisfaction").annotate(n=Count("id")))
    total_rated = sum(rated.values())
    satisfaction = [{"label": label, "count": rated.get(value, 0), "share": _rate(rated.get(value, 0), total_rated)}
                    for value, label in Satisfaction.choices]
    total = {"received": qs.count(), "answered": qs.filter(ANSWERED).count(), "on_time": qs.filter(ON_TIME).count()}
    total["on_time_rate"] = _rate(total["on_time"], total["answered"])
    return {"year": year, "months": list(months.values()), "by_kind": by_kind, "by_unit": by_unit,
            "satisfaction": satisfaction, "total": total, "rated": total_rated}


def years() -> list[int]:
    found = sorted({d.year for d in Message.objects.dates("received_date", "year")}, reverse=True)
    return found or [dt.date.today().year]
