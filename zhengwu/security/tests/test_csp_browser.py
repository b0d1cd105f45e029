"""In Debian's chromium: no Content-Security-Policy violation on the home page, a record page, 关怀版, the staff
login with TOTP enrolment, the dashboard and /cms/; screenshots of the enrolment and verification pages."""
from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhengwu.portal.setup import ensure_portal
from zhengwu.portal.tests.data import make
from zhengwu.portal.tests.test_browser import SCREENSHOTS

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# Recorded in the page before any of its own code runs (Playwright injects it outside the page's CSP).
LISTEN = """window.__csp = []; document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"""


def code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


@pytest.mark.browser
@pytest.mark.real_second_factor
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_csp_violation_on_portal_staff_and_cms(live_server, county):
    from playwright.sync_api import sync_playwright

    port = int(live_server.url.rsplit(":", 1)[1])
    structure = ensure_portal(government=county.government, departments=[county.department], townships=[],
                              port=port)
    record = make(county.department, "示范县教育局关于招生入学工作的通知", columns=[structure.column("tzgg")],
                  body="<p>第一条 为做好招生入学工作，制定本通知。</p>")
    county.office_admin.is_staff = True
    county.office_admin.save()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    violations: list[str] = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_init_script(LISTEN)
        page = context.new_page()
        page.on("console", lambda m: violations.append(f"{page.url}: {m.text}")
                if "Content Security Policy" in m.text else None)

        def visit(url: str) -> None:
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("networkidle")
            violations.extend(f"{url}: {v}" for v in page.evaluate("window.__csp"))

        for url in ("/", record.get_absolute_url(), "/?care=1", record.get_absolute_url()):  # care sticks (cookie)
            visit(url)
        assert "关怀版" in page.content() or page.locator("body.care, html.care").count()

        visit("/staff/login/")
        page.get_by_label("用户名").fill("gkb")
        page.get_by_label("密码").fill("zhengwu-test-pass")
        page.get_by_role("button", name="登录").click()
        assert "/staff/account/2fa/setup/" in page.url and page.locator("svg").count() >= 1
        violations.extend(f"setup: {v}" for v in page.evaluate("window.__csp"))
        page.screenshot(path=str(SCREENSHOTS / "2fa-setup.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SCREENSHOTS / "2fa-setup-390.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 800})
        device = TOTPDevice.objects.get(user=county.office_admin, confirmed=False)
        page.get_by_label("验证码").fill(code(device))
        page.get_by_role("button", name="完成绑定").click()
        assert "备用验证码" in page.content()
        page.screenshot(path=str(SCREENSHOTS / "2fa-backup-codes.png"), full_page=True)
        page.get_by_role("link", name="我已保存，继续").click()
        assert page.url.endswith("/staff/")
        for url in ("/staff/", "/staff/records/", "/staff/account/"):
            visit(url)
        page.screenshot(path=str(SCREENSHOTS / "2fa-account.png"), full_page=True)
        visit("/cms/")
        assert page.url.endswith("/cms/")
        page.screenshot(path=str(SCREENSHOTS / "2fa-cms-after-verify.png"))

        # A second login asks for the code.
        other = browser.new_context()
        second = other.new_page()
        second.goto(f"{live_server.url}/staff/login/")
        second.get_by_label("用户名").fill("gkb")
        second.get_by_label("密码").fill("zhengwu-test-pass")
        second.get_by_role("button", name="登录").click()
        assert "/staff/account/2fa/verify/" in second.url
        second.screenshot(path=str(SCREENSHOTS / "2fa-verify.png"), full_page=True)
        second.get_by_label("验证码").fill(code(device, 1))
        second.get_by_role("button", name="验证").click()
        assert second.url.endswith("/staff/")
        browser.close()
    assert violations == []
