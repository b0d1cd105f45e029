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
