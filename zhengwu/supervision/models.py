"""督查督办: a 任务分工 plan, its tasks with their units and deadlines, and the units' progress reports.

The seeds end with "定期或不定期开展督查…进行通报" and "实行'一季度一通报'": a task is tracked from the table the
office issued to the office accepting it as done; each report is kept with its evidence (published records, files,
dates) because the 通报 and the year's 绩效考核 rest on it.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhengwu.org.models import Unit

from .deadlines import CADENCE_LABELS


class UnitAlias(models.Model):
    """A unit name as task tables write it (县发改局), mapped once by the office to the registry's unit."""

    name = models.CharField("表中写法", max_length=100, unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases", verbose_name="单位")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"

    def __str__(self) -> str:
        return f"{self.name} → {self.unit}"


class Plan(models.Model):
    title = models.CharField("任务分工名称", max_length=300)
    year = models.PositiveSmallIntegerField("年度")
    source_name = models.CharField("导入文件", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "任务分工"
        verbose_name_plural = "任务分工"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Task.Status.ACCEPTED)

    def for_unit(self, unit):
        unit_id = unit.pk if isinstance(unit, Unit) else unit
        return self.filter(Q(lead_units=unit_id) | Q(responsible_units=unit_id)).distinct()

    def for_unit_ids(self, unit_ids):
        return self.filter(Q(lead_units__in=unit_ids) | Q(responsible_units__in=unit_ids)).distinct()

    def overdue(self, today):
        """Past a fixed deadline and not accepted by the office (recurring duties are never overdue as a whole)."""
        return self.open().filter(deadline__lt=today)

    def due_within(self, today, days: int):
        import datetime as dt

        return self.open().filter(deadline__gte=today, deadline__lte=today + dt.timedelta(days=days))


class Task(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "推进中"
        CONFIRMED = "confirmed", "牵头单位已确认完成"
        ACCEPTED = "accepted", "已验收"
        RETURNED = "returned", "已退回"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="任务分工")
    order = models.PositiveIntegerField("顺序", default=0)
    section = models.CharField("所属表", max_length=300, blank=True, help_text="一个文件有多张分工表时的表名")
    number = models.CharField("序号", max_length=20, blank=True)
    group = models.CharField("事项/领域", max_length=300, blank=True)
    content = models.TextField("任务内容")
    requirement = models.TextField("工作要求", blank=True)
    lead_units_text = models.JSONField("牵头单位（原文）", default=list, blank=True)
    responsible_units_text = models.JSONField("责任单位（原文）", default=list, blank=True)
    unit_notes = models.JSONField("单位备注", default=list, blank=True, help_text="如：县直相关单位按职责分工负责")
    lead_units = models.ManyToManyField(Unit, blank=True, related_name="led_tasks", verbose_name="牵头单位")
    responsible_units = models.ManyToManyField(Unit, blank=True, related_name="supervised_tasks",
                                               verbose_name="责任单位")
    deadline = models.DateField("完成时限", null=True, blank=True)
    recurring = models.BooleanField("经常性任务", default=False)
    cadence = models.CharField("频次", max_length=20, blank=True)
    deadline_text = models.CharField("时限（原文）", max_length=300, blank=True)
    deadline_flagged = models.BooleanField("时限需人工确认", default=False)
    columns = models.ManyToManyField("wagtailcore.Page", blank=True, related_name="+", verbose_name="关联栏目",
                                     help_text="公开类任务：在这些栏目发布的信息自动作为进展佐证")
    topic = models.ForeignKey("disclosure.Topic", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name="关联主题")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    confirmed_at = models.DateTimeField("牵头单位确认时间", null=True, blank=True)
    accepted_at = models.DateTimeField("验收时间", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    remarks = models.TextField("公开办意见", blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "督办任务"
        verbose_name_plural = "督办任务"
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        head = f"（{self.number}）" if self.number else ""
        return f"{head}{self.content[:40]}"

    @property
    def cadence_label(self) -> str:
        return CADENCE_LABELS.get(self.cadence, "")

    def confirming_units(self):
        """牵头单位 confirm completion; a table with only 责任单位 lets those units confirm."""
        lead = list(self.lead_units.all())
        return lead or list(self.responsible_units.all())


class ProgressReport(models.Model):
    """进展情况: what a unit did, with its evidence."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports", verbose_name="任务")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="报送单位")
    text = models.TextField("进展情况")
    happened_on = models.DateField("完成/进展日期", null=True, blank=True)
    records = models.ManyToManyField("disclosure.Record", blank=True, related_name="+", verbose_name="佐证信息")
    links = models.JSONField("佐证链接", default=list, blank=True)
    file = models.FileField("佐证材料", upload_to="supervision/%Y/%m/", blank=True)
    file_name = models.CharField("材料文件名", max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    reported_at = models.DateTimeField("报送时间", auto_now_add=True)

    class Meta:
        verbose_name = "进展报送"
        verbose_name_plural = "进展报送"
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.text[:30]}"
