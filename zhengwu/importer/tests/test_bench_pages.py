"""bench_pages refuses to report a run that measured error pages or the wrong server (issue 16)."""
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from zhengwu.importer.management.commands import bench_pages
from zhengwu.ops import stack

GOOD = {"rps": 1234.5, "p50_ms": 1.0, "p99_ms": 3.0, "non_2xx": 0, "socket_errors": ""}


def test_a_clean_row_passes_and_each_fault_is_named():
    assert bench_pages.problems("home", "cached", {**GOOD, "served_by": "static"}, "static") == []
    found = bench_pages.problems("home", "nginx_static", {**GOOD, "non_2xx": 226959, "served_by": "nginx"}, "nginx")
    assert found == ["home / nginx_static：226959 个非 2xx 应答"]
    assert "实际为 hit" in bench_pages.problems("home", "cached", {**GOOD, "served_by": "hit"}, "static")[0]
    assert "没有完成" in bench_pages.problems("home", "uncached", {**GOOD, "rps": 0.0, "served_by": "app"}, "app")[0]
    with pytest.raises(CommandError, match="未写入结果"):
        bench_pages.check("record", "nginx_static", {**GOOD, "non_2xx": 3, "served_by": "nginx"}, "nginx")


def test_who_serves_each_configuration():
    assert bench_pages.expected_server("uncached", "home") == "app"
    assert bench_pages.expected_server("old", "documents_api") == "app"
    assert bench_pages.expected_server("cached", "record") == "static"
    assert bench_pages.expected_server("cached", "documents_api") == "hit"  # JSON: nginx has no file name for it


@pytest.mark.skipif(os.geteuid() != 0, reason="nginx switches its workers to nobody only when started as root")
@pytest.mark.skipif(stack.nginx_binary() is None, reason="nginx not installed")
def test_the_static_reference_serves_the_page_not_a_404():
    """The bug of pages-20066.json: the reference nginx (workers: nobody) could not enter mkdtemp's 0700 folder."""
    work = Path(tempfile.mkdtemp(prefix="bench-pages-test-"))
    root = work / "static-pages"
    root.mkdir()
    (root / "home.html").write_bytes("<p>示范县</p>".encode() * 100)
    with pytest.raises(CommandError, match="nobody"):
        bench_pages.readable_by_workers(root)
    work.chmod(0o755)  # what bench_pages does
    bench_pages.readable_by_workers(root)
    port = stack.free_port()
    nginx = bench_pages._static_nginx(work / "nginx-static", port, root)
    try:
        url = f"http://127.0.0.1:{port}/home.html"
        for _ in range(50):
            try:
                body, served_by = bench_pages.fetch(url)
                break
            except urllib.error.HTTPError:
                raise
            except urllib.error.URLError:  # not listening yet
                time.sleep(0.1)
        assert body == (root / "home.html").read_bytes() and served_by == "app"  # no X-Page-Cache header
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/missing.html", timeout=10)  # nosec B310
    finally:
        nginx.terminate()
        nginx.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
