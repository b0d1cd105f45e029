"""The demo year reaches every outcome, state, appeal kind/result and fee status, and is idempotent."""
from django.utils import timezone

from zhengwu.applications import outcomes
from zhengwu.applications.demo import load_demo
from zhengwu.applications.models import Appeal, Application, Fee, Status


def test_demo_year(county):
    today = timezone.localdate()
    units = [county.office, county.department, county.other_department, county.township]
    load_demo(government=county.government, units=units, today=today)
    year = today.year - 1
    count = Application.objects.count()
    closed = Application.objects.filter(closed_date__year=year)
    assert set(closed.values_list("final_outcome", flat=True)) == set(outcomes.BY_CODE)
    assert Application.objects.filter(received_date__year=year - 1, closed_date__year=year).exists()
    assert Application.objects.filter(received_date__year=year, closed_date__year=year + 1).exists()
    open_states = set(Application.objects.exclude(status=Status.CLOSED).values_list("status", flat=True))
    assert open_states == {s for s in Status.values if s != Status.CLOSED}
    assert {(a.kind, a.result) for a in Appeal.objects.all()} >= {("review", "upheld"), ("review", "pending"),
                                                                  ("litigation_direct", "other")}
    assert set(Fee.objects.values_list("status", flat=True)) == {"paid", "waived", "expired", "notified"}
    from zhengwu.applications.clock import warning_level

    levels = {warning_level(a.due_date, today) for a in Application.objects.exclude(status=Status.CLOSED)}
    assert {"yellow", "red"} <= levels
    load_demo(government=county.government, units=units, today=today)
    assert Application.objects.count() == count
