"""The page cache through the shipped stack (nginx in front of gunicorn, as `make serve` runs it; decision 1701):
nginx answers published pages from the files, keeps 关怀版/字号 visitors and normal visitors apart, sends a
session-bearing request to the app, and serves a published change on the very next request.

Runs in `make test` (nginx from `make nginx`); skipped with a message when nginx is not installed."""
import os
import shutil
import subprocess
import sys
import tempfile

import pytest
import requests

from zhengwu.ops.stack import Stack, free_port, nginx_binary

from .test_reliability import Database

SECRET = "pagecache-nginx-test-secret-" + "x" * 40
PREPARE = """
import django
django.setup()
from zhengwu.org.tests.factories import make_county
from zhengwu.portal.setup import ensure_portal
from zhengwu.portal.tests.data import make
county = make_county()
portal = ensure_portal(government=county.government, departments=[county.department], townships=[county.township],
                       hostname="127.0.0.1", port=80)
make(county.department, "关于开展2026年春季招生工作的通知", columns=[portal.column("tzgg")])
make(county.other_department, "关于2026年度森林防火工作的通知", columns=[portal.column("gzdt")])
tzgg = portal.column("tzgg")
print(tzgg.get_url_parts()[2], portal.column("gzdt").get_url_parts()[2], tzgg.pk, county.department.pk)
"""
PUBLISH = """
import django
django.setup()
from wagtail.models import Page
from zhengwu.org.models import Unit
from zhengwu.portal.tests.data import make
make(Unit.objects.get(pk={unit}), "关于2026年秋季学期开学时间的通知", columns=[Page.objects.get(pk={column})])
"""


def run(script, env):
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return (done.stdout.strip().splitlines() or [""])[-1]


def get(url, **cookies):
    response = requests.get(url, cookies=cookies, timeout=30)
    assert response.status_code == 200, (url, response.status_code)
    return response


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_serves_published_pages_per_mode_bypasses_sessions_and_follows_a_publish(tmp_path, settings):
    if nginx_binary() is None:
        pytest.skip("nginx not installed (make nginx)")
    # The root nginx serves from; outside pytest's 0700 tmp_path, which nginx workers run as root (`nobody`)
    # could not enter. The app makes its folders 0755 and files 0644.
    published = tempfile.mkdtemp(prefix="zhengwu-pagecache-")
    os.chmod(published, 0o755)
    settings.ZHENGWU_PAGE_CACHE_DIR = published
    db = Database(tmp_path)
    env = {**os.environ, "DATABASE_URL": db.url, "SECRET_KEY": SECRET, "MEDIA_ROOT": str(tmp_path / "media"),
           "ZHENGWU_VAR_DIR": str(tmp_path / "var"), "ZHENGWU_PAGE_CACHE_DIR": settings.ZHENGWU_PAGE_CACHE_DIR,
           "DJANGO_SETTINGS_MODULE": "zhengwu.settings"}
    log = open(tmp_path / "servers.log", "w")
    port = int(os.environ.get("ZHENGWU_TEST_NGINX_PORT") or free_port())  # a port range of one's own, if needed
    stack = Stack(tmp_path / "run", port=port, app_port=port + 1 if "ZHENGWU_TEST_NGINX_PORT" in os.environ else None,
                  env=env, workers=2, threads=2, log=log)
    try:
        tzgg, gzdt, column, unit = run(PREPARE, env).split()
        stack.start(timeout=90)
        base = stack.url

        first = get(base + tzgg)
        assert first.headers["X-Page-Cache"] == "miss"
        normal = get(base + tzgg)
        assert normal.headers["X-Page-Cache"] == "static", "nginx did not answer from the published file"
        assert normal.content == first.content and "Cookie" in normal.headers["Vary"]
        assert 'class="font-step-0"' in normal.text and "招生工作" in normal.text

        care = {"care_mode": "1", "font_step": "2"}
        assert get(base + tzgg, **care).headers["X-Page-Cache"] == "miss"  # a key of its own, not the normal file
        care_page = get(base + tzgg, **care)
        assert care_page.headers["X-Page-Cache"] == "static"
        assert 'class="font-step-2 care"' in care_page.text and care_page.content != normal.content
        again = get(base + tzgg)
        assert again.headers["X-Page-Cache"] == "static" and again.content == normal.content
        assert get(base + tzgg, font_step="1").content not in (normal.content, care_page.content)

        session = get(base + tzgg, sessionid="a-staff-session", care_mode="1")
        assert "X-Page-Cache" not in session.headers  # rendered by the app for this request, never from a file
        assert "招生工作" in session.text

        get(base + gzdt)
        assert get(base + gzdt).headers["X-Page-Cache"] == "static"
        run(PUBLISH.format(unit=unit, column=column), env)  # the platform's own action, in another process, as staff publishing would
        for cookies in ({}, care):
            fresh = get(base + tzgg, **cookies)
            assert "秋季学期开学时间" in fresh.text, f"a stale page after the publish ({cookies or 'normal'})"
            assert fresh.headers["X-Page-Cache"] == "miss"
        assert get(base + tzgg).headers["X-Page-Cache"] == "static"
        unrelated = get(base + gzdt)
        assert unrelated.headers["X-Page-Cache"] == "static", "an unrelated page's file was dropped"
    finally:
        stack.stop()
        log.close()
        db.drop()
        shutil.rmtree(published, ignore_errors=True)
