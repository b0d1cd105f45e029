"""The public record page: metadata, validity banner, 解读, 立改废 links both ways, 404 for drafts, sitemap."""
import datetime as dt
import io
import re
from xml.etree import ElementTree

import pytest

from zhengwu.disclosure import actions
from zhengwu.disclosure.models import Interpretation, Record, Topic

from .data import docx_bytes, make, make_normative, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(portal):
    """An old 行政规范性文件 repealed by a new one, both published, with attachments and 解读."""
    c = portal.county
    old = make_normative(c.office, "示范县农村宅基地管理办法", "示政发〔2019〕8号", written=dt.date(2019, 6, 1),
                         topic=Topic.objects.get(code="D"), columns=[portal.column("zcwj")])
    new = actions.create_record(by=None, unit=c.office, title="示范县农村宅基地和村民自建住房管理办法",
                                categories=(1, 3), kind=Record.Kind.NORMATIVE, document_number="示政发[2024]12号",
                                written_date=dt.date(2024, 9, 1), topic=Topic.objects.get(code="D"),
                                body="<p>第一条 为规范农村宅基地管理……</p><script>alert(1)</script>",
                                columns=[portal.column("zcwj")])
    actions.add_attachment(new, by=None, name="宅基地申请表.docx", data=docx_bytes("宅基地申请表"))
    actions.add_interpretation(new, by=None, form="text", title="新版宅基地管理办法文字解读")
    actions.add_interpretation(new, by=None, form="video", title="视频解读：宅基地怎么申请", link="https://example.org/v")
    draft_jd = actions.add_interpretation(new, by=None, form="h5", title="未发布的H5解读", link="https://example.org/h",
                                          schedule=False)
    actions.add_relation(new, old, by=None, kind="repeals")
    new = publish(new)
    old.refresh_from_db()
    return old, new, draft_jd


def test_record_page_metadata_banner_interpretations_and_relations(client, pair):
    old, new, _draft_jd = pair
    html = client.get(new.get_absolute_url()).content.decode()
    for label, value in [("索引号", new.index_number), ("主题分类", "国土资源、能源"), ("发布机构", "示范县人民政府办公室"),
                         ("成文日期", "2024年9月1日"), ("文号", "示政发〔2024〕12号"), ("有效性", "有效"),
                         ("公开方式", "主动公开")]:
        assert f"<dt>{label}</dt><dd>" in html and value in html, label
    assert "第二十条第（一）项：行政法规、规章和规范性文件" in html and "第二十条第（三）项" in html
    assert "<script>alert(1)</script>" not in html and "第一条 为规范农村宅基地管理" in html
    assert "宅基地申请表.docx" in html and "DOCX" in html and "KB" in html
    assert "新版宅基地管理办法文字解读" in html and "视频解读：宅基地怎么申请" in html
    assert "未发布的H5解读" not in html
    assert "本文件废止了《" in html and old.get_absolute_url() in html
    assert "本文件已" not in html.split('<main')[1].split("banner")[0]
    # The repealed one: a banner, and the link back to what repealed it.
    assert old.validity == Record.Validity.REPEALED
    old_html = client.get(old.get_absolute_url()).content.decode()
    assert 'class="banner banner-repealed" role="note"' in old_html and "本文件已废止" in old_html
    assert f"已被《<a href=\"{new.get_absolute_url()}\">{new.title}</a>》废止" in old_html
    assert '<nav class="breadcrumbs"' in old_html and ">政策文件</a>" in old_html
    # Related records (same unit and category).
    assert "相关信息" in old_html and new.title in old_html


def test_interpretation_page_links_back(client, pair):
    _, new, draft_jd = pair
    interp = new.interpretations.get(form="text")
    html = client.get(interp.get_absolute_url()).content.decode()
    assert interp.title in html and f'href="{new.get_absolute_url()}"' in html and "解读文件" in html
    assert "视频解读：宅基地怎么申请" in html  # sibling
    assert client.get(draft_jd.get_absolute_url()).status_code == 404
    video = new.interpretations.get(form="video")
    assert 'href="https://example.org/v"' in client.get(video.get_absolute_url()).content.decode()
    script_link = actions.add_interpretation(new, by=None, form="h5", title="H5", link="javascript:alert(1)")
    assert "javascript:" not in client.get(script_link.get_absolute_url()).content.decode()


