"""Column listings, 数据同源 across sites, the 专栏's parts and the 文件库 filters, through real HTTP requests."""
import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.disclosure import actions
from zhengwu.disclosure.models import Record

from .data import docx_bytes, make, make_normative

pytestmark = pytest.mark.django_db


def path(page) -> str:
    """A page's path on its own site (page.url is absolute once there are several sites)."""
    return page.get_url_parts()[2]


def get(client, url, host="127.0.0.1"):
    url = url if isinstance(url, str) else path(url)
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_column_lists_placed_and_rule_records_only_when_published(client, portal):
    c = portal.county
    tzgg, zcwj = portal.column("tzgg"), portal.column("zcwj")
    placed = make(c.department, "关于开展2026年春季招生工作的通知", columns=[tzgg])
    draft = make(c.department, "尚未审核的通知草稿", columns=[tzgg], publish_it=False)
    policy = make_normative(c.office, "示范县城区停车管理办法", "示政办发〔2024〕3号")
    html = get(client, tzgg)
    assert placed.title in html and placed.get_absolute_url() in html
    assert draft.title not in html
    assert policy.title not in html
    # zcwj's rule (kinds 规章/行政规范性文件) selects the policy without placement.
    assert policy.title in get(client, zcwj)
    assert placed.title not in get(client, zcwj)


def test_column_rules_categories_units_and_order(portal):
    c = portal.county
    czzj = portal.column("czzj")  # rule: 第二十条第（七）项
    old = make(c.other_department, "2025年部门预算公开", categories=(7,), published_at=timezone.now() - dt.timedelta(days=30))
    new = make(c.other_department, "2026年部门预算公开", categories=(7, 1))
    make(c.other_department, "无关的工作动态", categories=(15,))
    assert list(czzj.records()) == [new, old]  # 发布日期 newest first
    # Units include sub-units: a county-wide rule on the government reaches the township.
    gzdt = portal.column("gzdt")
    gzdt.rule_units = [c.government]
    gzdt.rule_include_sub_units = True
    gzdt.save()
    town = make(c.township, "城关镇召开防汛工作会议", categories=(12,))
    assert town in gzdt.records()
    gzdt.rule_include_sub_units = False
    gzdt.save()
    assert town not in gzdt.records()
    # 主题分类 rule, and unknown 信息类型 codes are refused with a Chinese message.
    from django.core.exceptions import ValidationError

    from zhengwu.disclosure.models import Topic

    finance = Topic.objects.get(code="C")
    tagged = make(c.other_department, "2026年审计整改情况", categories=(15,), topic=finance)
    ghjh = portal.column("ghjh")
    ghjh.rule_categories = []
    ghjh.rule_topic = finance
    ghjh.save()
    assert list(ghjh.records()) == [tagged]
    ghjh.rule_kinds = "normative,memo"
    with pytest.raises(ValidationError) as exc:
        ghjh.clean()
    assert "未知的信息类型代码：memo" in str(exc.value)


def test_same_record_in_department_and_county_columns(client, portal):
    """数据同源: one row, placed in a department site column and a county column; edit once, both change."""
    c = portal.county
    dept_site = portal.site_of(c.department)
    record = make(c.department, "县教育局关于义务教育入学的公告",
                  columns=[dept_site.column("tzgg"), portal.column("tzgg")])
    dept_host = dept_site.site.hostname
    dept_html = get(client, dept_site.column("tzgg"), host=dept_host)
    assert record.title in dept_html
    assert '<a href="/tzgg/" aria-current="page">通知公告</a>' in dept_html  # links stay on the department site
    assert record.title in get(client, portal.column("tzgg"))
    actions.update_record(record, by=c.reviewer, title="县教育局关于2026年义务教育入学的公告")
    assert Record.objects.filter(title__contains="义务教育入学").count() == 1
    for host, column in [(dept_host, dept_site.column("tzgg")), ("127.0.0.1", portal.column("tzgg"))]:
        html = get(client, column, host=host)
        assert "县教育局关于2026年义务教育入学的公告" in html
    # The record page is served on both sites with that site's chrome.
    assert "<title>县教育局关于2026年义务教育入学的公告 · 示范县教育局</title>" in get(
        client, record.get_absolute_url(), host=dept_host)
    assert "<title>县教育局关于2026年义务教育入学的公告 · 示范县人民政府</title>" in get(
        client, record.get_absolute_url())


