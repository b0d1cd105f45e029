"""Content-Security-Policy on every kind of page (strict everywhere, looser only under /cms/ and /django-admin/),
no inline script or style in our templates, and cookies/HSTS under the production HTTPS settings."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from zhengwu.portal.setup import ensure_portal
from zhengwu.portal.tests.data import make

pytestmark = pytest.mark.django_db
ROOT = Path(django_settings.BASE_DIR) / "zhengwu"


def directives(response) -> dict[str, set[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: set(part.split()[1:]) for part in header.split(";") if part.strip()}


@pytest.fixture
def site(county):
    structure = ensure_portal(government=county.government, departments=[county.department], townships=[],
                              hostname="testserver", port=80)
    record = make(county.department, "示范县教育局关于招生入学工作的通知", columns=[structure.column("tzgg")])
    return record


def test_strict_policy_on_portal_staff_and_api_pages(client, county, site):
    client.force_login(county.editor)
    for url in ("/", site.get_absolute_url(), "/?care=1", "/search/?q=招生", "/yisq/", "/staff/", "/staff/records/",
                "/staff/account/", "/api/v1/documents", "/api/v1/documents/999999", "/no-such-page/"):
        response = client.get(url)
        assert response.status_code in (200, 302, 404), url
        policy = directives(response)
        assert policy["default-src"] == {"'self'"}, url
        assert policy["script-src"] == {"'self'"} and policy["style-src"] == {"'self'"}, url
        assert policy["object-src"] == {"'none'"} and policy["frame-ancestors"] == {"'self'"}, url


@pytest.mark.parametrize("url", ["/cms/login/", "/django-admin/login/"])
def test_admin_front_ends_get_their_own_policy(client, url):
    policy = directives(client.get(url))
    assert "'unsafe-inline'" in policy["script-src"] and policy["default-src"] == {"'self'"}
    assert policy["object-src"] == {"'none'"}


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]
# The downloadable .html annual report is a self-contained document (its view adds 'unsafe-inline' for styles).
ALLOWED = {("reports/templates/reports/report_document.html", "<style> element")}


def test_no_inline_script_or_style_in_our_templates():
    found = []
    for path in sorted(ROOT.rglob("*.html")):
        rel = str(path.relative_to(ROOT))
        if "/tests/" in rel:
            continue
        text = path.read_text()
        for pattern, what in INLINE:
            if pattern.search(text) and (rel, what) not in ALLOWED:
                found.append(f"{rel}: {what}")
    assert found == [], "move these to static files (the CSP allows no inline code):\n" + "\n".join(found)


def _production_settings() -> dict:
    from cryptography.fernet import Fernet

    env = {**os.environ, "ZHENGWU_PRODUCTION": "1", "SECRET_KEY": "x" * 60, "DEBUG": "0",
           "DJANGO_SETTINGS_MODULE": "zhengwu.settings", "ZHENGWU_DATA_KEYS": Fernet.generate_key().decode(),
           "ZHENGWU_LOOKUP_KEY": "y" * 40}
    env.pop("ZHENGWU_HTTPS", None)
    code = ("import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k, None) for k in ("
            "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY','SESSION_COOKIE_SAMESITE',"
            "'CSRF_COOKIE_SAMESITE','SECURE_HSTS_SECONDS','SECURE_SSL_REDIRECT','SECURE_PROXY_SSL_HEADER')}))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         timeout=60)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_httponly_samesite_with_hsts(client, county, settings):
    prod = _production_settings()
    assert prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"] and prod["SESSION_COOKIE_HTTPONLY"]
    assert prod["SESSION_COOKIE_SAMESITE"] == prod["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert prod["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600 and prod["SECURE_SSL_REDIRECT"]
    for key, value in prod.items():  # this process runs the test settings: apply the production ones
        setattr(settings, key, tuple(value) if isinstance(value, list) else value)

    assert client.get("/staff/login/", secure=False).status_code == 301  # plain HTTP goes to https
    page = client.get("/staff/login/", secure=True)
    assert page["Strict-Transport-Security"].startswith("max-age=31536000")
    response = client.post("/staff/login/", {"username": "jyj_xxy", "password": "zhengwu-test-pass"}, secure=True)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"


def test_plain_http_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/staff/login/")


def test_the_html_report_download_alone_may_use_its_own_style(client, county):
    client.force_login(county.office_admin)
    response = client.get(f"/staff/reports/2025/{county.department.code}/report.html")
    assert response.status_code == 200 and b"<style>" in response.content
    assert directives(response)["style-src"] == {"'self'", "'unsafe-inline'"}
    assert directives(response)["script-src"] == {"'self'"}
    assert "'unsafe-inline'" not in directives(client.get(f"/staff/reports/2025/{county.department.code}/"))[
        "style-src"]
