"""GET /api/v1/annual-reports: published 政府信息公开工作年度报告 and their numbers as published (open data).

Only reports whose record is published are returned; the numbers are those frozen at publication.
"""
from __future__ import annotations

from ninja import Router, Schema
from ninja.errors import HttpError

from zhengwu.disclosure.models import Record

from .models import AnnualReport

router = Router(tags=["年度报告"])


class AnnualReportOut(Schema):
    year: int
    unit_code: str
    unit_name: str
    title: str
    url: str
    attachments: list[str]


def _published():
    return (AnnualReport.objects.filter(record__status=Record.Status.PUBLISHED, published_data__isnull=False)
            .select_related("unit", "record").order_by("-year", "unit__sort_order", "unit_id"))


@router.get("/annual-reports", response=list[AnnualReportOut], summary="已发布的年度报告")
def annual_reports(request, year: int | None = None):
    qs = _published()
    if year is not None:
        qs = qs.filter(year=year)
    return [AnnualReportOut(year=r.year, unit_code=r.unit.code, unit_name=r.unit.name, title=r.record.title,
                            url=r.record.get_absolute_url(),
                            attachments=[a.download_url for a in r.record.attachments.all()]) for r in qs]


@router.get("/annual-reports/{year}/{unit_code}", summary="年度报告数据（发布时的数字，格式同 annual_report --format json）")
def annual_report_data(request, year: int, unit_code: str):
    report = _published().filter(year=year, unit__code=unit_code).first()
    if report is None:
        raise HttpError(404, "该单位该年度的年度报告尚未发布。")
    return report.published_data
