"""督查督办 and 网站自查 staff pages in Debian's chromium: each page renders with one h1, has no serious or critical
axe violation (WCAG 2.1 AA) and no sideways scroll on a 390 px phone; screenshots at 1280 and 390 px go to
docs/screenshots/."""
from __future__ import annotations

import pytest

from zhengwu.interaction.tests.test_browser import serious, staff_tab
from zhengwu.portal.tests.test_a11y_browser import _migration_data
from zhengwu.portal.tests.test_browser import CHROMIUM_ARGS, SCREENSHOTS, build_site
from zhengwu.sitehealth.runs import run_and_store
from zhengwu.supervision import actions

from .test_import import TABLE
from .test_staff_pages import plan_of, table


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_supervision_and_sitehealth_pages(browser, live_server, county):
    _migration_data()
    structure, _, _ = build_site(county, int(live_server.url.rsplit(":", 1)[1]))
    plan = plan_of(county, TABLE + table(6, start=4).split("\n", 1)[1], "2026年政务公开重点任务分工")
    task = plan.tasks.order_by("order").first()
    actions.report_progress(task, user=county.editor, unit=county.department, text="已在财政预决算栏目公开。",
                            links=["/xxgk/1/"])
    run = run_and_store(structure.site)
    pages = {"index": "/staff/supervision/", "plan": f"/staff/supervision/plans/{plan.pk}/",
             "task": f"/staff/supervision/tasks/{task.pk}/", "aliases": "/staff/supervision/aliases/",
             "report": f"/staff/supervision/plans/{plan.pk}/report/?quarter=2026Q4",
             "upload": "/staff/supervision/import/", "sitehealth": "/staff/sitehealth/",
             "sitehealth-run": f"/staff/sitehealth/runs/{run.pk}/"}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = []
    for label, width in (("normal", 1280), ("390", 390)):
        view = staff_tab(browser, live_server, county.office_admin)
        view.set_viewport_size({"width": width, "height": 900})
        for name, url in pages.items():
            view.goto(f"{live_server.url}{url}")
            assert view.locator("h1").count() == 1, name
            if label == "normal":
                found += [f"{name}: {v}" for v in serious(view)]
            else:
                assert view.evaluate("document.documentElement.scrollWidth") <= 390, name
            view.screenshot(path=str(SCREENSHOTS / f"supervision-{name}-{label}.png"), full_page=True)
        view.context.close()
    assert found == []
    unit = staff_tab(browser, live_server, county.editor)  # a unit's own view and the going-stale list
    for name, url in (("unit-index", "/staff/supervision/"), ("unit-sitehealth", "/staff/sitehealth/")):
        unit.goto(f"{live_server.url}{url}")
        assert serious(unit) == []
        unit.screenshot(path=str(SCREENSHOTS / f"supervision-{name}-normal.png"), full_page=True)
    unit.context.close()
