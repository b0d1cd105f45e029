"""Issue 12 item 6: the public pages and forms of 互动交流 and 政务服务 (and 政策问答's 转交人工答复) meet the tests of test_a11y_browser.py — every
form submitted empty or wrong shows the error summary (heading, a link per error to its field, title 错误：, each
field's message in its aria-describedby) with no serious, critical or moderate axe violation (best-practice
included) in normal and 关怀版; no sideways scrolling at 320 px (normal and 关怀版 at the largest font) on every
new public page type and error state; 44 × 44 px targets in 关怀版 on a 390 px phone. One browser for the module."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhengwu.interaction import actions as interaction_actions
from zhengwu.interaction.models import Satisfaction
from zhengwu.interaction.tests.factories import replied
from zhengwu.interaction.tests.test_browser import participation
from zhengwu.services.tests.factories import make_life_event

from .test_a11y_browser import CARE, CARE_LARGEST, SIZES, TARGETS, _migration_data, browser, tab_for, violations
from .test_browser import SCREENSHOTS, build_site

__all__ = ["browser"]  # the module-scoped fixture, shared with test_a11y_browser.py

# What a screen-reader user needs from a failed submit: a summary with a heading that has focus, one link per error
# whose target exists, and on that target an aria-describedby naming its message; no reference anywhere dangles.
SUMMARY = """() => {
  const s = document.querySelector('.error-summary');
  if (!s) return {missing: 'no summary'};
  const problems = [];
  const links = [...s.querySelectorAll('a')];
  for (const a of links) {
    const href = a.getAttribute('href') || '';
    const target = href.startsWith('#') && document.getElementById(href.slice(1));
    if (!target) { problems.push('link to nothing ' + href); continue; }
    const ids = (target.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    if (!ids.some(id => document.getElementById(id) && document.getElementById(id).classList.contains('field-error')))
      problems.push('no message described on ' + href);
  }
  for (const e of document.querySelectorAll('[aria-describedby]'))
    for (const id of e.getAttribute('aria-describedby').split(/\\s+/).filter(Boolean))
      if (!document.getElementById(id)) problems.push('dangling ' + id);
  return {heading: (s.querySelector('h2') || {}).textContent, links: links.length, focused: document.activeElement === s,
          problems};
}"""


WIDE = """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321)
  .map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 15)"""


def _site(county, live_server) -> dict:
    """Every public page type of the two apps, built through their actions and factories."""
    _migration_data()
    build_site(county, int(live_server.url.rsplit(":", 1)[1]))
    consultation, interview = participation(county)
    msg = interaction_actions.publish(replied(county), by=county.office_admin)
    # a writer unsatisfied with the reply: the status page offers 申请重新办理
    unsatisfied = interaction_actions.rate(replied(county, title="路灯不亮的来信"), satisfaction=Satisfaction.UNSATISFIED)
    event, (guide, *_) = make_life_event(county)
    return {"consultation": consultation, "interview": interview, "msg": msg, "event": event, "guide": guide,
            "unsatisfied": unsatisfied,
            "pages": {
                "hdjl-index": "/hdjl/", "hdjl-county-mailbox": "/hdjl/xzxx/", "hdjl-unit-mailbox": "/hdjl/bmxx/",
                "hdjl-status": f"/hdjl/cx/?code={msg.query_code}", "hdjl-replies": "/hdjl/dfgk/",
                "hdjl-reply": f"/hdjl/dfgk/{msg.pk}/", "hdjl-statistics": "/hdjl/tj/", "hdjl-site-error": "/hdjl/zc/?page=/tzgg/",
                "hdjl-consultations": "/hdjl/yjzj/", "hdjl-consultation": f"/hdjl/yjzj/{consultation.pk}/",
                "hdjl-interviews": "/hdjl/ftzb/", "hdjl-interview": f"/hdjl/ftzb/{interview.pk}/",
                "bsfw-index": "/bsfw/", "bsfw-unit": f"/bsfw/bm/{county.department.code}/", "bsfw-theme": "/bsfw/zt/other/",
                "bsfw-guide": f"/bsfw/sx/{guide.code}/", "bsfw-life-events": "/bsfw/yjs/",
                "bsfw-life-event": f"/bsfw/yjs/{event.pk}/", "bsfw-checklist": f"/bsfw/yjs/{event.pk}/?show=1",
                "bsfw-ratings": "/bsfw/hcp/"}}


def _failures(site) -> dict:
    """Each form's failed submit: (page, how to fail it, the field the summary must link to first)."""
    msg, guide, event = site["msg"], site["guide"], site["event"]
    q = event.questions.order_by("order", "id").first()

    def press(url, button, fill=None):
        def run(page, base):
            page.goto(f"{base}{url}")
            for selector, value in (fill or {}).items():
                page.locator(selector).fill(value)
            page.get_by_role("button", name=button, exact=True).click()
            page.wait_for_load_state()
        return run

    def go(url):
        return lambda page, base: page.goto(f"{base}{url}")

    return {
        "hdjl-letter": (press("/hdjl/xzxx/", "提交来信", {"#id_writer_phone": "1391234567", "#id_captcha": "99"}),
                        "#id_kind"),
        "hdjl-unit-letter": (press("/hdjl/bmxx/", "提交来信"), None),
        "hdjl-comment": (press(f"/hdjl/yjzj/{site['consultation'].pk}/", "提交意见"), None),
        "hdjl-question": (press(f"/hdjl/ftzb/{site['interview'].pk}/", "提交问题"), None),
        "hdjl-site-error": (press("/hdjl/zc/", "提交纠错", {"#id_writer_phone": "12"}), "#id_page_url"),
        "hdjl-rate": (press(f"/hdjl/cx/?code={msg.query_code}", "提交评价"), "#id_satisfaction"),
        "hdjl-status": (go("/hdjl/cx/?code="), "#id_code"),
        "hdjl-rehandle": (press(f"/hdjl/cx/?code={site['unsatisfied'].query_code}", "申请重新办理"), "#id_reason"),
        "bsfw-rate": (press(f"/bsfw/sx/{guide.code}/", "提交评价", {"#id_rater_phone": "139"}), "#id_level"),
        "bsfw-situation": (go(f"/bsfw/yjs/{event.pk}/?q{q.pk}=999999&show=1"), f"#id_q{q.pk}"),
        # 政策问答's 转交人工答复 (search), the question emptied and a wrong captcha answer
        "search-qa-forward": (press("/search/qa/?q=火星上能办社保吗", "转交人工答复",
                                    {"#forward-question": "", "#forward-captcha": "99"}), "#forward-question"),
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_new_forms_error_states(browser, live_server, county):
    site = _site(county, live_server)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for label, cookies in (("normal", None), ("care", CARE)):
        page = tab_for(browser, live_server, cookies=cookies)
        for name, (fail, first) in _failures(site).items():
            fail(page, live_server.url)
            expect(page.locator(".error-summary").first).to_be_focused()  # wait_for_function polls by eval (CSP)
            assert page.title().startswith("错误："), (label, name, page.title())
            summary = page.evaluate(SUMMARY)
            assert summary.get("focused"), (label, name)
            assert summary.get("heading") == "提交的内容有问题，请修改后重试", (label, name, summary)
            assert summary["links"] >= 1 and summary["problems"] == [], (label, name, summary)
            if first:
                assert page.locator(".error-summary a").first.get_attribute("href") == first, (label, name)
            assert page.locator("input[name=captcha]").evaluate_all("es => es.map(e => e.value)") in ([], [""]), name
            found.update({f"{label} {name}: {v}": 1 for v in violations(page)})
            if label == "normal":  # keyboard: each link of the summary puts focus on its field
                for href in page.locator(".error-summary a").evaluate_all("ls => ls.map(a => a.getAttribute('href'))"):
                    page.locator(f".error-summary a[href='{href}']").focus()
                    page.keyboard.press("Enter")
                    assert page.evaluate("document.activeElement.id") == href[1:], (name, href)
            page.screenshot(path=str(SCREENSHOTS / f"a11y-{name}-errors-{label}.png"), full_page=True)
        page.context.close()
    assert list(found) == []


def _done_session(msg) -> str:
    from django.contrib.sessions.backends.db import SessionStore

    from zhengwu.interaction.public_views import DONE_KEY

    session = SessionStore()
    session[DONE_KEY] = msg.query_code
    session.create()
    return session.session_key


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_new_pages_reflow_and_targets(browser, live_server, county):
    site = _site(county, live_server)
    failures = _failures(site)
    wide = {}
    for label, cookies in (("320", None), ("320-care-largest", CARE_LARGEST)):
        page = tab_for(browser, live_server, width=320, cookies=cookies)
        for name, url in site["pages"].items():
            page.goto(f"{live_server.url}{url}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide[f"{label} {name}"] = width
        # the confirmation after a letter is sent (it shows the 查询码 kept in the writer's session, once)
        page.context.add_cookies([{"name": "sessionid", "value": _done_session(site["msg"]), "url": live_server.url}])
        page.goto(f"{live_server.url}/hdjl/done/")
        assert site["msg"].query_code in page.content()
        if page.evaluate("document.documentElement.scrollWidth") > 320:
            wide[f"{label} hdjl-done"] = page.evaluate(WIDE)
        page.screenshot(path=str(SCREENSHOTS / f"reflow-{label}-hdjl-done.png"), full_page=True)
        page.context.clear_cookies(name="sessionid")
        for name in ("hdjl-letter", "hdjl-rate", "bsfw-rate", "bsfw-situation"):
            failures[name][0](page, live_server.url)
            page.wait_for_selector(".error-summary")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide[f"{label} {name}-errors"] = (width, page.evaluate(WIDE))
            page.screenshot(path=str(SCREENSHOTS / f"reflow-{label}-{name}-errors.png"), full_page=True)
        page.context.close()
    assert wide == {}

    small = {}
    for cookies, least in ((CARE, 44), (None, 24)):
        page = tab_for(browser, live_server, width=390, cookies=cookies)
        for name, url in site["pages"].items():
            page.goto(f"{live_server.url}{url}")
            sizes = page.evaluate(SIZES, TARGETS + ", main li > a")
            assert len(sizes) >= 10, (name, sizes)
            under = [s for s in sizes if s[1] < least - 0.5 or s[2] < least - 0.5]
            if under:
                small[f"{least} {name}"] = under[:6]
        if least == 44:
            page.goto(f"{live_server.url}{site['pages']['bsfw-guide']}")
            page.screenshot(path=str(SCREENSHOTS / "a11y-bsfw-guide-390-care.png"), full_page=True)
            page.goto(f"{live_server.url}{site['pages']['hdjl-status']}")
            page.screenshot(path=str(SCREENSHOTS / "a11y-hdjl-status-390-care.png"), full_page=True)
        page.context.close()
    assert small == {}, "\n".join(f"{k}: {v}" for k, v in small.items())
