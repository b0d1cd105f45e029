"""文号 (document numbers): validation, normalisation and an exact-match search key.

The 《党政机关公文格式》(GB/T 9704-2012, 7.2.4) form is 发文机关代字 + 〔年份〕 + 发文顺序号 + 号, e.g.
槐政办发〔2020〕1号. People and old systems write it with [] 【】 () （） ［］, full-width digits, spaces,
"第" before the number. All of these normalise to the standard form, and to one key for exact search.
规章 carry 令 numbers (XX人民政府令第12号), kept in that form.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

_OPEN = "〔[【(（［{｛〈<《"
_CLOSE = "〕]】)）］}｝〉>》"

_STANDARD = re.compile(
    r"^(?P<org>[\u4e00-\u9fffA-Za-z]{1,30}?)\s*[" + re.escape(_OPEN) + r"]\s*(?P<year>(?:19|20)\d{2})\s*["
    + re.escape(_CLOSE) + r"]\s*第?\s*(?P<seq>\d{1,6})\s*号?$"
)
_ORDER = re.compile(r"^(?P<org>[\u4e00-\u9fffA-Za-z]{1,40}令)\s*第?\s*(?P<seq>\d{1,6})\s*号$")
# Bracket-less forms seen in real headers: "中县政务公开202210", "益赫政公2020年4号".
_LOOSE = re.compile(r"^(?P<org>[\u4e00-\u9fffA-Za-z]{1,30}?)\s*(?P<year>(?:19|20)\d{2})\s*年?\s*第?\s*(?P<seq>\d{1,6})\s*号?$")

# Inside running text: used by search to spot a 文号 in a longer query.
FIND_IN_TEXT = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,12}?)\s*[" + re.escape(_OPEN) + r"]\s*(?P<year>(?:19|20)\d{2})\s*["
    + re.escape(_CLOSE) + r"]\s*第?\s*(?P<seq>\d{1,6})\s*号"
)


class DocumentNumberError(ValueError):
    """A 文号 that cannot be read; the message is for the person who typed it."""


@dataclass(frozen=True)
class DocumentNumber:
    org: str
    year: int | None
    seq: int

    @property
    def text(self) -> str:
        if self.year is None:
            return f"{self.org}第{self.seq}号"
        return f"{self.org}〔{self.year}〕{self.seq}号"

    @property
    def key(self) -> str:
        return f"{self.org}{self.year or ''}-{self.seq}"


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _prepare(value: str) -> str:
    """Full-width → half-width (NFKC), 繁體 → 简体 (some counties publish in traditional characters)."""
    value = unicodedata.normalize("NFKC", value or "")
    if any("\u4e00" <= ch <= "\u9fff" for ch in value):
        value = _t2s().convert(value)
    return re.sub(r"\s+", " ", value).strip()


def parse(value: str, *, lenient: bool = False) -> DocumentNumber:
    """Read a 文号. `lenient` also accepts bracket-less forms (for importing messy published text)."""
    raw = _prepare(value)
    if not raw:
        raise DocumentNumberError("文号为空。")
    m = _STANDARD.match(raw)
    if m:
        return DocumentNumber(m.group("org").strip(), int(m.group("year")), int(m.group("seq")))
    m = _ORDER.match(raw)
    if m:
        return DocumentNumber(m.group("org").strip(), None, int(m.group("seq")))
    if lenient:
        m = _LOOSE.match(raw)
        if m:
            return DocumentNumber(m.group("org").strip(), int(m.group("year")), int(m.group("seq")))
    raise DocumentNumberError(
        f"文号“{value.strip()[:50]}”格式不正确：应为“发文机关代字〔年份〕序号号”，如“槐政办发〔2020〕1号”，"
        "或规章的“××人民政府令第12号”。"
    )


def normalize(value: str, *, lenient: bool = False) -> str:
    return parse(value, lenient=lenient).text


def search_key(value: str) -> str:
    """The exact-match key, or "" when `value` is not a readable 文号."""
    try:
        return parse(value, lenient=True).key
    except DocumentNumberError:
        return ""


def find_in_text(text: str) -> list[DocumentNumber]:
    """Every 文号 written inside `text`, however bracketed.

    Where the 机关代字 starts cannot be known from running text ("请问槐政办发[2020]1号"), so each match
    yields its candidates from the longest 代字 to the shortest (two characters); callers try them in order.
    """
    prepared = _prepare(text)
    found: list[DocumentNumber] = []
    for m in FIND_IN_TEXT.finditer(prepared):
        org, year, seq = m.group("org"), int(m.group("year")), int(m.group("seq"))
        for start in range(0, max(1, len(org) - 1)):
            found.append(DocumentNumber(org[start:], year, seq))
    return found
