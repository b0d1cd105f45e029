"""The services API: the shapes issue 14 item 7 names, in the OpenAPI document, and bad input answered in Chinese."""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.services import actions
from zhengwu.services.tests.factories import make_life_event, make_service, material

pytestmark = pytest.mark.django_db

SERVICE_KEYS = {"code", "name", "type", "basis", "implementing_unit", "level", "conditions", "materials", "process",
                "legal_limit_workdays", "promised_limit_workdays", "fee", "location", "hours", "consult_phone",
                "complaint_phone", "online_depth", "online_available", "url"}
MATERIAL_KEYS = {"name", "source", "form", "copies", "required", "tolerance", "commitment", "exempt"}


def test_services_list_shape_and_paging(client, county):
    s = make_service(county.department, type="license", basis_text="《中华人民共和国食品安全法》第三十五条",
                     materials=[material("营业执照", source="government", exempt="e_license", trust_level="A"),
                                material("健康证明", necessity="conditional", commitment=True)])
    body = client.get("/api/v1/services").json()
    assert set(body) == {"count", "items"} and body["count"] == 1
    item = body["items"][0]
    assert set(item) == SERVICE_KEYS
    assert item["code"] == s.code and item["type"] == "行政许可" and item["implementing_unit"] == county.department.name
    assert item["process"] == ["受理", "审查", "决定"] and item["online_depth"] == 3 and item["online_available"] is True
    assert item["url"].endswith(f"/bsfw/sx/{s.code}/")
    first, second = item["materials"]
    assert set(first) == MATERIAL_KEYS
    assert first["exempt"] == "电子证照免提交" and first["required"] is True and first["source"] == "政府部门核发"
    assert second["exempt"] is None and second["required"] is False and second["commitment"] is True
    assert client.get("/api/v1/services?page=2").json() == {"count": 1, "items": []}
    bad = client.get("/api/v1/services?page=abc")
    assert bad.status_code == 422 and "page" in bad.json()["detail"]


def test_services_metrics_hand_computed(client, county):
    make_service(county.department, legal_limit_workdays=20, promised_limit_workdays=5, online_depth=4,
                 online_available=True)  # speedup 0.75
    make_service(county.department, legal_limit_workdays=10, promised_limit_workdays=10, online_depth=2,
                 online_available=False, materials=[material(), material("户口簿")])  # speedup 0
    make_service(county.department, legal_limit_workdays=None, promised_limit_workdays=3, online_depth=1,
                 online_available=True)  # no legal limit: not in the mean
    actions.record_baseline(by=None, recorded_on=dt.date(2025, 1, 1), material_count=8)
    body = client.get("/api/v1/services/metrics").json()
    assert body["online_rate"] == pytest.approx(2 / 3)
    assert body["depth3_rate"] == pytest.approx(1 / 3)
    assert body["speedup_rate"] == pytest.approx(0.375)
    assert body["material_reduction_rate"] == pytest.approx((8 - 4) / 8)


def test_life_events_and_checklist(client, county):
    event, _ = make_life_event(county)
    items = client.get("/api/v1/life-events").json()["items"]
    assert len(items) == 1
    item = items[0]
    assert item["id"] == event.pk and item["name"] == "开办餐饮店" and item["services"] == ["LE-S1", "LE-S2", "LE-S3"]
    sign, staff = item["questions"]
    assert set(sign) == {"id", "text", "options"} and set(sign["options"][0]) == {"id", "text"}
    yes_sign, yes_staff = sign["options"][1]["id"], staff["options"][1]["id"]
    url = f"/api/v1/life-events/{event.pk}/checklist"
    plain = client.get(url).json()
    assert plain["services"] == ["LE-S1", "LE-S2"]
    by_name = {m["name"]: m for m in plain["materials"]}
    assert by_name["居民身份证"]["for"] == ["LE-S1", "LE-S2"]
    assert "健康证明" not in by_name and by_name["营业执照"]["skippable"] is True
    full = client.get(url, {"answers": f"q{sign['id']}:o{yes_sign},q{staff['id']}:o{yes_staff}"}).json()
    assert full["services"] == ["LE-S1", "LE-S2", "LE-S3"]
    assert {m["name"] for m in full["materials"]} == {"居民身份证", "经营场所证明", "营业执照", "健康证明", "招牌设计图"}


def test_checklist_bad_input_is_a_chinese_4xx(client, county):
    event, _ = make_life_event(county)
    forged = client.get(f"/api/v1/life-events/{event.pk + 999}/checklist")
    assert forged.status_code == 404 and "没有这件事" in forged.json()["detail"]
    assert client.get("/api/v1/life-events/abc/checklist").status_code == 404
    not_asked = client.get(f"/api/v1/life-events/{event.pk}/checklist", {"answers": "q999999:o1"})
    assert not_asked.status_code == 422 and "不属于这件事" in not_asked.json()["detail"]
    question = event.questions.first()
    wrong_option = client.get(f"/api/v1/life-events/{event.pk}/checklist", {"answers": f"q{question.pk}:o999999"})
    assert wrong_option.status_code == 422 and "不是问题" in wrong_option.json()["detail"]
    garbled = client.get(f"/api/v1/life-events/{event.pk}/checklist", {"answers": "大小"})
    assert garbled.status_code == 422 and "无法识别" in garbled.json()["detail"]


def test_ratings_metrics_shape_and_bad_dates(client, county):
    s = make_service(county.department)
    case = actions.import_cases([{"number": "BJ1", "service": s, "accepted_at": timezone.now() - dt.timedelta(days=2),
                                  "finished_at": timezone.now() - dt.timedelta(days=1), "status": "done",
                                  "online": False}], by=None)[0]
    actions.rate(by=None, target="case", channel="counter", service=s, case=case, level=5)
    body = client.get("/api/v1/ratings/metrics").json()
    assert set(body) == {"coverage_rate", "actual_rating_rate", "bad_review_handled_rate", "data_timeliness_rate"}
    assert body["coverage_rate"] == 1.0 and body["actual_rating_rate"] == 1.0
    assert body["bad_review_handled_rate"] is None and body["data_timeliness_rate"] == 1.0
    assert client.get("/api/v1/ratings/metrics?start=2026-13-01").status_code == 422
    reversed_ = client.get("/api/v1/ratings/metrics?start=2026-02-01&end=2026-01-01")
    assert reversed_.status_code == 422 and "早于" in reversed_.json()["detail"]


def test_openapi_lists_the_five_endpoints():
    from zhengwu.api.api import api

    schema = api.get_openapi_schema()
    for path in ("/api/v1/services", "/api/v1/services/metrics", "/api/v1/life-events",
                 "/api/v1/life-events/{event_id}/checklist", "/api/v1/ratings/metrics"):
        assert path in schema["paths"], path
    props = schema["components"]["schemas"]["ChecklistMaterial"]["properties"]
    assert "for" in props


def test_list_and_checklist_queries_do_not_grow_with_the_data(client, county, django_assert_max_num_queries):
    for i in range(6):
        make_service(county.department, materials=[material(f"材料{i}"), material("居民身份证")])
    event, _ = make_life_event(county)
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/v1/services").json()["items"]) == 9
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/v1/life-events").json()["items"]) == 1
    with django_assert_max_num_queries(10):
        assert client.get(f"/api/v1/life-events/{event.pk}/checklist").status_code == 200
