"""Each indicator on a site built to fail it and on one built to pass it (sites built by ensure_portal, records
through the disclosure actions, pages requested through the WSGI stack)."""
import dataclasses
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhengwu.disclosure import actions as disclosure
from zhengwu.disclosure.models import Record
from zhengwu.disclosure.tests.factories import make_published
from zhengwu.portal.models import ColumnPage
from zhengwu.portal.setup import ensure_portal
from zhengwu.sitehealth import indicators, sources
from zhengwu.sitehealth.checks import check_site


@pytest.fixture
def site(county, settings):
    settings.ZHENGWU_MIN_INTERPRETATION_FORMS = 0
    structure = ensure_portal(government=county.government, departments=[], townships=[], hostname="testserver",
                              port=80)
    profile = structure.site.profile
    profile.site_code, profile.icp_number, profile.police_number = "4390000001", "湘ICP备00000001号", "湘公网安备00000001号"
    profile.save()
    structure.county = county
    return structure


def _publish_everywhere(structure, days_ago=0):
    """A record in every column (and the annual report by its deadline): the passing site."""
    county = structure.county
    when = timezone.now() - dt.timedelta(days=days_ago)
    for page in ColumnPage.objects.descendant_of(structure.home).live():
        if page.content == ColumnPage.Content.INTERPRETATIONS:
            record = make_published(county.department, title=f"{page.title}所解读的文件", kind=Record.Kind.NORMATIVE)
            disclosure.add_interpretation(record, by=county.reviewer, form="text", title="图解", body="解读正文")
        else:
            record = make_published(county.department, title=f"{page.title}信息")
        record.columns.add(page)
    Record.objects.update(published_at=when)
    last_deadline = _last_deadline()
    report = make_published(county.government, title=f"示范县人民政府{last_deadline.year - 1}年政府信息公开工作年度报告",
                            kind=Record.Kind.ANNUAL_REPORT)
    Record.objects.filter(pk=report.pk).update(published_at=timezone.make_aware(
        dt.datetime.combine(last_deadline, dt.time(9))))


def _last_deadline():
    today = timezone.localdate()
    deadline = dt.date(today.year, 1, 31)
    return deadline if today > deadline else dt.date(today.year - 1, 1, 31)


def _veto(result, code):
    return next(item for item in result.single_veto if item["code"] == code)


def _deduction(result, code):
    return next((d for d in result.deductions if d["code"] == code), None)


def test_a_well_kept_site_passes_every_indicator(site):
    _publish_everywhere(site)
    result = check_site(site.site)
    assert {item["code"]: item["ok"] for item in result.single_veto} == {
        "reachable": True, "home_updated": True, "columns_updated": True, "empty_columns": True,
        "messages_answered": True, "guides_complete": None}  # no 留言 yet; no 办事事项 on this site
    assert result.deductions == [] and result.score == 100 and result.verdict == "合格"


def test_unreachable_site_fails(site):
    _publish_everywhere(site)
    site.home.unpublish()
    result = check_site(site.site)
    assert _veto(result, "reachable")["ok"] is False and result.verdict == "不合格"


def test_home_and_columns_not_updated_fail_as_of_a_later_date(site):
    _publish_everywhere(site, days_ago=0)
    later = timezone.localdate() + dt.timedelta(days=15)
    result = check_site(site.site, as_of=later)
    assert _veto(result, "home_updated")["ok"] is False
    # only one 动态 column (工作动态): stale but fewer than 5
    assert _veto(result, "columns_updated")["ok"] is True
    assert any("工作动态" in d for d in _veto(result, "columns_updated")["details"])
    for n in range(4):
        page = ColumnPage(title=f"部门动态{n}", slug=f"bmdt{n}")
        site.home.add_child(instance=page)
        make_published(site.county.department, title=f"动态{n}").columns.add(page)
    Record.objects.update(published_at=timezone.now())
    result = check_site(site.site, as_of=later)
    assert _veto(result, "columns_updated")["ok"] is False and result.verdict == "不合格"
    assert _veto(check_site(site.site), "columns_updated")["ok"] is True


