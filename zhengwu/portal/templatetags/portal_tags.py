"""Small helpers for the public templates: QR code per page, query-string edits, breadcrumbs."""
import functools
import re
from urllib.parse import urlencode

import segno
from django import template
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
    back = request.get_full_path() if request is not None else "/"
    if anchor:
        back = f"{back}#{anchor}"
    return f"/wza/{kind}/?{urlencode({'v': value, 'next': back})}"


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """Ancestors of a Wagtail page from the site's home down (home included), as (title, url) pairs."""
    request = context.get("request")
    site_home = context["portal_site"]["home"]
    if site_home is None:
        return []
    ancestors = page.get_ancestors().filter(depth__gte=site_home.depth)
    return [(("首页" if a.depth == site_home.depth else a.title), a.get_url(request)) for a in ancestors]


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
