"""Page-precise invalidation (docs/decisions/1701): each public change drops the pages that show it — fresh on the
very next request — and leaves the published file of an unrelated page where it is."""
import datetime as dt
from urllib.parse import quote

import pytest

from zhengwu.disclosure import actions
from zhengwu.disclosure.models import Record
from zhengwu.portal import invalidation, pagecache

from .data import make, make_normative, publish

pytestmark = pytest.mark.django_db
HOST = "127.0.0.1"


def url_of(page) -> str:
    return page.get_url_parts()[2]


def fetch(client, url, host=HOST):
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, (url, response.status_code)
    return response


def published_file(page_cache, url, host=HOST, mode="c0-f0"):
    path, _, query = url.partition("?")
    return page_cache / "live" / host / mode / path.lstrip("/") / (f"q/{query}.html" if query else "index.html")


def cache(client, page_cache, *urls):
    """Publish these pages (first request) and check the next request is served from the file."""
    for url in urls:
        fetch(client, url)
        assert published_file(page_cache, url).exists(), url
        assert fetch(client, url)["X-Page-Cache"] == "hit", url


def survives(client, page_cache, *urls):
    for url in urls:
        assert published_file(page_cache, url).exists(), f"{url} was dropped"
        assert fetch(client, url)["X-Page-Cache"] == "hit", url


def fresh(client, url, *texts, absent=()):
    response = fetch(client, url)
    assert response["X-Page-Cache"] == "miss", f"{url} still served from the cache"
    html = response.content.decode()
    for text in texts:
        assert text in html, (url, text)
    for text in absent:
        assert text not in html, (url, text)
    return html


@pytest.fixture
def unrelated(portal):
    """A record no other change below shows: another unit, another category, a column of its own."""
    c = portal.county
    other = make(c.other_department, "关于2026年度森林防火工作的通知", categories=(5,),
                 columns=[portal.column("gzdt")])
    return other.get_absolute_url(), url_of(portal.column("gzdt"))


def test_publish_drops_its_column_pages_and_home_only(client, portal, page_cache, unrelated):
    c = portal.county
    tzgg = url_of(portal.column("tzgg"))
    wjk = url_of(portal.column("wjk"))
    neighbour = make(c.department, "关于做好2026年春季开学准备工作的通知", columns=[portal.column("tzgg")])
    search = "/search/?q=" + quote("招生")
    cache(client, page_cache, "/", tzgg, tzgg + "?page=1", neighbour.get_absolute_url(), wjk, search, *unrelated)
    fetch(client, "/api/v1/documents")
    assert fetch(client, "/api/v1/documents")["X-Page-Cache"] == "hit"
    record = make(c.department, "关于开展2026年春季招生工作的通知", columns=[portal.column("tzgg")])
    for url in ("/", tzgg, tzgg + "?page=1", "/api/v1/documents"):
        fresh(client, url, "春季招生")
    fresh(client, search)  # rendered anew (what it finds is the search index's business)
    # 相关信息: the same unit and category put it in the neighbour's box
    fresh(client, neighbour.get_absolute_url(), record.title)
    survives(client, page_cache, wjk, *unrelated)


def test_unpublish_drops_the_record_its_lists_and_its_interpretations(client, portal, page_cache, unrelated):
    c = portal.county
    wjk, zcwj, zcjd = (url_of(portal.column(k)) for k in ("wjk", "zcwj", "zcjd"))
    record = make_normative(c.department, "示范县城区停车管理办法", "示政办发〔2020〕3号")
    interp = record.interpretations.get(form="text")
    cache(client, page_cache, record.get_absolute_url(), interp.get_absolute_url(), wjk, wjk + "?validity=valid",
          zcwj, zcjd, "/", *unrelated)
    actions.unpublish(Record.objects.get(pk=record.pk), by=c.reviewer, reason="内容有误，撤回更正")
    assert client.get(record.get_absolute_url(), HTTP_HOST=HOST).status_code == 404
    assert client.get(interp.get_absolute_url(), HTTP_HOST=HOST).status_code == 404
    for url in (wjk, wjk + "?validity=valid", zcwj, "/"):
        fresh(client, url, absent=[record.title])
    fresh(client, zcjd, absent=[interp.title])
    survives(client, page_cache, *unrelated)


def test_a_new_interpretation_drops_its_policy_and_the_interpretation_column(client, portal, page_cache, unrelated):
    c = portal.county
    zcjd = url_of(portal.column("zcjd"))
    policy = make_normative(c.department, "示范县校外培训管理办法", "示教发〔2023〕2号")
    sibling = policy.interpretations.get(form="text")
    cache(client, page_cache, policy.get_absolute_url(), sibling.get_absolute_url(), zcjd, "/", *unrelated)
    actions.add_interpretation(Record.objects.get(pk=policy.pk), by=c.reviewer, form="video",
                               title="视频解读校外培训新规", link="https://example.cn/v/1")
    fresh(client, policy.get_absolute_url(), "视频解读校外培训新规")  # the policy lists its 解读
    fresh(client, zcjd, "视频解读校外培训新规")
    fresh(client, sibling.get_absolute_url(), "视频解读校外培训新规")  # 其他解读 on a sibling's page
    survives(client, page_cache, *unrelated)


