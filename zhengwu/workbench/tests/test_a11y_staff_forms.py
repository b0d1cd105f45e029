"""Issue 12 item 1/5 for the staff side: axe with best-practice (serious, critical and moderate) finds nothing on
the error state of the staff forms, and each shows the error summary. One browser, one 公开办管理员 session."""
from __future__ import annotations

import pytest

from zhengwu.applications.tests.factories import register
from zhengwu.interaction.tests.factories import assigned
from zhengwu.interaction.tests.test_browser import staff_tab
from zhengwu.portal.tests.test_a11y_browser import _migration_data, _staff_session, browser, tab_for, violations

__all__ = ["browser"]  # the module-scoped fixture, imported so pytest finds it here

# Each submitted empty on purpose.
EMPTY_FORMS = ("/staff/records/new/", "/staff/services/items/new/?unit={unit}", "/staff/services/life-events/new/",
               "/staff/interaction/hotline/")


def submit(form):
    form.locator("[type=submit]").last.click()


def check_error_state(page, url):
    assert page.locator(".error-summary").count() == 1, (url, page.title())
    assert page.title().startswith("错误："), (url, page.title())
    assert violations(page) == [], url


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
