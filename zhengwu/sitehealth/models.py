"""Stored self-check results: the daily job's runs, so the dashboard shows them without re-crawling the site."""
from django.db import models


class CheckRun(models.Model):
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+", verbose_name="站点")
    as_of = models.DateField("检查日期")
    verdict = models.CharField("结论", max_length=10)
    score = models.FloatField("得分")
    data = models.JSONField("检查结果")
    ran_at = models.DateTimeField("运行时间", auto_now_add=True)

    class Meta:
        verbose_name = "网站自查结果"
        verbose_name_plural = "网站自查结果"
        ordering = ["-ran_at", "-id"]

    def __str__(self) -> str:
        return f"{self.site} {self.as_of} {self.verdict}"