def test_as_of_ignores_what_was_published_later(site):
    from wagtail.models import Page

    _publish_everywhere(site)
    Page.objects.update(first_published_at=timezone.now() - dt.timedelta(days=30))
    earlier = timezone.localdate() - dt.timedelta(days=3)
    result = check_site(site.site, as_of=earlier)
    assert _veto(result, "empty_columns")["ok"] is False  # nothing had been published three days ago
    assert _veto(result, "home_updated")["ok"] is False
    Page.objects.update(first_published_at=timezone.now())
    assert _veto(check_site(site.site, as_of=earlier), "empty_columns")["ok"] is True  # columns opened later


def test_five_empty_columns_fail(site):
    _publish_everywhere(site)
    for n in range(4):
        site.home.add_child(instance=ColumnPage(title=f"空栏目{n}", slug=f"klm{n}"))
    assert _veto(check_site(site.site), "empty_columns")["ok"] is True  # four
    site.home.add_child(instance=ColumnPage(title="空栏目4", slug="klm4"))
    result = check_site(site.site)
    assert _veto(result, "empty_columns")["ok"] is False and len(_veto(result, "empty_columns")["details"]) == 5


def test_indicators_without_their_app_are_not_applicable(site):
    _publish_everywhere(site)
    previous = sources.get("messages")
    sources.unregister("messages")
    try:
        item = _veto(check_site(site.site), "messages_answered")
        assert item["ok"] is None and "不适用" in item["details"][0]
    finally:
        if previous:
            sources.register("messages", previous)


def test_unanswered_message_activates_once_messages_exist(site):
    _publish_everywhere(site)
    today = timezone.localdate()
    messages = [sources.Message("咨询低保政策", today - dt.timedelta(days=100))]
    previous = sources.get("messages")
    sources.register("messages", lambda s, as_of: messages)
    try:
        result = check_site(site.site)
        assert _veto(result, "messages_answered")["ok"] is False and result.verdict == "不合格"
        messages[0] = sources.Message("咨询低保政策", today - dt.timedelta(days=100), today - dt.timedelta(days=90))
        assert _veto(check_site(site.site), "messages_answered")["ok"] is True
    finally:
        sources.register("messages", previous) if previous else sources.unregister("messages")


def test_real_mailbox_letter_unanswered_for_three_months_fails(site):
    from zhengwu.interaction.tests.factories import letter, replied

    _publish_everywhere(site)
    msg = letter("2026-03-02")
    assert _veto(check_site(site.site, as_of=dt.date(2026, 5, 1)), "messages_answered")["ok"] is True  # 60 days
    result = check_site(site.site, as_of=dt.date(2026, 6, 15))
    assert _veto(result, "messages_answered")["ok"] is False
    assert msg.title in _veto(result, "messages_answered")["details"][0]
    replied(site.county, "2026-04-01", title="已答复的来信")
    assert len(_veto(check_site(site.site, as_of=dt.date(2026, 8, 1)), "messages_answered")["details"]) == 1


def test_guides_missing_elements_activate_once_services_exist(site):
    _publish_everywhere(site)
    full = {e: "有" for e in indicators.BY_CODE["guides_complete"].threshold["elements"]}
    poor = {"事项名称": "有", "设定依据": "有", "申请条件": "有", "办理材料": "有", "办理地点": "有", "办理机构": "有"}
    guides = [sources.Guide(f"事项{n}", poor) for n in range(5)]
    previous = sources.get("service_guides")
    sources.register("service_guides", lambda s, as_of: guides)
    try:
        assert _veto(check_site(site.site), "guides_complete")["ok"] is False
        guides[:] = [sources.Guide(f"事项{n}", full) for n in range(5)]
        assert _veto(check_site(site.site), "guides_complete")["ok"] is True
    finally:
        sources.register("service_guides", previous) if previous else sources.unregister("service_guides")


