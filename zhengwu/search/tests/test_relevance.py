"""Ranking quality floor over the demo data (judged set in data/relevance.json): a ranking change that
loses relevance fails here. Loads the demo county once (without the other apps' hooks)."""
import pytest

from zhengwu.search import relevance

pytestmark = pytest.mark.django_db

MRR_FLOOR = 0.95
NDCG_FLOOR = 0.9


def test_relevance_floor_over_demo_data():
    from zhengwu.importer.demo import load
    from zhengwu.org.models import Unit
    from zhengwu.search import demo

    built = load(hooks=False)
    demo.load_demo(government=built.government, units=list(Unit.objects.all()), today=built.today)
    result = relevance.score()
    assert result["queries"] >= 50, result["skipped"]
    assert result["mrr"] >= MRR_FLOOR, result["per_query"]
    assert result["ndcg10"] >= NDCG_FLOOR, result["per_query"]


def test_short_names_and_phrases_written_with_marks_find_their_records_first():
    """县政府 finds 示范县人民政府…, 双随机一公开 finds the records titled “双随机、一公开” (issue 5)."""
    from zhengwu.importer.demo import load
    from zhengwu.org.models import Unit
    from zhengwu.search import demo, engine

    built = load(hooks=False)
    demo.load_demo(government=built.government, units=list(Unit.objects.all()), today=built.today)
    rows = {row["q"]: row for row in relevance.score()["per_query"]}
    for query in ("县政府领导分工", "双随机一公开"):
        assert rows[query]["rr"] == 1.0, rows[query]
        assert engine.search(query, facets=False).relaxed is False, query
