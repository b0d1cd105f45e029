"""The demo county's 互动交流: every channel, kind, state and outcome, overdue ones, one re-handled message,
three consultations (open, closed with feedback, shortened with a reason), an interview and 找错 reports."""
import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.interaction.demo import load_demo
from zhengwu.interaction.models import Channel, Consultation, Interview, Kind, Message, Satisfaction, Status


@pytest.mark.django_db
def test_demo_year(county):
    today = timezone.localdate()
    units = [county.government, county.office, county.department, county.other_department, county.township]
    load_demo(government=county.government, units=units, today=today)
    msgs = Message.objects.all()
    assert {m.channel for m in msgs} == set(Channel.values)
    assert {m.kind for m in msgs} == set(Kind.values)
    assert {m.status for m in msgs} == set(Status.values)
    assert {m.satisfaction for m in msgs} >= set(Satisfaction.values)
    assert msgs.filter(rehandle_count=1, satisfaction="satisfied").exists()
    assert Message.objects.overdue(today).exists()
    assert msgs.filter(extension_days__gt=0).exists() and msgs.filter(supervised=True).exists()
    assert Message.objects.public().count() >= 20
    assert min(m.received_date for m in msgs) <= today - dt.timedelta(days=360)
    cs = Consultation.objects.all()
    assert cs.count() == 3
    assert any(c.is_open(today) for c in cs) and cs.filter(feedback__gt="").count() == 2
    assert cs.exclude(shortened_reason="").count() == 1
    assert Interview.objects.filter(transcript_published=True).exists()
    before = msgs.count()
    load_demo(government=county.government, units=units, today=today)
    assert Message.objects.count() == before
