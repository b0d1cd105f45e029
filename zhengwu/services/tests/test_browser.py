"""The citizen's 一件事 journey in Debian's chromium with JavaScript off: find 开办餐饮店 on /bsfw/, answer its
情形, get the 一次告知单, open one 事项's 办事指南. axe-core (JavaScript on, same pages) finds no serious or critical
violation on the new pages in normal and 关怀版; screenshots (normal, 关怀版, 390 px) go to docs/screenshots/."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhengwu.portal.tests.test_a11y_browser import ERROR_TITLE, _migration_data
from zhengwu.portal.tests.test_browser import CHROMIUM_ARGS, SCREENSHOTS, build_site
from zhengwu.services.tests.factories import make_life_event

CARE = {"care_mode": "1"}


def serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")]


def tab(browser, live_server, *, width=1280, cookies=None, js=True):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN", java_script_enabled=js)
    if cookies:
        context.add_cookies([{"name": k, "value": v, "url": live_server.url} for k, v in cookies.items()])
    return context.new_page()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_life_event_journey_without_javascript(live_server, county):
    _migration_data()
    build_site(county, int(live_server.url.rsplit(":", 1)[1]))
    event, _ = make_life_event(county)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = tab(browser, live_server, js=False)
        page.goto(f"{live_server.url}/bsfw/")
        page.get_by_role("link", name="开办餐饮店").first.click()
        expect(page.get_by_role("heading", name="开办餐饮店", level=1)).to_be_visible()  # waits for the page the click loads
        page.get_by_role("group", name="是否设置门头招牌").get_by_label("是", exact=True).check()
        page.get_by_role("group", name="是否聘用从业人员").get_by_label("是", exact=True).check()
        page.get_by_role("button", name="生成一次告知单").click()
        sheet = page.locator("section.checklist")
        expect(sheet.get_by_role("heading", name="一次告知单")).to_be_visible()  # waits for the page the click loads
        text = sheet.inner_text()
        assert "共3项" in text and "户外招牌设置" in text and "健康证明" in text
        assert text.count("居民身份证") == 1  # shared by two 事项, asked once
        assert "营业执照：电子证照" in text and "经营场所证明：告知承诺" in text
        checklist_url = page.url
        page.screenshot(path=str(SCREENSHOTS / "bsfw-checklist.png"), full_page=True)
        sheet.get_by_role("link", name="食品经营许可").click()
        expect(page.get_by_role("heading", name="食品经营许可", level=1)).to_be_visible()  # waits for the page the click loads
        guide_url = page.url
        order = [page.get_by_role("heading", name=n).first.bounding_box()["y"] for n in ("办理条件", "申请材料", "办理流程")]
        assert order == sorted(order)
        page.screenshot(path=str(SCREENSHOTS / "bsfw-guide.png"), full_page=True)
        page.context.close()

        urls = ["/bsfw/", "/bsfw/yjs/", f"/bsfw/yjs/{event.pk}/", checklist_url.split(live_server.url, 1)[1],
                guide_url.split(live_server.url, 1)[1], "/bsfw/hcp/", f"/bsfw/bm/{county.department.code}/"]
        for label, cookies in (("normal", None), ("care", CARE)):
            page = tab(browser, live_server, cookies=cookies)
            for url in urls:
                page.goto(f"{live_server.url}{url}")
                assert serious(page) == [], (label, url)
            page.goto(checklist_url)
            page.screenshot(path=str(SCREENSHOTS / f"bsfw-checklist-{label}.png"), full_page=True)
            page.context.close()
        page = tab(browser, live_server, width=390, cookies=CARE)
        page.goto(checklist_url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(SCREENSHOTS / "bsfw-checklist-390-care.png"), full_page=True)
        page.goto(guide_url)
        page.screenshot(path=str(SCREENSHOTS / "bsfw-guide-390.png"), full_page=True)
        page.context.close()
        browser.close()
    staff_pages_have_no_serious_violations(live_server, county)


def staff_pages_have_no_serious_violations(live_server, county):
    """The workbench's new pages (metrics, warnings, 通报, 事项 list and editor, a change under review) under axe,
    with a 红牌 办件 and a submitted change so that no table is empty. Part of the one transactional test below:
    a second serialized-rollback test in a module collides with the content types the first one created."""
    import datetime as dt

    from django.utils import timezone

    from zhengwu.portal.tests.test_a11y_browser import _staff_session
    from zhengwu.services import actions
    from zhengwu.services.tests.factories import make_service, material, service_data

    s = make_service(county.department, name="食品经营许可（窗口）", code="STAFF-1", promised_limit_workdays=1)
    actions.import_cases([{"number": "SF-RED-1", "service": s, "accepted_at": timezone.now() - dt.timedelta(days=20),
                           "finished_at": None, "status": "open", "online": False}], by=None)
    change = actions.save_change(by=None, unit=county.department, note="压缩承诺时限", service=s,
                                 data=service_data(code=s.code, name=s.name, promised_limit_workdays=1),
                                 materials=[material(), material("营业执照")])
    actions.submit_change(change, by=None)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = tab(browser, live_server, cookies={"sessionid": _staff_session(county)})
        for url in ("/staff/services/", "/staff/services/warnings/", "/staff/services/bulletin/",
                    "/staff/services/items/", f"/staff/services/items/{s.pk}/edit/",
                    f"/staff/services/changes/{change.pk}/", "/staff/services/bulletin/?month=2026-99"):
            page.goto(f"{live_server.url}{url}")
            assert serious(page) == [], url
        page.goto(f"{live_server.url}/staff/services/warnings/")
        assert "SF-RED-1" in page.content() and "红牌" in page.content()
        page.goto(f"{live_server.url}/staff/services/changes/{change.pk}/")
        page.screenshot(path=str(SCREENSHOTS / "staff-services-change.png"), full_page=True)
        life_event_editor(page, live_server)
        browser.close()


def life_event_editor(page, live_server):
    """The 一件事 editor (list, a life event's form, its error state) under axe; screenshots normal and 390 px."""
    from zhengwu.services.models import LifeEvent

    event = LifeEvent.objects.get(name="开办餐饮店")
    edit = f"{live_server.url}/staff/services/life-events/{event.pk}/edit/"
    for url in (f"{live_server.url}/staff/services/life-events/", edit,
                f"{live_server.url}/staff/services/life-events/new/"):
        page.goto(url)
        assert serious(page) == [], url
    page.goto(f"{live_server.url}/staff/services/life-events/")
    page.screenshot(path=str(SCREENSHOTS / "staff-life-events.png"), full_page=True)
    page.goto(edit)
    page.screenshot(path=str(SCREENSHOTS / "staff-life-event-form.png"), full_page=True)
    page.get_by_label("情形问题", exact=True).last.fill("经营面积是否超过150平方米")
    page.get_by_role("button", name="保存一件事").click()
    summary = page.locator(".error-summary")
    expect(page).to_have_title(ERROR_TITLE)
    assert "没有选项" in summary.inner_text()
    assert serious(page) == [], "error state"
    page.screenshot(path=str(SCREENSHOTS / "staff-life-event-form-error.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(edit)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SCREENSHOTS / "staff-life-event-form-390.png"), full_page=True)
