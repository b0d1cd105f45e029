"""互动交流 in Debian's chromium (issue 13, "Done when"): a citizen writes to the 县长信箱 with JavaScript off and
follows the letter by 查询码; the office 受理 → 分办, the unit 答复, the office publishes; the public reply page shows
the answer with nothing personal; the writer rates it 满意. axe-core (WCAG 2.1 AA) finds no serious or critical
violation on the new public pages in normal and 关怀版; screenshots (normal, 关怀版, 390 px) go to docs/screenshots/.

One browser for the module; staff are logged in by a session cookie (the audited login has its own tests).
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhengwu.applications.tests.test_browser import captcha_answer
from zhengwu.interaction import actions
from zhengwu.interaction.models import Message, Status
from zhengwu.portal.tests import test_a11y_browser as a11y
from zhengwu.portal.tests.test_a11y_browser import _migration_data, _staff_session
from zhengwu.portal.tests.test_a11y_browser import tab_for as tab
from zhengwu.portal.tests.test_browser import SCREENSHOTS, build_site

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CARE = {"care_mode": "1"}


def serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [f"{v['id']} ({v['impact']}): {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")]


browser = a11y.browser  # one chromium for the module (the a11y module's fixture)


def staff_tab(browser, live_server, user):
    """A logged-in staff tab: a session made the way django.contrib.auth makes one."""
    from types import SimpleNamespace

    return tab(browser, live_server, cookies={"sessionid": _staff_session(SimpleNamespace(office_admin=user))})


def participation(county) -> tuple:
    """An open consultation with an approved comment and an interview still taking questions."""
    today = timezone.localdate()
    c = actions.open_consultation(by=county.office_admin, unit=county.department, title="示范县义务教育阶段学校招生办法（征求意见稿）",
                                  draft="第一条 为规范义务教育阶段招生工作，制定本办法。", explanation="起草说明：依据义务教育法起草。",
                                  start_date=today - dt.timedelta(days=5), end_date=today + dt.timedelta(days=25))
    comment = actions.submit_comment(c, data={"name": "王五", "phone": "13800001111",
                                              "content": "建议公布各校学区范围图。"}, today=today)
    actions.moderate_comment(comment, by=county.office_admin, approve=True)
    now = timezone.now()
    iv = actions.schedule_interview(by=county.office_admin, unit=county.department, title="2026年秋季学期招生政策解读",
                                    guest="县教育局副局长", scheduled_at=now + dt.timedelta(days=7),
                                    questions_close_at=now + dt.timedelta(days=6), intro="就招生政策回答网友提问。")
    return c, iv


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_letter_journey_a11y_and_screenshots(browser, live_server, county):
    _migration_data()
    build_site(county, int(live_server.url.rsplit(":", 1)[1]))
    consultation, interview = participation(county)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # 1. The citizen writes with JavaScript off: an empty phone first (nothing saved), then the letter.
    page = tab(browser, live_server, js=False)
    page.goto(f"{live_server.url}/hdjl/xzxx/")
    page.get_by_label("咨询").check()
    page.locator("#id_title").fill("城关镇新村路灯不亮的问题")
    page.locator("#id_content").fill("我是李四，电话13912345678，住城关镇新村五组12号。村口路灯坏了两个月，请问何时维修？")
    page.locator("#id_writer_name").fill("李四")
    page.locator("#id_captcha").fill(captcha_answer(page))
    page.get_by_role("button", name="提交来信").click()
    expect(page).to_have_title(a11y.ERROR_TITLE)
    assert "请填写联系电话" in page.locator(".error-summary").inner_text()
    assert not Message.objects.exists()
    page.locator("#id_writer_phone").fill("13912345678")
    page.locator("#id_captcha").fill(captcha_answer(page))
    page.get_by_role("button", name="提交来信").click()
    code = page.locator("#query-code").inner_text().strip()
    msg = Message.objects.get()
    assert code == msg.query_code and msg.status == Status.SUBMITTED

    # 2. … and follows it by 查询码 (still without JavaScript): nothing personal on the page.
    page.goto(f"{live_server.url}/hdjl/cx/")
    page.get_by_role("textbox", name="查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    assert page.locator("#status").inner_text() == msg.get_status_display()
    assert "李四" not in page.content() and "13912345678" not in page.content()

    # 3. The office 受理 → 分办 to 教育局; the unit's 信息员 答复; the office publishes it.
    office = staff_tab(browser, live_server, county.office_admin)
    office.goto(f"{live_server.url}/staff/interaction/{msg.pk}/")
    office.locator("section", has=office.get_by_role("heading", name="受理", exact=True)) \
        .get_by_role("button", name="受理").click()
    office.locator("#id_assign-unit").select_option(label=county.department.name)
    office.locator("#id_assign-note").fill("请县教育局办理。")
    office.get_by_role("button", name="分办", exact=True).click()
    assert office.locator("#status").inner_text().startswith(Status.ASSIGNED.label)
    msg.refresh_from_db()
    assert msg.unit == county.department

    unit = staff_tab(browser, live_server, county.editor)
    unit.goto(f"{live_server.url}/staff/interaction/{msg.pk}/")
    unit.locator("#id_reply-text").fill("您好，李四同志：村口两盏路灯已于本周更换，联系电话13912345678已回访确认。")
    unit.get_by_role("button", name="答复", exact=True).click()
    assert unit.locator("#status").inner_text().startswith(Status.REPLIED.label)
    office.goto(f"{live_server.url}/staff/interaction/{msg.pk}/")
    office.get_by_role("button", name="公开答复", exact=True).click()
    msg.refresh_from_db()
    assert msg.published

    # 4. The public reply page: the reply is there, the writer's name and phone are not.
    page.goto(f"{live_server.url}/hdjl/dfgk/")
    page.get_by_role("link", name="城关镇新村路灯不亮的问题").click()
    body = page.locator("main").inner_text()
    assert "路灯已于本周更换" in body and "李四" not in body and "13912345678" not in body
    assert county.department.name in body

    # 5. 满意度: the writer rates the answer from the status page.
    page.goto(f"{live_server.url}/hdjl/cx/?code={code}")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    msg.refresh_from_db()
    assert msg.satisfaction == "satisfied"
    assert "满意" in page.locator("main").inner_text()
    page.context.close()
    office.context.close()
    unit.context.close()

    # 6. axe on every new public page, normal and 关怀版; screenshots normal, 关怀版 and a 390 px phone.
    pages = {"index": "/hdjl/", "write": "/hdjl/xzxx/", "unit-mailbox": "/hdjl/bmxx/", "status": f"/hdjl/cx/?code={code}",
             "replies": "/hdjl/dfgk/", "reply": f"/hdjl/dfgk/{msg.pk}/", "statistics": "/hdjl/tj/",
             "site-error": "/hdjl/zc/?page=/tzgg/", "consultations": "/hdjl/yjzj/",
             "consultation": f"/hdjl/yjzj/{consultation.pk}/", "interviews": "/hdjl/ftzb/",
             "interview": f"/hdjl/ftzb/{interview.pk}/"}
    found = {}
    for label, width, cookies in (("normal", 1280, None), ("care", 1280, CARE), ("390", 390, None)):
        view = tab(browser, live_server, width=width, cookies=cookies)
        for name, url in pages.items():
            view.goto(f"{live_server.url}{url}")
            assert view.locator("h1").count() == 1, (name, label)
            if label != "390":
                found.update({f"{label} {name}: {v}": 1 for v in serious(view)})
            else:
                assert view.evaluate("document.documentElement.scrollWidth") <= 390, name
            view.screenshot(path=str(SCREENSHOTS / f"interaction-{name}-{label}.png"), full_page=True)
        view.goto(f"{live_server.url}/hdjl/xzxx/")  # the error state of the letter form (decision 1301)
        view.get_by_role("button", name="提交来信").click()
        expect(view.locator("#error-summary")).to_be_focused()  # not wait_for_function: polling is eval (CSP)
        if label != "390":
            found.update({f"{label} write-errors: {v}": 1 for v in serious(view)})
        view.screenshot(path=str(SCREENSHOTS / f"interaction-write-errors-{label}.png"), full_page=True)
        view.context.close()
    assert list(found) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_create_pages_and_faq(browser, live_server, county):
    """发布意见征集 with a 15-day period is refused until a reason is given; the page, 预告在线访谈 and the 常见问题 list
    have no serious axe violation; screenshots at 1280 and 390 px."""
    from zhengwu.interaction.models import Consultation

    from .factories import replied

    _migration_data()
    build_site(county, int(live_server.url.rsplit(":", 1)[1]))
    actions.publish(replied(county), by=county.office_admin)
    page = staff_tab(browser, live_server, county.office_admin)
    page.goto(f"{live_server.url}/staff/interaction/participation/consultation/new/")
    page.locator("#id_unit").select_option(label=county.department.name)
    page.locator("#id_title").fill("示范县城区停车收费管理办法（征求意见稿）")
    page.locator("#id_draft").fill("第一条 为规范城区停车收费，制定本办法。")
    page.locator("#id_explanation").fill("依据价格法起草。")
    today = timezone.localdate()
    page.locator("#id_start_date").fill(today.isoformat())
    page.locator("#id_end_date").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="发布").click()
    assert "征求意见期限少于30日（现为15日）" in page.locator(".error-summary").inner_text()
    assert not Consultation.objects.exists() and serious(page) == []
    page.screenshot(path=str(SCREENSHOTS / "interaction-staff-consultation-errors-normal.png"), full_page=True)
    page.locator("#id_shortened_reason").fill("省里要求年底前出台，时间紧迫。")
    page.get_by_role("button", name="发布").click()
    assert Consultation.objects.get().shortened_reason == "省里要求年底前出台，时间紧迫。"
    for label, width in (("normal", 1280), ("390", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in (("staff-consultation-new", "/staff/interaction/participation/consultation/new/"),
                          ("staff-interview-new", "/staff/interaction/participation/interview/new/"),
                          ("staff-participation", "/staff/interaction/participation/"),
                          ("staff-faq", "/staff/search/faq/")):
            page.goto(f"{live_server.url}{url}")
            assert page.locator("h1").count() == 1 and serious(page) == [], name
            page.screenshot(path=str(SCREENSHOTS / f"interaction-{name}-{label}.png"), full_page=True)
    page.context.close()
