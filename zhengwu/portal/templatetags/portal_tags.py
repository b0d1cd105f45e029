"""Small helpers for the public templates: QR code per page, query-string edits, breadcrumbs."""
import functools
import re
from urllib.parse import quote, quote_plus, urlencode

import segno
from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def page_qr(context):
    """An inline SVG QR code of the page's address (without print/care switches), for opening it on a phone."""
    request = context.get("request")
    if request is None:
        return ""
    params = request.GET.copy()
    for key in ("print", "care"):
        params.pop(key, None)
    url = request.build_absolute_uri(request.path + (f"?{params.urlencode()}" if params else ""))
    return _qr_figure(url)


@functools.lru_cache(maxsize=4096)
def _qr_figure(url: str) -> str:
    """Encoding a QR code cost 5% of the home page and 31% of search on every request: once per URL per worker."""
    try:
        code = segno.make(url, error="m")
    except segno.DataOverflowError:  # a very long query string: the page without its query still helps
        code = segno.make(url.split("?", 1)[0][:1000], error="l")
    svg = code.svg_inline(scale=3, border=2, dark="#0b0c0c", light="#ffffff", omitsize=False)
    # segno draws the URL as QR modules (rects), never as text: nothing from the request reaches the markup as text.
    return format_html(
        '<figure class="qr"><div class="qr-code" role="img" aria-label="本页二维码：用手机扫描可在手机上打开本页">{}</div>'
        "<figcaption>手机扫码阅读本页</figcaption></figure>",
        mark_safe(svg))  # nosec B308, B703


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some keys set (value None removes the key), e.g. for 打印 and pagination."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else {}
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.simple_tag(takes_context=True)
def switch_url(context, kind, value, anchor=""):
    """Link to the no-JS switch that sets the 关怀版 or font-size cookie and comes back here — to `#anchor`
    when given, so focus returns to the switch the person used (the browser focuses a fragment's target)."""
    request = context.get("request")
    back = context.get("chrome_back") or (request.get_full_path() if request is not None else "/")
    if anchor:
        back = f"{back}#{anchor}"
    return f"/wza/{kind}/?{urlencode({'v': value, 'next': back})}"


_CHROME_HTML: dict = {}  # (part, site id, 关怀版, 字号, current-page marks) -> (content version, HTML)
_BACK, _PATH = "zw_chrome_back_zw", "zw_chrome_path_zw"  # kept as they are by urlencode and quote


@register.simple_tag(takes_context=True)
def site_chrome(context, part):
    """The site header or footer, rendered once per site, 关怀版/字号 mode and current-page marks under the content
    version (every public change, site settings and navigation included, bumps it: portal.invalidation); only
    this page's address is put into the switch and 找错 links per request."""
    from zhengwu.portal.invalidation import lists_version

    request = context.get("request")
    chrome = context.get("portal_site") or {}
    site = chrome.get("site")
    path = request.path if request is not None else "/"
    nav = tuple(item["current"] for item in chrome.get("nav", ()))
    marks = {"home": path == "/", "bsfw": path.startswith("/bsfw/"), "hdjl": path.startswith("/hdjl/")}
    care, font = bool(context.get("care_mode")), context.get("font_step", 0)
    key = (part, site.pk if site else None, care, font, nav, tuple(marks.values()))
    version = lists_version()
    cached = _CHROME_HTML.get(key)
    if cached is None or cached[0] != version:
        if len(_CHROME_HTML) > 512:
            _CHROME_HTML.clear()
        html = render_to_string(f"portal/_site_{part}.html", {
            "portal_site": chrome, "care_mode": care, "font_step": font, "chrome_marks": marks,
            "chrome_back": _BACK, "chrome_path": _PATH})
        cached = _CHROME_HTML[key] = (version, html)
    html = cached[1]
    if request is not None:
        html = html.replace(_BACK, quote_plus(request.get_full_path())).replace(_PATH, quote(path, safe="/"))
    return mark_safe(html)  # nosec B308, B703 - rendered by the autoescaping template; the address is %-quoted


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """Ancestors of a Wagtail page from the site's home down (home included), as (title, url) pairs."""
    request = context.get("request")
    site_home = context["portal_site"]["home"]
    if site_home is None:
        return []
    return page_trail(page, site_home, request)[:-1]


_TRAILS: dict = {}  # (site home id, page id) -> (content version, [(title, url)] from the site's home to the page)


def page_trail(page, site_home, request) -> list:
    """(title, url) of the page's ancestors from the site's home (as 首页) down to the page itself: kept per worker
    under the content version (titles, moves and publication of pages bump it)."""
    from zhengwu.portal.invalidation import lists_version

    version, key = lists_version(), (site_home.pk, page.pk)
    cached = _TRAILS.get(key)
    if cached is None or cached[0] != version:
        if len(_TRAILS) > 4096:
            _TRAILS.clear()
        ancestors = page.get_ancestors(inclusive=True).filter(depth__gte=site_home.depth)
        trail = [(("首页" if a.depth == site_home.depth else a.title), a.get_url(request)) for a in ancestors]
        cached = _TRAILS[key] = (version, trail)
    return cached[1]


@register.filter
def validity_class(record):
    return f"validity validity-{record.validity}"


@register.filter
def http_url(value):
    """Only http(s) links reach an href (a 解读's video/H5 link is typed by staff)."""
    value = (value or "").strip()
    return value if value.lower().startswith(("http://", "https://")) else ""


_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S | re.I)


@register.filter
def scrollable_tables(html):
    """Each table of an already-sanitised body inside a labelled, keyboard-focusable scroll container
    (role=region, aria-label from its caption, tabindex=0), so a wide table scrolls by itself at 320 px or in
    关怀版 instead of the whole page (WCAG 1.4.10)."""
    count = 0

    def wrap(match):
        nonlocal count
        count += 1
        caption = _CAPTION.search(match.group(0))
        label = strip_tags(caption.group(1)).strip() if caption else ""
        return format_html('<div class="table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
                           label or f"表格{count}", mark_safe(match.group(0)))  # nosec B308, B703

    # Record and interpretation bodies are cleaned by nh3 when saved (disclosure.actions._common.sanitize_html);
    # this filter only adds a wrapper around tables that were already in that cleaned HTML.
    return mark_safe(_TABLE.sub(wrap, str(html or "")))  # nosec B308, B703
