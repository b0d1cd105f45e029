"""Chinese text → search tokens: OpenCC 繁→简, jieba segmentation with the government dictionary, synonyms.

Index text is cut in jieba's *search mode* (人民政府 → 人民 / 政府 / 人民政府), so a query for 政府 finds
人民政府; queries are cut in precise mode and each word is looked up as a whole, with its synonyms
(社保 ↔ 社会保险). Both sides are normalised the same way (NFKC, 繁體 → 简体, lower case), so 繁 and 简
find each other. Tokens keep only letters and digits, which is also what FTS5's unicode61 tokenizer and
PostgreSQL's parser treat as one word, and which keeps query syntax characters out of the index language.

Dictionary phrases (the project's own words and synonym terms) are also looked for in the text as written, so
the segmenter's choices cannot hide them: a phrase of four characters or more that the cut splits across a
neighbour (示范县人民政府 holds 县人民政府) or keeps inside a longer word (政务服务中心 holds 政务服务), and a
phrase of three or more written with an enumeration comma, quotes or a line break inside (“双随机、一公开”),
is added to the text's tokens once when the cut lacks it. A query written with marks inside a phrase is cut as
the phrase.

The segmenter is rjieba (jieba-rs) by default: it gives the same cut as jieba with the same dictionary and
is several times faster for bulk indexing (docs/decisions/0601-search-segmentation.md; setting
ZHENGWU_SEARCH_SEGMENTER = "jieba" switches back to pure Python jieba).
"""
from __future__ import annotations

import functools
import re
import threading
import time
import unicodedata
from pathlib import Path

from django.conf import settings

DATA_DIR = Path(__file__).parent / "data"
_TOKEN = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Marks that may sit inside a phrase as written: the enumeration comma, quotes, middle dots, spaces and line
# breaks (text taken from PDFs breaks lines mid-word). They are skipped when looking for dictionary phrases.
_JOINER_CHARS = "、“”‘’「」『』\"'·・•"
_JOINER = f"[{re.escape(_JOINER_CHARS)}\\s]"
_JOINERS = re.compile(_JOINER + "+")
JOINER_CLASS = _JOINER + "*"  # regex: marks that may sit between a phrase's characters
_MARK = re.compile(f"[{re.escape(_JOINER_CHARS)}]")  # in a query a space separates words on purpose
# Shorter dictionary words found inside the text are left to the segmenter: two or three characters often
# straddle two words by chance (降低保费 holds 低保, 示范县政府信息公开 holds 县政府); four and more almost never.
# Written with marks inside, three characters are unambiguous (“放、管、服”).
PHRASE_MIN_CHARS = 4
JOINED_PHRASE_MIN_CHARS = 3


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """繁體 → 简体 (OpenCC t2s); text without CJK is returned unchanged."""
    if not text or not _CJK.search(text):
        return text or ""
    return _t2s().convert(text)


# Full-width ASCII (ＡＢＣ１２３) and the ideographic space → half-width: what NFKC would do to them, without
# NFKC's cost on long Chinese text (it decomposes every character).
_WIDTH = {0x3000: " ", **{cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}}


def normalize(text: str) -> str:
    """Full-width → half-width, 繁 → 简, lower case: the one form both index and query are put in."""
    text = (text or "").translate(_WIDTH)
    if len(text) < 300:
        text = unicodedata.normalize("NFKC", text)
    return to_simplified(text).lower()


def _data_lines(name: str) -> list[str]:
    lines = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def file_dictionary() -> list[tuple[str, int]]:
    """(word, frequency) pairs of the dictionary shipped with the project."""
    out = []
    for line in _data_lines("government_dict.txt"):
        parts = line.split()
        out.append((parts[0], int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 2000))
    return out


def file_synonyms() -> list[list[str]]:
    return [line.split() for line in _data_lines("synonyms.txt")]


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(w for line in _data_lines("stopwords.txt") for w in line.split())


def engine_name() -> str:
    return getattr(settings, "ZHENGWU_SEARCH_SEGMENTER", "rjieba")


