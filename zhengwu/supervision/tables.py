"""Task-division tables (任务分工 / 任务分解表) read into tasks, from the files offices actually pass around.

Pure: no database. Readers turn each format into a grid of cell texts (a merged cell's text repeated in every
position it covers); ``tasks_from_grid`` finds the header rows, gives each column its role (序号, 事项/公开领域 as the
group, the task text, 工作要求, 牵头单位, 责任单位, 完成时限) and walks the rows. Text copied from web pages comes in
four shapes, all seen in the seeds: one row per line with ``\\t`` or ``|`` between cells; one cell per line, each
starting with a tab (中方 2021); one wrapped fragment per line with a bare 序号 starting each row (中方 2022, copied
from a PDF); and paragraphs alternating task text and 责任单位 under unnumbered headings (槐荫 2020).
Deadlines and units are kept as written here; ``deadlines`` and ``units`` read them.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from .deadlines import parse_deadline

NUMBER, GROUP, CONTENT, REQUIREMENT, LEAD, RESPONSIBLE, DEADLINE = (
    "number", "group", "content", "requirement", "lead", "responsible", "deadline")

# Header keywords -> column role, most specific first (“工作任务” is the group when another column holds the text).
_HEADER_ROLES = [
    (("序号", "编号"), NUMBER),
    (("牵头单位", "牵头部门"), LEAD),
    (("责任单位", "配合单位", "责任部门", "参与单位", "协办单位"), RESPONSIBLE),
    (("完成时限", "时限要求", "完成时间", "时间要求", "时限"), DEADLINE),
    (("工作要求", "工作措施", "具体措施", "落实措施"), REQUIREMENT),
    (("省重点任务", "主要工作任务", "具体内容", "具体要求", "任务内容", "工作内容", "重点任务", "主要任务"), CONTENT),
    (("事项", "公开领域", "领域", "类别", "工作任务", "项目"), GROUP),
]
HEADER_WORDS = {w for words, _ in _HEADER_ROLES for w in words} | {"公开", "要求", "完成", "单位"}

_NUMBER_PREFIX = re.compile(r"^\s*(?:[（(]\s*([一二三四五六七八九十百零〇\-－]+)\s*[)）]|(\d{1,3})\s*[.、．)）]"
                            r"|([一二三四五六七八九十]+)\s*、)\s*")
_GROUP_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*、")
_UNIT_SPLIT = re.compile(r"[、，,；;\n]+")
_COLLECTIVE = re.compile(r"^(各|所有|全县|全区)|相关|有关|相应|各单位|各部门|直各|按职责|分工负责|负责$")
_UNIT_SUFFIX = re.compile(r"(局|办|委|处|中心|院|所|队|会|部|室|政府|公司|分局|单位|部门|站|馆|联|社|行|团|厅|署|组"
                          r"|管理部|办公室|街道|乡|镇|区|县)$")
_TITLE_LINE = re.compile(r"^(附件\s*\d*[:：]?\s*$|.*(任务分工|责任分工|任务分解表|分解表)\s*$)")


class TableError(ValueError):
    """The file holds no task table we can read; the message says why, in Chinese."""


@dataclass
class ParsedTask:
    number: str = ""
    group: str = ""
    content: str = ""
    requirement: str = ""
    lead_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    deadline_text: str = ""


@dataclass
class ParsedTable:
    title: str = ""
    tasks: list[ParsedTask] = field(default_factory=list)


# ---------------------------------------------------------------- cells

def clean(text: str | None) -> str:
    """A cell's text with spaces squeezed; line breaks inside a cell are kept (unit lists break on them)."""
    text = (text or "").replace("\u3000", " ").replace("\xa0", " ").replace("\r", "")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def flat(text: str) -> str:
    """A wrapped cell joined back into one line (Chinese text wraps with no space to restore)."""
    return "".join(clean(text).split("\n"))


