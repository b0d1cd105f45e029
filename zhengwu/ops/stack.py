"""The production stack on one machine: nginx (Debian's package) in front of gunicorn.

The nginx server block lives once, in deploy/nginx/zhengwu-server.conf.in; `zhengwu render_nginx` wraps it for a
Debian server (TLS, /etc/nginx/sites-available), `make serve` and the reliability test wrap it in a foreground nginx
whose pid, logs and temp files all sit under one run directory. So what the tests run is what a county deploys.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

DEPLOY_DIR = Path(settings.BASE_DIR) / "deploy"
MIME_TYPES = Path("/etc/nginx/mime.types")


def render(template: str, **values) -> str:
    """Fill @@NAME@@ placeholders (nginx itself uses $name); a placeholder left unfilled is an error."""
    text = (DEPLOY_DIR / "nginx" / template).read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", str(value))
    if "@@" in text:
        raise ValueError(f"{template}: placeholder not filled: {text[text.index('@@'):][:40]}")
    return text


def _indented(body: str, indent: str) -> str:
    return "\n".join(indent + line if line.strip() else "" for line in body.splitlines())


def page_cache_root() -> Path:
    """Where the app publishes anonymous pages (a directory that never exists when the cache is off)."""
    return Path(settings.ZHENGWU_PAGE_CACHE_DIR or Path(settings.VAR_DIR) / "pagecache-off").resolve()


def server_body(*, static_root, media_root, indent: str = "    ") -> str:
    body = render("zhengwu-server.conf.in", STATIC_ROOT=Path(static_root).resolve(),
                  MEDIA_ROOT=Path(media_root).resolve(), PAGE_CACHE_ROOT=page_cache_root())
    return _indented(body, indent)


def http_maps(indent: str = "") -> str:
    return _indented(render("zhengwu-http.conf.in"), indent)


def site_config(*, server_name: str, upstream: str, tls_cert: str, tls_key: str, static_root, media_root) -> str:
    """/etc/nginx/sites-available/zhengwu for a Debian server with TLS."""
    return render("zhengwu-site.conf.in", SERVER_NAME=server_name, UPSTREAM=upstream, TLS_CERT=tls_cert,
                  TLS_KEY=tls_key, HTTP_MAPS=http_maps(),
                  SERVER_BODY=server_body(static_root=static_root, media_root=media_root))


def foreground_config(*, run_dir, listen: str, upstream: str, static_root, media_root) -> str:
    run_dir = Path(run_dir).resolve()
    return render("foreground.conf.in", RUN_DIR=run_dir, LISTEN=listen, UPSTREAM=upstream, MIME_TYPES=MIME_TYPES,
                  HTTP_MAPS=http_maps("    "),
                  SERVER_BODY=server_body(static_root=static_root, media_root=media_root, indent="        "))


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    """gunicorn (own process group, so SIGKILL takes master and workers like `kill -9` of the service) + nginx."""

    def __init__(self, run_dir, *, port: int, app_port: int | None = None, env: dict | None = None,
                 use_nginx: bool = True, workers: int = 2, threads: int = 4, log=None):
        self.run_dir = Path(run_dir).resolve()
        self.port = port
        self.app_port = app_port or free_port()
        self.env = {**os.environ, **(env or {})}
        self.use_nginx = use_nginx
        self.workers, self.threads = workers, threads
        self.log = log  # an open file for both servers' output; None: inherit the terminal
        self.app: subprocess.Popen | None = None
        self.nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port if self.use_nginx else self.app_port}"

    def start(self, timeout: float = 60) -> None:
        self.start_app()
        if self.use_nginx:
            self.start_nginx()
        self.wait_ready(timeout)

    def start_app(self) -> None:
        env = {**self.env, "ZHENGWU_BIND": f"127.0.0.1:{self.app_port}", "ZHENGWU_WORKERS": str(self.workers),
               "ZHENGWU_THREADS": str(self.threads)}
        self.app = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:zhengwu.ops.gunicorn_conf", "zhengwu.wsgi"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT if self.log else None, start_new_session=True)

    def start_nginx(self) -> None:
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx 未安装：sudo apt-get install nginx（或 make nginx）")
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        conf = self.run_dir / "nginx.conf"
        conf.write_text(foreground_config(
            run_dir=self.run_dir, listen=f"127.0.0.1:{self.port}", upstream=f"127.0.0.1:{self.app_port}",
            static_root=settings.STATIC_ROOT, media_root=settings.MEDIA_ROOT), encoding="utf-8")
        subprocess.run([binary, "-t", "-q", "-p", str(self.run_dir), "-c", str(conf), "-e", str(self.run_dir / "error.log")],
                       check=True)
        self.nginx = subprocess.Popen([binary, "-p", str(self.run_dir), "-c", str(conf), "-e",
                                       str(self.run_dir / "error.log")], stdout=self.log,
                                      stderr=subprocess.STDOUT if self.log else None, start_new_session=True)

    def wait_ready(self, timeout: float = 60) -> None:
        """Until the portal's front page answers through the whole chain (or a server died)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, proc in (("gunicorn", self.app), ("nginx", self.nginx)):
                if proc is not None and proc.poll() is not None:
                    raise RuntimeError(f"{name} 启动失败（退出码 {proc.returncode}）")
            try:
                with urllib.request.urlopen(self.url + "/yisq/cx/", timeout=5) as response:  # nosec B310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.url} 在 {timeout:.0f} 秒内没有应答")

    def kill_app(self, sig: int = signal.SIGKILL) -> None:
        """Every gunicorn process at once (master and workers), the way `kill -9` of the whole service does."""
        if self.app is not None and self.app.poll() is None:
            try:
                os.killpg(self.app.pid, sig)
            except ProcessLookupError:
                pass
            self.app.wait(timeout=30)

    def stop(self) -> None:
        for proc in (self.nginx, self.app):
            if proc is not None and proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for proc in (self.nginx, self.app):
            if proc is not None:
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
