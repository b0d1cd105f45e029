"""zhengwu render_nginx --server-name gov.example.cn: the nginx site for a Debian server (docs/deploy.md)."""
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from zhengwu.ops.stack import site_config


class Command(BaseCommand):
    help = "输出 nginx 站点配置（/etc/nginx/sites-available/zhengwu），静态文件与附件路径取自当前设置。"

    def add_arguments(self, parser):
        parser.add_argument("--server-name", required=True, help="网站域名，多个用空格分隔")
        parser.add_argument("--upstream", default="127.0.0.1:8001", help="gunicorn 地址（ZHENGWU_BIND）")
        parser.add_argument("--tls-cert", help="证书链文件，缺省 /etc/letsencrypt/live/<第一个域名>/fullchain.pem")
        parser.add_argument("--tls-key", help="私钥文件，缺省 /etc/letsencrypt/live/<第一个域名>/privkey.pem")
        parser.add_argument("-o", "--output", help="写入文件；缺省输出到标准输出")

    def handle(self, *args, server_name, upstream, tls_cert, tls_key, output, **options):
        first = server_name.split()[0]
        text = site_config(server_name=server_name, upstream=upstream,
                           tls_cert=tls_cert or f"/etc/letsencrypt/live/{first}/fullchain.pem",
                           tls_key=tls_key or f"/etc/letsencrypt/live/{first}/privkey.pem",
                           static_root=settings.STATIC_ROOT, media_root=settings.MEDIA_ROOT)
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stderr.write(f"已写入 {output}；检查：nginx -t；生效：systemctl reload nginx")
        else:
            sys.stdout.write(text)
