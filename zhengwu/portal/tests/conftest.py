"""Portal fixtures: a county with its sites built by `ensure_portal`, as the product builds them."""
import pytest

from zhengwu.portal.setup import ensure_portal


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """make_county creates six users; PBKDF2 would dominate the portal tests' run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def portal(county):
    structure = ensure_portal(government=county.government, departments=[county.department],
                              townships=[county.township], hostname="127.0.0.1", port=80)
    structure.county = county
    return structure


@pytest.fixture
def page_cache(settings, tmp_path):
    """The page cache on, in this test's own folder (the suite runs with it off)."""
    settings.ZHENGWU_PAGE_CACHE_DIR = str(tmp_path / "pagecache")
    return tmp_path / "pagecache"
