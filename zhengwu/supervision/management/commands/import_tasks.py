"""zhengwu import_tasks FILE [--year Y] [--plan TITLE] [--dry-run] [--json]"""
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhengwu.supervision.actions import import_plan
from zhengwu.supervision.importing import ImportProblem, preview
from zhengwu.supervision.tables import TableError, read_file


class Command(BaseCommand):
    help = "导入任务分工表（.docx / .xlsx / .html / 从网页复制的文本）为督办任务。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, help="年度（“年底前”等按此年计算），默认取表名中的年份")
        parser.add_argument("--plan", default="", help="任务分工名称，默认取表名")
        parser.add_argument("--dry-run", action="store_true", help="只解析并显示，不保存")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出解析结果")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            tables = read_file(path.name, path.read_bytes())
            result = preview(tables, year=opts["year"], plan=opts["plan"], file_name=path.name)
            plan = None if opts["dry_run"] else import_plan(result, source_name=path.name)
        except (TableError, ImportProblem) as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            return
        verb = "将导入" if plan is None else f"已导入（编号 {plan.pk}）"
        self.stdout.write(f"{result.plan}（{result.year}年）：{verb} {len(result.tasks)} 项任务。")
        if result.unmatched_units:
            self.stdout.write("未匹配的单位（请在工作台“单位别名”中映射一次）：" + "、".join(result.unmatched_units))
        if result.flagged_deadlines:
            self.stdout.write("需人工确认的时限：" + "；".join(dict.fromkeys(result.flagged_deadlines)))
