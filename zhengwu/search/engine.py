"""The search itself: query parsing, the two index backends, ranking, facets, snippets, suggestions.

One behaviour on both databases:
- every query word must match (AND), each word together with its synonyms (OR); if nothing matches,
  words that find nothing on their own are left out (and named), then any word may match (the result
  says so); a query of single characters matches as a prefix (税 → 税收);
- a 文号 anywhere in the query, however written, puts that record first;
- relevance = text score (title weighs ten times the body) × validity (有效 1, 已修订 0.6, 失效/废止 0.3)
  × kind × recency (1 / (1 + age in years / 5)).
SQLite ranks with FTS5's bm25(), PostgreSQL with ts_rank() over the weighted tsvector.

Scale (docs/decisions/0604, 0606): counts and facets are exact up to `count_cap()` matches; above it they
are taken from the first matches and the result says `count_is_estimate` ("count 条以上"). Above the cap
the page is ranked from a bounded set — the newest `candidates()` title matches by entry id, topped up
with the newest matches anywhere — by the same formula; if that set cannot fill the page (deep pages) the
exact ranking over every match runs instead. On PostgreSQL each of those bounded reads looks in the newest
id windows first (docs/decisions/1703), so its heap visits stay few and in the buffer cache at 1M entries.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape

from zhengwu.disclosure import doc_number

from . import segment
from .indexer import day_number
from .models import SearchEntry

Kind = SearchEntry.Kind
# a 索引号 (disclosure/index_number.py) anywhere in the query, in any letter case
INDEX_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{18}-[0-9A-Za-z]{1,8}/\d{4}-\d{1,10}(?!\d)")
VALIDITY_LABELS = {"valid": "有效", "expired": "失效", "repealed": "废止", "amended": "已修订"}


def page_size() -> int:
    return int(getattr(settings, "ZHENGWU_SEARCH_PAGE_SIZE", 10))


def max_query_chars() -> int:
    """Longer input is cut here: nobody types more, and it bounds the work per request."""
    return int(getattr(settings, "ZHENGWU_SEARCH_MAX_QUERY_CHARS", 100))


MAX_GROUPS = 12


def count_cap() -> int:
    """Matches counted exactly; beyond this the count and facets are a lower bound from a sample."""
    return int(getattr(settings, "ZHENGWU_SEARCH_COUNT_CAP", 1000))


def candidates() -> int:
    """Newest title matches that the validity/recency weighting re-ranks when matches exceed the cap."""
    return int(getattr(settings, "ZHENGWU_SEARCH_CANDIDATES", 300))


def top_up() -> int:
    """Newest matches anywhere added when the title gives fewer than `candidates()` (at least a page's worth).

    Body-only matches weigh a tenth of title matches, so a few suffice; each costs a read of the
    whole vector on PostgreSQL.
    """
    return int(getattr(settings, "ZHENGWU_SEARCH_TOP_UP", 50))


# PostgreSQL (docs/decisions/1703): entry ids per window lexeme — the 4096 of migration search/0008 — and how
# many of the newest windows a search looks in first (before it knows how dense the matches are), at most
WINDOW_IDS = 4096
FIRST_WINDOWS = 4
MAX_WINDOWS = 16


# --- query ---------------------------------------------------------------------------------------------

@dataclass
class ParsedQuery:
    raw: str
    groups: list[list[tuple[str, ...]]] = field(default_factory=list)
    prefix: bool = False
    loose_groups: list[list[tuple[str, ...]]] = field(default_factory=list)
    doc_keys: list[list[str]] = field(default_factory=list)
    index_numbers: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups and not self.doc_keys and not self.index_numbers

    @property
    def highlight_terms(self) -> list[str]:
        terms = {t for g in self.groups for alt in g for t in alt}
        return sorted(terms, key=len, reverse=True)


def parse_query(q: str) -> ParsedQuery:
    raw = (q or "").strip()[: max_query_chars()]
    parsed = ParsedQuery(raw=raw)
    if not raw:
        return parsed
    for number in _doc_numbers(raw):
        parsed.doc_keys.append(number)
    parsed.index_numbers = [m.upper() for m in INDEX_NUMBER_IN_TEXT.findall(raw)]
    words = segment.query_words(INDEX_NUMBER_IN_TEXT.sub(" ", raw))
    longer = [w for w in words if len(w) >= 2]
    if longer:
        words = longer
    else:
        parsed.prefix = bool(words)
    for word in words[:MAX_GROUPS]:
        group = [(word,), *segment.synonyms_of(word)]
        parsed.groups.append(group)
        subs = segment.sub_words(word) if len(word) >= 3 else ()
        parsed.loose_groups.append([*group, subs] if subs else group)
    return parsed


def _loosened(parsed: ParsedQuery) -> ParsedQuery | None:
    if parsed.loose_groups == parsed.groups:
        return None
    return ParsedQuery(raw=parsed.raw, groups=parsed.loose_groups, prefix=parsed.prefix, doc_keys=parsed.doc_keys,
                       index_numbers=parsed.index_numbers)


def _doc_numbers(raw: str) -> list[list[str]]:
    """Candidate 文号 keys, one list per number found (longest 机关代字 first)."""
    found: list[list[str]] = []
    whole = doc_number.search_key(raw)
    if whole:
        found.append([whole])
    current: list[str] = []
    last_tail = None
    for number in doc_number.find_in_text(raw):
        tail = (number.year, number.seq)
        if tail != last_tail and current:
            found.append(current)
            current = []
        last_tail = tail
        current.append(number.key)
    if current:
        found.append(current)
    return found


# --- backends ------------------------------------------------------------------------------------------

class _Backend:
    def match(self, parsed: ParsedQuery, any_word: bool) -> str:
        raise NotImplementedError


class _SQLite(_Backend):
    source = "search_fts JOIN search_searchentry e ON e.id = search_fts.rowid"
    where = "search_fts MATCH %s"

    @staticmethod
    def _term(token: str, prefix: bool) -> str:
        return f'"{token}"*' if prefix else f'"{token}"'

    def match(self, parsed, any_word):
        groups = []
        for group in parsed.groups:
            alts = [" AND ".join(self._term(t, parsed.prefix) for t in alt) for alt in group]
            groups.append("(" + " OR ".join(f"({a})" for a in alts) + ")")
        return (" OR " if any_word else " AND ").join(groups)

    def relevance(self, today: int) -> tuple[str, list]:
        return ("(-bm25(search_fts, 10.0, 1.0)) * e.boost * "
                "(1.0 / (1.0 + MAX(0, %s - COALESCE(e.pub_day, %s)) / 1825.0))", [today, today])

    def rows(self, columns: str, match: str, *, title_only: bool = False, where: str = "", params=(),
             limit: int, newest: bool = True) -> list[tuple]:
        """`columns` of up to `limit` matches passing `where`, the newest first (entry ids follow publication).

        FTS5 walks its index in descending rowid order and stops at the limit (0606).
        """
        if title_only:
            match = "{title_tokens} : (" + match + ")"
        order = " ORDER BY f.rowid DESC" if newest else ""
        # columns/where are built by this module from constants; the user text is a bound parameter
        sql = (f"SELECT {columns} FROM search_fts f JOIN search_searchentry e ON e.id = f.rowid "
               f"WHERE search_fts MATCH %s{where}{order} LIMIT %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [match, *params, limit])
            return cursor.fetchall()

    def exist_each(self, matches: list[str]) -> list[bool]:
        return [bool(self.rows("1", m, limit=1, newest=False)) for m in matches]

    def newest(self, match: str, *, title_only: bool, where: str, params: list, limit: int) -> list[tuple]:
        """(id, text score, boost, pub_day) of the newest `limit` matches passing `where` (0606); bm25 is
        computed for the rows returned only."""
        return self.rows("f.rowid, -bm25(search_fts, 10.0, 1.0), e.boost, e.pub_day", match, title_only=title_only,
                         where=where, params=params, limit=limit)


def _windows(low: int, high: int) -> str:
    """The tsquery of windows `low`…`high` (their `#<n>` lexemes)."""
    return " | ".join(f"'#{w}'" for w in range(low, high + 1))


class _WindowRead:
    """The statements of one windowed read (_Postgres._windowed): branches over window ranges or the entries
    below them, run as one UNION ALL that stops at its LIMIT."""

    def __init__(self, columns: str, match: str, *, vector: str, where: str, params, newest: bool, outer: str,
                 outer_params: tuple):
        # the title vector is inline and small: walking the primary key backwards may beat a bitmap there;
        # the full vector is TOASTed, so it is always a bitmap, sorted (e.id + 0 hides the index order)
        order = (" ORDER BY e.id DESC" if vector == "title_vector" else " ORDER BY e.id + 0 DESC") if newest else ""
        # columns/where are built by this module from constants; the user text is a bound parameter
        self.branch = (f"SELECT {{tier}} AS tier, {columns} FROM search_searchentry e "
                       f"WHERE e.{vector} @@ {{condition}}{where}{order} LIMIT %s")
        # below the windows: an index condition where the title walk may start there, else a plain filter (a
        # primary key range scan would read the TOASTed vector of every row in the range)
        self.below = "e.id" if vector == "title_vector" and newest else "e.id + 0"
        self.match, self.params, self.outer, self.outer_params = match, list(params), outer, outer_params

    def windows(self, low: int, high: int, n: int) -> tuple[str, list]:
        return (self.branch.format(tier=0, condition="(to_tsquery('simple', %s) && %s::tsquery)"),
                [self.match, _windows(low, high), *self.params, n])

    def older(self, first_window: int, n: int) -> tuple[str, list]:
        return (self.branch.format(tier=1, condition=f"to_tsquery('simple', %s) AND {self.below} < %s"),
                [self.match, first_window * WINDOW_IDS, *self.params, n])

    def everywhere(self, n: int) -> tuple[str, list]:
        return self.branch.format(tier=1, condition="to_tsquery('simple', %s)"), [self.match, *self.params, n]

    def run(self, parts: list[tuple[str, list]], n: int) -> list:
        sql = parts[0][0] if len(parts) == 1 else " UNION ALL ".join(f"({p[0]})" for p in parts) + " LIMIT %s"
        values = [v for p in parts for v in p[1]] + ([] if len(parts) == 1 else [n])
        with connection.cursor() as cursor:
            # one backend, no parallel plan (begin()): UNION ALL runs its branches in order, stops at the
            # LIMIT; outer's own placeholders follow the union's
            cursor.execute(self.outer.format(sql), [*values, *self.outer_params])
            return cursor.fetchall()


class _Postgres(_Backend):
    source = "search_searchentry e"
    where = "e.search_vector @@ to_tsquery('simple', %s)"

    @staticmethod
    def _term(token: str, prefix: bool) -> str:
        return f"'{token}':*" if prefix else f"'{token}'"

    def match(self, parsed, any_word):
        groups = []
        for group in parsed.groups:
            alts = [" & ".join(self._term(t, parsed.prefix) for t in alt) for alt in group]
            groups.append("(" + " | ".join(f"({a})" for a in alts) + ")")
        return (" | " if any_word else " & ").join(groups)

    def relevance(self, today: int) -> tuple[str, list]:
        return ("ts_rank('{0.1, 0.2, 0.4, 1.0}', e.search_vector, to_tsquery('simple', %s)) * e.boost * "
                "(1.0 / (1.0 + GREATEST(0, %s - COALESCE(e.pub_day, %s)) / 1825.0))", [today, today])

    def __init__(self):
        self._top: int | None = None
        self._density: dict[str, float] = {}  # matches per window seen so far in this search, by vector

    def begin(self) -> None:
        """Inside the search's transaction: plan settings and the newest window, in one round trip."""
        with connection.cursor() as cursor:
            # a full-text match is always answered from the GIN index: with a LIMIT and an over-estimated
            # match count the planner otherwise picks a sequential scan that reads every vector — 618 ms
            # at 200k for a word that matches nothing (docs/decisions/0606)
            cursor.execute("SELECT set_config('enable_seqscan', 'off', true), "
                           "set_config('max_parallel_workers_per_gather', '0', true), MAX(id) FROM search_searchentry")
            self._top = (cursor.fetchone()[2] or 0) // WINDOW_IDS

    def _newest_windows(self, span: int) -> str:
        """The tsquery of the newest `span` windows ("" when they cover every entry)."""
        if self._top is None:
            self.begin()
        if span > self._top:
            return ""
        return _windows(self._top - span + 1, self._top)

    def _windowed(self, columns: str, match: str, *, vector: str, where: str, params, limit: int, newest: bool,
                  outer: str = "{}", outer_params: tuple = ()) -> list:
        """`columns` of up to `limit` matches, the newest windows first (docs/decisions/1703).

        GIN returns every match before any ORDER BY/LIMIT, and each match is a heap visit: "the newest 300"
        of a common word visited thousands of rows (225 ms at 200k). Every vector carries the lexeme
        `#<id // WINDOW_IDS>` (migration 0008), so GIN can be asked for the matches in a few windows only
        (their rows stay in the buffer cache). But merging window posting lists costs about as much as their
        entries (16 windows: about 7 ms of GIN at 1M for a five-word title match), so windows are asked for
        only as far as the density of matches says they will fill `limit`:
        - density unknown (the search's first read, the count sample): the newest `FIRST_WINDOWS`; if they
          fall short, the next few windows that their density says suffice, then older entries — or older
          entries straight away when even `MAX_WINDOWS` would not suffice;
        - density known: that many windows, then older entries, in one statement (UNION ALL runs the second
          branch only if the first gave fewer than `limit`); sparse matches (more than `MAX_WINDOWS` needed)
          are few in all, so they are read without windows.
        `outer` may wrap each statement's rows (as `chosen`); rows come back without the branch number.
        """
        if self._top is None:
            self.begin()
        top = self._top
        read = _WindowRead(columns, match, vector=vector, where=where, params=params, newest=newest, outer=outer,
                           outer_params=outer_params)
        # title matches are fewer than matches anywhere: about a third of them in the benchmark corpus
        density = self._density.get(vector) or self._density.get("search_vector", 0) / 3
        span = min(MAX_WINDOWS, math.ceil(limit * 1.5 / density)) if density else FIRST_WINDOWS
        if span > top or (density and limit / density > MAX_WINDOWS):
            found = read.run([read.everywhere(limit)], limit)
        elif density:
            found = read.run([read.windows(top - span + 1, top, limit), read.older(top - span + 1, limit)], limit)
            self._learn(vector, found, span)
        else:
            low = top - FIRST_WINDOWS + 1
            found = read.run([read.windows(low, top, limit)], limit)
            self._learn(vector, found, FIRST_WINDOWS)
            if len(found) < limit:
                found += self._below_first(read, low, limit - len(found), seen=len(found) / FIRST_WINDOWS)
        return [row[1:] for row in found]

    @staticmethod
    def _below_first(read: _WindowRead, low: int, rest: int, *, seen: float) -> list:
        """The rest of a first read: the next windows if the first ones' density says a few suffice, else
        (or after them) the entries below."""
        if not seen or rest / seen > MAX_WINDOWS - FIRST_WINDOWS:
            return read.run([read.older(low, rest)], rest)
        more = min(MAX_WINDOWS - FIRST_WINDOWS, math.ceil(rest * 1.5 / seen))
        if more >= low:
            return read.run([read.windows(0, low - 1, rest)], rest)
        return read.run([read.windows(low - more, low - 1, rest), read.older(low - more, rest)], rest)

    def _learn(self, vector: str, found: list, span: int) -> None:
        in_window = sum(1 for row in found if row[0] == 0)
        if in_window:
            self._density[vector] = in_window / span

    def rows(self, columns: str, match: str, *, title_only: bool = False, where: str = "", params=(),
             limit: int, newest: bool = True) -> list[tuple]:
        """`columns` of up to `limit` matches passing `where`, the newest first (docs/decisions/1703).

        With `newest=False` the rows are any `limit` matches, those of the newest windows first (a count
        or a sample: no sort, each scan stops at the limit).
        """
        return self._windowed(columns, match, vector="title_vector" if title_only else "search_vector",
                              where=where, params=params, limit=limit, newest=newest)

    def exist_each(self, matches: list[str]) -> list[bool]:
        """Whether each match finds anything, in one round trip: the newest windows first, then everywhere."""
        window = self._newest_windows(FIRST_WINDOWS)
        parts, params = [], []
        for match in matches:
            anywhere = "EXISTS (SELECT 1 FROM search_searchentry e WHERE e.search_vector @@ to_tsquery('simple', %s))"
            if window:
                parts.append("(EXISTS (SELECT 1 FROM search_searchentry e WHERE e.search_vector @@ "
                             f"(to_tsquery('simple', %s) && %s::tsquery)) OR {anywhere})")
                params += [match, window, match]
            else:
                parts.append(anywhere)
                params.append(match)
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            return list(cursor.fetchone())

    def newest(self, match: str, *, title_only: bool, where: str, params: list, limit: int) -> list[tuple]:
        """The same bounded set as on SQLite (0606): the newest matches by id, ts_rank on those only.

        ts_rank reads the whole (TOASTed) vector, so it is computed for the ≤ `limit` rows chosen only.
        """
        outer = ("WITH chosen AS ({}) SELECT c.tier, r.id, ts_rank('{{0.1, 0.2, 0.4, 1.0}}', r.search_vector, "
                 "to_tsquery('simple', %s)), r.boost, r.pub_day FROM chosen c JOIN search_searchentry r ON r.id = c.id")
        return self._windowed("e.id", match, vector="title_vector" if title_only else "search_vector", where=where,
                              params=params, limit=limit, newest=True, outer=outer, outer_params=(match,))


def backend() -> _Backend:
    return _Postgres() if connection.vendor == "postgresql" else _SQLite()


# --- filters -------------------------------------------------------------------------------------------

@dataclass
class Filters:
    kind: str = ""
    units: set[int] | None = None  # site restriction: publishing units allowed (None = all)
    publisher: str | None = None  # the 发布机构 a hit shows (署名, or the unit's name)
    year: int | None = None
    validity: str = ""

    def sql(self, *, skip: str = "") -> tuple[str, list]:
        parts, params = [], []
        if self.kind and skip != "kind":
            parts.append("e.kind = %s")
            params.append(self.kind)
        if self.units is not None:
            ids = sorted(self.units) or [0]
            parts.append("e.unit_id IN (" + ",".join(["%s"] * len(ids)) + ")")
            params += ids
        if self.publisher is not None and skip != "publisher":
            parts.append("e.publisher = %s")
            params.append(self.publisher)
        if self.year is not None and skip != "year":
            parts.append("e.year = %s")
            params.append(self.year)
        if self.validity and skip != "validity":
            parts.append("e.validity = %s")
            params.append(self.validity)
        return "".join(f" AND {p}" for p in parts), params

    def accepts(self, kind, publisher, year, validity, *, skip: str = "", unit_id=None) -> bool:
        """Whether a match passes; `unit_id` is checked against the site only when given (sampled rows are
        already restricted to the site in SQL)."""
        return ((not self.kind or skip == "kind" or kind == self.kind)
                and (self.units is None or unit_id is None or unit_id in self.units)
                and (self.publisher is None or skip == "publisher" or publisher == self.publisher)
                and (self.year is None or skip == "year" or year == self.year)
                and (not self.validity or skip == "validity" or validity == self.validity))


def make_filters(*, type: str = "", site: str = "", publisher: str = "", year: str = "", validity: str = "") -> Filters:
    """Lenient: an unknown value filters nothing rather than failing the search."""
    from zhengwu.core.params import ascii_id
    from zhengwu.org.models import Unit

    f = Filters()
    if type in Kind.values:
        f.kind = type
    if validity in VALIDITY_LABELS:
        f.validity = validity
    year_number = ascii_id(year)
    if year_number is not None and 1900 < year_number < 2200:
        f.year = year_number
    if publisher:
        publisher_id = ascii_id(publisher)
        unit = Unit.objects.filter(pk=publisher_id).first() if publisher_id is not None else \
            Unit.objects.filter(code=str(publisher)[:50]).first()
        # a unit (id or code, as unit pages link) means the hits that show its name; else the name itself
        f.publisher = unit.name if unit else str(publisher).strip()[:100]
    if site:
        f.units = site_units(site)
    return f


def site_units(site: str) -> set[int] | None:
    """集约化: a department or township site shows its own unit's (and sub-units') information."""
    from wagtail.models import Site

    from zhengwu.core.params import ascii_id, is_hostname
    from zhengwu.org.models import SiteProfile

    site_id = ascii_id(site)
    if site_id is not None:
        found = Site.objects.filter(pk=site_id).first()
    elif is_hostname(site):
        found = Site.objects.filter(hostname=str(site).strip()).first()
    else:
        return None
    if found is None:
        return None
    profile = SiteProfile.objects.filter(site=found).select_related("unit").first()
    if profile is None or profile.kind == SiteProfile.Kind.PORTAL:
        return None
    return profile.unit.descendant_ids()


# --- results -------------------------------------------------------------------------------------------

@dataclass
class Hit:
    type: str
    title: str
    url: str
    document_number: str
    snippet: str
    published_date: dt.date | None
    validity: str
    validity_label: str
    type_label: str
    publisher: str
    title_html: str
    pinned: bool = False

    def as_dict(self) -> dict:
        return {"type": self.type, "title": self.title, "url": self.url, "document_number": self.document_number,
                "snippet": self.snippet, "published_date": self.published_date, "validity": self.validity,
                "validity_label": self.validity_label, "type_label": self.type_label, "publisher": self.publisher,
                "title_html": self.title_html, "pinned": self.pinned}


@dataclass
class Result:
    query: str
    count: int = 0
    count_is_estimate: bool = False
    items: list[Hit] = field(default_factory=list)
    page: int = 1
    pages: int = 0
    relaxed: bool = False
    facets: dict = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # query words that found nothing and were left out
    facets_are_sample: bool = False  # facet counts taken from the first count_cap() matches only


def search(q: str, *, filters: Filters | None = None, page: int = 1, facets: bool = True,
           size: int | None = None) -> Result:
    be = backend()
    if not isinstance(be, _Postgres):
        return _search(be, q, filters=filters, page=page, facets=facets, size=size)
    with transaction.atomic():
        be.begin()
        return _search(be, q, filters=filters, page=page, facets=facets, size=size)


def _search(be: _Backend, q: str, *, filters: Filters | None, page: int, facets: bool, size: int | None) -> Result:
    filters = filters or Filters()
    size = size or page_size()
    page = max(1, min(int(page or 1), 1000))
    parsed = parse_query(q)
    result = Result(query=parsed.raw, page=page, words=[g[0][0] for g in parsed.groups])
    if parsed.empty:
        if parsed.raw:
            _suggest(be, result, parsed)
        return result
    pinned = _pinned(parsed, filters)
    pinned_ids = [e.pk for e in pinned]
    exclude_sql = ""
    if pinned_ids:
        exclude_sql = " AND e.id NOT IN (" + ",".join(["%s"] * len(pinned_ids)) + ")"

    match = ""
    capped = False
    rows: list = []
    for query, any_word, missing in _attempts(be, parsed) if parsed.groups else ():
        match = be.match(query, any_word)
        rows, capped = _sample(be, match, filters, exclude_sql, pinned_ids)
        if rows or pinned:
            result.relaxed = any_word or bool(missing)
            result.missing = missing
            parsed = query
            break
    groups_rows = list(rows)
    for e in pinned:
        groups_rows.append((e.kind, e.publisher, e.year, e.validity, 1))
    result.count = sum(n for k, u, y, v, n in groups_rows if filters.accepts(k, u, y, v))
    result.facets_are_sample = capped
    if capped and filters.sql()[0]:
        # the sample holds only part of a filtered set: count the filtered matches themselves, up to the cap
        counted = _capped_count(be, match, filters, exclude_sql, pinned_ids)
        capped = counted > count_cap()
        result.count = min(counted, count_cap()) + len(pinned)
    result.count_is_estimate = capped
    if facets:
        result.facets = _facets(groups_rows, filters)
    result.pages = (result.count + size - 1) // size
    if result.count == 0:
        _suggest(be, result, parsed)
        return result

    shown_pinned = pinned if page == 1 else []
    offset = max(0, (page - 1) * size - len(pinned))
    limit = size - len(shown_pinned)
    ids: list[int] = []
    if limit > 0 and match:
        today = day_number(timezone.localdate())
        ranked = _ranked_candidates(be, match, today, filters, exclude_sql, pinned_ids,
                                    need=offset + limit) if capped else None
        if ranked is not None and offset + limit <= len(ranked):
            ids = ranked[offset:offset + limit]
        else:
            ids = _ranked_exactly(be, match, today, filters, exclude_sql, pinned_ids, limit, offset)
    # the tokens are only for the index (and TOASTed on PostgreSQL): not read for the page
    entries = {e.pk: e for e in SearchEntry.objects.filter(pk__in=ids).defer("title_tokens", "body_tokens")}
    terms = parsed.highlight_terms
    result.items = [_hit(e, terms, pinned=True) for e in shown_pinned]
    result.items += [_hit(entries[i], terms) for i in ids if i in entries]
    return result


def _attempts(be, parsed: ParsedQuery):
    """Ever looser readings of the query, tried in order until one matches; yields (query, any word, missing).

    Every word whole → every word or a shorter word inside it → every word that finds something on its
    own (the others are reported as not found: a question's stray word must not empty the result) → any word.
    """
    yield parsed, False, []
    loose = _loosened(parsed)
    if loose:
        yield loose, False, []
    base = loose or parsed
    if len(base.groups) < 2:
        return
    found, missing = [], []
    singles = [be.match(ParsedQuery(raw=parsed.raw, groups=[group], prefix=parsed.prefix), False)
               for group in base.groups]
    for group, exists in zip(base.groups, be.exist_each(singles), strict=True):
        (found if exists else missing).append(group)
    if not found:
        return
    kept = ParsedQuery(raw=parsed.raw, groups=found, prefix=parsed.prefix, doc_keys=parsed.doc_keys,
                       index_numbers=parsed.index_numbers)
    missing_words = [g[0][0] for g in missing]
    if missing:
        yield kept, False, missing_words
    if len(found) > 1:
        yield kept, True, missing_words


def _pinned(parsed: ParsedQuery, filters: Filters) -> list[SearchEntry]:
    """Records whose 索引号 or 文号 the query is or contains, first (a 索引号 names exactly one record)."""
    out: list[SearchEntry] = []
    if parsed.index_numbers:
        from zhengwu.disclosure.models import Record

        # only public records are indexed, so an entry found here is public
        ids = list(Record.objects.filter(index_number__in=parsed.index_numbers).values_list("pk", flat=True))
        out += [e for e in SearchEntry.objects.filter(kind=Kind.RECORD, object_id__in=ids)
                if filters.accepts(e.kind, e.publisher, e.year, e.validity, unit_id=e.unit_id)]
    for candidates in parsed.doc_keys:
        for key in candidates:
            found = [e for e in SearchEntry.objects.filter(kind=Kind.RECORD, document_number_key=key)
                     if filters.accepts(e.kind, e.publisher, e.year, e.validity, unit_id=e.unit_id)
                     and e not in out]
            if found:
                found.sort(key=lambda e: (-e.boost, -(e.pub_day or 0)))
                out += found
                break
    return out


def _sample(be, match, filters: Filters, exclude_sql: str, pinned_ids: list[int]) -> tuple[list, bool]:
    """Matches per (kind, publisher, year, validity) within the site: one pass gives the count and every facet.

    Only `count_cap()` + 1 matches are read — among the newest, where the window (1703) finds them — so a
    common word costs the same as a rare one; the flag says whether there were more (then counts and facets
    are taken from those matches).
    """
    site_sql, site_params = Filters(units=filters.units).sql()
    cap = count_cap()
    found = be.rows("e.kind, e.publisher, e.year, e.validity", match, where=site_sql + exclude_sql,
                    params=[*site_params, *pinned_ids], limit=cap + 1, newest=False)
    capped = len(found) > cap
    counts = Counter(tuple(row) for row in found[:cap])
    return [(*key, n) for key, n in counts.items()], capped


def _capped_count(be, match, filters: Filters, exclude_sql: str, pinned_ids: list[int]) -> int:
    """Matches passing every filter, counted up to the cap + 1."""
    filter_sql, filter_params = filters.sql()
    return len(be.rows("1", match, where=filter_sql + exclude_sql, params=[*filter_params, *pinned_ids],
                       limit=count_cap() + 1, newest=False))


def _ranked_candidates(be, match, today: int, filters: Filters, exclude_sql: str,
                       pinned_ids: list[int], need: int = 0) -> list[int] | None:
    """Above the cap: rank a bounded set instead of every match (docs/decisions/0606).

    The set is the newest `candidates()` title matches, topped up (if the title gives fewer) with the
    newest `top_up()` matches anywhere, or as many as the requested page needs; text score × validity/kind
    boost × recency orders it. None if the set is partial and cannot fill the page: the caller then ranks
    every match. The set is complete when every match fits in it.
    """
    k = candidates()
    filter_sql, filter_params = filters.sql()
    where, params = filter_sql + exclude_sql, [*filter_params, *pinned_ids]
    rows = be.newest(match, title_only=True, where=where, params=params, limit=k)
    complete = False
    if len(rows) < k:
        seen = {r[0] for r in rows}
        wanted = min(k, max(top_up(), need) + len(rows))
        more = be.newest(match, title_only=False, where=where, params=params, limit=wanted)
        complete = len(more) < wanted
        rows += [r for r in more if r[0] not in seen][: k - len(rows)]
    scored = sorted(((_score(text, boost, day, today), i) for i, text, boost, day in rows), reverse=True)
    ids = [i for _, i in scored]
    return ids if complete or len(ids) >= need else None


def _score(text_score, boost, pub_day, today: int) -> float:
    """relevance = text score × boost × recency, the same formula as `relevance()` in SQL."""
    age = max(0, today - (pub_day if pub_day is not None else today))
    return float(text_score or 0) * float(boost) * (1.0 / (1.0 + age / 1825.0))


def _ranked_exactly(be, match, today: int, filters: Filters, exclude_sql: str, pinned_ids: list[int],
                    limit: int, offset: int) -> list[int]:
    rel_sql, rel_params = be.relevance(today)
    filter_sql, filter_params = filters.sql()
    params = ([match] if isinstance(be, _Postgres) else []) + rel_params + [match] + filter_params + \
        pinned_ids + [limit, offset]
    sql = (f"SELECT e.id, {rel_sql} AS score FROM {be.source} WHERE {be.where}{filter_sql}{exclude_sql} "
           "ORDER BY score DESC, e.id DESC LIMIT %s OFFSET %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _facets(rows, filters: Filters) -> dict:
    dims = {"type": 0, "publisher": 1, "year": 2, "validity": 3}
    skip_names = {"type": "kind", "publisher": "publisher", "year": "year", "validity": "validity"}
    counts: dict[str, Counter] = {name: Counter() for name in dims}
    for row in rows:
        for name, idx in dims.items():
            if row[idx] in (None, "") or not filters.accepts(*row[:4], skip=skip_names[name]):
                continue
            counts[name][row[idx]] += row[4]
    kind_labels = dict(Kind.choices)
    return {
        "type": [{"value": k, "label": kind_labels.get(k, k), "count": n} for k, n in counts["type"].most_common()],
        # the publisher a hit shows, so a facet's count is the number of hits carrying that name
        "publisher": [{"value": p, "label": p, "count": n} for p, n in counts["publisher"].most_common(15)],
        "year": [{"value": str(y), "label": f"{y}年", "count": n}
                 for y, n in sorted(counts["year"].items(), reverse=True)],
        "validity": [{"value": v, "label": VALIDITY_LABELS.get(v, v), "count": n}
                     for v, n in counts["validity"].most_common()],
    }


def _hit(e: SearchEntry, terms: list[str], pinned: bool = False) -> Hit:
    published = timezone.localtime(e.published_at).date() if e.published_at else None
    return Hit(type=e.kind, title=e.title, url=e.url, document_number=e.document_number,
               snippet=snippet(e.text, terms), published_date=published, validity=e.validity,
               validity_label=VALIDITY_LABELS.get(e.validity, ""), type_label=Kind(e.kind).label,
               publisher=e.publisher, title_html=highlight(e.title, terms), pinned=pinned)


# --- snippets ------------------------------------------------------------------------------------------

def _display_norm(text: str) -> str:
    """Lower-case 简体 form of `text` with the same length, or "" if conversion changed the length."""
    norm = segment.to_simplified(text).lower()
    return norm if len(norm) == len(text) else ""


def highlight(text: str, terms: list[str]) -> str:
    """HTML-escaped `text` with every query term wrapped in <mark>."""
    text = text or ""
    norm = _display_norm(text)
    if not norm or not terms:
        return escape(text)
    pattern = re.compile("|".join(_written_pattern(t) for t in terms if t))
    out, last = [], 0
    for m in pattern.finditer(norm):
        out.append(escape(text[last:m.start()]))
        out.append(f"<mark>{escape(text[m.start():m.end()])}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _written_pattern(term: str) -> str:
    """A term as it may be written: a phrase also with marks inside (双随机一公开 ↔ “双随机、一公开”)."""
    if len(term) < segment.JOINED_PHRASE_MIN_CHARS:
        return re.escape(term)
    return segment.JOINER_CLASS.join(re.escape(ch) for ch in term)


def snippet(text: str, terms: list[str], width: int = 110) -> str:
    """A window of the text around the first query term, escaped, terms highlighted."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return ""
    norm = _display_norm(text) or text.lower()
    first = min((p for p in (norm.find(t) for t in terms if t) if p >= 0), default=0)
    start = max(0, first - 30)
    window = text[start:start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return prefix + highlight(window, terms) + suffix


# --- suggestions ---------------------------------------------------------------------------------------

def hot_terms() -> list[str]:
    return list(getattr(settings, "ZHENGWU_SEARCH_HOT_TERMS",
                        ["政务公开工作要点", "社会保险", "住房公积金", "一件事一次办", "政府信息公开年度报告", "办事指南"]))


def _suggest(be: _Backend, result: Result, parsed: ParsedQuery) -> None:
    """Nothing matched: offer the words that do find something, and related searches."""
    tried: dict[str, str] = {}
    for group in parsed.groups:
        for alt in group:
            word = "".join(alt)
            if word not in tried:
                tried[word] = be.match(ParsedQuery(raw=word, groups=[[alt]], prefix=parsed.prefix), False)
    if tried:
        result.suggestions += [w for w, ok in zip(tried, be.exist_each(list(tried.values())), strict=True) if ok]
    from .models import DictionaryTerm

    chars = {c for c in parsed.raw if "\u4e00" <= c <= "\u9fff"}
    related = []
    if chars:
        for word in DictionaryTerm.objects.values_list("word", flat=True):
            if chars & set(word) and word not in result.suggestions:
                related.append(word)
    result.related = (related[:6] or hot_terms())[:6]
