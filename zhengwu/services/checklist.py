"""Load a life event from the database into merge.py's plain shapes (a fixed number of queries)."""
from __future__ import annotations

from django.db.models import Prefetch

from . import merge
from .models import LifeEvent, LifeEventService, Material, Option


def load(life_event: LifeEvent) -> tuple[list[merge.ServiceIn], list[merge.QuestionIn]]:
    entries = (LifeEventService.objects.filter(life_event=life_event).select_related("service__unit")
               .prefetch_related(Prefetch("service__materials", queryset=Material.objects.order_by("order", "id"))))
    services = [
        merge.ServiceIn(
            code=e.service.code, name=e.service.name, always=e.always, location=e.service.location,
            unit=e.service.unit.name, promised_limit_workdays=e.service.promised_limit_workdays,
            materials=tuple(merge.MaterialIn(id=m.pk, name=m.name, necessity=m.necessity, copies=m.copies,
                                             form=m.form, exempt=m.exempt, commitment=m.commitment,
                                             tolerance=m.tolerance) for m in e.service.materials.all()))
        for e in entries if e.service.is_active
    ]
    options = Option.objects.filter(question__life_event=life_event).prefetch_related(
        "include_services", "exclude_services", "include_materials", "exclude_materials").order_by("order", "id")
    by_question: dict[int, list[merge.OptionIn]] = {}
    for o in options:
        by_question.setdefault(o.question_id, []).append(merge.OptionIn(
            id=o.pk, text=o.text,
            include_services=frozenset(s.code for s in o.include_services.all()),
            exclude_services=frozenset(s.code for s in o.exclude_services.all()),
            include_materials=frozenset(m.pk for m in o.include_materials.all()),
            exclude_materials=frozenset(m.pk for m in o.exclude_materials.all())))
    questions = [merge.QuestionIn(id=q.pk, text=q.text, options=tuple(by_question.get(q.pk, ())))
                 for q in life_event.questions.order_by("order", "id")]
    return services, questions


def build(life_event: LifeEvent, answers: dict[int, int]) -> merge.Checklist:
    services, questions = load(life_event)
    return merge.merge(services, questions, answers)
