"""The anonymous page cache (docs/decisions/1701): pages are published as files on first request, every public
change drops them before the next request, 关怀版/字号 never leak into a normal visitor's page, staff are never
served from it."""
import datetime as dt

import pytest

from zhengwu.disclosure import actions
from zhengwu.disclosure.models import Record

from .data import make, make_normative

pytestmark = pytest.mark.django_db
HOST = "127.0.0.1"


def path(page) -> str:
    return page.get_url_parts()[2]


def fetch(client, url, **extra):
    response = client.get(url, HTTP_HOST=extra.pop("host", HOST), **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_second_request_is_served_from_the_published_file(client, portal, page_cache):
    url = path(portal.column("tzgg"))
    first = fetch(client, url)
    assert first["X-Page-Cache"] == "miss"
    published = page_cache / "live" / HOST / "c0-f0" / url.lstrip("/") / "index.html"
    assert published.read_bytes() == first.content
    second = fetch(client, url)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    assert "Cookie" in second["Vary"]
    fetch(client, url + "?page=1")
    assert (published.parent / "q" / "page=1.html").exists()  # nginx finds plain query strings as files too


def test_publish_unpublish_edit_and_placement_show_on_the_very_next_request(client, portal, page_cache):
    c = portal.county
    tzgg = portal.column("tzgg")
    fetch(client, "/")
    fetch(client, path(tzgg))
    record = make(c.department, "关于开展2026年春季招生工作的通知", columns=[tzgg])
    assert record.title in fetch(client, path(tzgg)).content.decode()
    assert record.title in fetch(client, "/").content.decode()
    page = fetch(client, record.get_absolute_url())
    assert fetch(client, record.get_absolute_url())["X-Page-Cache"] == "hit"
    actions.update_record(record, by=c.reviewer, title="关于开展2026年春季招生工作的补充通知")
    assert "补充通知" in fetch(client, record.get_absolute_url()).content.decode() != page.content.decode()
    actions.update_record(record, by=c.reviewer, columns=[portal.column("zcwj")])
    assert "补充通知" not in fetch(client, path(tzgg)).content.decode()
    actions.unpublish(Record.objects.get(pk=record.pk), by=c.reviewer, reason="内容有误，撤回更正")
    assert client.get(record.get_absolute_url(), HTTP_HOST=HOST).status_code == 404
    assert "补充通知" not in fetch(client, "/").content.decode()


def test_validity_change_shows_in_the_library(client, portal, page_cache):
    c = portal.county
    wjk = path(portal.column("wjk"))
    old = make_normative(c.office, "示范县城区停车管理办法", "示政办发〔2020〕3号")
    assert "validity-repealed" not in fetch(client, wjk).content.decode()
    actions.set_validity(old, by=None, validity=Record.Validity.REPEALED, reason="上位法废止")
    assert "validity-repealed" in fetch(client, wjk).content.decode()


def test_a_draft_drops_nothing(client, portal, page_cache):
    url = path(portal.column("tzgg"))
    fetch(client, url)
    make(portal.county.department, "尚未审核的通知草稿", columns=[portal.column("tzgg")], publish_it=False)
    assert fetch(client, url)["X-Page-Cache"] == "hit"


def test_care_and_font_pages_are_kept_apart(client, portal, page_cache):
    url = path(portal.column("tzgg"))
    client.cookies["care_mode"] = "1"
    client.cookies["font_step"] = "2"
    care = fetch(client, url).content.decode()
    assert 'class="font-step-2 care"' in care
    assert fetch(client, url)["X-Page-Cache"] == "hit"
    del client.cookies["care_mode"]
    del client.cookies["font_step"]
    normal = fetch(client, url)
    assert normal["X-Page-Cache"] == "miss"
    assert 'class="font-step-0"' in normal.content.decode() and " care" not in normal.content.decode()[:200]
    assert fetch(client, url + "?care=1").content.decode() != normal.content.decode()
    assert 'class="font-step-0"' in fetch(client, url).content.decode()


def test_staff_are_never_served_a_cached_page(client, portal, page_cache):
    url = path(portal.column("tzgg"))
    fetch(client, url)
    assert fetch(client, url)["X-Page-Cache"] == "hit"
    client.force_login(portal.county.reviewer)
    response = fetch(client, url)
    assert "X-Page-Cache" not in response


def test_site_settings_drop_only_that_sites_pages(client, portal, page_cache):
    from zhengwu.org.models import SiteProfile

    department_host = portal.sites[portal.county.department.code].site.hostname
    fetch(client, "/")
    fetch(client, "/", host=department_host)
    profile = SiteProfile.objects.get(site=portal.site)
    profile.save()
    assert fetch(client, "/")["X-Page-Cache"] == "miss"
    assert fetch(client, "/", host=department_host)["X-Page-Cache"] == "hit"


def test_revalidation_answers_304(client, portal, page_cache):
    url = path(portal.column("tzgg"))
    first = fetch(client, url)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(url, HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    api = client.get("/api/v1/documents", HTTP_HOST=HOST)
    assert api.status_code == 200 and api["ETag"]
    assert client.get("/api/v1/documents", HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=api["ETag"]).status_code == 304


def test_pages_with_a_form_token_are_not_cached(client, portal, page_cache):
    response = fetch(client, "/hdjl/xzxx/")
    assert "csrfmiddlewaretoken" in response.content.decode() and "X-Page-Cache" not in response
    client.cookies.clear()
    assert "X-Page-Cache" not in fetch(client, "/hdjl/xzxx/")
    assert not list((page_cache / "live").glob(f"{HOST}/*/hdjl/xzxx/index.html"))


def test_deep_pages_are_capped_and_point_to_search(client, portal, monkeypatch):
    from zhengwu.portal import models

    monkeypatch.setattr(models, "MAX_PAGES", 2)
    tzgg = portal.column("tzgg")
    tzgg.per_page = 1
    tzgg.save_revision().publish()
    for n in range(3):
        make(portal.county.department, f"关于第{n}批招生工作的通知", columns=[tzgg])
    html = fetch(client, path(tzgg) + "?page=9").content.decode()
    assert "共 2 页" in html and "使用站内搜索" in html and 'href="/search/"' in html
    assert "超过 2 条" in html  # the count stops one past the cap instead of counting the whole column
    assert "使用站内搜索" not in fetch(client, path(tzgg)).content.decode()


def test_library_filter_lists_follow_publication(client, portal, django_assert_max_num_queries):
    c = portal.county
    wjk = path(portal.column("wjk"))
    make_normative(c.office, "示范县城区停车管理办法", "示政办发〔2020〕3号", written=dt.date(2020, 5, 1))
    assert '<option value="2020"' in fetch(client, wjk).content.decode()
    with django_assert_max_num_queries(30):
        fetch(client, wjk)  # the option lists come from the cache now
    make_normative(c.office, "示范县校外培训管理办法", "示教发〔2023〕2号", written=dt.date(2023, 2, 1))
    html = fetch(client, wjk).content.decode()
    assert '<option value="2023"' in html and '<option value="2020"' in html


def test_hot_pages_pin_their_query_counts(client, portal, django_assert_max_num_queries):
    """A miss costs a fixed number of queries: the chrome comes from the per-site cache after the first page."""
    c = portal.county
    tzgg = portal.column("tzgg")
    record = make(c.department, "关于开展2026年春季招生工作的通知", columns=[tzgg])
    fetch(client, "/")  # builds the site chrome once
    # home: one records query per column block (six blocks in the county portal) besides Wagtail's own lookups
    for url, limit in (("/", 16), (path(tzgg), 10), (record.get_absolute_url(), 8)):
        with django_assert_max_num_queries(limit):
            fetch(client, url)


def test_lookups_by_query_code_and_live_statistics_are_never_cached(client, portal, page_cache):
    for url in ("/hdjl/tj/", "/api/v1/applications/status?code=X"):
        client.get(url, HTTP_HOST=HOST)
        assert "X-Page-Cache" not in client.get(url, HTTP_HOST=HOST)


def test_a_deferred_block_drops_the_pages_once_when_it_ends(client, portal, page_cache, monkeypatch):
    from zhengwu.portal import invalidation, pagecache

    url = path(portal.column("tzgg"))
    fetch(client, url)
    drops = []
    real = pagecache.invalidate
    monkeypatch.setattr(pagecache, "invalidate", lambda site_id=None: (drops.append(site_id), real(site_id)))
    with invalidation.deferred():
        first = make(portal.county.department, "关于开展春季植树活动的通知", columns=[portal.column("tzgg")])
        second = make(portal.county.department, "关于开展秋季征兵工作的通知", columns=[portal.column("tzgg")])
        assert drops == [] and fetch(client, url)["X-Page-Cache"] == "hit"
    assert drops == [None]
    page = fetch(client, url)
    assert page["X-Page-Cache"] == "miss"
    assert first.title in page.content.decode() and second.title in page.content.decode()


def test_a_sparse_column_shows_a_newly_placed_record_on_the_next_request(client, portal, page_cache):
    """Few placements are kept per worker under the content version: placing and publishing drop them."""
    gzdt = portal.column("gzdt")
    assert "暂无信息" in fetch(client, path(gzdt)).content.decode()
    make(portal.county.department, "关于印发2026年重点工作计划的通知", columns=[gzdt])
    html = fetch(client, path(gzdt)).content.decode()
    assert "关于印发2026年重点工作计划的通知" in html and "暂无信息" not in html
    assert "关于印发2026年重点工作计划的通知" in fetch(client, "/").content.decode()


def test_the_content_version_is_read_again_by_every_request(client, portal):
    from django.core.cache import cache

    from zhengwu.portal import invalidation

    fetch(client, "/")
    cache.incr(invalidation.LISTS_VERSION_KEY)  # another worker's change: only the shared cache knows it
    seen = []
    fetch(client, "/")
    seen.append(invalidation.lists_version())
    assert seen == [cache.get(invalidation.LISTS_VERSION_KEY)]
