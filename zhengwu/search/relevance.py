"""Relevance of the ranking over the demo data: MRR and nDCG@10 of the judged set in data/relevance.json.

Grades: the first expected result 2, the others 1. A query whose expected records are missing from the
database (e.g. a seed file not imported) is reported and left out of the means.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

from zhengwu.disclosure import doc_number
from zhengwu.disclosure.models import Record

from . import engine
from .models import QAPair, SearchEntry

JUDGED = Path(__file__).parent / "data" / "relevance.json"


def judged_set() -> list[dict]:
    return json.loads(JUDGED.read_text(encoding="utf-8"))["queries"]


def resolve(selector: str) -> tuple[str, int] | None:
    """A selector → (kind, object id) of the expected search entry."""
    how, _, value = selector.partition(":")
    if how == "key":
        r = Record.objects.filter(source=f"示范数据：{value}").first()
        return ("record", r.pk) if r else None
    if how == "doc":
        key = doc_number.search_key(value)
        r = Record.objects.filter(document_number_key=key).order_by("-published_at").first() if key else None
        return ("record", r.pk) if r else None
    if how == "qa":
        qa = QAPair.objects.filter(question=value).first()
        return ("qa", qa.pk) if qa else None
    raise ValueError(f"unknown selector {selector!r}")


def _ranked(q: str) -> list[tuple[str, int]]:
    result = engine.search(q, facets=False, size=10)
    by_url = {(e.url): (e.kind, e.object_id) for e in SearchEntry.objects.filter(url__in=[h.url for h in result.items])}
    return [by_url[h.url] for h in result.items if h.url in by_url]


def score() -> dict:
    rows, skipped = [], []
    for item in judged_set():
        expected = [resolve(s) for s in item["expect"]]
        grades = {e: (2 if i == 0 else 1) for i, e in enumerate(expected) if e is not None}
        if not grades:
            skipped.append(item["q"])
            continue
        ranked = _ranked(item["q"])
        rr = next((1.0 / (i + 1) for i, hit in enumerate(ranked) if hit in grades), 0.0)
        dcg = sum(grades.get(hit, 0) / math.log2(i + 2) for i, hit in enumerate(ranked[:10]))
        ideal = sum(g / math.log2(i + 2) for i, g in enumerate(sorted(grades.values(), reverse=True)[:10]))
        rows.append({"q": item["q"], "rr": round(rr, 3), "ndcg10": round(dcg / ideal, 3) if ideal else 0.0})
    n = len(rows)
    return {
        "queries": n,
        "skipped": skipped,
        "mrr": round(sum(r["rr"] for r in rows) / n, 3) if n else 0.0,
        "ndcg10": round(sum(r["ndcg10"] for r in rows) / n, 3) if n else 0.0,
        "per_query": rows,
    }
