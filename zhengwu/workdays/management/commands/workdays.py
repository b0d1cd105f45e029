"""`zhengwu workdays …`: count working days and keep the calendar from the command line.

  zhengwu workdays add DATE N                       the date N working days after DATE (DATE not counted)
  zhengwu workdays coverage                         years with official data, and provisional years
  zhengwu workdays set DATE workday|holiday [--note 说明]
  zhengwu workdays unset DATE [--note 原因]
  zhengwu workdays confirm YEAR [--source 通知文号]

Changes made here are audited as 系统. Arguments are checked here (not by argparse) so every mistake gets a
Chinese message and a non-zero exit code.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhengwu.workdays import actions
from zhengwu.workdays.calendar import get_calendar, package_version, package_years, provisional_message
from zhengwu.workdays.models import OfficialYear

USAGE = ("用法：zhengwu workdays add 日期 工作日数 | coverage | set 日期 workday|holiday [--note 说明] | "
         "unset 日期 | confirm 年度 [--source 通知文号]")
MAX_N = 1000
KINDS = {"workday": True, "工作日": True, "holiday": False, "休息日": False}


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError) as exc:
        raise CommandError(f"日期格式不正确：“{text}”。请使用 YYYY-MM-DD 格式，例如 2025-09-30。") from exc


def parse_count(text: str) -> int:
    try:
        n = int(text.strip())
    except ValueError as exc:
        raise CommandError(f"工作日数不正确：“{text}”。请填写 0 到 {MAX_N} 之间的整数。") from exc
    if not 0 <= n <= MAX_N:
        raise CommandError(f"工作日数不正确：“{text}”。请填写 0 到 {MAX_N} 之间的整数。")
    return n


def parse_year(text: str) -> int:
    if not text.strip().isdigit() or len(text.strip()) != 4:
        raise CommandError(f"年度不正确：“{text}”。请填写四位数字年度，例如 2027。")
    return int(text.strip())


def year_ranges(years: list[int]) -> list[str]:
    """[2004, 2005, 2006, 2010] → ["2004–2006年", "2010年"]."""
    out, run = [], []
    for y in sorted(years):
        if run and y != run[-1] + 1:
            out.append(run)
            run = []
        run.append(y)
    if run:
        out.append(run)
    return [f"{r[0]}年" if len(r) == 1 else f"{r[0]}–{r[-1]}年" for r in out]


def _messages(exc: ValidationError) -> str:
    return "；".join(exc.messages)


class Command(BaseCommand):
    help = "工作日历：计算工作日、查看官方数据覆盖年度、调整工作日、确认年度放假安排。" + USAGE

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*", metavar="子命令及参数")
        parser.add_argument("--note", default="", help="调整说明（set）或删除原因（unset）")
        parser.add_argument("--source", default="", help="放假安排通知名称或文号（confirm）")

    def handle(self, *args, note="", source="", **options):
        if not args:
            raise CommandError("缺少子命令。" + USAGE)
        sub, rest = args[0], list(args[1:])
        handlers = {"add": (self.add, 2), "coverage": (self.coverage, 0), "set": (self.set, 2),
                    "unset": (self.unset, 1), "confirm": (self.confirm, 1)}
        if sub not in handlers:
            raise CommandError(f"未知子命令：“{sub}”。" + USAGE)
        handler, count = handlers[sub]
        if len(rest) != count:
            raise CommandError(f"子命令 {sub} 需要 {count} 个参数，实际给了 {len(rest)} 个。" + USAGE)
        try:
            handler(*rest, note=note, source=source)
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc

    def add(self, date_text, n_text, **_):
        start, n = parse_date(date_text), parse_count(n_text)
        calendar = get_calendar()
        result = calendar.add_workdays(start, n)
        self.stdout.write(result.isoformat())
        years = calendar.provisional_years(start, result)
        if years:
            self.stdout.write(provisional_message(years))

    def coverage(self, **_):
        calendar = get_calendar()
        built_in = sorted(package_years())
        self.stdout.write("有国务院放假安排数据的年度：")
        self.stdout.write(f"  内置数据（chinese-calendar {package_version()}，国务院办公厅历年部分节假日安排通知）："
                          f"{'、'.join(year_ranges(built_in))}")
        for official in OfficialYear.objects.select_related("confirmed_by"):
            who = official.confirmed_by.get_username() if official.confirmed_by else "系统"
            source = f"，依据：{official.source_document}" if official.source_document else ""
            self.stdout.write(f"  {official.year}年：工作人员已确认（{who}，"
                              f"{timezone.localtime(official.confirmed_at):%Y-%m-%d}{source}）")
        official = calendar.official_years()
        inner = [y for y in range(official[0], official[-1]) if y not in official]
        parts = [f"{official[0] - 1}年及以前", *year_ranges(inner), f"{official[-1] + 1}年及以后"]
        self.stdout.write("暂定年度（无官方数据，只按周末和法定固定节日推算，结果均为暂定）："
                          + "、".join(parts))

    def set(self, date_text, kind_text, note="", **_):
        day = parse_date(date_text)
        if kind_text not in KINDS:
            raise CommandError(f"类型不正确：“{kind_text}”。请填写 workday（工作日）或 holiday（休息日）。")
        override = actions.set_override(by=None, date=day, is_workday=KINDS[kind_text], note=note)
        self.stdout.write(f"已将{override.date.isoformat()}设为{'工作日' if override.is_workday else '休息日'}。")

    def unset(self, date_text, note="", **_):
        day = parse_date(date_text)
        actions.remove_override(by=None, date=day, reason=note)
        self.stdout.write(f"已删除{day.isoformat()}的人工调整，恢复为系统日历。")

    def confirm(self, year_text, source="", **_):
        official = actions.confirm_official_year(by=None, year=parse_year(year_text), source_document=source)
        self.stdout.write(f"已确认{official.year}年的国务院放假安排，该年度的工作日不再标为暂定。")
