"""Read a published government notice (通知、意见、办法 …) from plain text or .docx.

Real published text is messy: portal page dumps with a metadata header (索引号, 主题分类, 文号, 发布机构,
成文日期, 发布日期, 有效性 — labelled or as bare lines), traditional characters (衡南: 清公開辦函〔2021〕3號),
文号 on a line before or after the title, titles broken over two lines, the 发文机关 only in the signature
(落款) above the date, broken dates ("2022年624") and bracket-less 文号 ("中县政务公开202210").

Parsing works on a normalised copy of each line (NFKC full→half width, OpenCC 繁→简); the title and body
keep the original characters as published. Metadata (文号, 发布机构, 主题分类) is given in simplified form
because it is filtered and searched on. Whatever could not be read, or was read by guessing, is listed in
`Notice.warnings` (in Chinese, shown to the person importing).
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from zhengwu.core.dates import local_date
from zhengwu.disclosure import doc_number, index_number

VALIDITY_WORDS = {"有效": "valid", "现行有效": "valid", "失效": "expired", "已失效": "expired",
                  "废止": "repealed", "已废止": "repealed", "已修订": "amended", "修订": "amended"}
VALIDITY_LABELS = {"valid": "有效", "expired": "失效", "repealed": "废止", "amended": "已修订"}

_DOC_TYPES = ("通知", "通报", "意见", "办法", "方案", "决定", "公告", "通告", "报告", "批复", "函", "规定", "规划",
              "要点", "细则", "答复", "纪要", "请示", "条例", "命令", "决议", "公报", "议案", "规则", "计划", "分工",
              "指南", "制度", "目录", "清单", "公示", "预案")
_ORG_SUFFIXES = ("办公室", "人民政府", "政府", "局", "委员会", "委", "办", "中心", "小组", "站", "所", "院", "队",
                 "处", "办事处", "街道", "镇", "乡", "厅", "部", "署", "会", "分局", "公司", "管委会", "社区", "村")
_LABELS = {
    "索引号": "index_number", "主题分类": "topic", "信息分类": "topic", "分类": "topic",
    "文号": "document_number", "发文字号": "document_number", "文件编号": "document_number",
    "发布机构": "publisher", "发文机关": "publisher", "发文单位": "publisher", "发布单位": "publisher",
    "成文日期": "written_date", "发文日期": "written_date", "印发日期": "written_date",
    "发布日期": "published", "发布时间": "published", "公开日期": "published",
    "有效性": "validity", "时效性": "validity", "效力状态": "validity",
}
_LABEL_RE = re.compile(r"^(?P<label>" + "|".join(sorted(_LABELS, key=len, reverse=True))
                       + r")\s*[:：]?\s*(?P<value>.*)$")
_LABEL_COLON_RE = re.compile(r"(?P<label>" + "|".join(sorted(_LABELS, key=len, reverse=True)) + r")\s*[:：]")
_PUBLISHED_INLINE = re.compile(r"(?:发布时间|发布日期|公开日期)\s*[:：]\s*(?P<date>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}"
                               r"(?:\s*日)?)(?:\s+(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2})?)?")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_FULL_DATE = re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?$")
_ISO_DATE = re.compile(r"^(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})$")
_CN_DATE = re.compile(r"^(?P<y>[〇○零一二三四五六七八九O]{4})年(?P<m>[一二三四五六七八九十]{1,3})月"
                      r"(?P<d>[一二三四五六七八九十]{1,3})日$")
# A date line that lost its 月/日: "2022年624", "2021年7月2", "2021年0702".
_BROKEN_DATE = re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<rest>[\d月日号 ]{1,8})$")
_NOISE = re.compile(r"^(无障碍阅读|关怀版|返回首页|字号[:：]|打印|扫码|扫一扫|来源[:：]|附件下载[:：]?$|【字体|分享$|"
                    r"政府信息公开$|\(此件公开发布\)$|（此件公开发布）$)")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u3000\ufeff]+")
_INLINE_SPACES = re.compile(r"[ \u00a0\u2000-\u200b\u3000\ufeff]+")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff》」』”）)])\s+(?=[\u4e00-\u9fff《「『“（(])")


@dataclass
class Notice:
    """What a notice says about itself. Empty string / None where the text does not say."""

    title: str = ""
    document_number: str = ""
    publisher: str = ""
    written_date: dt.date | None = None
    published_at: dt.datetime | None = None
    index_number: str = ""
    topic: str = ""
    validity: str = ""  # a zhengwu.disclosure Record.Validity code, "" when the text does not say
    body: str = ""
    warnings: list[str] = field(default_factory=list)
    source: str = ""
    document_number_raw: str = ""

    @property
    def validity_label(self) -> str:
        return VALIDITY_LABELS.get(self.validity, "")

    def summary_lines(self) -> list[str]:
        """What was read, one "label: value" per line (for the import command's report)."""
        return [f"标题：{self.title or '（未识别）'}",
                f"文号：{self.document_number or '（无）'}",
                f"发布机构：{self.publisher or '（未识别）'}",
                f"成文日期：{self.written_date.isoformat() if self.written_date else '（未识别）'}",
                f"发布日期：{self.published_at.strftime('%Y-%m-%d %H:%M') if self.published_at else '（无）'}",
                f"索引号：{self.index_number or '（无）'}",
                f"主题分类：{self.topic or '（无）'}",
                f"有效性：{self.validity_label or '（未注明）'}",
                f"正文：{len(self.body)} 字"]


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def normalise(line: str) -> str:
    """The parsing form of a line: NFKC, 繁→简, collapsed spaces, no spaces between Chinese characters."""
    value = unicodedata.normalize("NFKC", line or "")
    value = _SPACES.sub(" ", value).strip()
    if any("\u4e00" <= ch <= "\u9fff" for ch in value):
        value = _t2s().convert(value)
    return _CJK_GAP.sub("", value)


def _clean_original(line: str) -> str:
    """The published line, trimmed; tabs (table cells) kept, other runs of space collapsed."""
    return _INLINE_SPACES.sub(" ", line or "").strip()


def _cn_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS[tens] * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS[text]


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def read_date(text: str) -> tuple[dt.date | None, str]:
    """A date from a line that is only a date. Returns (date, warning); the warning is "" when clean."""
    value = normalise(text).replace(" ", "")
    for pattern in (_FULL_DATE, _ISO_DATE):
        m = pattern.match(value)
        if m:
            day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
            return (day, "") if day else (None, f"日期“{text.strip()}”不存在，未读取")
    m = _CN_DATE.match(value)
    if m:
        year = int("".join(str(_CN_DIGITS[c]) for c in m["y"]))
        day = _safe_date(year, _cn_number(m["m"]), _cn_number(m["d"]))
        return (day, "") if day else (None, f"日期“{text.strip()}”不存在，未读取")
    m = _BROKEN_DATE.match(value)
    if m:
        year, rest = int(m["y"]), m["rest"]
        parts = [p for p in re.split(r"[月日号 ]", rest) if p]
        candidates: list[dt.date] = []
        if len(parts) == 2:
            day = _safe_date(year, int(parts[0]), int(parts[1]))
            candidates = [day] if day else []
        elif len(parts) == 1 and parts[0].isdigit():
            digits = parts[0]
            for cut in range(1, len(digits)):
                day = _safe_date(year, int(digits[:cut]), int(digits[cut:]))
                if day and len(digits[cut:]) <= 2 and len(digits[:cut]) <= 2:
                    candidates.append(day)
        if len(candidates) == 1:
            day = candidates[0]
            return day, f"日期“{text.strip()}”不完整，按{day.year}年{day.month}月{day.day}日读取，请核对"
        return None, f"日期“{text.strip()}”不完整，无法确定月、日，未读取"
    return None, ""


def is_date_line(text: str) -> bool:
    value = normalise(text).replace(" ", "")
    return bool(_FULL_DATE.match(value) or _ISO_DATE.match(value) or _CN_DATE.match(value)
                or _BROKEN_DATE.match(value))


def looks_like_org(text: str) -> bool:
    """A 机关 name: short, no sentence punctuation, ends like an organ (办公室, 局, 领导小组 …)."""
    value = normalise(text)
    if not value or len(value) > 40 or re.search(r"[。，,:：;；!?！？《》()\d]", value):
        return False
    return value.endswith(_ORG_SUFFIXES)


def _is_title(value: str) -> bool:
    return value.endswith(_DOC_TYPES) and len(value) >= 6 and not re.search(r"[。;；]", value)


def _is_salutation(value: str) -> bool:
    """The 主送机关 line ("各乡镇人民政府、县直机关各单位:") that opens the body."""
    if not value.endswith(":") or len(value) < 5 or re.search(r"\d|www|字体|发布时间", value):
        return False
    return value.startswith("各") or bool(re.search(r"人民政府|办事处|部门|单位|机关|委员会|管委会", value))


def _document_number(value: str) -> tuple[str, str] | None:
    """(normalised 文号, warning) when the line is a 文号 and nothing else."""
    if len(value) > 40 or index_number.PATTERN.match(value.upper()):
        return None
    try:
        return doc_number.parse(value).text, ""
    except doc_number.DocumentNumberError:
        pass
    try:
        number = doc_number.parse(value, lenient=True)
    except doc_number.DocumentNumberError:
        return None
    return number.text, f"文号“{value}”缺少年份括号或“号”字，按“{number.text}”读取，请核对"


def _read_published(value: str) -> dt.datetime | None:
    m = _PUBLISHED_INLINE.search(value)
    if m:
        day, _ = read_date(m["date"])
        if day:
            return dt.datetime(day.year, day.month, day.day, int(m["h"] or 0), int(m["m"] or 0))
    return None


class _Reader:
    def __init__(self, text: str, source: str):
        self.notice = Notice(source=source)
        raw_lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.original = [_clean_original(line) for line in raw_lines]
        self.norm = [normalise(line) for line in raw_lines]
        self.raw = raw_lines
        self.found: dict[str, tuple[str, int]] = {}  # field -> (value, line index) from the header

    def warn(self, message: str) -> None:
        if message and message not in self.notice.warnings:
            self.notice.warnings.append(message)

    def nonblank(self, start: int = 0, stop: int | None = None):
        stop = len(self.norm) if stop is None else stop
        for i in range(start, min(stop, len(self.norm))):
            if self.norm[i]:
                yield i

    # -- header --------------------------------------------------------------------------------------
    def head_end(self) -> int:
        """Index of the salutation line (start of the body), or the end of the head region."""
        for i in self.nonblank():
            if _is_salutation(self.norm[i]):
                return i
        return min(len(self.norm), 40)

    def _pairs(self, i: int) -> list[tuple[str, str]] | None:
        """Several labelled values on one line: table cells ("索引号\tXXX\t主题分类\tYYY") or
        "索引号：XXX  主题分类：YYY". None when the line holds at most one label."""
        if "\t" in self.raw[i]:
            cells = [c for c in (normalise(c) for c in self.raw[i].split("\t")) if c]
            pairs, k = [], 0
            while k < len(cells):
                m = _LABEL_RE.match(cells[k])
                if m and (m["value"].strip() or k + 1 < len(cells)):
                    value = m["value"].strip()
                    if not value and not _LABEL_RE.match(cells[k + 1]):
                        value, k = cells[k + 1], k + 1
                    if value:
                        pairs.append((m["label"], value))
                k += 1
            return pairs or None
        marks = list(_LABEL_COLON_RE.finditer(self.norm[i]))
        if len(marks) < 2:
            return None
        return [(m["label"], self.norm[i][m.end():marks[n + 1].start() if n + 1 < len(marks) else None].strip())
                for n, m in enumerate(marks)]

    def read_labels(self, stop: int) -> None:
        lines = list(self.nonblank(0, stop))
        for pos, i in enumerate(lines):
            pairs = self._pairs(i)
            if pairs:
                for label, value in pairs:
                    if value:
                        self.found.setdefault(_LABELS[label], (value, i))
                continue
            m = _LABEL_RE.match(self.norm[i])
            if not m:
                continue
            name, value = _LABELS[m["label"]], m["value"].strip()
            if not value and pos + 1 < len(lines):
                nxt = self.norm[lines[pos + 1]]
                if not _LABEL_RE.match(nxt):
                    value = nxt
            if value and name not in self.found:
                self.found[name] = (value, i)

    def read_bare_header(self, stop: int) -> None:
        """Portal dumps whose labels were lost: a 索引号 line followed by the metadata values, one a line."""
        lines = list(self.nonblank(0, stop))
        start = next((p for p, i in enumerate(lines) if index_number.PATTERN.match(self.norm[i].upper())), None)
        if start is None:
            return
        self.found.setdefault("index_number", (self.norm[lines[start]], lines[start]))
        dates: list[tuple[str, int]] = []
        for i in lines[start + 1:start + 9]:
            value = self.norm[i]
            if is_date_line(value):
                dates.append((value, i))
            elif value in VALIDITY_WORDS:
                self.found.setdefault("validity", (value, i))
            elif _document_number(value):
                self.found.setdefault("document_number", (value, i))
            elif looks_like_org(value):
                self.found.setdefault("publisher", (value, i))
            elif "topic" not in self.found and len(value) <= 30 and not re.search(r"\d", value) \
                    and not _is_title(value):
                self.found["topic"] = (value, i)
            else:
                break
        if dates:
            self.found.setdefault("written_date", dates[0])
        if len(dates) > 1:
            self.found.setdefault("published", dates[1])

    # -- title and 文号 ------------------------------------------------------------------------------
    def read_title(self, stop: int) -> int | None:
        lines = [i for i in self.nonblank(0, stop) if not _NOISE.match(self.norm[i])]
        header_lines = {i for _, i in self.found.values()}
        candidates: list[tuple[int, int, str]] = []  # (score, index, title)
        for pos, i in enumerate(lines):
            value = self.norm[i]
            if i in header_lines or _LABEL_RE.match(value) or _document_number(value) or "www." in value:
                continue
            if "关于" in value and not _is_title(value) and pos + 1 < len(lines):
                nxt = self.norm[lines[pos + 1]]
                if _is_title(nxt) and "关于" not in nxt and len(value) + len(nxt) <= 150:
                    title = _CJK_GAP.sub("", self.original[i] + self.original[lines[pos + 1]])
                    candidates.append((3, i, title))
                    continue
            if _is_title(value):
                candidates.append((2 if "关于" in value else 1, i, _CJK_GAP.sub("", self.original[i])))
        if not candidates:
            self.warn("未识别出标题")
            return None
        best = max(candidates, key=lambda c: (c[0], len(c[2]), -c[1]))
        self.notice.title = best[2]
        return best[1]

    def read_document_number(self, stop: int) -> None:
        if "document_number" in self.found:
            value = self.found["document_number"][0]
            parsed = _document_number(value)
            if parsed is None:
                self.warn(f"文号“{value}”无法识别，未读取")
                return
            self.notice.document_number, warning = parsed
            self.notice.document_number_raw = value
            self.warn(warning)
            return
        for i in self.nonblank(0, stop):
            parsed = _document_number(self.norm[i])
            if parsed:
                self.notice.document_number, warning = parsed
                self.notice.document_number_raw = self.norm[i]
                self.warn(warning)
                return
        self.warn("未找到文号（如该文件确无文号可忽略）")

    # -- signature and dates -------------------------------------------------------------------------
    def read_signature(self, body_start: int) -> tuple[str, dt.date | None, int | None]:
        """(落款机关, 成文日期, index of the date line) from the first date line after the salutation."""
        for i in self.nonblank(body_start):
            if is_date_line(self.norm[i]):
                day, warning = read_date(self.original[i])
                self.warn(warning)
                prev = [j for j in self.nonblank(max(body_start, i - 6), i)]
                org = ""
                for j in reversed(prev):
                    if looks_like_org(self.norm[j]):
                        org = self.norm[j]
                        break
                    if len(self.norm[j]) > 40:
                        break
                return org, day, i
        return "", None, None

    def read(self) -> Notice:  # noqa: C901 - the notice's parts in document order
        n = self.notice
        stop = self.head_end()
        self.read_labels(stop)
        self.read_bare_header(stop)
        title_at = self.read_title(stop)
        self.read_document_number(stop)

        if "index_number" in self.found:
            value = self.found["index_number"][0].replace(" ", "").upper()
            if index_number.PATTERN.match(value):
                n.index_number = value
            else:
                self.warn(f"索引号“{value}”格式不正确，未读取")
        if "topic" in self.found:
            n.topic = self.found["topic"][0]
        if "validity" in self.found:
            value = self.found["validity"][0]
            n.validity = VALIDITY_WORDS.get(value.replace(" ", ""), "")
            if not n.validity:
                self.warn(f"有效性“{value}”无法识别，未读取")

        for i in self.nonblank():
            published = _read_published(self.norm[i])
            if published:
                n.published_at = published
                break
        if n.published_at is None and "published" in self.found:
            day, warning = read_date(self.found["published"][0])
            self.warn(warning)
            if day:
                n.published_at = dt.datetime(day.year, day.month, day.day)

        has_salutation = stop < len(self.norm) and _is_salutation(self.norm[stop])
        body_start = stop if has_salutation else (title_at + 1 if title_at is not None else 0)
        org, signed, date_at = self.read_signature(body_start)
        header_date = None
        if "written_date" in self.found:
            header_date, warning = read_date(self.found["written_date"][0])
            self.warn(warning)
        n.written_date = header_date or signed
        if header_date and signed and header_date != signed:
            self.warn(f"页面成文日期{header_date.isoformat()}与落款日期{signed.isoformat()}不一致，采用页面成文日期")
        if n.written_date and n.published_at and n.written_date > local_date(n.published_at):
            self.warn(f"成文日期{n.written_date.isoformat()}晚于发布日期，未采用")
            n.written_date = None
        if n.written_date is None and date_at is None:
            self.warn("未找到成文日期")

        if "publisher" in self.found:
            n.publisher = self.found["publisher"][0]
        elif org:
            n.publisher = org
        else:
            issuer = self._issuer_before_title(title_at)
            n.publisher = issuer
            if not issuer:
                self.warn("未找到发布机构（落款）")

        body = [self.original[i] for i in self.nonblank(body_start) if not _NOISE.match(self.norm[i])]
        n.body = "\n".join(body)
        if not n.body:
            self.warn("未找到正文")
        return n

    def _issuer_before_title(self, title_at: int | None) -> str:
        if title_at is None:
            return ""
        before = [i for i in self.nonblank(0, title_at)]
        if before and looks_like_org(self.norm[before[-1]]):
            return self.norm[before[-1]]
        return ""


def parse_text(text: str, *, source: str = "") -> Notice:
    """Read a notice from its plain text."""
    return _Reader(text, source).read()


def docx_text(data: bytes) -> str:
    """The paragraphs and table rows of a .docx in document order, one line each (cells separated by tabs)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:  # merged cells repeat; keep each text once per row
                    if not cells or cells[-1] != cell.text:
                        cells.append(cell.text)
                lines.append("\t".join(cells))
    return "\n".join(lines)


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


class NoticeFileError(ValueError):
    """A file that is not a readable notice (wrong type, damaged)."""


def parse_file(path: str | Path) -> Notice:
    """Read a .txt or .docx notice file."""
    path = Path(path)
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix == ".docx":
        try:
            text = docx_text(data)
        except Exception as exc:  # broad on purpose: python-docx raises many kinds on damaged files
            raise NoticeFileError(f"无法读取“{path.name}”：不是有效的 Word（.docx）文件。") from exc
    elif suffix in (".txt", ".text", ""):
        text = decode_text(data)
    else:
        raise NoticeFileError(f"“{path.name}”的类型不支持导入，只支持 .txt 和 .docx。")
    return parse_text(text, source=path.name)
