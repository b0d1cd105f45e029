"""zhengwu reindex: rebuild the search index (after bulk imports or dictionary changes)."""
import time

from django.core.management.base import BaseCommand

from zhengwu.search import indexer


class Command(BaseCommand):
    help = "重建全文检索索引（批量导入或修改政务词典后运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=1, help="并行分词进程数（默认1）")

    def handle(self, *args, workers: int = 1, **options):
        started = time.monotonic()
        count = indexer.reindex(workers=workers)
        indexer.optimize()
        seconds = time.monotonic() - started
        self.stdout.write(f"索引已重建：{count} 条，用时 {seconds:.1f} 秒。")
