"""Issue 12 item 1/5 for the staff side: axe with best-practice (serious, critical and moderate) finds nothing on
the error state of the staff forms, and each shows one error summary whose links reach real, visible fields.
One browser, one 公开办管理员 session. Covered: new record, 事项, 一件事, 12345 工单, a case's 作出答复 and its
征求意见/收费/复议 item forms, the 互动交流 reply, 政策问答库's 不予处理, 工作日历's 撤销确认, 登录安全's 解锁,
督查督办's 进展报送, 退回, 导入 and 单位别名 (screenshots of the 进展报送 error state at 1280 and 390 px go to SCREENSHOTS),
and the last ones put on the pattern: the participation page's 采纳情况/访谈回答, the record page's 退回,
账号's 撤销/停用, 强制下线, 政策问答's 发布, 季度通报's 发布 the login page and the 双因素认证 page after a wrong code."""
from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from zhengwu.applications import actions as app_actions
from zhengwu.applications.tests.factories import register
from zhengwu.interaction.tests.factories import assigned
from zhengwu.interaction.tests.test_browser import staff_tab
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import make_user
from zhengwu.portal.tests.test_a11y_browser import _migration_data, _staff_session, browser, tab_for, violations
from zhengwu.portal.tests.test_browser import SCREENSHOTS
from zhengwu.search import actions as search_actions
from zhengwu.supervision import actions as supervision_actions
from zhengwu.supervision.tests.test_import import TABLE
from zhengwu.supervision.tests.test_staff_pages import plan_of
from zhengwu.workdays import actions as workdays_actions

__all__ = ["browser"]  # the module-scoped fixture, imported so pytest finds it here

# Each submitted empty on purpose.
EMPTY_FORMS = ("/staff/records/new/", "/staff/services/items/new/?unit={unit}", "/staff/services/life-events/new/",
               "/staff/interaction/hotline/")


def submit(form):
    """Click and wait for the answer to load: the click alone returns once it starts to arrive."""
    with form.page.expect_navigation():
        form.locator("[type=submit]").last.click()


# Each summary link's target: its id, whether it exists and is visible (a fieldset counts; a hidden input not).
LINK_TARGETS = """() => [...document.querySelectorAll('.error-summary a')].map(a => {
  const el = document.getElementById(decodeURIComponent(a.hash.slice(1)));
  return [a.hash, !!el && el.type !== 'hidden' && el.getClientRects().length > 0];
})"""


def check_error_state(page, url, *, links=True):
    """One summary, 错误： in the title, every link reaching a visible field (`links=False`: a rule's refusal on a
    button, text only), and axe clean."""
    assert page.locator(".error-summary").count() == 1, (url, page.title())
    assert page.title().startswith("错误："), (url, page.title())
    targets = page.evaluate(LINK_TARGETS)
    assert (bool(targets) if links else targets == []) and all(ok for _, ok in targets), (url, targets)
    assert violations(page) == [], url


def fill_too_long(form, selector, length):
    """A value past the box's maxlength, as a script or a pasted text would send it."""
    form.locator(selector).evaluate("el => el.removeAttribute('maxlength')")
    form.locator(selector).fill("长" * length)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_form_error_states_axe(browser, live_server, county):
    _migration_data()
    page = tab_for(browser, live_server)
    page.context.add_cookies([{"name": "sessionid", "value": _staff_session(county), "url": live_server.url}])
    for url in EMPTY_FORMS:
        url = url.format(unit=county.department.pk)
        page.goto(f"{live_server.url}{url}")
        submit(page.locator("main form[method=post]").first)
        check_error_state(page, url)
    # An 依申请公开 case: 作出答复 with nothing chosen.
    app = register(county.department, by=county.office_admin)
    url = f"/staff/applications/{app.pk}/"
    page.goto(f"{live_server.url}{url}")
    page.locator("#act-close summary").click()
    submit(page.locator("#act-close form"))
    check_error_state(page, url)
    page.context.close()

    # 互动交流: the unit's 信息员 answers an assigned letter with an empty reply.
    msg = assigned(county)
    unit = staff_tab(browser, live_server, county.editor)
    url = f"/staff/interaction/{msg.pk}/"
    unit.goto(f"{live_server.url}{url}")
    submit(unit.locator("form", has=unit.locator("#id_reply-text")))
    check_error_state(unit, url)
    unit.context.close()