def test_unpublished_records_are_404(client, portal):
    c = portal.county
    draft = make(c.department, "草稿：内部讨论稿", publish_it=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    actions.submit(draft, by=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    live = make(c.department, "已发布后撤下的通知")
    interp = actions.add_interpretation(live, by=None, form="text", title="撤下文件的解读")
    assert interp.status == Interpretation.Status.PUBLISHED
    assert client.get(live.get_absolute_url()).status_code == 200
    actions.unpublish(live, by=None, reason="内容有误")
    assert client.get(live.get_absolute_url()).status_code == 404
    assert client.get(interp.get_absolute_url()).status_code == 404
    assert client.get("/xxgk/999999/").status_code == 404


def test_record_page_query_count_is_bounded(client, pair, django_assert_max_num_queries):
    _, new, _ = pair
    client.get(new.get_absolute_url())  # warm Wagtail's site-root cache
    # 14 with the 征求意见 link (issue 13); 11 since a list is fetched only when an EXISTS says it has rows (this
    # pair has relations; a record without attachments, 解读, relations or 征求意见 takes 8); 8 since the Site, root
    # paths and column trails are kept per worker under the content version (plain record: 5); 9 since 相关信息
    # is one index walk per side (unit, topic) instead of a sort of the unit's every record
    with django_assert_max_num_queries(9):
        response = client.get(new.get_absolute_url())
    assert response.status_code == 200


def test_related_box_is_the_newest_five_of_the_unit_or_topic_sharing_a_category(client, portal):
    """相关信息 (two index walks since issue 16): same unit or same 主题分类, a common category, published, newest
    first, five at most — never the record itself, a draft, or a record that shares only its unit."""
    c = portal.county
    topic = Topic.objects.get(code="D")
    now = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)

    def at(days, unit, title, **fields):
        return make(unit, title, published_at=now - dt.timedelta(days=days), **fields)

    record = at(0, c.department, "本条信息", categories=(2, 9), topic=topic)
    same_unit = [at(d, c.department, f"同单位{d}", categories=(2,)) for d in (1, 4, 6, 9)]
    same_topic = [at(d, c.office, f"同主题{d}", categories=(9,), topic=topic) for d in (2, 5, 7)]
    at(3, c.department, "同单位不同类别", categories=(5,))
    at(3, c.office, "既不同单位也不同主题", categories=(2,))
    make(c.department, "同单位的草稿", categories=(2,), publish_it=False)

    html = client.get(record.get_absolute_url()).content.decode()
    box = html.split('aria-labelledby="rel-title"', 1)[1].split("</section>", 1)[0]
    listed = re.findall(r"<a [^>]*>([^<]*)</a>", box)
    expected = sorted(same_unit + same_topic, key=lambda r: r.published_at, reverse=True)[:5]
    assert listed == [r.title for r in expected] == ["同单位1", "同主题2", "同单位4", "同主题5", "同单位6"]


def test_sitemap_lists_pages_and_published_records(client, pair, portal):
    old, new, _ = pair
    draft = make(portal.county.department, "未发布的草稿", publish_it=False)
    response = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in root.findall("s:url/s:loc", ns)]
    assert f"http://127.0.0.1{new.get_absolute_url()}" in locs and f"http://127.0.0.1{old.get_absolute_url()}" in locs
    assert f"http://127.0.0.1{draft.get_absolute_url()}" not in locs
    assert "http://127.0.0.1/xxgk/zn/" in locs
    # A department site's sitemap has its own records only.
    dept_host = portal.site_of(portal.county.department).site.hostname
    dept = ElementTree.fromstring(client.get("/sitemap.xml", HTTP_HOST=dept_host).content)
    dept_locs = [e.text for e in dept.findall("s:url/s:loc", ns)]
    assert not any(new.get_absolute_url() in loc for loc in dept_locs)


def test_sitemap_pages_follow_the_serving_address(client, pair, portal):
    """Served on another port (make demo PORT=8111), every sitemap URL — pages and records — says that port."""
    from django.core.management import call_command

    call_command("site_address", "127.0.0.1", "8111", stdout=io.StringIO())
    response = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8111")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ElementTree.fromstring(response.content).findall("s:url/s:loc", ns)]
    assert "http://127.0.0.1:8111/xxgk/zn/" in locs
    assert all(loc.startswith("http://127.0.0.1:8111/") for loc in locs), locs[:5]
    dept = portal.site_of(portal.county.department).site
    dept.refresh_from_db()
    assert (dept.hostname, dept.port) == (f"{portal.county.department.code}.localhost", 8111)


def test_serving_address_in_production_comes_from_allowed_hosts(settings):
    from zhengwu.portal.setup import serving_address

    settings.ZHENGWU_PRODUCTION, settings.ZHENGWU_HTTPS = True, True
    settings.ALLOWED_HOSTS = [".localhost", "127.0.0.1", "www.shifan.gov.cn", "shifan.gov.cn"]
    settings.ZHENGWU_SITE_HOST, settings.ZHENGWU_SITE_PORT = "", ""
    assert serving_address() == ("www.shifan.gov.cn", 443)
    settings.ZHENGWU_SITE_HOST, settings.ZHENGWU_SITE_PORT = "gk.shifan.gov.cn", "8443"
    assert serving_address() == ("gk.shifan.gov.cn", 8443)
