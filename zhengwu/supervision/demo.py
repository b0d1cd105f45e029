"""Demo data for 督查督办: the real 中方 2022 task table imported as the demo county's plan for this year, with
units mapped once by the office, progress on some tasks and one task accepted. Built through the actions."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from zhengwu.core.seeds import seeds_dir
from zhengwu.org.models import Unit

from . import actions
from .importing import preview
from .models import Plan
from .tables import read_file

SEED = "zhongfang-2022-disclosure-task-division.txt"
# the office's one-time mapping of the names the table writes that the demo registry spells differently
ALIASES = {"县政务中心": "spj", "政务中心": "spj"}


def load_demo(*, government: Unit, units: list[Unit], today: dt.date) -> None:
    path = seeds_dir() / SEED
    if not path.is_file():
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[
        "gkb", "fgj_xxy", "fgj_shy", "scjgj_xxy", "czj_xxy", "spj_xxy", "zfb_xxy"])}
    office = users.get("gkb")
    if office is None:
        return
    by_code = {u.code: u for u in Unit.objects.filter(code__in=set(ALIASES.values()))}
    for name, code in ALIASES.items():
        if code in by_code:
            actions.map_unit_alias(user=office, name=name, unit=by_code[code])
    tables = read_file(path.name, path.read_bytes())
    result = preview(tables, year=today.year)
    if Plan.objects.filter(title=result.plan, year=result.year).exists():
        return
    plan = actions.import_plan(result, user=office, source_name=path.name)
    tasks = {t.number: t for t in plan.tasks.all()}

    def report(number, username, code, text):
        unit = Unit.objects.get(code=code)
        if username in users:
            actions.report_progress(tasks[number], user=users[username], unit=unit, text=text,
                                    happened_on=today, links=["/xxgk/"])

    report("2", "fgj_xxy", "fgj", "已在门户网站开设“双随机、一公开”专栏，本季度发布抽查计划2条、结果3条。")
    report("2", "scjgj_xxy", "scjgj", "行政执法公示专栏已上线，按月更新执法结果。")
    report("4", "fgj_xxy", "fgj", "扩大有效投资专栏已设立，十大项目进度按月更新。")
    report("12", "czj_xxy", "czj", "惠民惠农财政补贴政策目录清单已公布，落实“七公开”。")
    if "fgj_shy" in users:
        actions.confirm_completion(tasks["2"], user=users["fgj_shy"])
        actions.accept_task(tasks["2"], user=office)
    actions.set_remarks(tasks["13"], user=office, remarks="适老化与无障碍改造请于年底前完成验收。")
    from wagtail.models import Page, Site

    site = Site.objects.filter(is_default_site=True).first()
    column = Page.objects.child_of(site.root_page).filter(slug="zcwj").first() if site else None
    if column is not None:  # records placed in 政策文件 count as task 9's evidence
        actions.link_columns(tasks["9"], user=office, columns=[column])
