"""Behaviour above the count cap (docs/decisions/0604, 0606) and query relaxation, on both databases."""
import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.disclosure.tests.factories import make_published
from zhengwu.search import engine, indexer
from zhengwu.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def when(year, month=6, day=1):
    return timezone.make_aware(dt.datetime(year, month, day, 9, 0))


@pytest.fixture
def small_cap(settings):
    settings.ZHENGWU_SEARCH_COUNT_CAP = 3
    settings.ZHENGWU_SEARCH_CANDIDATES = 4
    settings.ZHENGWU_SEARCH_PAGE_SIZE = 3
    return settings


def test_above_the_cap_title_matches_come_before_newer_body_only_matches(county, small_cap):
    titled = make_published(county.office, title="关于河道采砂管理的通知", published_at=when(2016),
                            body="<p>规范采砂秩序。</p>")
    for i in range(5):
        make_published(county.office, title=f"关于水利工程建设的通知（{i}）", published_at=when(2024, 1 + i),
                       body="<p>工程建设中应同时做好河道采砂管理。</p>")
    result = engine.search("河道采砂管理")
    assert result.count_is_estimate is True
    assert result.items[0].title == titled.title  # ten-fold title weight outweighs eight years of age
    assert len(result.items) == 3


def test_above_the_cap_the_newest_title_matches_form_the_candidate_set(county, small_cap):
    old = [make_published(county.office, title=f"关于秸秆禁烧工作的通知（{y}年）", published_at=when(y))
           for y in range(2010, 2014)]
    new = [make_published(county.office, title=f"关于秸秆禁烧工作的通知（{y}年）", published_at=when(y))
           for y in range(2020, 2024)]
    result = engine.search("秸秆禁烧")
    assert result.count_is_estimate is True
    assert [h.title for h in result.items] == [r.title for r in reversed(new)][:3]
    be = engine.backend()
    match = be.match(engine.parse_query("秸秆禁烧"), False)
    today = indexer.day_number(timezone.localdate())
    entry_of = dict(SearchEntry.objects.filter(kind="record").values_list("object_id", "id"))
    ranked = engine._ranked_candidates(be, match, today, engine.Filters(), "", [])
    assert ranked == [entry_of[r.pk] for r in reversed(new)]  # the 4 newest only, best first
    # page 2 reaches beyond the candidate set: every match is ranked exactly
    second = engine.search("秸秆禁烧", page=2)
    assert [h.title for h in second.items] == [new[0].title, old[3].title, old[2].title]


def test_above_the_cap_a_filtered_count_is_exact_below_the_cap_and_a_lower_bound_above(county, small_cap):
    for y in range(2015, 2021):
        make_published(county.office, title=f"关于森林防火的通告（{y}）", published_at=when(y))
    make_published(county.department, title="关于森林防火宣传的通知", published_at=when(2019))
    one = engine.search("森林防火", filters=engine.make_filters(publisher=str(county.department.pk)))
    assert (one.count, one.count_is_estimate, len(one.items)) == (1, False, 1)
    assert one.facets_are_sample is True
    many = engine.search("森林防火", filters=engine.make_filters(publisher=str(county.office.pk)))
    assert (many.count, many.count_is_estimate) == (3, True)
    assert [h.title for h in many.items] == ["关于森林防火的通告（2020）", "关于森林防火的通告（2019）",
                                             "关于森林防火的通告（2018）"]


def test_a_query_word_that_finds_nothing_is_left_out_and_named(county, client):
    record = make_published(county.office, title="关于食品安全专项整治的通知", body="<p>发现问题及时整改。</p>")
    make_published(county.office, title="关于问题线索移交的通知", body="<p>移交办法。</p>")
    result = engine.search("食品安全问题怎么投诉")
    assert result.missing == ["投诉"]
    assert result.relaxed is True
    assert [h.title for h in result.items] == [record.title]  # both remaining words, not any of them
    page = client.get("/search/", {"q": "食品安全问题怎么投诉"})
    assert "没有找到含“投诉”的内容" in page.content.decode()
    api = client.get("/api/v1/search", {"q": "食品安全问题怎么投诉"}).json()
    assert api["missing_words"] == ["投诉"] and api["relaxed"] is True


def test_words_that_each_match_but_never_together_fall_back_to_any_word(county):
    a = make_published(county.office, title="关于殡葬改革的通知")
    b = make_published(county.office, title="关于婚姻登记的通知")
    result = engine.search("殡葬改革 婚姻登记")
    assert result.relaxed is True and result.missing == []
    assert {h.title for h in result.items} == {a.title, b.title}


def test_reindex_numbers_entries_in_publication_order(county):
    late = make_published(county.office, title="关于公交线路调整的通告（二）", published_at=when(2024))
    early = make_published(county.office, title="关于公交线路调整的通告（一）", published_at=when(2012))
    assert late.pk < early.pk
    indexer.reindex()
    ids = dict(SearchEntry.objects.filter(kind="record").values_list("object_id", "id"))
    assert ids[early.pk] < ids[late.pk]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_optimize_after_a_reindex_runs_outside_and_inside_a_transaction(county):
    from django.db import transaction

    record = make_published(county.office, title="关于地质灾害隐患排查的通知")
    indexer.reindex()
    indexer.optimize()  # autocommit: VACUUM (ANALYZE) on PostgreSQL, FTS5 optimize on SQLite
    with transaction.atomic():
        indexer.optimize()  # inside a transaction VACUUM is impossible: GIN pending lists are merged instead
    assert [h.title for h in engine.search("地质灾害").items] == [record.title]