def test_withdraw_from_review_drops_nothing(client, portal, page_cache, unrelated):
    c = portal.county
    tzgg = url_of(portal.column("tzgg"))
    record = actions.create_record(by=None, unit=c.department, title="尚在审核的招生通知", categories=(1,),
                                   columns=[portal.column("tzgg")])
    actions.submit(record, by=c.editor)
    cache(client, page_cache, tzgg, "/", *unrelated)
    actions.withdraw(record, by=c.editor)
    survives(client, page_cache, tzgg, "/", *unrelated)


def test_validity_change_and_repeal_drop_the_library_filters_and_both_records(
        client, portal, page_cache, unrelated):
    from zhengwu.services.tests.factories import make_service

    c = portal.county
    wjk = url_of(portal.column("wjk"))
    old = make_normative(c.office, "示范县城区停车管理办法", "示政办发〔2020〕3号", written=dt.date(2020, 5, 1))
    service = make_service(c.department, name="临时停车许可")
    service.basis_records.add(old)
    new = actions.create_record(by=None, unit=c.office, title="示范县城区停车管理新规", categories=(1,),
                                kind=Record.Kind.NORMATIVE, document_number="示政办发〔2026〕1号",
                                written_date=dt.date(2026, 1, 5))
    guide = f"/bsfw/sx/{service.code}/"
    assert "X-Page-Cache" not in fetch(client, guide)  # a guide (it has a rating form) is never cached …
    client.cookies.clear()  # … and gives its visitor a session, which bypasses the cache
    cache(client, page_cache, old.get_absolute_url(), wjk, wjk + "?validity=valid", wjk + "?year=2020", *unrelated)
    actions.set_validity(Record.objects.get(pk=old.pk), by=None, validity=Record.Validity.REPEALED,
                         reason="上位法废止")
    fresh(client, old.get_absolute_url(), "本文件已废止")
    fresh(client, wjk, "validity-repealed")
    fresh(client, wjk + "?validity=valid", absent=[old.title])
    fresh(client, wjk + "?year=2020", "validity-repealed")
    survives(client, page_cache, *unrelated)
    # 立改废 by a relation: the repealing record's publication re-renders the repealed one's page
    actions.set_validity(Record.objects.get(pk=old.pk), by=None, validity=Record.Validity.VALID, reason="更正")
    cache(client, page_cache, old.get_absolute_url())
    actions.add_interpretation(new, by=None, form="text", title="新规解读", body="<p>解读</p>")
    actions.add_interpretation(new, by=None, form="graphic", title="一图读懂新规", body="<p>图解</p>")
    actions.add_relation(new, Record.objects.get(pk=old.pk), by=None, kind="repeals")
    survives(client, page_cache, old.get_absolute_url())  # not applied before the new record is published
    publish(Record.objects.get(pk=new.pk))
    fresh(client, old.get_absolute_url(), new.title, "本文件已废止")
    survives(client, page_cache, *unrelated)


def test_column_placement_from_either_side(client, portal, page_cache, unrelated):
    c = portal.county
    tzgg, ghjh, gzdt = (url_of(portal.column(k)) for k in ("tzgg", "ghjh", "gzdt"))
    record = make(c.department, "关于开展2026年春季招生工作的通知", columns=[portal.column("tzgg")])
    cache(client, page_cache, tzgg, ghjh, record.get_absolute_url(), unrelated[0])
    actions.update_record(Record.objects.get(pk=record.pk), by=c.reviewer, columns=[portal.column("gzdt")])
    fresh(client, tzgg, absent=[record.title])
    fresh(client, gzdt, record.title)
    survives(client, page_cache, ghjh, unrelated[0])  # ghjh lists category 3 by rule: not this record
    cache(client, page_cache, tzgg, gzdt)
    from wagtail.models import Page

    Page.objects.get(pk=portal.column("tzgg").pk).records.add(record)  # placed from the page's side
    fresh(client, tzgg, record.title)
    survives(client, page_cache, ghjh, gzdt, unrelated[0])


def test_categories_move_a_record_into_a_rule_column(client, portal, page_cache, unrelated):
    c = portal.county
    ghjh = url_of(portal.column("ghjh"))
    record = make(c.department, "示范县国土空间总体规划公示", columns=[portal.column("tzgg")])
    cache(client, page_cache, ghjh, *unrelated)
    Record.objects.get(pk=record.pk).categories.add(3)  # 规划计划 lists category 3 by rule
    fresh(client, ghjh, record.title)
    survives(client, page_cache, *unrelated)


def test_site_settings_and_navigation_drop_that_whole_site(client, portal, page_cache, unrelated):
    from zhengwu.org.models import SiteProfile

    department_host = portal.sites[portal.county.department.code].site.hostname
    cache(client, page_cache, *unrelated)
    fetch(client, unrelated[0], host=department_host)
    SiteProfile.objects.get(site=portal.site).save()
    for url in unrelated:
        assert fetch(client, url)["X-Page-Cache"] == "miss"
    assert fetch(client, unrelated[0], host=department_host)["X-Page-Cache"] == "hit"
    cache(client, page_cache, *unrelated)
    gzdt = portal.column("gzdt")
    gzdt.title = "工作动态（新）"
    gzdt.save_revision().publish()  # the menu shows it on every page of the site
    fresh(client, unrelated[0], "工作动态（新）")


