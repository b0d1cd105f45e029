"""Staff-maintained parts of the working-day calendar; the official notices themselves come from chinese-calendar."""
from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class WorkdayOverride(models.Model):
    """One date whose status staff set by hand: a new 国务院 notice, a local arrangement, or a correction.

    An override always wins over the built-in data and over the provisional fallback.
    """

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="设置人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("设置时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "工作日调整"
        verbose_name_plural = "工作日调整"

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {'工作日' if self.is_workday else '休息日'}"


class OfficialYear(models.Model):
    """Staff confirm that a year's 国务院办公厅 holiday notice has been entered as overrides.

    Confirmation is what removes the provisional flag for a year the chinese-calendar package does not cover.
    """

    year = models.PositiveSmallIntegerField("年度", unique=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField("确认时间")
    source_document = models.CharField("放假安排通知", max_length=200, blank=True,
                                       help_text="例如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）")

    class Meta:
        ordering = ["year"]
        verbose_name = "已确认放假安排的年度"
        verbose_name_plural = "已确认放假安排的年度"

    def __str__(self) -> str:
        return f"{self.year}年放假安排"


def _new_token() -> str:
    return uuid.uuid4().hex


class CalendarVersion(models.Model):
    """A single row whose token changes with every calendar write, so every process can tell its cache is stale.

    A random token (not a counter) so a rolled-back write can never be mistaken for a later committed one.
    """

    token = models.CharField(max_length=32, default=_new_token)

    class Meta:
        verbose_name = "日历版本"
        verbose_name_plural = "日历版本"

    def __str__(self) -> str:
        return self.token
