"""zhengwu import_services FILE.xlsx — load a 事项清单 export of the 一体化平台 (all rows or none)."""
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhengwu.services import catalog_io


class Command(BaseCommand):
    help = "导入事项清单（.xlsx，一体化平台实施清单导出格式，见 docs/decisions/1501）"

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        try:
            saved = catalog_io.import_xlsx(path.read_bytes())
        except ValidationError as exc:
            raise CommandError("导入失败，未保存任何事项：\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(f"已导入 {len(saved)} 个事项。")
