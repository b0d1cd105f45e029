"""办事指南 in the search index: a query for a service finds its guide before news about it; the index follows the
事项 (a rename, a stop) and a rebuild keeps it."""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.disclosure.tests.factories import make_published
from zhengwu.search import engine, indexer
from zhengwu.search.models import SearchEntry
from zhengwu.services import actions
from zhengwu.services.tests.factories import make_service, material, service_data

pytestmark = pytest.mark.django_db


def hits(q):
    return [(h.type, h.title) for h in engine.search(q).items]


def test_guide_before_news_about_it(county):
    make_published(county.department, title="我县开展食品经营许可专项整治行动",
                   body="<p>县行政审批服务局对食品经营许可办理情况开展专项检查。</p>",
                   published_at=timezone.now() - dt.timedelta(days=2))
    make_published(county.department, title="关于食品经营许可证到期换证的提醒",
                   published_at=timezone.now() - dt.timedelta(days=1))
    guide = make_service(county.department, name="食品经营许可", type="license", basis_text="《中华人民共和国食品安全法》第三十五条",
                 materials=[material("食品经营许可申请书"), material("营业执照", source="government")])
    found = hits("食品经营许可")
    assert found[0] == ("service", "食品经营许可")
    assert len(found) == 3
    first = engine.search("食品经营许可").items[0]
    assert first.url == f"/bsfw/sx/{guide.code}/" and first.type_label == "办事指南"


def test_index_follows_the_service_and_a_rebuild(county):
    s = make_service(county.department, name="个体工商户设立登记", materials=[material("经营场所使用证明")])
    assert hits("经营场所使用证明") == [("service", "个体工商户设立登记")]  # materials are in the body
    actions.save_service(by=None, unit=county.department, service=s,
                         data=service_data(code=s.code, name="个体工商户登记", is_active=False), materials=[material()])
    assert hits("个体工商户") == []
    actions.save_service(by=None, unit=county.department, service=s,
                         data=service_data(code=s.code, name="个体工商户登记", is_active=True), materials=[material()])
    assert hits("个体工商户") == [("service", "个体工商户登记")]
    indexer.reindex()
    assert SearchEntry.objects.filter(kind="service", object_id=s.pk).count() == 1
    assert hits("个体工商户") == [("service", "个体工商户登记")]