def split_units(text: str) -> tuple[list[str], list[str]]:
    """牵头单位/责任单位 as written -> (unit names, notes such as "县直相关单位按职责分工负责")."""
    names, notes = [], []
    for part in _UNIT_SPLIT.split(clean(text)):
        part = part.strip(" 。.")
        if not part:
            continue
        head, sep, tail = part.partition("等")
        if sep and head and _UNIT_SUFFIX.search(head) and not _COLLECTIVE.search(head):
            names.append(head)
            if tail:
                notes.append(tail)
            continue
        if _COLLECTIVE.search(part):
            notes.append(part)
        else:
            names.append(part)
    return names, notes


def looks_like_units(text: str) -> bool:
    """Every piece of a 、-separated list is a unit name or a collective such as 各街道办事处."""
    text = flat(text)
    if not text or len(text) > 400 or text.endswith(("。", "；")):
        return False
    parts = [p for p in re.split(r"[、，,]", text) if p]
    return all(len(p) <= 40 and (_UNIT_SUFFIX.search(p) or _COLLECTIVE.search(p)) for p in parts)


def split_number(text: str) -> tuple[str, str]:
    """"(三)推进…" -> ("三", "推进…"); text without a leading 序号 -> ("", text)."""
    m = _NUMBER_PREFIX.match(text)
    if not m or _GROUP_HEADING.match(text):
        return "", text
    return (m.group(1) or m.group(2) or m.group(3)).replace("－", "-"), text[m.end():]


# ---------------------------------------------------------------- grids -> tasks

def _is_header_row(row: list[str]) -> bool:
    filled = [flat(c) for c in row if flat(c)]
    return len(filled) >= 2 and sum(c in HEADER_WORDS for c in filled) >= max(2, len(filled) - 1)


def _roles(header_rows: list[list[str]]) -> dict[int, str]:
    width = max(len(r) for r in header_rows)
    texts = ["".join(flat(r[i]) if i < len(r) else "" for r in header_rows) for i in range(width)]
    roles: dict[int, str] = {}
    for i, text in enumerate(texts):
        # a column under a spanning "责任单位" whose own header says 牵头单位 is the lead column
        for words, role in _HEADER_ROLES:
            if any(w in text for w in words):
                if role == RESPONSIBLE and "牵头" in text:
                    role = LEAD
                roles[i] = role
                break
    if CONTENT not in roles.values():
        groups = [i for i, r in roles.items() if r == GROUP]
        if groups:  # "工作任务" alone is the task text
            roles[groups[-1]] = CONTENT
    return roles


def tasks_from_grid(grid: list[list[str]], title: str = "") -> list[ParsedTable]:
    """Rows of cell texts -> tables of tasks. Several header rows are merged; repeated headers (page breaks)
    are skipped; a row whose cells all hold one text is a group heading; an empty group cell keeps the group."""
    tables: list[ParsedTable] = []
    i, current, roles, group = 0, None, {}, ""
    while i < len(grid):
        row = [clean(c) for c in grid[i]]
        if _is_header_row(row):
            header = [row]
            while i + 1 < len(grid) and _is_header_row([clean(c) for c in grid[i + 1]]):
                i += 1
                header.append([clean(c) for c in grid[i]])
            new_roles = _roles(header)
            if current is None or new_roles != roles:
                current = ParsedTable(title=title)
                tables.append(current)
                roles, group = new_roles, ""
            i += 1
            continue
        i += 1
        if current is None:
            if len({c for c in row if c}) == 1 and not title:
                title = next(c for c in row if c)
            continue
        filled = [c for c in row if c]
        if not filled:
            continue
        distinct = list(dict.fromkeys(filled))
        if (len(distinct) == 1 and len(filled) > 1) or (len(distinct) == 1 and len(row) > 1
                                                       and not _cell(row, roles, CONTENT)):
            group = flat(distinct[0])  # a heading spanning the whole row
            continue
        task = _task_from_row(row, roles)
        if task is None:
            continue
        if _cell(row, roles, GROUP):
            group = flat(_cell(row, roles, GROUP))
        task.group = group
        current.tasks.append(task)
    return [t for t in tables if t.tasks]


