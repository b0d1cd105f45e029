"""zhengwu security unlock --username U | --ip IP --reason TEXT: lift a login lockout (安全管理员), audited;
zhengwu security reset-2fa --username U --reason TEXT: reset a lost second factor, audited."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhengwu.security import actions, second_factor


class Command(BaseCommand):
    help = "登录安全：解除账号或 IP 的登录锁定（由安全管理员执行，写入审计日志）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="op", required=True)
        unlock = sub.add_parser("unlock", help="解除锁定")
        unlock.add_argument("--username", default="")
        unlock.add_argument("--ip", default="")
        unlock.add_argument("--reason", required=True, help="解锁理由（如：已核实为本人输错密码）")
        unlock.add_argument("--by", default="", help="执行解锁的安全管理员姓名")
        reset_2fa = sub.add_parser("reset-2fa", help="重置双因素认证（手机丢失）")
        reset_2fa.add_argument("--username", required=True)
        reset_2fa.add_argument("--reason", required=True, help="重置理由（如：已当面核实本人，手机丢失）")
        reset_2fa.add_argument("--by", default="", help="执行重置的安全管理员姓名")

    def handle(self, *args, op, username, reason, by, ip="", **options):
        if op == "reset-2fa":
            return self.reset_2fa(username, reason, by)
        if not (username or ip):
            raise CommandError("请用 --username 或 --ip 指明要解锁的账号或 IP。")
        if not reason.strip():
            raise CommandError("请填写解锁理由。")
        try:
            removed = actions.unlock(by=by or None, username=username, ip=ip, reason=reason)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"已解除锁定：{username or ip}（清除 {removed} 条失败记录）。")

    def reset_2fa(self, username, reason, by):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为 {username} 的账号。")
        try:
            removed = second_factor.reset(user, by=by or "安全管理员", reason=reason)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(f"已重置 {username} 的双因素认证（清除 {removed} 个验证设备），该用户下次登录时重新绑定。")