class Segmenter:
    """One jieba (or rjieba) instance with the project's words added."""

    def __init__(self, words: list[tuple[str, int]], engine: str):
        self.engine = engine
        if engine == "rjieba":
            import rjieba

            self._impl = rjieba.Jieba()
            for word, freq in words:
                self._impl.add_word(word, freq, None)
            self._cut = lambda text: self._impl.cut(text, True)
            self._search = lambda text: self._impl.cut_for_search(text, True)
        else:
            import jieba

            tokenizer = jieba.Tokenizer()
            tokenizer.tmp_dir = str(settings.VAR_DIR)
            jieba.setLogLevel(40)
            for word, freq in words:
                tokenizer.add_word(word, freq)
            self._impl = tokenizer
            self._cut = lambda text: list(tokenizer.cut(text, HMM=True))
            self._search = lambda text: list(tokenizer.cut_for_search(text, HMM=True))

    def cut(self, normalized: str) -> list[str]:
        return self._cut(normalized)

    def cut_for_search(self, normalized: str) -> list[str]:
        return self._search(normalized)


def _trie_pattern(words: list[str]) -> str:
    """One regex for all `words`, shaped as a prefix tree (each position costs a character test, not one per
    word); the longest word starting at a position wins."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class Phrases:
    """The dictionary phrases (JOINED_PHRASE_MIN_CHARS characters or more), found in text as written."""

    def __init__(self, words):
        found = {_JOINERS.sub("", normalize(w)) for w in words}
        phrases = sorted(p for p in found if len(p) >= JOINED_PHRASE_MIN_CHARS and _TOKEN.fullmatch(p))
        # At every position that can begin a phrase (the character class lets the engine skip the others),
        # the longest phrase starting there; the shorter ones starting there too come from `_prefixes`.
        heads = "".join(re.escape(c) for c in sorted({p[0] for p in phrases}))
        self._pattern = re.compile(f"(?=[{heads}])(?=({_trie_pattern(phrases)}))") if phrases else None
        known = set(phrases)
        self._prefixes = {p: [p[:i] for i in range(JOINED_PHRASE_MIN_CHARS, len(p)) if p[:i] in known]
                          for p in phrases}

    def missing(self, normalized: str, cut: list[str]) -> list[str]:
        """The phrases in the text that the `cut` tokens lack, each once: a text the segmenter already serves
        keeps its term frequencies, so ranking among texts that matched before is unchanged."""
        if self._pattern is None:
            return []
        squeezed = _JOINERS.sub("", normalized)
        found: dict[str, None] = {}
        for phrase in dict.fromkeys(self._pattern.findall(squeezed)):
            found[phrase] = None
            found.update(dict.fromkeys(self._prefixes[phrase]))
        have = set(cut) if len(found) > 4 else cut
        out = []
        for phrase in found:
            if phrase in have:
                continue
            if len(phrase) < PHRASE_MIN_CHARS and squeezed.count(phrase) <= normalized.count(phrase):
                continue  # a short phrase counts only where written with marks inside
            out.append(phrase)
        return out

    def join(self, query: str) -> str:
        """`query` without the marks that sit inside a phrase (“双随机、一公开” → “双随机一公开”)."""
        if self._pattern is None or not _MARK.search(query):
            return query
        kept = [i for i, ch in enumerate(query) if not _MARK.match(ch)]
        drop: set[int] = set()
        for m in self._pattern.finditer("".join(query[i] for i in kept)):
            first, last = kept[m.start()], kept[m.start() + len(m.group(1)) - 1]
            if last - first + 1 > len(m.group(1)):
                drop.update(range(first, last + 1))
        return "".join(ch for i, ch in enumerate(query) if i not in drop or not _MARK.match(ch))


class _State:
    lock = threading.Lock()
    segmenter: Segmenter | None = None
    phrases: Phrases | None = None
    synonyms: dict[str, list[tuple[str, ...]]] = {}
    version: tuple | None = None
    checked_at = 0.0
    frozen = False


def _db_version() -> tuple:
    from django.db.models import Count, Max

    from .models import DictionaryTerm, SynonymGroup

    try:
        d = DictionaryTerm.objects.aggregate(n=Count("id"), t=Max("updated_at"))
        s = SynonymGroup.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    except Exception:  # table not migrated yet (migrations themselves segment nothing)
        return ("nodb",)
    return (d["n"], d["t"], s["n"], s["t"])


def _load(version: tuple) -> None:
    from .models import DictionaryTerm, SynonymGroup

    words = dict(file_dictionary())
    groups = [g for g in file_synonyms()]
    if version != ("nodb",):
        for word in DictionaryTerm.objects.values_list("word", flat=True):
            words.setdefault(word, 2000)
        groups = [g.term_list for g in SynonymGroup.objects.all()]
    for group in groups:
        for term in group:
            words.setdefault(term, 2000)
    seg = Segmenter(sorted(words.items()), engine_name())
    synonyms: dict[str, list[tuple[str, ...]]] = {}
    for group in groups:
        forms = []
        for term in group:
            tokens = tuple(t for w in seg.cut(normalize(term)) for t in _TOKEN.findall(w))
            if tokens and tokens not in forms:
                forms.append(tokens)
        for form in forms:
            if len(form) == 1:
                synonyms.setdefault(form[0], [])
                synonyms[form[0]] += [f for f in forms if f != form and f not in synonyms[form[0]]]
    _State.segmenter, _State.phrases, _State.synonyms, _State.version = seg, Phrases(words), synonyms, version


def refresh_seconds() -> float:
    """How often a process looks for dictionary/synonym edits made elsewhere (edits here apply at once)."""
    return float(getattr(settings, "ZHENGWU_SEARCH_DICT_REFRESH_SECONDS", 10))


def invalidate() -> None:
    """Called by the actions that edit the dictionary or synonyms: check the database on next use."""
    _State.checked_at = 0.0


def freeze() -> None:
    """In forked segmentation workers: use what is loaded, never touch the (parent's) database connection."""
    _State.frozen = True


def refresh(force: bool = False) -> None:
    """Reload when staff changed the dictionary or synonyms."""
    if _State.frozen and _State.segmenter is not None:
        return
    now = time.monotonic()
    if not force and _State.segmenter is not None and now - _State.checked_at < refresh_seconds():
        return
    with _State.lock:
        version = _db_version()
        _State.checked_at = now
        if force or _State.segmenter is None or version != _State.version or _State.segmenter.engine != engine_name():
            _load(version)


def segmenter() -> Segmenter:
    refresh()
    return _State.segmenter


def phrases() -> Phrases:
    refresh()
    return _State.phrases


def synonyms_of(token: str) -> list[tuple[str, ...]]:
    refresh()
    return _State.synonyms.get(token, [])


def tokens(words) -> list[str]:
    out: list[str] = []
    for w in words:
        if w.isalnum():
            out.append(w)
        elif len(w) > 1:
            out += _TOKEN.findall(w)
    return out


def index_tokens(text: str) -> str:
    """Search-mode segments of `text`, space-separated, ready for FTS5 / to_tsvector('simple')."""
    normalized = normalize(text)
    if not normalized.strip():
        return ""
    cut = tokens(segmenter().cut_for_search(normalized))
    return " ".join(cut + phrases().missing(normalized, cut))


def query_words(text: str) -> list[str]:
    """Precise-mode words of a query, normalised, without question words (请问、怎么、吗 …), de-duplicated.

    Marks inside a dictionary phrase are dropped first, so “双随机、一公开” is the one word 双随机一公开."""
    normalized = phrases().join(normalize(text))
    seen, out = set(), []
    stop = stopwords()
    words = tokens(segmenter().cut(normalized))
    if all(w in stop for w in words):  # a query of nothing but question words still means something
        stop = frozenset()
    for token in words:
        if token in stop or token in seen:
            continue
        seen.add(token)
        out.append(token)
    return out


def sub_words(word: str) -> tuple[str, ...]:
    """The shorter dictionary words inside `word` (县政府 → 政府): a looser stand-in when `word` finds nothing."""
    subs = tuple(t for t in tokens(segmenter().cut_for_search(word)) if len(t) >= 2 and t != word)
    return tuple(dict.fromkeys(subs))
