"""政府信息公开工作年度报告 (条例第四十九条、第五十条) and the figures staff enter for it.

Tables 三 and 四 are computed from applications; table 二's 规章/行政规范性文件 rows from the 文件库. What the
platform does not hold — 行政许可/行政处罚/行政强制 decision counts and 行政事业性收费 — is entered or imported
per unit and year (`AdminFigures`). Writes go through `zhengwu.reports.actions`.
"""
from django.conf import settings
from django.db import models

from zhengwu.org.models import Unit


class AdminFigures(models.Model):
    """Table 二's 第二十条第（五）（六）（八）项 figures for one unit and year."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="report_figures")
    year = models.PositiveSmallIntegerField("年度")
    licensing = models.PositiveIntegerField("行政许可（本年处理决定数量）", default=0)
    penalty = models.PositiveIntegerField("行政处罚（本年处理决定数量）", default=0)
    enforcement = models.PositiveIntegerField("行政强制（本年处理决定数量）", default=0)
    fees = models.DecimalField("行政事业性收费（本年收费金额，万元）", max_digits=14, decimal_places=4, default=0)
    note = models.CharField("说明", max_length=300, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="填报人")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度报告填报数据"
        verbose_name_plural = "年度报告填报数据"
        ordering = ["-year", "unit__sort_order", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="report_figures_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}年填报数据"


class AnnualReport(models.Model):
    """One unit's report on one year: the narrative sections and, once published, the disclosure record.

    The report of a unit covers the unit and every unit below it (the county government's report is the
    county's aggregate). `published_data` freezes the numbers as published.
    """

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField("年度")
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    record = models.ForeignKey("disclosure.Record", verbose_name="发布的政府信息", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    published_data = models.JSONField("发布时的数据", null=True, blank=True)
    submitted_at = models.DateTimeField("提交发布时间", null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="编辑人")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "unit__sort_order", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="annual_report_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit}{self.year}年政府信息公开工作年度报告"
