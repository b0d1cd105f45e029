"""The services demo: a catalog across units and all seven types, real 情形, a year of 办件, 差评 in every state."""
from __future__ import annotations

import pytest
from django.utils import timezone

from zhengwu.core.dates import local_date
from zhengwu.importer import demo as county_demo
from zhengwu.services import cards, checklist, demo
from zhengwu.services.models import Case, LifeEvent, Rating, Service, ServiceType, ServiceVersion
from zhengwu.workdays.calendar import get_calendar


@pytest.fixture
def loaded(db):
    """The county and the services demo, in the test's own transaction (rolled back: nothing leaks)."""
    built = county_demo.load(hooks=False, seeds=False)
    demo.load_demo(government=built.government, units=[], today=timezone.localdate())
    return built


def test_demo(loaded):
    """One load (it takes seconds), every property checked on it."""
    _catalog_covers_units_and_types()
    _life_events_merge_real_situations()
    _a_year_of_cases_with_overdue_and_every_bad_review_state()
    _second_run_adds_nothing(loaded)


def _catalog_covers_units_and_types():
    services = Service.objects.public()
    assert services.count() >= 60
    assert set(services.values_list("type", flat=True)) == set(ServiceType.values)
    assert services.values("unit").distinct().count() >= 12
    assert not services.filter(type="license", basis_text="").exists()
    assert ServiceVersion.objects.filter(number=2, note="压缩承诺办结时限").exists()


def _life_events_merge_real_situations():
    names = set(LifeEvent.objects.values_list("name", flat=True))
    assert {"开办餐饮店", "新生儿出生", "退休", "惠企政策兑现"} <= names and len(names) >= 5
    event = LifeEvent.objects.get(name="开办餐饮店")
    services, questions = checklist.load(event)
    form = questions[0]
    individual = checklist.merge.merge(services, questions, {form.id: form.options[0].id})
    company = checklist.merge.merge(services, questions, {form.id: form.options[1].id})
    assert "个体工商户设立登记" in [s.name for s in individual.services]
    assert "企业设立登记" in [s.name for s in company.services]
    assert "企业设立登记" not in [s.name for s in individual.services]


def _a_year_of_cases_with_overdue_and_every_bad_review_state():
    today = timezone.localdate()
    cases = Case.objects.filter(number__startswith=demo.CASE_PREFIX)
    assert cases.count() > 500
    oldest = min(cases.values_list("accepted_at", flat=True))
    assert (today - local_date(oldest)).days >= 330
    cal = get_calendar()
    levels = {cards.case_card(c, today, cal).level for c in cases.open().select_related("service")}
    assert {"red", "yellow"} <= levels
    bad_states = set(Rating.objects.bad().values_list("status", flat=True))
    assert bad_states == set(Rating.Status.values) - {""}
    assert any(r.rectify_due < today for r in Rating.objects.filter(status="rectifying"))


def _second_run_adds_nothing(loaded):
    before = (Service.objects.count(), Case.objects.count(), Rating.objects.count(), LifeEvent.objects.count(),
              ServiceVersion.objects.count())
    demo.load_demo(government=loaded.government, units=[], today=timezone.localdate())
    assert (Service.objects.count(), Case.objects.count(), Rating.objects.count(), LifeEvent.objects.count(),
            ServiceVersion.objects.count()) == before
