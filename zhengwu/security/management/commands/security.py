"""zhengwu security unlock --username U | --ip IP --reason TEXT: lift a login lockout (安全管理员), audited."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhengwu.security import actions


class Command(BaseCommand):
    help = "登录安全：解除账号或 IP 的登录锁定（由安全管理员执行，写入审计日志）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="op", required=True)
        unlock = sub.add_parser("unlock", help="解除锁定")
        unlock.add_argument("--username", default="")
        unlock.add_argument("--ip", default="")
        unlock.add_argument("--reason", required=True, help="解锁理由（如：已核实为本人输错密码）")
        unlock.add_argument("--by", default="", help="执行解锁的安全管理员姓名")

    def handle(self, *args, op, username, ip, reason, by, **options):
        if not (username or ip):
            raise CommandError("请用 --username 或 --ip 指明要解锁的账号或 IP。")
        if not reason.strip():
            raise CommandError("请填写解锁理由。")
        try:
            removed = actions.unlock(by=by or None, username=username, ip=ip, reason=reason)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"已解除锁定：{username or ip}（清除 {removed} 条失败记录）。")
