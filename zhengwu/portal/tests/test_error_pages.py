"""Error pages are Chinese, in the site's chrome, and never a dead end."""
import pytest

from zhengwu.disclosure.tests.factories import make_record


@pytest.mark.django_db
def test_unpublished_record_gets_the_chinese_404_page(client, county, settings):
    from zhengwu.portal.setup import ensure_portal

    settings.DEBUG = False
    ensure_portal(government=county.government, departments=[county.department], townships=[county.township])
    draft = make_record(county.department, title="尚未发布的草稿")
    response = client.get(f"/xxgk/{draft.pk}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "/yisq/" in html and "尚未发布的草稿" not in html


@pytest.mark.django_db
def test_very_long_address_still_gets_a_qr_code(client, county):
    from zhengwu.portal.setup import ensure_portal

    ensure_portal(government=county.government, departments=[], townships=[])
    response = client.get("/", {"q": "政" * 1500})
    assert response.status_code == 200
    assert "本页二维码" in response.content.decode()
