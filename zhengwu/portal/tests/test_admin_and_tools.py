"""Editors configure columns in Wagtail's admin (/cms/); print view, switches and the accessibility page."""
import pytest
from wagtail.models import Page

from zhengwu.org.tests.factories import make_user
from zhengwu.portal.models import ColumnPage

pytestmark = pytest.mark.django_db


def test_column_rules_editable_in_wagtail_admin(client, portal):
    admin = make_user("cms_admin", superuser=True)
    client.force_login(admin)
    column = portal.column("zt_hqzc")
    response = client.get(f"/cms/pages/{column.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "自动收录规则" in html and 'value="normative"' in html
    # A new 专题 under 专题专栏 through the admin's own form, kinds chosen as checkboxes.
    parent = portal.column("ztzl")
    response = client.post(f"/cms/pages/add/portal/columnpage/{parent.pk}/", {
        "title": "优化营商环境", "slug": "yhyshj", "intro": "", "content": "records", "is_special": "on",
        "show_on_home": "on", "per_page": "20", "rule_kinds": ["regulation", "normative"],
        "rule_include_sub_units": "on", "column_key": "zt_yhyshj", "action-publish": "publish",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ColumnPage.objects.get(column_key="zt_yhyshj")
    assert page.kind_list == ["regulation", "normative"] and page.live and page.is_special
    assert page.get_parent().pk == parent.pk


def test_disclosure_index_rejects_a_fifth_part_in_admin(client, portal):
    admin = make_user("cms_admin2", superuser=True)
    client.force_login(admin)
    index = portal.column("xxgk")
    # Neither a second guide nor an ordinary column may be added under the 专栏.
    for model in ("guidepage", "columnpage"):
        response = client.get(f"/cms/pages/add/portal/{model}/{index.pk}/")
        assert response.status_code in (302, 403) and "<form" not in response.content.decode()
    response = client.post(f"/cms/pages/add/portal/columnpage/{index.pk}/", {
        "title": "第五部分", "slug": "di-wu", "content": "records", "per_page": "20", "action-publish": "publish"})
    assert response.status_code in (302, 403)
    assert Page.objects.child_of(index).count() == 4


def test_print_view_care_and_font_switches(client, portal):
    html = client.get("/?print=1").content.decode()
    assert 'class="font-step-0 print-view"' in html and "本页为打印版" in html
    response = client.get("/wza/care/", {"v": "1", "next": "/xxgk/"})
    assert response.status_code == 302 and response["Location"] == "/xxgk/"
    assert response.cookies["care_mode"].value == "1"
    assert 'class="font-step-0 care"' in client.get("/xxgk/").content.decode()
    response = client.get("/wza/font/", {"v": "9", "next": "https://evil.example/"})
    assert response["Location"] == "/" and response.cookies["font_step"].value == "3"
    assert "font-step-3 care" in client.get("/").content.decode()
    response = client.get("/wza/care/", {"v": "0", "next": "/"})
    assert response.cookies["care_mode"].value == ""
    html = client.get("/wza/").content.decode()
    assert "无障碍阅读与适老化说明" in html and "关闭 JavaScript 时也能正常阅读" in html
