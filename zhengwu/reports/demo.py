"""Demo data for annual reports (called by `zhengwu load_demo` after the applications demo). Idempotent.

For the last full year: figures for every unit, narrative text written from the real numbers, and the
reports published through the actions — the county government's (aggregating every unit) and about half of
the departments', so the dashboard shows both published and missing reports. Last year's text of the county
report exists too, so "start from last year's text" can be seen on the year before.
"""
from __future__ import annotations

import datetime as dt
import sys

from django.core.exceptions import ValidationError
from django.utils import timezone

from zhengwu.disclosure.models import Record
from zhengwu.org.models import Unit

from . import actions, builders
from .models import AdminFigures, AnnualReport
from .tables import _aware, year_bounds


def _say(message: str) -> None:
    sys.stdout.write(message + "\n")


def _figures(unit: Unit, i: int, year: int) -> None:
    if AdminFigures.objects.filter(unit=unit, year=year).exists():
        return
    if unit.kind == Unit.Kind.TOWNSHIP:
        values = {"licensing": 20 + 3 * i, "penalty": i % 4, "enforcement": 0, "fees": "0"}
    else:
        values = {"licensing": 40 + 17 * i, "penalty": 6 + 5 * i, "enforcement": i % 3,
                  "fees": f"{(i * 7 % 13) * 1.35:.2f}"}
    actions.set_figures(by=None, unit=unit, year=year, note="示范数据", **values)


def _narrative(unit: Unit, year: int) -> tuple[str, str]:
    data = builders.build(unit, year, builders.Narrative())
    start, end = year_bounds(year)
    published = Record.objects.public().filter(unit_id__in=unit.descendant_ids(),
                                      published_at__gte=_aware(start),
                                      published_at__lt=_aware(end + dt.timedelta(days=1))).count()
    apps = data.applications.values
    overview = "\n".join([
        f"{year}年，{unit.name}深入贯彻《中华人民共和国政府信息公开条例》，坚持“以公开为常态、不公开为例外”，"
        "围绕群众关切推进决策、执行、管理、服务、结果公开。",
        f"（一）主动公开。全年通过政府信息公开平台主动公开政府信息{published}条，"
        f"制发行政规范性文件{data.proactive.documents['normative'][0]}件，均同步发布政策解读。",
        f"（二）依申请公开。全年新收政府信息公开申请{apps['new'][-1]}件，上年结转{apps['carried_in'][-1]}件，"
        f"办结{apps['results_total'][-1]}件，结转下年度{apps['carried_out'][-1]}件。",
        "（三）政府信息管理。严格落实公文公开属性源头认定和发布前保密审查，动态更新行政规范性文件有效性。",
        "（四）平台建设。依托集约化政府网站平台统一发布政府信息，政府信息公开专栏栏目设置符合规范。",
        "（五）监督保障。将政务公开纳入年度绩效考核，开展业务培训，未发生因政务公开工作被追责的情况。",
    ])
    problems = "\n".join([
        "存在的主要问题：一是政策解读形式较为单一，图解、视频解读偏少；二是部分单位信息发布的及时性有待提高。",
        f"改进情况：{year + 1}年将推行解读材料与政策文件同步起草、同步审签、同步发布，并对信息发布时效开展月度通报。",
    ])
    return overview, problems


def _publish(unit: Unit, year: int, when: dt.datetime) -> None:
    report = AnnualReport.objects.filter(unit=unit, year=year).first()
    if report and report.record_id:
        return
    if not report:
        overview, problems = _narrative(unit, year)
        actions.save_narrative(by=None, unit=unit, year=year, overview=overview, problems=problems)
    try:
        actions.publish_report(by=None, unit=unit, year=year, published_at=when)
    except ValidationError as exc:
        _say(f"  {unit.name}{year}年度报告未发布：" + "；".join(exc.messages[:3]))


def load_demo(*, government: Unit, units: list[Unit], today: dt.date) -> None:
    year = today.year - 1
    reporting = [u for u in units if u.kind in (Unit.Kind.DEPARTMENT, Unit.Kind.TOWNSHIP)]
    for i, unit in enumerate(reporting):
        _figures(unit, i, year)
    if not AnnualReport.objects.filter(unit=government, year=year - 1).exists():
        actions.save_narrative(
            by=None, unit=government, year=year - 1,
            overview=f"{year - 1}年，{government.name}认真贯彻《中华人民共和国政府信息公开条例》，政务公开工作稳步推进。",
            problems="存在的主要问题：基层政务公开标准化规范化水平仍需提升。改进情况：开展基层政务公开专项培训。")

    def moment(month: int, day: int) -> dt.datetime:
        chosen = dt.date(today.year, month, day)
        if chosen > today:
            chosen = today
        return timezone.make_aware(dt.datetime.combine(chosen, dt.time(10, 0)))

    departments = [u for u in reporting if u.kind == Unit.Kind.DEPARTMENT]
    for i, unit in enumerate(departments):
        if i % 2 == 0:
            _publish(unit, year, moment(1, 10 + i % 20))
    _publish(government, year, moment(3, 25))
    report = AnnualReport.objects.filter(unit=government, year=year).select_related("record").first()
    if report and report.record:
        _say(f"  县级年度报告：{report.record.title}（{report.record.get_status_display()}）")
