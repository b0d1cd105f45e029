"""zhengwu import_notices PATH... --unit CODE [--publish] [--column KEY] [--category N]"""
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhengwu.importer.importing import find_column, import_notice
from zhengwu.importer.notice import NoticeFileError, parse_file
from zhengwu.org.models import Unit


def _files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in (".txt", ".docx"))
        elif path.exists():
            found.append(path)
        else:
            raise CommandError(f"找不到文件或目录：{raw}")
    return found


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "；".join(m for messages in exc.message_dict.values() for m in messages)
    return "；".join(exc.messages)


class Command(BaseCommand):
    help = "导入已公开发布的政府文件（.txt/.docx），识别文号、发布机构、成文日期、索引号、主题分类、有效性。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="文件或目录")
        parser.add_argument("--unit", required=True, help="导入到哪个单位（单位代号）")
        parser.add_argument("--publish", action="store_true", help="导入后发布（记录保密审查并走发布规则）")
        parser.add_argument("--column", action="append", default=[], help="放入的栏目代号，如 tzgg（可重复）")
        parser.add_argument("--category", action="append", type=int, default=[],
                            help="条例第二十条公开类别（1–15，可重复）；不填则按标题判断")

    def handle(self, *args, paths, unit, publish, column, category, **options):
        try:
            target = Unit.objects.get(code=unit)
        except Unit.DoesNotExist as exc:
            raise CommandError(f"单位代号“{unit}”不存在。") from exc
        try:
            columns = [find_column(target, key) for key in column]
        except ValidationError as exc:
            raise CommandError(_errors(exc)) from exc
        failed = 0
        for path in _files(paths):
            self.stdout.write(f"== {path.name}")
            try:
                notice = parse_file(path)
            except NoticeFileError as exc:
                failed += 1
                self.stdout.write(f"   失败：{exc}")
                continue
            for line in notice.summary_lines():
                self.stdout.write(f"   {line}")
            for warning in notice.warnings:
                self.stdout.write(f"   提示：{warning}")
            try:
                result = import_notice(notice, unit=target, publish=publish, columns=columns,
                                       categories=category or None)
            except ValidationError as exc:
                failed += 1
                self.stdout.write(f"   失败：{_errors(exc)}")
                continue
            for message in result.messages:
                self.stdout.write(f"   提示：{message}")
            record = result.record
            if result.publish_error:
                failed += 1
                self.stdout.write(f"   未能发布：{result.publish_error}")
            if result.created:
                state = "已导入并发布" if result.published else "已导入为草稿"
            else:
                state = "已存在，未重复导入" + ("，现已发布" if result.published else "")
            self.stdout.write(f"   结果：{state}（记录 #{record.pk}，{record.get_status_display()}，"
                              f"索引号 {record.index_number or '发布时生成'}）")
        if failed:
            raise CommandError(f"有 {failed} 个文件未能导入，见上方说明。")
