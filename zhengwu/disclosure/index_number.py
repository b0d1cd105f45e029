"""索引号: `<统一社会信用代码>-<分类码>/<年份>-<流水号>`, e.g. 11370104597024629Y-A/2020-00012.

Unique, never reused: every number issued or imported is kept in IssuedIndexNumber forever, and the
per-prefix counter only goes up. An imported record keeps the 索引号 it already has.
"""
from __future__ import annotations

import re

from django.conf import settings
from django.db import IntegrityError, transaction

from zhengwu.org import credit_code

from .models import IndexNumberCounter, IssuedIndexNumber

PATTERN = re.compile(r"^(?P<code>[0-9A-Z]{18})-(?P<cls>[0-9A-Z]{1,8})/(?P<year>\d{4})-(?P<serial>\d{1,10})$")


class IndexNumberError(ValueError):
    pass


def serial_digits() -> int:
    return int(getattr(settings, "ZHENGWU_INDEX_SERIAL_DIGITS", 5))


def format_number(code: str, cls: str, year: int, serial: int) -> str:
    return f"{code}-{cls}/{year}-{serial:0{serial_digits()}d}"


def validate(value: str) -> str:
    value = (value or "").strip().upper()
    if not PATTERN.match(value):
        raise IndexNumberError(f"索引号“{value[:60]}”格式不正确，应为“统一社会信用代码-分类码/年份-流水号”。")
    return value


def issue(*, code: str, cls: str, year: int) -> str:
    """Issue the next 索引号 for this unit, class and year, inside the caller's transaction."""
    if not credit_code.is_valid(code):
        raise IndexNumberError("发布机构未设置有效的统一社会信用代码，无法生成索引号。请先在单位信息中填写。")
    cls = (cls or "A").upper()
    prefix = f"{code}-{cls}/{year}"
    with transaction.atomic():
        counter, _ = IndexNumberCounter.objects.select_for_update().get_or_create(prefix=prefix)
        serial = counter.last_serial
        while True:
            serial += 1
            value = format_number(code, cls, year, serial)
            if not IssuedIndexNumber.objects.filter(value=value).exists():
                break
        counter.last_serial = serial
        counter.save(update_fields=["last_serial"])
        IssuedIndexNumber.objects.create(value=value)
    return value


def reserve_imported(value: str) -> str:
    """Keep an imported record's own 索引号; refuse one already in use."""
    value = (value or "").strip()
    if not value:
        raise IndexNumberError("索引号为空。")
    try:
        with transaction.atomic():
            IssuedIndexNumber.objects.create(value=value, imported=True)
    except IntegrityError as exc:
        raise IndexNumberError(f"索引号“{value}”已被使用，不能重复。") from exc
    return value
