"""zhengwu supervision_report --plan … --quarter 2026Q3 --format docx|html|json [--output FILE]"""
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from zhengwu.supervision import report as reports
from zhengwu.supervision.models import Plan


class Command(BaseCommand):
    help = "生成任务分工落实情况季度通报（每个单位：已完成、正常推进、逾期、未报送）。"

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="任务分工编号或名称（可写名称中的一段）")
        parser.add_argument("--quarter", required=True, help="如 2026Q3")
        parser.add_argument("--format", choices=["docx", "html", "json"], default="json")
        parser.add_argument("--output", help="输出文件（docx 必须指定，或用 - 写到标准输出）")

    def handle(self, *args, **opts):
        key = opts["plan"]
        where = Q(title__icontains=key) | (Q(pk=int(key)) if key.isdigit() else Q(pk__in=[]))
        plans = Plan.objects.filter(where)
        if key.isdigit() and plans.filter(pk=int(key)).exists():
            plans = plans.filter(pk=int(key))
        if plans.count() != 1:
            raise CommandError(f"找不到唯一的任务分工“{key}”（找到 {plans.count()} 个），请写编号或更完整的名称。")
        try:
            result = reports.build(plans.get(), opts["quarter"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        fmt, output = opts["format"], opts.get("output")
        if fmt == "docx":
            if not output:
                raise CommandError("docx 格式请用 --output 指定文件。")
            data = reports.to_docx(result)
            if output == "-":
                sys.stdout.buffer.write(data)
            else:
                with open(output, "wb") as fh:
                    fh.write(data)
                self.stdout.write(f"已写入 {output}")
            return
        text = (json.dumps(result.as_json(), ensure_ascii=False, indent=2) if fmt == "json"
                else reports.to_html(result))
        if output and output != "-":
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stdout.write(f"已写入 {output}")
        else:
            self.stdout.write(text)
