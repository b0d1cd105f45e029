"""zhengwu restore FILE [--migrate]: into an empty database and an empty MEDIA_ROOT, everything checksum-verified."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengwu.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "从 zhengwu backup 生成的备份恢复到空数据库和空附件目录；数据库结构版本不符时拒绝（--migrate 可升级）。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件（.tar.gz）")
        parser.add_argument("--migrate", action="store_true",
                            help="备份的数据库结构比本版本旧时，恢复后执行迁移升级")

    def handle(self, *args, archive, migrate, **options):
        if not Path(archive).is_file():
            raise CommandError(f"备份文件 {archive} 不存在。")
        try:
            result = restore(Path(archive), migrate=migrate)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        m = result.manifest
        self.stdout.write(f"已恢复 {archive}（备份于 {m['created_at']}）：数据库 {m['database']['vendor']}，"
                          f"附件 {result.files} 个，校验值全部一致。")
        if result.migrated:
            self.stdout.write(f"已执行 {len(result.migrated)} 个迁移，数据库结构已升级到本版本。")
