"""One whole staff journey in Debian's chromium, without JavaScript of our own: log in, create a record,
see why it cannot go out yet, submit it; axe-core finds no serious or critical problem on the way."""
from __future__ import annotations

import pytest

from zhengwu.disclosure.models import Record

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_journey_in_a_browser(live_server, county, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    county.editor.set_password("zhengwu-test-pass")
    county.editor.save()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(java_script_enabled=False)
        page.goto(f"{live_server.url}/staff/")
        assert "工作人员登录" in page.content()
        assert serious_violations_js(browser, page.url) == []
        page.get_by_label("用户名").fill("jyj_xxy")
        page.get_by_label("密码").fill("zhengwu-test-pass")
        page.get_by_role("button", name="登录").click()
        page.get_by_role("link", name="新建政府信息").first.click()
        assert serious_violations_js(browser, page.url, cookies=page.context.cookies()) == []

        page.get_by_label("标题").fill("关于开展冬季消防安全检查的通知")
        page.get_by_label("文号").fill("示教发【2026】１２号")
        page.get_by_label("扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况").check()
        page.get_by_role("button", name="保存").click()
        assert "已保存为草稿" in page.content()
        assert "尚未完成保密审查" in page.content()
        assert "示教发〔2026〕12号" in page.content()
        assert serious_violations_js(browser, page.url, cookies=page.context.cookies()) == []

        page.get_by_role("button", name="提交单位审核").click()
        assert "已提交单位审核" in page.content()
        browser.close()
    record = Record.objects.get()
    assert record.status == Record.Status.UNIT_REVIEW and record.document_number == "示教发〔2026〕12号"


def serious_violations_js(browser, url: str, cookies=None) -> list[str]:
    """axe-core needs JavaScript: check the same page, same session, in a second JS-enabled context."""
    context = browser.new_context()
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    page.goto(url)
    try:
        return serious_violations(page)
    finally:
        context.close()
