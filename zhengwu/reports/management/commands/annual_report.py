"""zhengwu annual_report --year Y [--unit CODE] --format html|docx|xlsx|json [-o FILE]"""
import sys

from django.core.management.base import BaseCommand, CommandError

from zhengwu.org.models import Unit
from zhengwu.reports import builders, exporters


class Command(BaseCommand):
    help = "生成政府信息公开工作年度报告（国办公开办函〔2021〕30号格式）；不指定单位时为县级政府（汇总全县各单位）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="报告年度，如 2025")
        parser.add_argument("--unit", help="单位代号；缺省为县（区）人民政府")
        parser.add_argument("--format", dest="fmt", choices=["html", "docx", "xlsx", "json"], default="html")
        parser.add_argument("-o", "--output", help="输出文件；缺省输出到标准输出（docx/xlsx 必须指定）")

    def handle(self, *args, year, unit=None, fmt="html", output=None, **options):
        if unit:
            target = Unit.objects.filter(code=unit).first()
            if target is None:
                raise CommandError(f"单位代号“{unit}”不存在。")
        else:
            governments = list(Unit.objects.filter(kind=Unit.Kind.GOVERNMENT, parent__isnull=True))
            if len(governments) != 1:
                raise CommandError("请用 --unit 指定单位代号。")
            target = governments[0]
        if fmt in ("docx", "xlsx") and not output:
            raise CommandError(f"{fmt} 为二进制文件，请用 -o 指定输出文件。")
        data = builders.build(target, year)
        content = exporters.render(data, fmt)
        if output:
            with open(output, "wb") as fh:
                fh.write(content)
            self.stderr.write(f"已生成 {output}")
        else:
            sys.stdout.write(content.decode("utf-8") + "\n")
        for failure in data.failures:
            self.stderr.write(f"勾稽校验未通过：{failure.message}")
