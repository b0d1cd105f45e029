"""Dates as the county sees them: every date shown or compared is the Asia/Shanghai (settings.TIME_ZONE) date.

A UTC datetime's ``.date()`` is yesterday's date from 00:00 to 08:00 Beijing time, so nothing takes ``.date()`` of
an aware datetime directly; it goes through :func:`local_date`.
"""
import datetime as dt

from django.utils import timezone


def local_date(value: dt.datetime | dt.date | None) -> dt.date | None:
    """The local calendar date of a datetime (aware ones converted to TIME_ZONE, naive ones taken as local)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value
