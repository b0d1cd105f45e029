"""The per-worker caches of a page miss (issue 16 item 3): the site header/footer HTML, the breadcrumb trails and the
request's Wagtail Site are kept under the content version; each change shows on the very next request, and
关怀版/字号 chrome never reaches a normal page. The page cache is off here: every request renders."""
import pytest
from wagtail.models import Site

from zhengwu.org import actions as org_actions
from zhengwu.org.models import SiteProfile

from .data import make

pytestmark = pytest.mark.django_db


def page(client, url, **cookies):
    client.cookies.clear()
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_a_renamed_column_shows_in_nav_and_breadcrumbs_on_the_next_request(client, portal):
    tzgg = portal.column("tzgg")
    record = make(portal.county.department, "关于开展春季招生工作的通知", columns=[tzgg])
    for url in ("/", record.get_absolute_url(), tzgg.get_url()):
        page(client, url)  # the chrome and trails are now kept
    tzgg = tzgg.specific
    tzgg.title = "通知公告（改）"
    tzgg.save_revision().publish()
    assert '<a href="/tzgg/">通知公告（改）</a>' in page(client, "/")
    html = page(client, record.get_absolute_url())
    assert html.count('<a href="/tzgg/">通知公告（改）</a>') == 2  # the menu and the breadcrumb trail
    assert "通知公告（改）" in page(client, tzgg.get_url())


def test_a_new_menu_page_shows_on_the_next_request(client, portal):
    page(client, "/")
    child = portal.home.get_children().live().in_menu().last().specific
    child.show_in_menus = False
    child.save_revision().publish()
    assert f">{child.title}</a>" not in page(client, "/").split('aria-label="主导航"', 1)[1].split("</nav>", 1)[0]


def test_site_settings_and_site_name_show_on_the_next_request(client, portal):
    record = make(portal.county.department, "关于开展春季招生工作的通知")
    for url in ("/", record.get_absolute_url()):
        assert "湘ICP备12345678号" not in page(client, url)
    profile = SiteProfile.objects.get(site=portal.site)
    org_actions.update_site_profile(profile, by=None, icp_number="湘ICP备12345678号")
    for url in ("/", record.get_absolute_url()):
        assert "湘ICP备12345678号" in page(client, url)
    site = Site.objects.get(pk=portal.site.pk)
    site.site_name = "示范县人民政府门户网站（新）"
    site.save()
    assert '<a href="/">示范县人民政府门户网站（新）</a>' in page(client, record.get_absolute_url())


def test_care_and_font_chrome_are_never_mixed_with_normal_chrome(client, portal):
    record = make(portal.county.department, "关于开展春季招生工作的通知")
    url = record.get_absolute_url()
    for _ in range(2):  # the second round comes from the kept HTML
        normal = page(client, url)
        care = page(client, url, care_mode="1")
        large = page(client, url, font_step="3")
        assert "退出关怀版" not in normal and 'data-care="1"' in normal
        assert "退出关怀版" in care and 'class="font-step-0 care"' in care
        assert "退出关怀版" not in large and "已是最大字号" in large and "已是最大字号" not in normal
        assert "退出关怀版" in page(client, url + "?care=1")
        assert "退出关怀版" not in page(client, url)


def test_switch_and_report_links_carry_each_pages_own_address(client, portal):
    record = make(portal.county.department, "关于开展春季招生工作的通知")
    url = record.get_absolute_url()
    page(client, "/")
    html = page(client, url + "?print=1")
    quoted = url.replace("/", "%2F")
    assert f"/wza/care/?v=1&amp;next={quoted}%3Fprint%3D1%23care-switch" in html
    assert f'/hdjl/zc/?page={url}"' in html
    assert "zw_chrome" not in html
    home = page(client, "/")
    assert "/wza/care/?v=1&amp;next=%2F%23care-switch" in home and 'href="/" aria-current="page"' in home
    assert 'href="/" aria-current="page"' not in html


def test_a_new_site_is_found_on_the_next_request(client, portal):
    page(client, "/")
    assert "新站点" not in client.get("/", HTTP_HOST="xin.localhost").content.decode()  # the default site
    department = portal.sites[portal.county.department.code]
    Site.objects.create(hostname="xin.localhost", port=80, root_page=department.home, site_name="新站点")
    assert "新站点" in client.get("/", HTTP_HOST="xin.localhost").content.decode()
