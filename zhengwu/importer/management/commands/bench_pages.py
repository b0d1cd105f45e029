"""zhengwu bench_pages [--duration S] [--connections C] [--old-commit REV] — public pages through the shipped stack.

Over the current database (build one with `zhengwu generate_county --records N`), in one run:
  uncached  nginx + gunicorn (2 workers) with the page cache off: every request rendered by Django;
  cached    the same stack with the page cache on (first request publishes the page, nginx serves the rest);
  old       (with --old-commit) the code of that commit on the same stack, database and nginx config;
  nginx     a plain nginx serving the very bytes the stack answered, as static files.
wrk (Debian package) measures req/s and latency per page kind, after `--warmup` seconds of the same load that are
not counted (the steady state: every thread's database connection has read the pages once). Ratios are computed
within the run, because this machine is shared and absolute numbers drift. Results go to bench/results/pages-<records>.json.

A run that measured anything but the page fails (CommandError) and writes no result: every wrk response must be
2xx, and every configuration must be served by what it claims (the app for uncached/old, nginx's published file
for cached, the plain nginx for the reference). An earlier run measured 404s from the reference for every request:
nginx started as root runs its workers as `nobody`, which could not enter the 0700 temporary directory.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhengwu.ops import stack

RESULTS_DIR = Path(settings.BASE_DIR) / "bench" / "results"
PORT = 8105  # 8100 + this helper's number on the shared development machine; --port overrides
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# Who answers each configuration's second request (the X-Page-Cache header; "app" when there is none). With the
# cache on nginx sends the published file ("static") except for what nginx cannot name as a file (the API's
# JSON: the app answers from the cache, "hit").
SERVED_BY = {"old": "app", "uncached": "app", "cached": "static"}
CACHED_BY_APP = {"documents_api"}


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s)", text)
    return round(float(match.group(1)) * _UNITS[match.group(2)], 3) if match else 0.0


def wrk(url: str, *, duration: int, connections: int, threads: int = 2, timeout: int = 2) -> dict:
    """`timeout`: wrk's per-request limit (its default 2 s); a slower answer counts as a socket timeout, not a latency."""
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", f"--timeout={timeout}s",
                          "--latency", url], capture_output=True, text=True, timeout=duration + timeout + 60,
                         check=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:(.*)", out)
    return {"rps": float(rps.group(1)) if rps else 0.0, "p50_ms": _ms(p50.group(1)) if p50 else 0.0,
            "p99_ms": _ms(p99.group(1)) if p99 else 0.0, "non_2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(1).strip() if errors else ""}


def expected_server(name: str, kind: str) -> str:
    return "hit" if name == "cached" and kind in CACHED_BY_APP else SERVED_BY[name]


def problems(kind: str, name: str, row: dict, expected: str) -> list[str]:
    """Why a measurement is not one of the page (empty: it is)."""
    found = []
    if row["non_2xx"]:
        found.append(f"{row['non_2xx']} 个非 2xx 应答")
    if row.get("served_by") != expected:
        found.append(f"应由 {expected} 发送，实际为 {row.get('served_by')}")
    if not row["rps"]:
        found.append("没有完成任何请求")
    return [f"{kind} / {name}：{p}" for p in found]


def check(kind: str, name: str, row: dict, expected: str) -> None:
    found = problems(kind, name, row, expected)
    if found:
        raise CommandError("基准无效（测到的不是页面本身）：" + "；".join(found) + "。未写入结果。")


def fetch(url: str) -> tuple[bytes, str]:
    """One GET: the body and who served it; anything but a plain 200 (an error, a redirect) is refused."""
    with urllib.request.urlopen(url, timeout=60) as response:  # nosec B310
        body = response.read()
        if response.status != 200 or response.geturl() != url:
            raise CommandError(f"{url} 应答 {response.status}（{response.geturl()}），不是页面本身")
        return body, response.headers.get("X-Page-Cache", "") or "app"


def readable_by_workers(path: Path) -> None:
    """nginx started as root serves files from its workers (user `nobody`): every directory above must let
    others in. Else try_files finds nothing: the reference answers 404, the cache silently falls back to the app."""
    if os.geteuid() != 0:
        return
    for folder in [path, *path.parents]:
        if folder.exists() and not folder.stat().st_mode & 0o001:
            raise CommandError(f"nginx 的工作进程（nobody）进不了 {folder}（权限 {oct(folder.stat().st_mode & 0o777)}）："
                               f"{path} 中的文件它读不到。请换一个其他用户可进入的目录（chmod o+x）。")


def page_kinds() -> dict[str, str]:
    """One URL per page kind, on the county site."""
    from zhengwu.disclosure.models import Record
    from zhengwu.portal.models import ColumnPage, LibraryPage

    tzgg = ColumnPage.objects.filter(column_key="tzgg").order_by("path").first()
    library = LibraryPage.objects.order_by("path").first()
    record = Record.objects.public().order_by("-published_at").only("id").first()
    if tzgg is None or record is None:
        raise CommandError("数据库中没有示范县：先运行 zhengwu generate_county --records N")
    column = tzgg.get_url_parts()[2]
    return {"home": "/", "column_page1": column, "column_deep": f"{column}?page=40",
            "record": record.get_absolute_url(), "library_filtered": f"{library.get_url_parts()[2]}?validity=valid",
            "search": "/search/?q=" + urllib.request.quote("义务教育 通知"), "documents_api": "/api/v1/documents"}


def _static_nginx(run_dir: Path, port: int, root: Path) -> subprocess.Popen:
    """nginx serving `root` as plain files (what a static CMS publishes), with the shipped gzip settings."""
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / "temp" / sub).mkdir(parents=True, exist_ok=True)
    conf = run_dir / "nginx.conf"
    conf.write_text(f"""daemon off; worker_processes 1; pid {run_dir}/nginx.pid; error_log {run_dir}/error.log warn;
events {{ worker_connections 512; }}
http {{ include {stack.MIME_TYPES}; access_log off; sendfile on; tcp_nopush on;
  client_body_temp_path {run_dir}/temp/client_body; proxy_temp_path {run_dir}/temp/proxy;
  fastcgi_temp_path {run_dir}/temp/fastcgi; uwsgi_temp_path {run_dir}/temp/uwsgi; scgi_temp_path {run_dir}/temp/scgi;
  server {{ listen 127.0.0.1:{port}; root {root}; charset utf-8; location / {{ try_files $uri =404; }} }} }}
""", encoding="utf-8")
    binary = stack.nginx_binary()
    return subprocess.Popen([binary, "-p", str(run_dir), "-c", str(conf), "-e", str(run_dir / "error.log")],
                            start_new_session=True)


