"""One public journey in chromium: search by subject, narrow by a filter, ask, forward an unanswered question."""
import pytest

from zhengwu.applications.tests.test_browser import captcha_answer
from zhengwu.disclosure.tests.factories import make_published
from zhengwu.search.models import UnansweredQuestion

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_and_ask_journey(live_server, county):
    from playwright.sync_api import sync_playwright

    make_published(county.department, title="关于社会保险关系转移接续的通知", document_number="示教发〔2025〕3号")
    make_published(county.other_department, title="财政局社会保险基金预算公开")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        page.goto(f"{live_server.url}/search/")
        main = page.locator("#main")
        main.get_by_label("搜索关键词、文号或问题").fill("社保")
        main.get_by_role("button", name="搜索").click()
        assert "找到 2 条结果" in page.locator("#results-count").inner_text()
        page.locator("#main").get_by_role("link", name=f"{county.other_department.name}（1）").click()
        assert page.locator("ol.results li").count() == 1
        page.goto(f"{live_server.url}/search/?q=示教发[2025]3号")
        assert "文号匹配" in page.locator("ol.results li").first.inner_text()
        page.goto(f"{live_server.url}/search/qa/?q=火星上能办社保吗")
        assert "暂时无法准确回答" in page.content()
        page.locator("#forward-captcha").fill("99")  # a wrong answer is refused and nothing is filed
        page.get_by_role("button", name="转交人工答复").click()
        assert "验证码不正确" in page.content() and UnansweredQuestion.objects.count() == 0
        page.locator("#forward-captcha").fill(str(captcha_answer(page)))
        page.get_by_role("button", name="转交人工答复").click()
        assert "已转交工作人员" in page.content()
        browser.close()
    assert UnansweredQuestion.objects.count() == 1