def test_home_page_shows_columns_specials_and_chrome(client, portal):
    c = portal.county
    make(c.department, "首页可见的通知", columns=[portal.column("tzgg")])
    profile = portal.site.profile
    profile.site_code, profile.icp_number, profile.police_number = "4311000001", "湘ICP备00000001号", "湘公网安备 43110002000001号"
    profile.save()
    html = get(client, "/")
    assert '<html lang="zh-CN"' in html and 'href="#main"' in html
    assert "首页可见的通知" in html
    for special in ("十四五规划", "惠企政策", "双随机一公开"):
        assert special in html
    assert "网站标识码：4311000001" in html and "湘ICP备00000001号" in html and "湘公网安备" in html
    assert "主办单位：示范县人民政府" in html
    assert 'role="img" aria-label="本页二维码' in html and "<svg" in html
    assert "无障碍阅读" in html and "关怀版" in html


def test_disclosure_parts_render(beijing_hour, client, portal):
    c = portal.county
    html = get(client, portal.column("xxgk"))
    for title in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开工作年度报告"):
        assert title in html
    guide = portal.column("zn")
    assert guide.updated_date == timezone.localdate() == beijing_hour.date()
    assert f"更新日期：<time datetime=\"{beijing_hour:%Y-%m-%d}\"" in get(client, guide)
    statutory = get(client, portal.column("fdzdgk"))
    assert "第二十条第（十五）项" in statutory and "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息" in statutory
    # 机构职能 of each unit (条例第二十条第（二）项).
    assert "示范县教育局的机构职能。" in statutory and "工作日 8:30-12:00" in statutory and "0745-1234567" in statutory
    record = make(c.other_department, "2026年县级财政预算", categories=(7,))
    category_html = get(client, path(portal.column("fdzdgk")) + "lb/7/")
    assert "财政预算、决算信息" in category_html and record.title in category_html
    assert "财政预算、决算信息</a> <span class=\"count\">（1条）</span>" in get(client, portal.column("fdzdgk"))
    assert client.get(path(portal.column("fdzdgk")) + "lb/16/").status_code == 404


def test_annual_reports_by_year_with_attachments(client, portal):
    c = portal.county
    report = make(c.government, "示范县人民政府2025年政府信息公开工作年度报告", kind=Record.Kind.ANNUAL_REPORT,
                  written_date=dt.date(2026, 1, 20), publish_it=False)
    actions.add_attachment(report, by=None, name="2025年度报告.docx", data=docx_bytes("2025年度报告正文"))
    from .data import publish

    publish(report)
    make(c.department, "示范县教育局2024年政府信息公开工作年度报告", kind=Record.Kind.ANNUAL_REPORT)
    html = get(client, portal.column("ndbg"))
    assert html.index("2025年度") < html.index("2024年度")
    assert "2025年度报告.docx" in html and "DOCX" in html


