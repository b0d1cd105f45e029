"""The public portal in Debian's chromium: home → column → record, the 关怀版 and 字号 switches with JavaScript
on and off, and axe-core finding no serious or critical violation. Screenshots: see SCREENSHOTS."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from zhengwu.disclosure import actions
from zhengwu.disclosure.models import Record
from zhengwu.portal.setup import ensure_portal

from .data import docx_bytes, make, make_normative, publish

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# A test run writes its screenshots under var/ (never into the tracked docs/); `make screenshots` writes them to
# docs/screenshots/, to be looked at and committed.
SCREENSHOTS = Path(os.environ.get("ZHENGWU_SCREENSHOTS") or Path(django_settings.VAR_DIR) / "screenshots")


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")]


def build_site(county, port):
    structure = ensure_portal(government=county.government, departments=[county.department], townships=[],
                              port=port)
    profile = structure.site.profile
    profile.site_code, profile.icp_number, profile.police_number = "4311000001", "湘ICP备00000001号", "湘公网安备 43110002000001号"
    profile.save()
    tzgg = structure.column("tzgg")
    make(county.department, "示范县教育局关于2026年义务教育阶段学校招生入学工作的通知", categories=(11,), columns=[tzgg],
         document_number="示教发〔2026〕3号", written_date=dt.date(2026, 3, 2))
    make(county.other_department, "示范县2026年部门预算公开", categories=(7,), columns=[tzgg])
    old = make_normative(county.office, "示范县城区停车管理办法", "示政办发〔2020〕3号", written=dt.date(2020, 5, 1),
                         columns=[structure.column("zcwj")])
    new = actions.create_record(by=None, unit=county.office, title="示范县城区机动车停放服务收费管理办法",
                                categories=(1, 8), kind=Record.Kind.NORMATIVE, document_number="示政办发〔2025〕9号",
                                written_date=dt.date(2025, 11, 3), columns=[tzgg, structure.column("zcwj")],
                                body="<p>第一条 为规范城区机动车停放服务收费行为，制定本办法。</p><p>第二条 本办法适用于县城规划区。</p>")
    actions.add_attachment(new, by=None, name="收费标准表.docx", data=docx_bytes("收费标准"))
    actions.add_interpretation(new, by=None, form="text", title="《示范县城区机动车停放服务收费管理办法》政策解读")
    actions.add_interpretation(new, by=None, form="graphic", title="一图读懂停车收费新规")
    actions.add_relation(new, old, by=None, kind="repeals")
    publish(new)
    return structure, new, old


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_journey_accessibility_and_care_mode(live_server, county):
    from playwright.sync_api import sync_playwright

    port = int(live_server.url.rsplit(":", 1)[1])
    _structure, new, old = build_site(county, port)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        # home → column → record
        page.goto(f"{live_server.url}/")
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        assert serious_violations(page) == []
        page.screenshot(path=str(SCREENSHOTS / "portal-home.png"), full_page=True)
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="通知公告").click()
        assert page.get_by_role("heading", level=1).inner_text() == "通知公告"
        assert serious_violations(page) == []
        page.screenshot(path=str(SCREENSHOTS / "portal-column.png"), full_page=True)
        page.get_by_role("link", name=new.title).click()
        assert page.get_by_role("heading", level=1).inner_text() == new.title
        assert "示政办发〔2025〕9号" in page.locator(".metadata").inner_text()
        assert serious_violations(page) == []
        page.screenshot(path=str(SCREENSHOTS / "portal-record.png"), full_page=True)
        # 立改废: follow the link to the repealed document, which carries a banner.
        page.locator(".relations").get_by_role("link", name=old.title).click()
        assert "本文件已废止" in page.get_by_role("note").inner_text()
        assert serious_violations(page) == []
        page.screenshot(path=str(SCREENSHOTS / "portal-record-repealed.png"), full_page=True)
        # 政府信息公开专栏 and 文件库
        page.goto(f"{live_server.url}/xxgk/")
        assert page.locator(".parts > li").count() == 4
        assert serious_violations(page) == []
        page.screenshot(path=str(SCREENSHOTS / "portal-xxgk.png"), full_page=True)
        page.goto(f"{live_server.url}/xxgk/fdzdgk/")
        assert serious_violations(page) == []
        page.goto(f"{live_server.url}/wjk/?wh=示政办发[2020]3号")
        assert page.locator("tbody tr").count() == 1 and "废止" in page.locator("tbody").inner_text()
        assert serious_violations(page) == []
        page.screenshot(path=str(SCREENSHOTS / "portal-library.png"), full_page=True)
        # Keyboard: the skip link is the first stop and is visible when focused.
        page.goto(f"{live_server.url}/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"
        assert page.locator(".skip-link").bounding_box()["x"] >= 0

        # 关怀版 and 字号, with JavaScript on and off: plain links setting cookies.
        for js in (True, False):
            context = browser.new_context(java_script_enabled=js, viewport={"width": 1280, "height": 900})
            tab = context.new_page()
            tab.goto(f"{live_server.url}{new.get_absolute_url()}")
            assert "care" not in (tab.locator("html").get_attribute("class") or "")
            normal_size = tab.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
            tab.get_by_role("link", name="关怀版", exact=True).click()
            assert tab.url.split("#")[0].endswith(new.get_absolute_url())  # back to the switch: #care-switch
            assert "care" in tab.locator("html").get_attribute("class")
            assert tab.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > normal_size
            assert {c["name"]: c["value"] for c in context.cookies()}["care_mode"] == "1"
            tab.get_by_role("link", name="增大").click()
            assert "font-step-1" in tab.locator("html").get_attribute("class")
            if js:
                assert serious_violations(tab) == []
                tab.screenshot(path=str(SCREENSHOTS / "portal-record-care.png"), full_page=True)
            tab.get_by_role("link", name="退出关怀版").click()
            assert "care" not in tab.locator("html").get_attribute("class").split()
            context.close()

        # Phone width: no horizontal scrolling, QR code present for print/phone hand-off.
        phone = browser.new_page(viewport={"width": 360, "height": 780})
        phone.goto(f"{live_server.url}{new.get_absolute_url()}")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert phone.get_by_role("img", name="本页二维码：用手机扫描可在手机上打开本页").count() == 1
        phone.screenshot(path=str(SCREENSHOTS / "portal-record-phone.png"), full_page=True)
        for url in ("/", "/wjk/", "/xxgk/fdzdgk/"):
            phone.goto(f"{live_server.url}{url}")
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), url
        browser.close()