def _cell(row: list[str], roles: dict[int, str], role: str) -> str:
    return "\n".join(row[i] for i, r in roles.items() if r == role and i < len(row) and row[i])


def _task_from_row(row: list[str], roles: dict[int, str]) -> ParsedTask | None:
    content = flat(_cell(row, roles, CONTENT))
    lead_text, resp_text = _cell(row, roles, LEAD), _cell(row, roles, RESPONSIBLE)
    number = flat(_cell(row, roles, NUMBER))
    written_number, content = split_number(content)
    if not content and not lead_text and not resp_text:
        return None
    lead, lead_notes = split_units(lead_text)
    resp, resp_notes = split_units(resp_text)
    return ParsedTask(number=number.strip("()（）.、") or written_number, content=content,
                      requirement=flat(_cell(row, roles, REQUIREMENT)), lead_units=lead, responsible_units=resp,
                      notes=lead_notes + resp_notes, deadline_text=flat(_cell(row, roles, DEADLINE)))


# ---------------------------------------------------------------- readers

def read_docx(data: bytes) -> list[ParsedTable]:
    from docx import Document

    try:
        doc = Document(io.BytesIO(data))
    except Exception as exc:
        raise TableError("无法读取该 Word 文件（请使用 .docx 格式）。") from exc
    tables: list[ParsedTable] = []
    for table in doc.tables:
        grid = [[cell.text for cell in row.cells] for row in table.rows]
        tables.extend(tasks_from_grid(grid))
    return tables


def read_xlsx(data: bytes) -> list[ParsedTable]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise TableError("无法读取该 Excel 文件（请使用 .xlsx 格式）。") from exc
    tables: list[ParsedTable] = []
    for ws in wb.worksheets:
        grid = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
        for rng in ws.merged_cells.ranges:
            value = grid[rng.min_row - 1][rng.min_col - 1]
            for r in range(rng.min_row - 1, rng.max_row):
                for c in range(rng.min_col - 1, rng.max_col):
                    grid[r][c] = value
        tables.extend(tasks_from_grid(grid, title=ws.title if len(wb.worksheets) > 1 else ""))
    return tables


def read_html(text: str) -> list[ParsedTable]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    tables: list[ParsedTable] = []
    for table in soup.find_all("table"):
        grid: list[list[str]] = []
        pending: dict[tuple[int, int], str] = {}  # (row, col) -> text carried down by rowspan
        for r, tr in enumerate(table.find_all("tr")):
            row: list[str] = []
            col = 0
            for td in tr.find_all(["td", "th"]):
                while (r, col) in pending:
                    row.append(pending.pop((r, col)))
                    col += 1
                cell_text = td.get_text("\n")
                rowspan, colspan = int(td.get("rowspan") or 1), int(td.get("colspan") or 1)
                for dc in range(colspan):
                    row.append(cell_text)
                    for dr in range(1, rowspan):
                        pending[(r + dr, col + dc)] = cell_text
                col += colspan
            while (r, col) in pending:
                row.append(pending.pop((r, col)))
                col += 1
            grid.append(row)
        tables.extend(tasks_from_grid(grid))
    return tables


