"""A 审核员 writes and publishes the department's report in Debian's chromium (no JavaScript of ours), then
reads the statistics; axe-core finds no serious or critical problem on the report and statistics pages."""
from __future__ import annotations

import pytest

from zhengwu.disclosure.models import Record
from zhengwu.reports.models import AnnualReport

from .data import closed, reg

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def serious_violations(browser, url: str, cookies) -> list[str]:
    """axe-core needs JavaScript: check the same page, same session, in a JS-enabled context."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context()
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(url)
    try:
        results = Axe().run(page)
        return [f"{v['id']}: {v['help']}" for v in results.response["violations"]
                if v.get("impact") in ("serious", "critical")]
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reviewer_publishes_report_in_a_browser(live_server, county, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    county.reviewer.set_password("zhengwu-test-pass")
    county.reviewer.save()
    closed(county.department, "natural", "2025-03-03", "granted", "2025-03-12")
    reg(county.department, "commercial", "2025-12-22")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(java_script_enabled=False)
        page.goto(f"{live_server.url}/staff/reports/?year=2025")
        page.get_by_label("用户名").fill("jyj_shy")
        page.get_by_label("密码").fill("zhengwu-test-pass")
        page.get_by_role("button", name="登录").click()
        assert "示范县教育局" in page.content() and "2026年1月31日" in page.content()
        page.get_by_role("link", name="示范县教育局", exact=True).click()
        assert "勾稽关系校验通过" not in page.content()  # the narrative is still missing
        page.get_by_label("一、总体情况").fill("2025年，本局主动公开政府信息，依法办理政府信息公开申请。")
        page.get_by_label("五、存在的主要问题及改进情况").fill("问题：解读形式单一。改进：增加图解。")
        page.get_by_role("button", name="保存文字").click()
        assert "年度报告文字已保存" in page.content()
        assert "勾稽关系校验通过" in page.content()
        assert serious_violations(browser, page.url, page.context.cookies()) == []
        page.get_by_role("button", name="保密审查通过并发布").click()
        assert "年度报告已提交，当前状态：待公开办审核" in page.content()

        page.goto(f"{live_server.url}/staff/reports/statistics/?year=2025")
        assert page.locator("svg[role=img]").count() == 6
        assert serious_violations(browser, page.url, page.context.cookies()) == []
        browser.close()
    record = AnnualReport.objects.get(unit=county.department, year=2025).record
    assert record.status == Record.Status.OFFICE_REVIEW and record.kind == Record.Kind.ANNUAL_REPORT
