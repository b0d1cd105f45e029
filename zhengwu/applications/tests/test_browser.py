"""A citizen files an application on the public form in Debian's chromium and follows it by 查询码.

Captcha in tests: the answer is read from the server-side session of the browser's own session cookie (the
same place the server reads it). The captcha stays on; no test-only setting switches it off.
"""
from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from zhengwu.applications import actions
from zhengwu.applications.captcha import SESSION_KEY
from zhengwu.applications.models import Application

from .factories import id_number

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def captcha_answer(page) -> str:
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return SessionStore(session_key=key)[SESSION_KEY]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_file_application_and_follow_it(live_server, county):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(java_script_enabled=False)
        page.goto(f"{live_server.url}/yisq/")
        page.locator("#id_unit").select_option(label=county.department.name)
        page.locator("#id_applicant_type").select_option("natural")
        page.locator("#id_applicant_name").fill("李四")
        page.locator("#id_id_type").select_option("id_card")
        page.locator("#id_id_number").fill("430402198001011230")  # wrong check digit first
        page.locator("#id_phone").fill("13912345678")
        page.locator("#id_address").fill("示范县城关镇人民路1号")
        page.locator("#id_description").fill("2025年县城区学校校车运营补贴发放明细")
        page.locator("#id_delivery_method").select_option("mail")
        page.locator("#id_medium").select_option("paper")
        page.locator("#id_captcha").fill(captcha_answer(page))
        page.get_by_role("button", name="提交申请").click()
        assert "身份证号码不正确" in page.content()
        assert not Application.objects.exists()
        page.locator("#id_id_number").fill(id_number())
        page.locator("#id_captcha").fill(captcha_answer(page))
        page.get_by_role("button", name="提交申请").click()
        code = page.locator("#query-code").inner_text()
        assert len(code) == 10

        page.goto(f"{live_server.url}/yisq/cx/")
        page.get_by_label("查询码").fill(code)
        page.get_by_role("button", name="查询").click()
        assert page.locator("#status").inner_text() == "待确认收到"
        assert "李四" not in page.content() and "13912345678" not in page.content()

        app = Application.objects.get(query_code=code)
        actions.confirm_receipt(app, by=county.office_admin, confirmed=timezone.localdate())
        page.reload()
        assert page.locator("#status").inner_text() == "办理中"
        app.refresh_from_db()
        assert f"{app.due_date.year}年{app.due_date.month}月{app.due_date.day}日" in page.locator("#due").inner_text()
        browser.close()
