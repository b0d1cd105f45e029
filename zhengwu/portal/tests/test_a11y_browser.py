"""Where users struggle (issue 12, issue 11 items 18/19), in Debian's chromium — one browser for the module:
axe with best-practice on every form's error state (normal and 关怀版), a keyboard-only journey through the
依申请公开 form with errors, no sideways scrolling at 320 px (normal and 关怀版 at the largest font) on every
public page type, 44 px targets in 关怀版 on a 390 px phone, and the main nav at 1280 px. Screenshots go to
docs/screenshots/."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from zhengwu.applications.tests.factories import id_number
from zhengwu.applications.tests.test_browser import captcha_answer

from .data import make
from .test_browser import CHROMIUM_ARGS, SCREENSHOTS, build_site

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
CARE = {"care_mode": "1"}
ERROR_TITLE = re.compile(r"^错误：")
CARE_LARGEST = {"care_mode": "1", "font_step": "3"}
WIDE_TABLE = ("<p>附表如下。</p><table><caption>各乡镇补贴发放明细</caption><thead><tr>"
              + "".join(f"<th scope=\"col\">第{i}季度发放金额（元）</th>" for i in range(1, 9))
              + "</tr></thead><tbody><tr>" + "".join("<td>1234567.89</td>" for _ in range(8)) + "</tr></tbody></table>")


def violations(page, impacts=("serious", "critical", "moderate")) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [f"{v['id']} ({v['impact']}): {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]
            if v.get("impact") in impacts]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def tab_for(browser, live_server, *, width=1280, cookies=None, js=True):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN", java_script_enabled=js)
    if cookies:
        context.add_cookies([{"name": k, "value": v, "url": live_server.url} for k, v in cookies.items()])
    return context.new_page()


def _migration_data():
    """An earlier transactional test in the same run may have flushed the rows migrations made (Wagtail's root
    and locale, the 第二十条 categories); put them back the way the migrations do."""
    import importlib

    from django.apps import apps
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    ContentType.objects.clear_cache()
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root")
    importlib.import_module("zhengwu.disclosure.migrations.0003_seed_categories_topics").seed(apps, None)


def site(county, live_server):
    _migration_data()
    port = int(live_server.url.rsplit(":", 1)[1])
    structure, new, old = build_site(county, port)
    wide = make(county.department, "示范县2026年耕地地力保护补贴发放明细", categories=(7,),
                columns=[structure.column("tzgg")], body=WIDE_TABLE)
    interp = new.interpretations.first()
    return ["/", "/tzgg/", new.get_absolute_url(), old.get_absolute_url(), wide.get_absolute_url(),
            f"/xxgk/jd/{interp.pk}/", "/xxgk/", "/xxgk/fdzdgk/", "/wjk/", "/search/?q=停车", "/search/qa/?q=火星上能办社保吗",
            "/yisq/", "/yisq/cx/?code=ABCDEF1234", "/wza/", "/no-such-page/"]


def fail_application(page, live_server):
    """A failed submit: nothing chosen, a 10-digit mobile, a wrong captcha answer."""
    page.goto(f"{live_server.url}/yisq/")
    page.locator("#id_phone").fill("1391234567")
    page.locator("#id_captcha").fill("99")
    page.get_by_role("button", name="提交申请").click()


def _staff_session(county) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from zhengwu.security.tests.helpers import mark_session_verified

    user = county.office_admin
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    mark_session_verified(session, user)  # 公开办管理员 must pass the second factor; a test session has
    session.create()
    return session.session_key


TARGETS = ("button, input:not([type=hidden]), select, textarea, summary, nav a, .breadcrumbs a, .site-footer a, "
           ".tool-links a, .record-list a, .pagination a, .category-list a, .facets a, .error-summary a, .results a")
SIZES = """sel => [...document.querySelectorAll(sel)].filter(e => !e.closest('.skip-link') && e.offsetParent !== null)
  .map(e => { const r = e.getBoundingClientRect(); return [e.tagName + ' ' + (e.textContent || e.name || '').trim().slice(0, 12),
  Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10]; })"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reflow_targets_and_nav(browser, live_server, county):
    urls = site(county, live_server)
    for label, cookies in (("320", None), ("320-care-largest", CARE_LARGEST)):
        page = tab_for(browser, live_server, width=320, cookies=cookies)
        for url in urls:
            page.goto(f"{live_server.url}{url}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, (label, url, width)
        for url, name in ((urls[4], "record-table"), ("/", "home"), ("/yisq/", "yisq")):
            page.goto(f"{live_server.url}{url}")
            page.screenshot(path=str(SCREENSHOTS / f"reflow-{label}-{name}.png"), full_page=True)
        page.context.close()
    # The wide table scrolls by itself, in a named region the keyboard can reach.
    page = tab_for(browser, live_server, width=320)
    page.goto(f"{live_server.url}{urls[4]}")
    region = page.get_by_role("region", name="各乡镇补贴发放明细")
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    page.context.close()

    # 关怀版 on a 390 px phone: every control and navigation link at least 44 × 44 px; 24 × 24 px in normal mode.
    for cookies, least in ((CARE, 44), (None, 24)):
        page = tab_for(browser, live_server, width=390, cookies=cookies)
        for url in urls:
            page.goto(f"{live_server.url}{url}")
            sizes = page.evaluate(SIZES, TARGETS)
            assert len(sizes) >= 10, (url, sizes)  # the nav alone has 12 links
            small = [s for s in sizes if s[1] < least - 0.5 or s[2] < least - 0.5]
            assert small == [], (url, least, small[:5])
        page.context.close()

    # The main nav at 1280 px: one row (依申请公开 not alone below); in 关怀版 under 200 px tall.
    for cookies, check in ((None, "one-row"), (CARE, "short")):
        page = tab_for(browser, live_server, cookies=cookies)
        page.goto(f"{live_server.url}/")
        tops = page.locator(".main-nav a").evaluate_all("links => links.map(a => Math.round(a.getBoundingClientRect().top))")
        height = page.locator(".main-nav").evaluate("n => n.getBoundingClientRect().height")
        if check == "one-row":
            assert len(set(tops)) == 1, tops
        else:
            assert height < 200, height
        # The switches: focus comes back to the one used; at the largest step 增大 is text.
        page.locator("#font-larger").click()
        expect(page.locator("#font-larger")).to_be_focused()  # waits for the reload the switch makes
        for _ in range(3):
            if page.locator("a#font-larger").count():
                page.locator("#font-larger").click()
        assert page.locator("a#font-larger").count() == 0 and page.locator("span#font-larger").count() == 1
        page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_form_error_states_axe_and_keyboard(browser, live_server, county):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, cookies in (("normal", None), ("care", CARE)):
        page = tab_for(browser, live_server, cookies=cookies)
        fail_application(page, live_server)
        expect(page).to_have_title(ERROR_TITLE)  # polls: the click returns once the answer starts to arrive
        assert violations(page) == [], label
        page.screenshot(path=str(SCREENSHOTS / f"form-yisq-errors-{label}.png"), full_page=True)
        page.goto(f"{live_server.url}/yisq/cx/?code=")
        expect(page).to_have_title(ERROR_TITLE)
        assert violations(page) == [], label
        page.context.close()
    # Staff forms share the partials: the registration form's error state.
    page = tab_for(browser, live_server)
    page.context.add_cookies([{"name": "sessionid", "value": _staff_session(county), "url": live_server.url}])
    page.goto(f"{live_server.url}/staff/applications/new/")
    page.get_by_role("button", name="登记").click()
    expect(page).to_have_title(ERROR_TITLE)
    assert violations(page, impacts=("serious", "critical")) == []
    page.context.close()

    # Keyboard only, without JavaScript and with it: the summary has focus, one Tab reaches its first link,
    # and following each link puts focus on its field.
    held = []
    for js in (False, True):
        page = tab_for(browser, live_server, js=js)
        # forms.js is deferred: hold it back so the user Tabs away from the autofocused summary before it runs.
        held.clear()
        page.route("**/forms/forms*.js", lambda route: held.append(route))
        fail_application(page, live_server)
        expect(page.locator("#error-summary")).to_be_focused()  # not wait_for_function: its polling is eval (CSP)
        page.keyboard.press("Tab")
        if js:
            assert held, "forms.js was not requested"
            for route in held:
                route.continue_()
            page.wait_for_load_state("load")
        first = page.evaluate("document.activeElement.getAttribute('href')")
        assert first == "#id_applicant_name", page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
        hrefs = page.locator("#error-summary a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert "#id_phone" in hrefs and "#id_captcha" in hrefs
        for href in hrefs:
            page.locator(f"#error-summary a[href='{href}']").focus()
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.id") == href[1:], (js, href)
        assert page.locator("#id_captcha").input_value() == ""
        page.context.close()
    # Then the corrected form goes through.
    page = tab_for(browser, live_server)
    fail_application(page, live_server)
    page.locator("#id_applicant_name").fill("李四")
    page.locator("#id_id_number").fill(id_number())
    page.locator("#id_phone").fill("13912345678")
    page.locator("#id_address").fill("示范县城关镇人民路1号")
    page.locator("#id_unit").select_option(label=county.department.name)
    page.locator("#id_description").fill("2025年县城区学校校车运营补贴发放明细")
    page.locator("#id_captcha").fill(captcha_answer(page))
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#query-code")).to_have_count(1)
    page.context.close()