def _configs(work: Path, old_commit: str) -> list[tuple[str, dict]]:
    """(name, extra environment) per stack; an old commit's code is unpacked and put first on PYTHONPATH."""
    configs = [("uncached", {"ZHENGWU_PAGE_CACHE_DIR": ""}), ("cached", {})]
    if old_commit:
        old_tree = work / "old"
        old_tree.mkdir()
        archive = subprocess.run(["git", "-C", str(settings.BASE_DIR), "archive", old_commit, "zhengwu"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old_tree)], input=archive, check=True)
        configs.insert(0, ("old", {"ZHENGWU_PAGE_CACHE_DIR": "", "PYTHONPATH": str(old_tree)}))
    return configs


class Command(BaseCommand):
    help = "门户页面性能基准：经 nginx + gunicorn（缓存开/关、旧版本）与 nginx 静态文件同场比较。"

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=5, help="每个页面每种配置压测秒数")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--port", type=int, default=PORT)
        parser.add_argument("--old-commit", default="", help="同场比较的旧版本（git 提交）")
        parser.add_argument("--kinds", default="", help="只测这些页面（逗号分隔）")
        parser.add_argument("--label", default="", help="结果文件名后缀（pages-<条数>-<label>.json），不覆盖完整的一次测量")
        parser.add_argument("--timeout", type=int, default=2, help="单个请求的超时秒数（wrk 默认 2 秒；大库不缓存时放宽）")
        parser.add_argument("--warmup", type=int, default=2, help="每次测量前先压测的秒数（不计入结果）")

    def _measure_static(self, work: Path, urls: dict, bodies: dict, results: dict, *, duration: int,
                        connections: int) -> None:
        """The reference: a plain nginx sending, as files, the very bytes the uncached stack answered."""
        static_root = work / "static-pages"
        static_root.mkdir()
        for kind, body in bodies.items():
            (static_root / f"{kind}.html").write_bytes(body)
            (static_root / f"{kind}.html").chmod(0o644)
        static_port = stack.free_port()
        nginx = _static_nginx(work / "nginx-static", static_port, static_root)
        try:
            time.sleep(1)
            self.stdout.write("— nginx static")
            for kind in urls:
                url = f"http://127.0.0.1:{static_port}/{kind}.html"
                body, _ = fetch(url)
                if body != bodies[kind]:
                    raise CommandError(f"nginx 静态对照 {kind} 发送的字节与程序应答不同（{len(body)} / {len(bodies[kind])}）")
                row = {**wrk(url, duration=duration, connections=connections), "served_by": "nginx"}
                results[kind]["nginx_static"] = row
                self.stdout.write(f"  {kind:18} {row['rps']:>10.1f} req/s")
                check(kind, "nginx_static", row, "nginx")
        finally:
            nginx.terminate()
            nginx.wait(timeout=30)

    def handle(self, *args, duration, connections, port, old_commit, kinds, timeout, label, warmup, **options):
        if shutil.which("wrk") is None:
            raise CommandError("需要 wrk：sudo apt-get install wrk")
        from zhengwu.disclosure.models import Record

        urls = page_kinds()
        if kinds:
            urls = {k: v for k, v in urls.items() if k in kinds.split(",")}
        # The generated county's personal data is under the development keys, as `make serve` runs the demo.
        env = {"ZHENGWU_PRODUCTION": "1", "ZHENGWU_DEMO_KEYS": "1", "ZHENGWU_HTTPS": "0", "LOG_LEVEL": "ERROR",
               "ZHENGWU_GUNICORN_LOG_LEVEL": "warning"}
        subprocess.run([sys.executable, "-m", "zhengwu", "collectstatic", "--noinput", "-v0"],
                       env={**os.environ, **env}, check=True)
        work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
        work.chmod(0o755)  # mkdtemp makes it 0700: nginx's workers (nobody, when run as root) must read below it
        readable_by_workers(work)
        cache_dir = settings.ZHENGWU_PAGE_CACHE_DIR
        if cache_dir:
            readable_by_workers(Path(cache_dir))
        configs = _configs(work, old_commit)
        results: dict[str, dict] = {kind: {} for kind in urls}
        bodies: dict[str, bytes] = {}
        shutil.rmtree(cache_dir, ignore_errors=True)
        servers = {}
        try:
            # All stacks up at once, measured in turn page by page: drift of the shared machine hits each alike.
            for n, (name, extra) in enumerate(configs):
                settings.ZHENGWU_PAGE_CACHE_DIR = extra.get("ZHENGWU_PAGE_CACHE_DIR", cache_dir)  # nginx's root
                server = stack.Stack(work / name, port=port if n == 0 else stack.free_port(), env={**env, **extra},
                                     log=open(work / f"{name}.log", "w"))
                # `python -m gunicorn` puts the working directory first on sys.path: it decides which code runs.
                os.chdir(extra.get("PYTHONPATH", settings.BASE_DIR))
                server.start(timeout=120)
                servers[name] = server
            settings.ZHENGWU_PAGE_CACHE_DIR = cache_dir
            for kind, url in urls.items():
                for name, server in servers.items():
                    body, first = fetch(server.url + url)
                    if name == "uncached":
                        bodies[kind] = body
                    _, served_by = fetch(server.url + url)
                    if warmup:
                        # Each of a worker's threads holds its own database connection, with its own cold page
                        # cache: without this the first requests of every thread fill the p99.
                        wrk(server.url + url, duration=warmup, connections=connections, timeout=timeout)
                    row = {**wrk(server.url + url, duration=duration, connections=connections, timeout=timeout), "first": first,
                           "served_by": served_by}
                    results[kind][name] = row
                    self.stdout.write(f"  {kind:18} {name:9} {row['rps']:>10.1f} req/s  p50 {row['p50_ms']} ms  "
                                      f"p99 {row['p99_ms']} ms  ({served_by})")
                    check(kind, name, row, expected_server(name, kind))
        finally:
            settings.ZHENGWU_PAGE_CACHE_DIR = cache_dir
            for server in servers.values():
                server.stop()
        self._measure_static(work, urls, bodies, results, duration=duration, connections=connections)
        for row in results.values():
            base = row["nginx_static"]["rps"] or 1
            row["ratio_to_nginx"] = {name: round(row[name]["rps"] / base, 4) for name in row if name != "nginx_static"}
            if "old" in row and row["old"]["rps"]:
                row["uncached_vs_old"] = round(row["uncached"]["rps"] / row["old"]["rps"], 2)
                row["cached_vs_old"] = round(row["cached"]["rps"] / row["old"]["rps"], 2)
        records = Record.objects.public().count()
        report = {"benchmark": "pages", "records": records, "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                  "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                              "note": "shared 2-core machine; compare within one run"},
                  "load": {"tool": "wrk", "threads": 2, "connections": connections, "duration_s": duration,
                           "timeout_s": timeout, "warmup_s": warmup},
                  "stack": "nginx + gunicorn gthread, 2 workers × 4 threads, SQLite", "old_commit": old_commit,
                  "urls": urls, "results": results}
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        out = RESULTS_DIR / f"pages-{records}{'-' + label if label else ''}.json"
        out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        shutil.rmtree(work, ignore_errors=True)
        self.stdout.write(f"写入 {out}")
