"""zhengwu security unlock --username U | --ip IP --reason TEXT: lift a login lockout (安全管理员), audited."""
from __future__ import annotations

from axes.utils import reset
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhengwu.audit.log import record_event
from zhengwu.security.events import _Login


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
        with transaction.atomic():
            removed = reset(ip=ip or None, username=username or None)
            record_event(actor=f"命令行（{by or '安全管理员'}）", action="login_unlock", target=_Login(username),
                         target_type="auth.user", after={"username": username, "ip": ip, "removed": removed},
                         reason=reason.strip())
        self.stdout.write(f"已解除锁定：{username or ip}（清除 {removed} 条失败记录）。")