def test_a_new_public_reply_drops_the_reply_pages_only(client, portal, page_cache, unrelated):
    from zhengwu.interaction import actions as interaction
    from zhengwu.interaction.tests.factories import replied

    c = portal.county
    msg = replied(c, title="城关镇新村路灯不亮的问题")
    cache(client, page_cache, "/hdjl/", "/hdjl/dfgk/", "/hdjl/dfgk/?page=1", "/", *unrelated)
    interaction.publish(msg, by=c.office_admin)
    fresh(client, "/hdjl/dfgk/", "城关镇新村路灯")
    fresh(client, "/hdjl/dfgk/?page=1", "城关镇新村路灯")
    fresh(client, "/hdjl/", "城关镇新村路灯")
    fetch(client, f"/hdjl/dfgk/{msg.pk}/")
    survives(client, page_cache, "/", *unrelated)


def test_a_consultation_and_its_feedback(client, portal, page_cache, unrelated):
    from zhengwu.interaction import actions as interaction

    c = portal.county
    policy = make(c.department, "示范县义务教育学校划片方案", columns=[portal.column("tzgg")])
    cache(client, page_cache, "/hdjl/yjzj/", policy.get_absolute_url(), *unrelated)
    consultation = interaction.open_consultation(
        by=c.office_admin, unit=c.department, title="义务教育学校划片方案（征求意见稿）", draft="草案全文",
        explanation="起草说明", start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 2, 15))
    fresh(client, "/hdjl/yjzj/", consultation.title)
    survives(client, page_cache, policy.get_absolute_url(), *unrelated)
    interaction.publish_feedback(consultation, by=c.office_admin, feedback="采纳意见12条。", final_record=policy,
                                 today=dt.date(2026, 3, 1))
    fresh(client, policy.get_absolute_url(), "意见采纳情况")  # the policy's page links to the consultation
    survives(client, page_cache, *unrelated)


def test_life_event_option_relation_alone_drops_its_pages(client, portal, page_cache, unrelated):
    from zhengwu.services.models import Option
    from zhengwu.services.tests.factories import make_life_event

    event, (_s1, _s2, s3) = make_life_event(portal.county)
    question = event.questions.get(text="是否设置门头招牌")
    yes = Option.objects.get(question=question, text="是")
    answered = f"/bsfw/yjs/{event.pk}/?q{question.pk}={yes.pk}&show=1"
    cache(client, page_cache, answered, "/bsfw/yjs/", *unrelated)
    assert s3.name in fetch(client, answered).content.decode()
    yes.include_services.remove(s3)  # only the many-to-many relation changes: no save of the option
    fresh(client, answered, absent=[f"{s3.name}</"])
    survives(client, page_cache, *unrelated)


def test_a_service_change_drops_the_services_pages(client, portal, page_cache, unrelated):
    from zhengwu.services import actions as services
    from zhengwu.services.tests.factories import make_life_event, material, service_data

    event, (s1, _s2, _s3) = make_life_event(portal.county)
    shown = f"/bsfw/yjs/{event.pk}/?show=1"
    cache(client, page_cache, "/bsfw/", "/bsfw/yjs/", shown, *unrelated)
    data = {**service_data(), "code": s1.code, "name": "个体工商户设立登记"}
    services.save_service(by=None, unit=s1.unit, data=data, materials=[material()], service=s1)
    fresh(client, shown, "个体工商户设立登记")
    survives(client, page_cache, *unrelated)


def test_a_drop_while_rendering_is_never_published(portal, page_cache, rf):
    """The race the drop markers close: a page rendered from data older than a drop that ran meanwhile."""
    from django.http import HttpResponse

    url = url_of(portal.column("tzgg"))

    def render_then_change(request):
        pagecache.drop(None, [url])  # a publish commits while this request renders from what it read before
        return HttpResponse("<p>old</p>")

    middleware = pagecache.PageCacheMiddleware(render_then_change)
    response = middleware(rf.get(url, HTTP_HOST=HOST))
    assert response.status_code == 200
    assert not published_file(page_cache, url).exists()
    pagecache.PageCacheMiddleware(lambda request: HttpResponse("<p>new</p>"))(rf.get(url, HTTP_HOST=HOST))
    assert published_file(page_cache, url).read_bytes() == b"<p>new</p>"


def test_a_change_that_cannot_be_mapped_drops_every_page(client, portal, page_cache, unrelated, monkeypatch):
    def broken(ids):
        raise RuntimeError("mapping failed")

    cache(client, page_cache, *unrelated)
    monkeypatch.setattr(invalidation, "_record_pages", broken)
    make(portal.county.department, "关于开展2026年春季招生工作的通知", columns=[portal.column("tzgg")])
    for url in unrelated:
        assert fetch(client, url)["X-Page-Cache"] == "miss"
