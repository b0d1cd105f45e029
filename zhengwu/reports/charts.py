"""Server-side SVG bar charts (no JavaScript). Every chart is shown next to a data table with the same numbers;
the SVG carries role="img" and a title/description for screen readers."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe


@dataclass
class Chart:
    key: str
    title: str
    labels: list[str]
    values: list[float]
    unit: str = "件"
    value_header: str = "数量"

    @property
    def rows(self) -> list[tuple[str, float]]:
        return list(zip(self.labels, self.values, strict=True))

    @property
    def total(self) -> float:
        return sum(self.values)

    def svg(self) -> SafeString:
        return horizontal_bars(self)


PALETTE = "#1f5fa8"


def _fmt(v: float) -> str:
    return f"{v:g}"


def horizontal_bars(chart: Chart, *, width: int = 560, bar: int = 18, gap: int = 8, label_width: int = 190) -> SafeString:
    """One horizontal bar per label; long labels are shortened in the picture (the table has them in full)."""
    n = max(len(chart.values), 1)
    height = n * (bar + gap) + gap
    top = max(chart.values, default=0) or 1
    plot = width - label_width - 60
    tid, did = f"chart-{chart.key}-title", f"chart-{chart.key}-desc"
    desc = "；".join(f"{label}：{_fmt(v)}{chart.unit}" for label, v in chart.rows) or "无数据"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{tid} {did}">',
        f'<title id="{tid}">{escape(chart.title)}</title><desc id="{did}">{escape(desc)}</desc>',
    ]
    for i, (label, v) in enumerate(chart.rows):
        y = gap + i * (bar + gap)
        w = 0 if v <= 0 else max(1, round(plot * v / top))
        short = label if len(label) <= 12 else label[:11] + "…"
        parts.append(f'<text x="{label_width - 6}" y="{y + bar - 4}" text-anchor="end" font-size="12">'
                     f'{escape(short)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{w}" height="{bar}" fill="{PALETTE}"></rect>')
        parts.append(f'<text x="{label_width + w + 4}" y="{y + bar - 4}" font-size="12">{_fmt(v)}</text>')
    parts.append("</svg>")
    # Every text piece above is escaped.
    return mark_safe("".join(parts))  # nosec B308, B703
