"""Tables 二, 三 and 四 as cell grids with row/column spans, laid out exactly as the format lays them out.

One grid feeds every output (HTML, .docx, .xlsx), so the three cannot disagree on labels or numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from zhengwu.applications import outcomes

from . import format2021 as fmt


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    value: int | Decimal | None = None  # numeric cells keep the number (xlsx writes numbers)
    scope: str = ""  # "col" / "row" for header cells (accessibility)


Grid = list[list[Cell]]


def _h(text, colspan=1, rowspan=1, scope="col") -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, header=True, scope=scope)


def _n(value) -> Cell:
    return Cell(format_number(value), value=value)


def format_number(value) -> str:
    if isinstance(value, Decimal):
        text = f"{value.quantize(Decimal('0.0001')):f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(value)


def proactive_grid(block_values: dict[str, list]) -> Grid:
    """Table 二: four blocks, each headed by its 第二十条 item; 4 columns wide."""
    grid: Grid = []
    for block in fmt.PROACTIVE_BLOCKS:
        grid.append([_h(block.heading, colspan=4)])
        span = 4 - len(block.columns)
        head = [_h(fmt.PROACTIVE_CONTENT_HEADER)]
        head += [_h(c, colspan=(span if len(block.columns) == 1 else 1)) for c in block.columns]
        grid.append(head)
        for (_, label), vals in zip(block.rows, block_values[block.key], strict=True):
            row = [_h(label, scope="row")]
            for v in vals:
                cell = _n(v)
                if len(block.columns) == 1:
                    cell.colspan = 3
                row.append(cell)
            grid.append(row)
    return grid


def applications_grid(values: dict[str, list[int]]) -> Grid:
    """Table 三: 3 label columns + 7 applicant columns, headers nested as in the format."""
    grid: Grid = [
        [_h(fmt.APPLICATIONS_CORNER, colspan=3, rowspan=3), _h(fmt.APPLICANT_HEADER, colspan=7)],
        [_h("自然人", rowspan=2), _h(fmt.ORGANISATION_HEADER, colspan=5), _h("总计", rowspan=2)],
        [_h(label) for code, label in fmt.APPLICANT_COLUMNS if code in fmt.ORGANISATION_CODES],
    ]

    def nums(key):
        return [_n(v) for v in values[key]]

    grid.append([_h(fmt.ROW_NEW, colspan=3, scope="row"), *nums("new")])
    grid.append([_h(fmt.ROW_CARRIED_IN, colspan=3, scope="row"), *nums("carried_in")])
    result_rows = len(outcomes.OUTCOMES) + 1
    first = True
    seen_groups: set[str] = set()
    for o in outcomes.OUTCOMES:
        row: list[Cell] = []
        if first:
            row.append(_h(fmt.ROW_RESULTS, rowspan=result_rows, scope="row"))
            first = False
        if o.group in ("granted", "partial"):
            row.append(_h(o.label, colspan=2, scope="row"))
        else:
            if o.group not in seen_groups:
                seen_groups.add(o.group)
                size = sum(1 for x in outcomes.OUTCOMES if x.group == o.group)
                row.append(_h(o.group_label, rowspan=size, scope="row"))
            row.append(_h(o.label, scope="row"))
        grid.append(row + nums(o.code))
    grid.append([_h(fmt.ROW_RESULTS_TOTAL, colspan=2, scope="row"), *nums("results_total")])
    grid.append([_h(fmt.ROW_CARRIED_OUT, colspan=3, scope="row"), *nums("carried_out")])
    return grid


def appeals_grid(values: list[int]) -> Grid:
    """Table 四: 行政复议 (5 columns) and 行政诉讼 split into 未经复议直接起诉 / 复议后起诉 (5 each)."""
    results = [label for _, label in fmt.APPEAL_RESULTS]
    return [
        [_h("行政复议", colspan=5, rowspan=2), _h("行政诉讼", colspan=10)],
        [_h("未经复议直接起诉", colspan=5), _h("复议后起诉", colspan=5)],
        [_h(r) for r in results * 3],
        [_n(v) for v in values],
    ]


def layout(grid: Grid) -> tuple[list[tuple[int, int, Cell]], int, int]:
    """Absolute (row, column) of every cell as a browser would place it; returns (cells, rows, columns)."""
    taken: set[tuple[int, int]] = set()
    placed = []
    width = 0
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
            width = max(width, c)
    return placed, len(grid), width


def numbers(grid: Grid) -> list:
    """Every numeric value in reading order (what tests compare across formats)."""
    return [cell.value for _, _, cell in sorted(layout(grid)[0], key=lambda x: (x[0], x[1])) if cell.value is not None]


@dataclass
class HtmlCell:
    cell: Cell
    id: str = ""
    headers: str = ""


def with_headers(grid: Grid, prefix: str) -> list[list[HtmlCell]]:
    """The grid for HTML with `id` on every header cell and `headers` on every other cell naming the column
    headers above it and the row headers to its left — two-level headers that `scope` alone cannot express
    (WCAG 1.3.1, H43)."""
    placed, _, _ = layout(grid)
    ids = {id(cell): f"{prefix}-r{r}c{c}" for r, c, cell in placed if cell.header}
    spans = [(r, c, cell) for r, c, cell in placed if cell.header]
    out: list[list[HtmlCell]] = []
    index = 0
    for row in grid:
        html_row = []
        for cell in row:
            r, c, _ = placed[index]
            index += 1
            names = []
            for hr, hc, head in spans:
                if head is cell:
                    continue
                covers_col = hc <= c < hc + head.colspan
                covers_row = hr <= r < hr + head.rowspan
                if head.scope == "col" and covers_col and hr + head.rowspan <= r and not cell.header:
                    names.append(ids[id(head)])
                elif head.scope == "row" and covers_row and hc + head.colspan <= c:
                    names.append(ids[id(head)])
            html_row.append(HtmlCell(cell, ids.get(id(cell), ""), " ".join(names)))
        out.append(html_row)
    return out