BASE = 1_000_000  # above the fixture's entries; windows of 4096 ids on PostgreSQL


def _entry(pk, title, body="正文"):
    from zhengwu.search import segment

    return SearchEntry.objects.create(
        id=BASE + pk, kind="record", object_id=pk, title=title, url=f"/r/{pk}/", title_tokens=segment.index_tokens(title),
        body_tokens=segment.index_tokens(body), pub_day=20000, validity="valid", boost=1.0)


def test_the_newest_matches_are_found_across_id_windows(county):
    """PostgreSQL looks in the newest id windows first (1703): whatever the spread, the set is the newest."""
    matching = [7, 4100, 9000, 20000, 20001, 50000, 81919, 81920, 99999]
    for pk in matching:
        _entry(pk, f"关于秸秆禁烧工作的通知（{pk}）")
    for pk in (3, 60000, 99998, 100000):
        _entry(pk, "关于道路运输管理的通知", body="道路运输")
    _entry(70000, "关于道路运输管理的通知", body="秸秆禁烧")  # a body-only match
    be = engine.backend()
    if hasattr(be, "begin"):
        be.begin()
    match = be.match(engine.parse_query("秸秆禁烧"), False)
    for limit in (1, 4, 6, 20):
        got = [row[0] for row in be.newest(match, title_only=True, where="", params=[], limit=limit)]
        assert sorted(got, reverse=True) == [BASE + pk for pk in sorted(matching, reverse=True)[:limit]]
    anywhere = [row[0] for row in be.newest(match, title_only=False, where="", params=[], limit=4)]
    assert sorted(anywhere, reverse=True) == [BASE + pk for pk in (99999, 81920, 81919, 70000)]
    assert len(be.rows("1", match, limit=5, newest=False)) == 5
    assert len(be.rows("1", match, limit=50, newest=False)) == 10
    absent = be.match(engine.parse_query("殡葬改革"), False)
    assert be.exist_each([match, absent]) == [True, False]


def test_every_way_through_the_windows_gives_the_newest_matches_once(county, monkeypatch):
    """The newest windows, then the next few that their density says suffice, then the rest; or no windows for
    sparse matches (1703): for any limit, with the density unknown or learned, the set is the newest, no row
    twice, none missed."""
    from django.db import connection

    shapes = set()
    if connection.vendor == "postgresql":
        real = engine._WindowRead.run

        def run(self, parts, n):
            shapes.add(tuple("windows" if "::tsquery" in sql else "older" if "< %s" in sql else "everywhere"
                             for sql, _ in parts))
            return real(self, parts, n)

        monkeypatch.setattr(engine._WindowRead, "run", run)
    per_window = {270: 6, 269: 3, 267: 2, 265: 1, 262: 4, 261: 1, 258: 2, 250: 3, 246: 1}
    ids = [w * 4096 + 7 * k + 1 for w, n in per_window.items() for k in range(n)]
    for i in ids:
        _entry(i - BASE, f"关于秸秆禁烧工作的通知（{i}）")
    _entry(270 * 4096 + 100 - BASE, "关于道路运输管理的通知", body="道路运输")
    _entry(271 * 4096 - BASE, "关于道路运输管理的通知")  # the newest window holds no match
    newest_first = sorted(ids, reverse=True)
    for limit in (1, 5, 6, 9, 10, 12, 15, 20, 23, 40):
        for learned in (False, True):
            be = engine.backend()
            match = be.match(engine.parse_query("秸秆禁烧"), False)
            if learned:  # a sample read first, as a search does
                be.rows("1", match, limit=8, newest=False)
            got = [row[0] for row in be.newest(match, title_only=True, where="", params=[], limit=limit)]
            assert sorted(got, reverse=True) == newest_first[:limit], (limit, learned)
            sample = [row[0] for row in be.rows("e.id", match, limit=limit, newest=False)]
            assert len(sample) == len(set(sample)) == min(limit, len(ids)), (limit, learned, sample)
    if connection.vendor == "postgresql":  # each way was taken
        assert {("windows",), ("windows", "older"), ("older",), ("everywhere",)} <= shapes, shapes


def test_the_window_lexeme_changes_neither_matching_nor_rank(county):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's tsvector columns")
    _entry(41000, "关于秸秆禁烧工作的通知", body="秸秆禁烧 秸秆 综合利用")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector @@ '#254'::tsquery, title_vector @@ '#254'::tsquery, "
            "ts_rank('{0.1, 0.2, 0.4, 1.0}', search_vector, q), ts_rank('{0.1, 0.2, 0.4, 1.0}', "
            "setweight(to_tsvector('simple', title_tokens), 'A') || setweight(to_tsvector('simple', body_tokens), 'D'), q) "
            "FROM search_searchentry, to_tsquery('simple', '秸秆') q WHERE id = %s", [BASE + 41000])
        in_window, title_in_window, rank, plain_rank = cursor.fetchone()
    assert in_window and title_in_window
    assert rank == plain_rank > 0
