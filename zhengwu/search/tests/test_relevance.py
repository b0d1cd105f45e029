"""Ranking quality floor over the demo data (judged set in data/relevance.json): a ranking change that
loses relevance fails here. Loads the demo county once (without the other apps' hooks)."""
import pytest

from zhengwu.search import relevance

pytestmark = pytest.mark.django_db

MRR_FLOOR = 0.9
NDCG_FLOOR = 0.85


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