def test_library_filters_and_validity(client, portal):
    c = portal.county
    wjk = portal.column("wjk")
    old = make_normative(c.office, "示范县城区停车管理办法", "示政办发〔2020〕3号", written=dt.date(2020, 5, 1))
    new = make_normative(c.office, "示范县城区停车管理办法（修订）", "示政办发〔2024〕7号")
    actions.add_relation(new, old, by=None, kind="amends")
    other = make_normative(c.department, "示范县校外培训管理办法", "示教发〔2024〕2号")
    html = get(client, wjk)
    assert all(r.title in html for r in (old, new, other))
    assert "已修订" in html
    # 文号 in any bracket form finds the one document.
    html = get(client, path(wjk) + "?wh=示政办发[2020]3号")
    assert old.title in html and other.title not in html and "共 1 件" in html
    assert "共 1 件" in get(client, path(wjk) + "?wh=示政办发【2020】3号")
    html = get(client, path(wjk) + "?validity=valid")
    assert "共 2 件" in html and "示政办发〔2020〕3号" not in html
    assert "共 2 件" in get(client, path(wjk) + "?year=2024")
    assert "共 1 件" in get(client, path(wjk) + f"?unit={c.department.pk}")
    assert "共 1 件" in get(client, path(wjk) + f"?publisher={c.department.name}")
    # A library document placed in no column is reached through the 文件库 (breadcrumbs say so).
    assert f'<a href="{path(wjk)}">文件库</a>' in get(client, other.get_absolute_url())


def test_library_lists_every_publisher_and_searches_titles(client, portal):
    """The 发布机构 filter offers each name the rows show — the city's 规章 (转载) too; a keyword box and pages."""
    from zhengwu.portal.models import PER_PAGE

    c = portal.county
    wjk = portal.column("wjk")
    city = make(c.office, "示范市城市绿化管理办法", kind=Record.Kind.REGULATION, document_number="示范市人民政府令第12号",
                publisher_name="示范市人民政府", reposted=True)
    for i in range(PER_PAGE):
        make_normative(c.office, f"示范县第{i + 1}号管理办法", f"示政办发〔2024〕{i + 10}号")
    html = get(client, wjk)
    assert '<option value="示范市人民政府">示范市人民政府</option>' in html
    assert f'<option value="{c.office.name}">' in html
    assert "示范市人民政府（转载）" in html or "示范市人民政府（转载）" in get(client, path(wjk) + "?page=2")
    html = get(client, path(wjk) + "?publisher=示范市人民政府")
    assert "共 1 件" in html and city.title in html
    html = get(client, path(wjk) + "?q=绿化")
    assert "共 1 件" in html and 'name="q"' in html
    html = get(client, wjk)
    assert "第 1 页，共 2 页" in html and "下一页" in html
    assert "第 2 页，共 2 页" in get(client, path(wjk) + "?q=管理办法&page=2")


def test_interpretation_column_and_rss(client, portal):
    c = portal.county
    policy = make_normative(c.office, "示范县促进就业若干措施", "示政发〔2024〕5号", columns=[portal.column("tzgg")])
    html = get(client, portal.column("zcjd"))
    assert "《示范县促进就业若干措施》文字解读" in html and "文字解读" in html
    from xml.etree import ElementTree

    response = client.get(path(portal.column("tzgg")) + "rss/", HTTP_HOST="127.0.0.1")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == [policy.title]
    assert root.findtext("./channel/link") == "http://127.0.0.1/tzgg/"
    assert items[0].findtext("link").endswith(policy.get_absolute_url())
    assert "示政发〔2024〕5号" in items[0].findtext("description")


def test_listing_queries_do_not_grow_with_records(client, portal):
    """Home, column and 文件库 pages cost a fixed number of queries, however many records they list."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = portal.county
    urls = ["/", path(portal.column("tzgg")), path(portal.column("wjk")), path(portal.column("ndbg"))]

    def counts():
        result = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    make(c.department, "第1条通知", columns=[portal.column("tzgg")])
    make_normative(c.office, "第1件规范性文件", "示政发〔2024〕1号")
    make(c.department, "示范县教育局2021年政府信息公开工作年度报告", kind=Record.Kind.ANNUAL_REPORT)
    before = counts()
    for i in range(2, 6):
        make(c.department, f"第{i}条通知", columns=[portal.column("tzgg")])
        make_normative(c.office, f"第{i}件规范性文件", f"示政发〔2024〕{i}号")
        make(c.department, f"示范县教育局202{i}年政府信息公开工作年度报告", kind=Record.Kind.ANNUAL_REPORT)
    assert counts() == before
