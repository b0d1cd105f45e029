"""/cms/ (Wagtail's admin, 栏目管理) speaks Chinese and tells a webmaster where records are edited."""
import re

from zhengwu.org.models import Role
from zhengwu.org.tests.factories import make_user

ENGLISH = ("The root level is where", "Exploring", "If you just want to add pages", "Has child pages",
           "Date updated", "JavaScript is required", "Search all pages", "Wagtail upgrade available",
           "Referenced 0 times")


def webmaster(client, portal):
    user = make_user("webmaster", portal.county.office, Role.OFFICE_ADMIN)
    user.is_superuser = user.is_staff = True
    user.save()
    client.force_login(user)


def test_cms_page_tree_is_in_chinese_with_the_help(client, portal):
    webmaster(client, portal)
    for url in ("/cms/", "/cms/pages/", f"/cms/pages/{portal.home.pk}/", "/cms/sites/"):
        html = client.get(url).content.decode()
        left = [s for s in ENGLISH if s in html]
        assert not left, (url, left)
    root = client.get("/cms/pages/").content.decode()
    assert "浏览栏目" in root and "全部网站" in root and "根目录下是各个网站" in root
    assert re.search(r'id="zhengwu-cms-help".*栏目管理.*href="/staff/"', root, re.S)
    assert "栏目管理" in client.get(f"/cms/pages/{portal.home.pk}/").content.decode()
