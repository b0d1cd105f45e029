"""zhengwu backup -o FILE | --dir DIR [--keep N]: database + attachments + manifest, while the site keeps running."""
import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengwu.ops.backup import BackupError, backup

PATTERN = "zhengwu-*.tar.gz"


class Command(BaseCommand):
    help = "备份数据库（SQLite 在线备份 / PostgreSQL pg_dump）和全部附件，附清单（校验值、数据库结构版本）。"

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("-o", "--output", help="备份文件（.tar.gz）")
        target.add_argument("--dir", help="备份目录：文件名按时间生成 zhengwu-YYYYmmdd-HHMMSS.tar.gz")
        parser.add_argument("--keep", type=int, default=0, help="与 --dir 合用：只保留最近 N 份（缺省全部保留）")

    def handle(self, *args, output=None, dir=None, keep=0, **options):
        if keep and not dir:
            raise CommandError("--keep 只能与 --dir 一起使用。")
        if dir:
            output = Path(dir) / f"zhengwu-{dt.datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = backup(Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = Path(output).stat().st_size
        self.stdout.write(f"已备份到 {output}（{size / 1024 / 1024:.1f} MB）：数据库 {manifest['database']['vendor']}，"
                          f"附件 {len(manifest['files'])} 个，迁移 {len(manifest['schema'])} 个。")
        if dir and keep > 0:
            for old in sorted(Path(dir).glob(PATTERN))[:-keep]:
                old.unlink()
                self.stdout.write(f"已删除旧备份 {old}")
