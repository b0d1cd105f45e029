import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from zhengwu.core.dates import local_date

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_aware_datetime_gives_the_beijing_date_not_the_utc_one():
    early = dt.datetime(2026, 12, 2, 7, 59, tzinfo=SHANGHAI)  # 2026-12-01 23:59 UTC
    assert early.astimezone(dt.UTC).date() == dt.date(2026, 12, 1)
    assert local_date(early.astimezone(dt.UTC)) == dt.date(2026, 12, 2)


def test_naive_datetime_and_date_taken_as_local():
    assert local_date(dt.datetime(2026, 12, 2, 0, 30)) == dt.date(2026, 12, 2)
    assert local_date(dt.date(2026, 12, 2)) == dt.date(2026, 12, 2)
    assert local_date(None) is None


def test_today_follows_beijing_at_both_ends_of_the_night(beijing_hour):
    assert timezone.localdate() == dt.date(2026, 12, 2)
    assert local_date(timezone.now()) == dt.date(2026, 12, 2)
