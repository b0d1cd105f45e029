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
