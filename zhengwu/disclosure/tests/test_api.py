"""GET /api/v1/documents: filters, shape, only published records, Chinese errors, pinned query count."""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import Page, Site

from zhengwu.disclosure import actions
from zhengwu.disclosure.tests.factories import make_published, make_record
from zhengwu.org.models import SiteProfile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """The default PBKDF2 costs about a second per test user on a busy 2-core runner."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

URL = "/api/v1/documents"


def aware(y, m, d):
    return timezone.make_aware(dt.datetime(y, m, d, 10, 0))


@pytest.fixture
def library(county):
    notice = make_published(county.department, title="关于做好2026年冬季校园安全工作的通知",
                            document_number="示教发〔2026〕3号", categories=(11, 13),
                            written_date=dt.date(2026, 3, 2), published_at=aware(2026, 3, 5))
    budget = make_published(county.other_department, title="2024年县级财政预算公开", publisher_name="示范县财政局（联合）",
                            document_number="示财发〔2024〕7号", categories=(7,), published_at=aware(2024, 6, 1))
    town = make_published(county.township, title="城关镇2025年工作要点", categories=(3,),
                          published_at=aware(2025, 2, 1))
    actions.set_validity(town, by=None, validity="expired", reason="年度届满。")
    draft = make_record(county.department, title="尚未发布的通知", document_number="示教发〔2026〕4号")
    return {"notice": notice, "budget": budget, "town": town, "draft": draft}


def get(client, **params):
    response = client.get(URL, params)
    return response, response.json()


def titles(body) -> set[str]:
    return {item["title"] for item in body["items"]}


def test_shape_and_only_published(client, library):
    response, body = get(client)
    assert response.status_code == 200
    assert body["count"] == 3 and "尚未发布的通知" not in titles(body)
    item = next(i for i in body["items"] if i["document_number"] == "示教发〔2026〕3号")
    assert set(item) >= {"title", "document_number", "index_number", "publisher", "written_date", "published_date",
                         "validity", "categories", "url"}
    notice = library["notice"]
    assert item["index_number"] == notice.index_number and item["index_number"]
    assert item["publisher"] == "示范县教育局"
    assert item["written_date"] == "2026-03-02" and item["published_date"] == "2026-03-05"
    assert item["validity"] == "valid"
    assert [c["number"] for c in item["categories"]] == [11, 13]
    assert item["url"] == f"http://testserver/xxgk/{notice.pk}/"
    budget = next(i for i in body["items"] if i["title"].startswith("2024"))
    assert budget["publisher"] == "示范县财政局（联合）" and budget["written_date"] is None
    # newest first
    assert [i["published_date"] for i in body["items"]] == ["2026-03-05", "2025-02-01", "2024-06-01"]


@pytest.mark.parametrize("variant", ["示教发〔2026〕3号", "示教发[2026]3号", "示教发【2026】3号", "示教发（2026）3号",
                                     "示教发［２０２６］３号", " 示教发 〔2026〕 第3号 ", "示教發〔2026〕3號"])
def test_document_number_variants_find_the_same_record(client, library, variant):
    _, body = get(client, document_number=variant)
    assert body["count"] == 1 and body["items"][0]["title"] == library["notice"].title


def test_filters(client, county, library):
    assert titles(get(client, document_number="示教发〔2026〕4号")[1]) == set()  # the draft stays hidden
    assert titles(get(client, category=7)[1]) == {library["budget"].title}
    assert titles(get(client, category="13")[1]) == {library["notice"].title}
    assert titles(get(client, publisher=county.department.code)[1]) == {library["notice"].title}
    assert titles(get(client, publisher="示范县财政局（联合）")[1]) == {library["budget"].title}
    assert titles(get(client, publisher="示范县财政局")[1]) == {library["budget"].title}
    assert titles(get(client, publisher="示范县")[1]) == set()  # exact, not a substring
    assert titles(get(client, year=2024)[1]) == {library["budget"].title}
    assert titles(get(client, year=2025, validity="expired")[1]) == {library["town"].title}
    assert titles(get(client, validity="valid")[1]) == {library["notice"].title, library["budget"].title}


def test_site_filter(client, county, library):
    root = Page.get_first_root_node()
    dept_home = root.add_child(instance=Page(title="示范县教育局网站", slug="jyj-home"))
    column = dept_home.add_child(instance=Page(title="通知公告", slug="tzgg"))
    dept_site = Site.objects.create(hostname="jyj.example.gov.cn", port=80, root_page=dept_home)
    SiteProfile.objects.create(site=dept_site, unit=county.department, kind=SiteProfile.Kind.DEPARTMENT)
    # 数据同源: the 财政局 record is placed in the 教育局 site's column, as the same row.
    actions.update_record(library["budget"], by=None, columns=[column])
    by_host = get(client, site="jyj.example.gov.cn")[1]
    assert titles(by_host) == {library["notice"].title, library["budget"].title}
    assert by_host["count"] == 2
    assert titles(get(client, site=str(dept_site.pk))[1]) == titles(by_host)

    portal = Site.objects.get(is_default_site=True)
    SiteProfile.objects.create(site=portal, unit=county.government)
    assert get(client, site=portal.hostname)[1]["count"] == 3  # every unit is below the county government


def test_pagination(client, library):
    _, body = get(client, page_size=2)
    assert body["count"] == 3 and len(body["items"]) == 2
    _, body = get(client, page_size=2, page=2)
    assert len(body["items"]) == 1
    _, body = get(client, page=9)
    assert body["count"] == 3 and body["items"] == []


@pytest.mark.parametrize("params, message", [
    ({"category": "16"}, "category 应为 1至15 的整数"),
    ({"category": "abc"}, "category 应为 1至15 的整数"),
    ({"year": "二〇二六"}, "year 应为"),
    ({"validity": "invalid"}, "validity 应为 valid（有效）"),
    ({"page_size": "101"}, "page_size 应为 1至100 的整数"),
    ({"page": "0"}, "page 应为 1以上 的整数"),
    ({"document_number": "随便"}, "文号“随便”无法识别"),
    ({"site": "nowhere.example"}, "站点“nowhere.example”不存在"),
])
def test_bad_parameters_get_a_chinese_message(client, library, params, message):
    response, body = get(client, **params)
    assert response.status_code == 422
    assert message in body["detail"]


def test_detail(client, county, library):
    notice = library["notice"]
    response = client.get(f"{URL}/{notice.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == notice.title and body["index_number"] == notice.index_number
    assert body["body"] == notice.body and body["attachments"] == [] and body["interpretations"] == []
    for missing in (library["draft"].pk, 999999, "abc"):
        response = client.get(f"{URL}/{missing}")
        assert response.status_code == 404 and response.json()["detail"] == "没有找到该政府信息。"


def test_query_count_is_pinned(client, library, django_assert_num_queries):
    for n in range(5):
        make_published(library["notice"].unit, title=f"补充通知{n}", categories=(11, 12))
    # count + page of rows (with unit) + categories prefetch, whatever the page size
    with django_assert_num_queries(3):
        response = client.get(URL, {"page_size": 100, "category": 11})
    assert response.json()["count"] == 6


def test_documents_endpoint_in_openapi(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/documents"]["get"]
    assert operation["tags"] == ["政府信息"]
    names = {p["name"] for p in operation["parameters"]}
    assert names >= {"document_number", "category", "publisher", "year", "validity", "site", "page", "page_size"}
    assert "/api/v1/documents/{id}" in schema["paths"]
