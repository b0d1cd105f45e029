"""zhengwu demo_login — the demo staff logins (demo password: never use it in production)."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django_otp.plugins.otp_static.models import StaticToken

from zhengwu.importer.demo import staff_accounts
from zhengwu.importer.demo_data import DEMO_PASSWORD
from zhengwu.org.models import Role, Unit
from zhengwu.security.second_factor import DEMO_DEVICE_NAME

MAIN = ["admin", "xtgly", "aqgly", "sjgly", "gkb", "jyj_xxy", "jyj_shy", "ysq", "ld"]


def demo_codes() -> dict[str, str]:
    """The next unused code of each account's demo-only static device (created by load_demo, never here)."""
    tokens = (StaticToken.objects.filter(device__name=DEMO_DEVICE_NAME).order_by("pk")
              .values_list("device__user__username", "token"))
    codes: dict[str, str] = {}
    for username, token in tokens:
        codes.setdefault(username, token)
    return codes


class Command(BaseCommand):
    help = "显示示范数据的后台登录账号和密码（仅用于演示）。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, help="开发服务器端口（make demo 的 PORT）")

    def handle(self, *args, port=None, **options):
        base = getattr(settings, "WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
        if port:
            base = f"http://127.0.0.1:{port}"
        accounts = staff_accounts()
        existing = set(get_user_model().objects.filter(username__in=[a[0] for a in accounts])
                       .values_list("username", flat=True))
        if not existing:
            self.stdout.write("尚未加载示范数据，请先运行：zhengwu load_demo")
            return
        role_labels = dict(Role.choices)
        units = dict(Unit.objects.values_list("code", "short_name"))
        self.stdout.write(f"后台登录：{base}/staff/login/    统一演示密码：{DEMO_PASSWORD}")
        by_name = {a[0]: a for a in accounts}
        codes = demo_codes()
        for username in MAIN:
            _u, _display, unit_code, roles, superuser = by_name[username]
            role = "超级用户（应急）" if superuser else "、".join(role_labels[r] for r in roles)
            code = f"  双因素验证码（演示专用）{codes[username]}" if username in codes else ""
            self.stdout.write(f"  {role:<10}（{units.get(unit_code, unit_code)}）  用户名 {username:<10} 密码 {DEMO_PASSWORD}"
                              f"{code}")
        if codes:
            self.stdout.write("  带“双因素验证码”的账号登录后还需输入该验证码（每个只能用一次，再次运行 demo_login 显示下一个；"
                              "用完后运行 zhengwu load_demo 补充）。")
        others = sorted({a[2] for a in accounts if a[0].endswith(("_xxy", "_shy"))} - {"jyj"})
        self.stdout.write("  其他单位的信息员/审核员：<单位代号>_xxy / <单位代号>_shy，单位代号："
                          + " ".join(f"{c}（{units.get(c, c)}）" for c in others))
        self.stdout.write(self.style.WARNING(
            "警告：以上为演示账号和公开的演示密码，切勿在生产环境使用；正式部署请用 zhengwu createsuperuser 建立账号。"))