def _case_items(county):
    """A case with a posted consultation and an appeal, another with a fee notice (a consultation stops the fee
    step)."""
    by = county.office_admin
    app = register(county.department, by=by, received="2026-03-02")
    c = app_actions.start_consultation(app, by=by, kind="third_party", party_name="某建筑公司", sent_date="2026-03-03",
                                       delivery="post", received_date="2026-03-05")
    appeal = app_actions.record_appeal(app, by=by, kind="review", filed_date="2026-04-01", authority="示范县人民政府")
    charged = register(county.department, by=by, received="2026-03-02")
    fee = app_actions.notify_fee(charged, by=by, method="per_page", quantity=150, notice_date="2026-03-04")
    return app, c, appeal, charged, fee


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_case_items_and_supervision_form_error_states_axe(browser, live_server, county):
    """The forms moved onto the pattern last: each submitted empty or with a date the rules refuse."""
    _migration_data()
    app, c, appeal, charged, fee = _case_items(county)
    plan = plan_of(county, TABLE)
    task = plan.tasks.get(number="1")  # confirmed by its lead unit: both 进展报送 and 退回 are offered
    supervision_actions.report_progress(task, user=county.office_admin, unit=county.department, text="已公开。")
    supervision_actions.confirm_completion(task, user=county.office_admin)
    page = tab_for(browser, live_server)
    page.context.add_cookies([{"name": "sessionid", "value": _staff_session(county), "url": live_server.url}])

    def sub(case, name, fill, shot=""):
        url = f"/staff/applications/{case.pk}/"
        page.goto(f"{live_server.url}{url}")
        form = page.locator(f"form[action$='/sub/{name}/']")
        for selector, value in fill.items():
            form.locator(selector).fill(value)
        submit(form)
        check_error_state(page, f"{url} {name}")
        if shot:
            page.screenshot(path=str(SCREENSHOTS / shot), full_page=True)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    sub(app, "consultation_reply", {f"#cq{c.pk}_replied_date": "2026-03-01"})  # before it was sent
    sub(app, "consultation_receipt", {f"#cr{c.pk}_received_date": ""})
    sub(app, "appeal_decision", {f"#ad{appeal.pk}_decided_date": ""})
    sub(charged, "payment", {f"#fp{fee.pk}_paid_date": ""})
    sub(charged, "waive", {f"#fw{fee.pk}_reason": ""}, shot="a11y-staff-case-waive-errors-normal.png")
    sub(charged, "fee_receipt", {f"#fr{fee.pk}_received_date": ""})

    for url in ("/staff/supervision/import/", "/staff/supervision/aliases/"):
        page.goto(f"{live_server.url}{url}")
        submit(page.locator("main form[method=post][novalidate]").last)
        check_error_state(page, url)
    # 政策问答库: 不予处理 of a forwarded question with no reason.
    question = search_actions.forward_question(question="你们食堂几点开饭")
    url = f"/staff/search/questions/{question.pk}/"
    page.goto(f"{live_server.url}{url}")
    submit(page.locator("form:has(#dismiss-reason)"))
    check_error_state(page, f"{url} 不予处理")
    # 工作日历: 撤销确认 of a year with no reason (the form in the year's row).
    workdays_actions.set_override(by=county.office_admin, date=dt.date(2027, 2, 8), is_workday=False)
    workdays_actions.confirm_official_year(by=county.office_admin, year=2027)
    page.goto(f"{live_server.url}/staff/workdays/")
    submit(page.locator("form:has(#revoke-2027_reason)"))
    check_error_state(page, "/staff/workdays/ 撤销确认")
    url = f"/staff/supervision/tasks/{task.pk}/"
    page.goto(f"{live_server.url}{url}")
    submit(page.locator("form[action$='/do/return/']"))
    check_error_state(page, f"{url} 退回")

    # 进展报送 submitted empty, at 1280 and on a 390 px phone: focus on the summary, one Tab to its first link.
    for label, width in (("normal", 1280), ("390", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}{url}")
        submit(page.locator("form[action$='/do/report/']"))
        check_error_state(page, f"{url} 进展报送 {label}")
        assert page.evaluate("document.activeElement.id") == "error-summary"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(SCREENSHOTS / f"a11y-staff-supervision-report-errors-{label}.png"), full_page=True)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_text"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_text"
    page.context.close()

    # 登录安全: the 安全管理员 lifts a lockout without a reason (the form in the lockout's row).
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        attacker.post("/staff/login/", {"username": "jyj_xxy", "password": "wrong"})
    security = staff_tab(browser, live_server, make_user("aqgly", county.government, Role.SECURITY_ADMIN))
    security.goto(f"{live_server.url}/staff/security/")
    submit(security.locator("form[action$='/security/unlock/']").first)
    check_error_state(security, "/staff/security/ 解锁")
    security.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_last_hand_written_forms_error_states_axe(browser, live_server, county):
    """The forms that were still hand-written or answered with a flash message (decision 1301's last list)."""
    from zhengwu.disclosure import actions as disclosure
    from zhengwu.disclosure.tests.factories import make_record
    from zhengwu.interaction.tests.test_form_pattern import closed_consultation, pending_question
    from zhengwu.org.models import Membership
    from zhengwu.search import actions as qa_actions

    _migration_data()
    c, q = closed_consultation(county), pending_question(county)
    record = make_record(county.department, by=county.editor)
    disclosure.submit(record, by=county.editor)
    pair = qa_actions.create_qa(by=county.editor, unit=county.department, question="社会保险关系怎样转移接续？",
                                answer="携带参保缴费凭证到转入地经办机构申请。")
    plan = plan_of(county, TABLE)
    page = tab_for(browser, live_server)
    page.context.add_cookies([{"name": "sessionid", "value": _staff_session(county), "url": live_server.url}])

    url = "/staff/interaction/participation/"
    page.goto(f"{live_server.url}{url}")
    submit(page.locator(f"form:has(#fb{c.pk}_feedback)"))
    check_error_state(page, f"{url} 采纳情况")
    page.goto(f"{live_server.url}{url}")
    form = page.locator(f"form:has(#ans{q.pk}_answer)")
    fill_too_long(form, f"#ans{q.pk}_answer", 4001)
    form.locator("button[value=approve]").click()
    check_error_state(page, f"{url} 访谈回答")

    url = f"/staff/supervision/plans/{plan.pk}/report/?quarter=2099Q1"
    page.goto(f"{live_server.url}{url}")
    submit(page.locator("main form[method=post]"))
    check_error_state(page, f"{url} 通报发布", links=False)
    page.context.close()

    reviewer = staff_tab(browser, live_server, county.reviewer)
    url = f"/staff/records/{record.pk}/"
    reviewer.goto(f"{live_server.url}{url}")
    submit(reviewer.locator("form[action$='/do/reject/']"))
    check_error_state(reviewer, f"{url} 退回")
    url = f"/staff/search/qa/{pair.pk}/"
    reviewer.goto(f"{live_server.url}{url}")
    submit(reviewer.locator("form:has(button[value=publish])"))
    check_error_state(reviewer, f"{url} 发布", links=False)
    reviewer.context.close()

    sysadmin = make_user("xtgly", county.government, Role.SYSADMIN)
    admin = staff_tab(browser, live_server, sysadmin)
    url = f"/staff/accounts/{sysadmin.pk}/"
    own = Membership.objects.get(user=sysadmin, role=Role.SYSADMIN)
    admin.goto(f"{live_server.url}{url}")
    submit(admin.locator(f"form[action$='/revoke/{own.pk}/']"))
    check_error_state(admin, f"{url} 撤销自己的角色", links=False)
    url = f"/staff/accounts/{county.editor.pk}/"
    admin.goto(f"{live_server.url}{url}")
    form = admin.locator("form[action$='/active/']")
    fill_too_long(form, "#active-reason", 201)
    submit(form)
    check_error_state(admin, f"{url} 停用")
    admin.context.close()

    security = staff_tab(browser, live_server, make_user("aqgly", county.government, Role.SECURITY_ADMIN))
    security.goto(f"{live_server.url}/staff/security/")
    form = security.locator("form[action$='/end/']").first
    fill_too_long(form, "input[name=reason]", 201)
    submit(form)
    check_error_state(security, "/staff/security/ 强制下线")
    security.context.close()

    login = tab_for(browser, live_server)
    login.goto(f"{live_server.url}/staff/login/")
    submit(login.locator("main form[method=post]"))
    check_error_state(login, "/staff/login/")
    login.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_second_factor_error_state_axe(browser, live_server, county):
    """The 双因素认证 page after a wrong code: the password has passed, the session not yet the second factor."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from zhengwu.portal.tests.test_a11y_browser import tab_for
    from zhengwu.security.tests.helpers import verified_device

    user = county.office_admin
    verified_device(user).token_set.create(token="backup1")  # a device that can verify: the page asks for a code
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    page = tab_for(browser, live_server, cookies={"sessionid": session.session_key})
    page.goto(f"{live_server.url}/staff/")
    assert "/staff/account/2fa/verify/" in page.url
    form = page.locator("main form[method=post]").first
    form.locator("input[name=token]").fill("000000")
    submit(form)
    check_error_state(page, "/staff/account/2fa/verify/")
    assert page.locator("#id_token").get_attribute("aria-invalid") == "true"
    page.context.close()