def test_broken_links_and_missing_attachment_files_are_deducted(site):
    _publish_everywhere(site)
    county = site.county
    record = make_published(county.department, title="含错链的通知", body='<p><a href="/xxgk/999999/">旧文件</a></p>')
    disclosure.add_attachment(Record.objects.get(pk=record.pk), by=None, name="附件.txt", data="正文".encode())
    record.columns.add(site.pages["tzgg"])
    attachment = record.attachments.get()
    attachment.file.storage.delete(attachment.file.name)
    result = check_site(site.site)
    broken = _deduction(result, "links_other")
    assert broken is not None and any("/xxgk/999999/" in d for d in broken["details"])
    # the attachment's link on the crawled record page is broken; it is not counted again by the storage check
    assert len(broken["details"]) == 2 and broken["points"] == pytest.approx(0.2)
    Record.objects.exclude(pk=record.pk).update(published_at=timezone.now())  # push it out of the crawled 20
    for n in range(20):
        make_published(county.department, title=f"新信息{n}")
    broken = _deduction(check_site(site.site), "links_other")
    assert any("附件：附件.txt" in d for d in broken["details"])


def test_normative_documents_without_interpretation_and_validity(site):
    _publish_everywhere(site)
    assert _deduction(check_site(site.site), "interpretation") is None
    county = site.county
    make_published(county.department, title="示范县某某管理办法", kind=Record.Kind.NORMATIVE,
                   expiry_date=timezone.localdate() - dt.timedelta(days=1))
    result = check_site(site.site)
    assert _deduction(result, "interpretation")["details"] == ["未解读：示范县某某管理办法"]
    assert _deduction(result, "validity")["points"] == 0.5


def test_annual_report_missing_is_deducted(site):
    _publish_everywhere(site)
    Record.objects.filter(kind=Record.Kind.ANNUAL_REPORT).update(
        published_at=timezone.make_aware(dt.datetime.combine(_last_deadline() + dt.timedelta(days=1), dt.time(9))))
    assert _deduction(check_site(site.site), "annual_report")["points"] == 5


def test_identifiers_and_error_report_link(site):
    _publish_everywhere(site)
    profile = site.site.profile
    profile.site_code = profile.icp_number = profile.police_number = ""
    profile.save()
    result = check_site(site.site)
    assert _deduction(result, "identifiers")["points"] == 3
    assert _deduction(result, "error_report_link") is None  # the footer links the 找错 form (/hdjl/zc/)
    # a home page without the entry (a site on another template): the same check on its HTML
    from zhengwu.sitehealth.checks import Checker, Fetch

    checker = Checker(site.site)
    html = checker.fetch("/").html.replace("我为政府网站找错", "网站地图")
    checker._fetched["/"] = Fetch("/", 200, 0.1, html)
    assert _deduction(checker.run(), "error_report_link")["points"] == 1


def test_slow_home_page_is_deducted(site, monkeypatch):
    _publish_everywhere(site)
    slow = dataclasses.replace(indicators.BY_CODE["response_time"], threshold={"slow_seconds": 0})
    monkeypatch.setitem(indicators.BY_CODE, "response_time", slow)
    assert _deduction(check_site(site.site), "response_time")["points"] == 1


def test_command_json_shape(site):
    _publish_everywhere(site)
    out = io.StringIO()
    call_command("site_check", "--site", "testserver", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"site", "as_of", "verdict", "single_veto", "score", "deductions"}
    assert data["verdict"] == "合格" and {"indicator", "ok", "details"} <= set(data["single_veto"][0])


def test_page_tools_are_checked_once_not_once_per_page(site):
    """The 字号/关怀版 switches, the 找错 link and the print view carry the page in their query on every page."""
    from zhengwu.sitehealth.checks import PAGE_TOOLS, Checker

    _publish_everywhere(site)
    checker = Checker(site.site)
    checker.score_links()
    fetched = list(checker._fetched)
    for tool in PAGE_TOOLS:
        assert sum(u.startswith(tool) for u in fetched) <= 1, (tool, fetched)
    assert not [u for u in fetched if "print=1" in u]
    assert "/tzgg/" in fetched  # the pages themselves are still crawled