def read_text(text: str) -> list[ParsedTable]:
    """Text copied from a web page or a PDF, in whichever of the four shapes it is."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    pipe_rows = [ln for ln in lines if ln.count("|") >= 2]
    tab_rows = [ln for ln in lines if len([c for c in ln.strip().split("\t") if c.strip()]) >= 3]
    if len(pipe_rows) >= 2:
        grid = [[c for c in ln.strip().strip("|").split("|")] for ln in pipe_rows
                if not re.fullmatch(r"[\s|:\-]+", ln)]
        return tasks_from_grid(grid)
    if len(tab_rows) >= 2:
        return tasks_from_grid([ln.split("\t") for ln in lines if ln.strip()])
    if sum(ln.startswith("\t") for ln in lines) >= 5:
        return _read_tab_cells(lines)
    if any(re.fullmatch(r"\s*序号\s*", ln) for ln in lines):
        return _read_numbered_fragments(lines)
    return _read_paragraphs(lines)


def _read_tab_cells(lines: list[str]) -> list[ParsedTable]:  # noqa: C901 - a line-by-line reader of one source layout
    """One cell per tab-led line; untabbed lines continue the cell above (中方 2021)."""
    cells: list[str | None] = []  # None marks a table title between cells
    titles: list[str] = []
    for line in lines:
        if line.startswith("\t"):
            cells.extend(line.split("\t")[1:])
        elif not line.strip():
            continue
        elif _TITLE_LINE.match(line.strip()):
            cells.append(None)
            titles.append(line.strip())
        elif cells and cells[-1] is not None:
            cells[-1] += "\n" + line
    tables: list[ParsedTable] = []
    i, title, new_annex = 0, "", True
    title_iter = iter(titles)
    while i < len(cells):
        if cells[i] is None:
            line = next(title_iter, "")
            if line.startswith("附件"):
                new_annex, title = True, ""
            else:
                title = line
                if tables and not new_annex and not tables[-1].title:
                    tables[-1].title = line
            i += 1
            continue
        if flat(cells[i]) in HEADER_WORDS:
            j = i
            while j < len(cells) and cells[j] is not None and flat(cells[j]) in HEADER_WORDS:
                j += 1
            width = j - i
            grid = [cells[i:j]]
            k = j
            while k < len(cells) and cells[k] is not None:
                if flat(cells[k]) in HEADER_WORDS and _is_header_row(cells[k:k + width]):
                    k += width
                    continue
                grid.append(cells[k:k + width])
                k += width
            for found in tasks_from_grid(grid, title=title):
                if tables and not new_annex:
                    _continue_table(tables[-1], found)
                else:
                    tables.append(found)
                new_annex = False
            i = k
            continue
        i += 1
    return tables


def _continue_table(table: ParsedTable, more: ParsedTable) -> None:
    """A table continued after a page header: its first rows keep the group of the rows before the break."""
    group = table.tasks[-1].group if table.tasks else ""
    for task in more.tasks:
        if task.group:
            break
        task.group = group
    table.title = table.title or more.title
    table.tasks.extend(more.tasks)


def _read_numbered_fragments(lines: list[str]) -> list[ParsedTable]:
    """A PDF's text layer: every wrapped fragment on its own line, each row started by a bare 序号 (中方 2022).

    Within a row: the short fragments first are the 公开领域 (group); then the task text up to its first
    sentence end; then 工作要求; from the end, the 完成时限 (fragments that read as a deadline) and before it the
    责任单位 (fragments that read as unit names)."""
    frags = [clean(ln) for ln in lines if clean(ln)]
    title = next((f for f in frags if _TITLE_LINE.match(f) and not f.startswith("附件")), "")
    rows: list[list[str]] = []
    expected, i, in_header = 1, 0, False
    while i < len(frags):
        f = frags[i]
        if f == title or f == "序号":
            in_header = True
        elif in_header and f in HEADER_WORDS:
            pass
        elif f == str(expected) and (in_header or rows):
            rows.append([])
            expected += 1
            in_header = False
        elif rows and not in_header:
            rows[-1].append(f)
        elif in_header:
            in_header = False
        i += 1
    table = ParsedTable(title=title)
    for n, row in enumerate(rows, start=1):
        row = _trim_footer(row)
        deadline, row = _take_deadline(row)
        unit_frags = []
        while row and looks_like_units(row[-1]) and len(flat(row[-1])) <= 40:
            unit_frags.insert(0, row.pop())
        group = []
        while row and len(row[0]) <= 6 and not row[0].endswith("。"):
            group.append(row.pop(0))
        end = next((k for k, f in enumerate(row) if f.endswith("。")), len(row) - 1)
        content, requirement = "".join(row[:end + 1]), "".join(row[end + 1:])
        lead: list[str] = []
        resp, notes = split_units("\n".join(unit_frags))
        table.tasks.append(ParsedTask(number=str(n), group="".join(group), content=content,
                                      requirement=requirement, lead_units=lead, responsible_units=resp,
                                      notes=notes, deadline_text=deadline))
    return [table] if table.tasks else []


def _trim_footer(row: list[str]) -> list[str]:
    """Drop the page's footer lines that follow the last row (扫一扫…, 来源…)."""
    for k, f in enumerate(row):
        if f.startswith(("扫一扫", "来源:", "来源：", "【", "打印")):
            return row[:k]
    return row


