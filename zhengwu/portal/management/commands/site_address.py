"""zhengwu site_address HOST PORT — give the portal's Wagtail Sites the address the site is served at."""
from django.core.management.base import BaseCommand, CommandError

from zhengwu.portal.setup import serving_address, set_serving_address


class Command(BaseCommand):
    help = "把门户及各部门、乡镇网站的访问地址设为 HOST:PORT（站点地图和页面链接按此生成）；不带参数时按设置推算。"

    def add_arguments(self, parser):
        parser.add_argument("host", nargs="?")
        parser.add_argument("port", nargs="?", type=int)

    def handle(self, *args, host=None, port=None, **options):
        default_host, default_port = serving_address()
        try:
            moved = set_serving_address(host or default_host, port or default_port)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"网站访问地址：{host or default_host}:{port or default_port}（更新 {moved} 个站点）")
