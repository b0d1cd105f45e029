"""zhengwu audit verify | head | archive --before DATE [-o DIR] | verify-archive MANIFEST.

`verify` exits 1 and names the first broken link when any stored event was changed, removed or inserted.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhengwu.audit import archive, chain
from zhengwu.audit.models import AuditChain


class Command(BaseCommand):
    help = "审计日志：核对哈希链（verify）、显示链头（head）、归档超过保存期限的记录（archive）、核对归档文件（verify-archive）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="op", required=True)
        sub.add_parser("verify", help="核对哈希链，报告第一处断开的位置（断开时退出码为 1）")
        sub.add_parser("head", help="显示链头序号和哈希（可抄录到纸面或外部系统作为锚点）")
        arc = sub.add_parser("archive", help="把某日以前（须早于保存期限）的记录归档到文件后从数据库删除")
        arc.add_argument("--before", required=True, help="日期 YYYY-MM-DD：归档此日（北京时间）以前的记录")
        arc.add_argument("-o", "--output", default="", help="归档目录（默认 var/audit-archive/）")
        arc.add_argument("--by", default="", help="执行归档的人员姓名")
        check = sub.add_parser("verify-archive", help="核对一个归档文件（清单 .manifest.json）")
        check.add_argument("manifest")

    def handle(self, *args, op, **options):
        getattr(self, "do_" + op.replace("-", "_"))(**options)

    def do_verify(self, **options):
        verdict = chain.verify()
        if not verdict.ok:
            self.stderr.write(f"审计日志哈希链断开：{verdict.message}")
            sys.exit(1)
        self.stdout.write(verdict.message)

    def do_head(self, **options):
        head = AuditChain.objects.filter(pk=1).first()
        if head is None:
            self.stdout.write("审计日志为空。")
            return
        self.stdout.write(f"链头：第 {head.seq} 号 {head.hash}；已归档至第 {head.archived_seq} 号 {head.archived_hash or '（无）'}")

    def do_archive(self, *, before, output, by, **options):
        try:
            day = dt.date.fromisoformat(before)
        except ValueError as exc:
            raise CommandError("--before 应为 YYYY-MM-DD 格式的日期。") from exc
        directory = Path(output) if output else Path(settings.VAR_DIR) / "audit-archive"
        try:
            done = archive.archive(before=day, directory=directory, by=by)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        if not done.count:
            self.stdout.write(f"{day:%Y-%m-%d} 以前没有尚未归档的审计记录。")
            return
        self.stdout.write(f"已归档第 {done.first_seq}～{done.last_seq} 号共 {done.count} 条审计记录：{done.events_path}"
                          f"（清单 {done.manifest_path}），并已从数据库删除。")

    def do_verify_archive(self, *, manifest, **options):
        problem = archive.verify_archive(Path(manifest))
        if problem:
            self.stderr.write(problem)
            sys.exit(1)
        self.stdout.write("归档文件完整。")