def _take_deadline(row: list[str]) -> tuple[str, list[str]]:
    """The shortest tail of 1–3 fragments that reads as a deadline (“实时”+“更新”, not “县直各有关单”+“每月”+“更新”)."""
    for k in (1, 2, 3):
        if len(row) > k:
            tail = "".join(row[-k:])
            if len(tail) <= 16 and not parse_deadline(tail).flagged:
                return tail, row[:-k]
    return "", row


def _read_paragraphs(lines: list[str]) -> list[ParsedTable]:  # noqa: C901 - a line-by-line reader of one source layout
    """Paragraphs with no separators (槐荫 2020): headings, then task text, then its 责任单位 line.

    Blank-looking lines holding only no-break spaces are the table's empty merged cells: a heading run broken by
    them is 工作任务 level one (before the break) and level two (after it)."""
    start = 0
    for k, ln in enumerate(lines):
        if clean(ln) in ("工作任务", "具体要求", "责任单位") or _TITLE_LINE.match(clean(ln)):
            start = k + 1
    table = ParsedTable(title=next((clean(ln) for ln in lines if _TITLE_LINE.match(clean(ln))
                                    and not clean(ln).startswith("附件")), ""))
    top, sub, headings, broken, content = "", "", [], False, []
    for ln in lines[start:]:
        if not ln.strip(" \t"):
            continue  # a truly empty line: paragraphs are separated by these
        text = clean(ln)
        if not text:  # only no-break spaces: an empty merged cell
            if headings:
                broken = True
            continue
        if text.startswith(("扫码", "扫一扫")):
            break
        if looks_like_units(text) and content:
            if headings:
                top, sub = _headings(headings, broken, top)
            names, notes = split_units(text)
            table.tasks.append(ParsedTask(number=str(len(table.tasks) + 1), group=" / ".join(x for x in (top, sub) if x),
                                          content="".join(content), responsible_units=names, notes=notes))
            headings, broken, content = [], False, []
        elif text.endswith(("。", "；", ";")) or len(text) > 40:
            if headings:
                top, sub = _headings(headings, broken, top)
                headings, broken = [], False
            content.append(text)
        else:
            if content:  # a heading after text with no units: keep the text with the previous heading
                content.append(text)
                continue
            if broken and headings:
                headings.append(None)
                broken = False
            headings.append(text)
    return [table] if table.tasks else []


def _headings(run: list[str | None], broken: bool, top: str) -> tuple[str, str]:
    if None in run:
        k = run.index(None)
        return "".join(run[:k]), "".join(x for x in run[k + 1:] if x)
    return top, "".join(x for x in run if x)


def read_file(name: str, data: bytes) -> list[ParsedTable]:
    """Dispatch on the file's extension; text is UTF-8 (or GB18030, as Windows saves it)."""
    lower = name.lower()
    if lower.endswith(".docx"):
        tables = read_docx(data)
    elif lower.endswith((".xlsx", ".xlsm")):
        tables = read_xlsx(data)
    elif lower.endswith((".doc", ".xls", ".wps", ".et")):
        raise TableError("不支持旧版 Office 格式，请另存为 .docx 或 .xlsx 后再导入。")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("gb18030", errors="replace")
        tables = read_html(text) if lower.endswith((".html", ".htm")) or "<table" in text.lower() else read_text(text)
    if not any(t.tasks for t in tables):
        raise TableError("文件中没有找到任务分工表（需要有“责任单位”“完成时限”等表头，或按序号分行的任务）。")
    return tables
