"""zhengwu load_demo — the demo county (idempotent; run by `make demo`)."""
from collections import Counter

from django.core.management.base import BaseCommand

from zhengwu.disclosure.models import Record
from zhengwu.importer import demo


class Command(BaseCommand):
    help = "建立示范县的单位、人员、站点栏目和示范信息，导入真实文件，并加载其他模块的示范数据（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--no-hooks", action="store_true", help="不加载依申请公开、检索、年度报告等模块的示范数据")
        parser.add_argument("--no-seeds", action="store_true", help="不导入 ../shared/seeds 中的真实文件")

    def handle(self, *args, no_hooks, no_seeds, **options):
        self.stdout.write("建立示范县 …")
        result = demo.load(out=self.stdout, hooks=not no_hooks, seeds=not no_seeds)
        for note in result.notes:
            self.stdout.write(f"  {note}")
        counts = Counter(Record.objects.values_list("status", flat=True))
        labels = dict(Record.Status.choices)
        summary = "，".join(f"{labels[s]} {counts.get(s, 0)}" for s in Record.Status.values)
        self.stdout.write(f"完成：单位 {len(result.units)} 个，人员 {len(result.users)} 个，"
                          f"本次新建示范信息 {result.created} 条；政府信息共 {sum(counts.values())} 条（{summary}）。")
        self.stdout.write("登录信息：zhengwu demo_login")
