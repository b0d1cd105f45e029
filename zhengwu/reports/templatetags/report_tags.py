"""Report tables in HTML: header ids and `headers` references (grid.with_headers)."""
from django import template

from zhengwu.reports import grid

register = template.Library()


@register.filter
def with_headers(cells, prefix):
    return grid.with_headers(cells, prefix or "t")
