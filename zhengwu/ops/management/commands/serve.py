"""zhengwu serve [--port 8080]: nginx in front of gunicorn in the foreground (what `make serve` runs); Ctrl-C stops both."""
import os
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhengwu.ops.stack import Stack, free_port, nginx_binary


class Command(BaseCommand):
    help = "在前台运行 nginx + gunicorn（与生产部署相同的配置，监听 127.0.0.1）；Ctrl-C 同时停止两者。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8080)), help="nginx 监听端口")
        parser.add_argument("--app-port", type=int, help="gunicorn 监听端口（缺省自动选一个空闲端口）")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("ZHENGWU_WORKERS", 2)))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("ZHENGWU_THREADS", 4)))

    def handle(self, *args, port, app_port, workers, threads, **options):
        if nginx_binary() is None:
            raise CommandError("没有找到 nginx：请先执行 make nginx（即 apt-get install nginx）。")
        if not settings.ZHENGWU_PRODUCTION:
            self.stderr.write("提示：未设置 ZHENGWU_PRODUCTION=1，静态文件不带内容摘要（make serve 会设置）。")
        run_dir = settings.VAR_DIR / "serve"
        stack = Stack(run_dir, port=port, app_port=app_port or free_port(), workers=workers, threads=threads,
                      env={"ZHENGWU_ACCEL_REDIRECT": "1", "ZHENGWU_TRUSTED_PROXIES": "127.0.0.1"})

        def stop(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            stack.start()
            self.stdout.write(f"门户: {stack.url}/   后台: {stack.url}/staff/   "
                              f"（nginx → gunicorn 127.0.0.1:{stack.app_port}，{workers} 个进程 × {threads} 线程；"
                              f"日志 {run_dir}/）按 Ctrl-C 停止。")
            self.stdout.flush()
            while True:
                for name, proc in (("gunicorn", stack.app), ("nginx", stack.nginx)):
                    if proc.poll() is not None:
                        raise CommandError(f"{name} 已退出（退出码 {proc.returncode}），见 {run_dir}/error.log")
                time.sleep(0.5)
        except KeyboardInterrupt:
            self.stdout.write("正在停止 nginx 和 gunicorn …")
        finally:
            stack.stop()
