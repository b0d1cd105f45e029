"""Page models and the site structure built by ensure_portal."""
import pytest
from wagtail.models import Page, Site

from zhengwu.org.models import SiteProfile
from zhengwu.portal.models import (
    AnnualReportIndexPage,
    ColumnPage,
    DisclosureIndexPage,
    GuidePage,
    HomePage,
    StatutoryContentPage,
    SystemPage,
)
from zhengwu.portal.setup import ensure_portal

pytestmark = pytest.mark.django_db


def test_ensure_portal_builds_sites_and_is_idempotent(portal):
    county = portal.county
    default = Site.objects.get(is_default_site=True)
    assert default.root_page.specific == portal.home
    assert (default.hostname, default.port) == ("127.0.0.1", 80)
    dept_site = portal.site_of(county.department).site
    assert dept_site.hostname == f"{county.department.code}.localhost"
    assert SiteProfile.objects.get(site=dept_site).unit == county.department
    assert SiteProfile.objects.get(site=default).kind == SiteProfile.Kind.PORTAL
    # Wagtail's own welcome page is gone once no site uses it.
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()
    pages_before, sites_before = Page.objects.count(), Site.objects.count()
    again = ensure_portal(government=county.government, departments=[county.department],
                          townships=[county.township], hostname="127.0.0.1", port=80)
    assert (Page.objects.count(), Site.objects.count()) == (pages_before, sites_before)
    assert again.column("tzgg").pk == portal.column("tzgg").pk
    with pytest.raises(KeyError):
        portal.column("nope")


def test_disclosure_index_has_exactly_four_parts(portal):
    for structure in portal.sites.values():
        index = structure.column("xxgk")
        assert isinstance(index, DisclosureIndexPage)
        parts = index.parts()
        assert [type(p) for p in parts] == [GuidePage, SystemPage, StatutoryContentPage, AnnualReportIndexPage]
        assert index.missing_parts() == []
    # The structure is enforced: nothing else may go under the 专栏, and no second part of a kind.
    assert DisclosureIndexPage.allowed_subpage_models() == [GuidePage, SystemPage, StatutoryContentPage,
                                                           AnnualReportIndexPage]
    index = portal.column("xxgk")
    assert not ColumnPage.can_create_at(index)
    assert not GuidePage.can_create_at(index)  # one already there (max_count_per_parent = 1)
    assert not GuidePage.can_create_at(portal.home)


def test_special_columns_and_home(portal):
    specials = ColumnPage.objects.descendant_of(portal.home).filter(is_special=True)
    assert {p.column_key for p in specials} == {"zt_swgh", "zt_hqzc", "zt_ssjygk"}
    assert isinstance(portal.home, HomePage)
    assert HomePage.can_create_at(Page.get_first_root_node())
