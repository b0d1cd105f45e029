"""Portal-wide template context: 关怀版 (care mode) and font size come from cookies so they work without JS;
the site chrome (name, navigation, footer identifiers) comes from the request's Wagtail Site (集约化)."""
from django.utils.functional import SimpleLazyObject

FONT_STEPS = (-1, 0, 1, 2, 3)


def font_step(request) -> int:
    try:
        step = int(request.COOKIES.get("font_step", "0"))
    except ValueError:
        step = 0
    return max(FONT_STEPS[0], min(step, FONT_STEPS[-1]))


_CHROME: dict[tuple, dict] = {}  # (site id, content version) -> what every page of the site shows around it


def _site_chrome(site, request) -> dict:
    from zhengwu.org.models import SiteProfile

    profile = SiteProfile.objects.filter(site=site).select_related("unit").first()
    home = site.root_page
    nav = [(page.title, page.get_url(request) or "/") for page in home.get_children().live().in_menu()]
    return {"site": site, "name": site.site_name or home.title, "home": home, "nav_links": nav, "profile": profile,
            "unit": profile.unit if profile else None}


def site_chrome(request) -> dict:
    """What every public page shows around its content: site name, home, menu, 主办单位 and 备案 numbers.
    Built once per site and content version in each worker (portal.invalidation bumps the version on every
    public change, Wagtail page publication included); only the "current page" marks are per request."""
    from .invalidation import lists_version
    from .sites import site_for_request

    site = site_for_request(request)
    if site is None:
        return {"site": None, "name": "政务公开", "home": None, "nav": [], "profile": None, "unit": None}
    key = (site.pk, lists_version())
    chrome = _CHROME.get(key)
    if chrome is None:
        if len(_CHROME) > 256:
            _CHROME.clear()
        chrome = _CHROME[key] = _site_chrome(site, request)
    nav = []
    for title, url in chrome["nav_links"]:
        current = "page" if request.path == url else ("true" if request.path.startswith(url) else "")
        nav.append({"title": title, "url": url, "current": current})
    return {**chrome, "nav": nav}


def portal(request):
    care = request.COOKIES.get("care_mode") == "1" or request.GET.get("care") == "1"
    return {
        "care_mode": care,
        "font_step": font_step(request),
        "print_view": request.GET.get("print") == "1",
        "portal_site": SimpleLazyObject(lambda: site_chrome(request)),
    }
