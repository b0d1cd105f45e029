"""政策问答: find the best published answers for a question, with a confidence the asker can read.

Confidence is how much of the question the answer covers, computed the same way on both databases from
the stored segments: each query word (with its synonyms) found in the Q&A's question counts fully, found
only in the answer counts a quarter as much. Below ZHENGWU_QA_MIN_CONFIDENCE the page says it cannot
answer and offers to forward the question to staff.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from . import engine
from .models import QAPair, SearchEntry


def min_confidence() -> float:
    return float(getattr(settings, "ZHENGWU_QA_MIN_CONFIDENCE", 0.6))


@dataclass
class Answer:
    qa: QAPair
    confidence: float

    def as_dict(self) -> dict:
        from zhengwu.disclosure.models import Record

        sources = [{"title": r.title, "url": r.get_absolute_url(), "document_number": r.document_number,
                    "validity": r.validity}
                   for r in self.qa.sources.all() if r.status == Record.Status.PUBLISHED]
        return {"id": self.qa.pk, "question": self.qa.question, "answer": self.qa.answer,
                "url": self.qa.get_absolute_url(), "unit": self.qa.unit.name, "confidence": self.confidence,
                "sources": sources}


@dataclass
class AskResult:
    question: str
    answers: list[Answer] = field(default_factory=list)
    threshold: float = 0.6

    @property
    def confidence(self) -> float:
        return self.answers[0].confidence if self.answers else 0.0

    @property
    def answered(self) -> bool:
        return bool(self.answers) and self.confidence >= self.threshold


def _covered(group, tokens: set[str]) -> bool:
    return any(all(t in tokens for t in alt) for alt in group)


def confidence(parsed: engine.ParsedQuery, entry: SearchEntry) -> float:
    if not parsed.groups:
        return 0.0
    q_tokens, a_tokens = set(entry.title_tokens.split()), set(entry.body_tokens.split())
    score = 0.0
    for group in parsed.groups:
        if _covered(group, q_tokens):
            score += 1.0
        elif _covered(group, a_tokens):
            score += 0.25
    return round(score / len(parsed.groups), 2)


def ask(question: str, *, limit: int = 3) -> AskResult:
    from .actions import QUESTION_MAX

    result = AskResult(question=(question or "").strip()[:QUESTION_MAX], threshold=min_confidence())
    parsed = engine.parse_query(question)
    if not parsed.groups:
        return result
    found = engine.search(question, filters=engine.Filters(kind=SearchEntry.Kind.QA), facets=False, size=10)
    if not found.items:
        return result
    urls = [h.url for h in found.items]
    entries = {e.url: e for e in SearchEntry.objects.filter(kind=SearchEntry.Kind.QA, url__in=urls)}
    scored = []
    for rank, url in enumerate(urls):
        entry = entries.get(url)
        if entry is not None:
            scored.append((confidence(parsed, entry), -rank, entry.object_id))
    scored.sort(reverse=True)
    pairs = QAPair.objects.filter(pk__in=[oid for _, _, oid in scored], status=QAPair.Status.PUBLISHED)
    pairs = {qa.pk: qa for qa in pairs.select_related("unit").prefetch_related("sources")}
    result.answers = [Answer(pairs[oid], conf) for conf, _, oid in scored[:limit] if oid in pairs]
    return result
