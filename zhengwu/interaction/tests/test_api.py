"""GET /api/v1/messages and /api/v1/consultations: exact shapes, ISO dates, masking, the limit in force."""
import datetime as dt

import pytest

from zhengwu.interaction import actions

from .factories import assigned, id_number, replied

D = dt.date.fromisoformat


@pytest.mark.django_db
def test_messages_shape_masking_and_extension(client, county):
    hidden = replied(county)  # not published: not in the API
    msg = assigned(county, "2026-09-30", content=f"我是李四，身份证{id_number()}，电话13912345678")
    msg = actions.extend(msg, by=county.editor, days=2, reason="核查", approver="王局长", today=D("2026-10-09"))
    msg = actions.reply(msg, by=county.editor, text="李四您好，已处理。", today=D("2026-10-14"))
    actions.rate(msg, satisfaction="basic")
    actions.publish(msg, by=county.office_admin)
    data = client.get("/api/v1/messages").json()
    assert data["count"] == 1
    item = data["items"][0]
    assert set(item) == {"id", "kind", "title", "content", "unit", "received_date", "time_limit_workdays", "due_date",
                         "replied_date", "reply", "satisfaction", "url"}
    assert item["id"] == msg.pk and item["id"] != hidden.pk
    assert (item["kind"], item["unit"], item["satisfaction"]) == ("咨询", "示范县教育局", "基本满意")
    # 5 + 2 working days after 2026-09-30: 10-8, 10-9, 10-10 (调休), 10-12, 10-13, 10-14, 10-15
    assert (item["received_date"], item["time_limit_workdays"], item["due_date"], item["replied_date"]) == (
        "2026-09-30", 7, "2026-10-15", "2026-10-14")
    text = item["title"] + item["content"] + item["reply"]
    assert "李四" not in text and "13912345678" not in text and id_number() not in text
    assert item["url"].endswith(f"/hdjl/dfgk/{msg.pk}/")
    assert client.get("/api/v1/messages?page=2").json() == {"count": 1, "items": []}
    assert client.get("/api/v1/messages?page=x").status_code == 422


@pytest.mark.django_db
def test_consultations_shape(client, county):
    today = dt.date.today()
    open_c = actions.open_consultation(by=county.editor, unit=county.department, title="开放中", draft="草案",
                                       explanation="说明", start_date=today, end_date=today + dt.timedelta(days=40))
    short = actions.open_consultation(by=county.editor, unit=county.department, title="已结束", draft="草案",
                                      explanation="说明", start_date=today - dt.timedelta(days=20),
                                      end_date=today - dt.timedelta(days=5), shortened_reason="防汛需要")
    comment = actions.submit_comment(open_c, data={"name": "赵六", "content": "同意"})
    actions.moderate_comment(comment, by=county.reviewer, approve=True)
    actions.submit_comment(open_c, data={"name": "钱七", "content": "未审核"})
    actions.publish_feedback(short, by=county.editor, feedback="采纳2条。")
    items = {i["title"]: i for i in client.get("/api/v1/consultations").json()["items"]}
    assert set(items["开放中"]) == {"id", "title", "url", "start_date", "end_date", "status", "shortened_reason",
                                  "comment_count", "feedback"}
    assert (items["开放中"]["status"], items["开放中"]["comment_count"], items["开放中"]["feedback"],
            items["开放中"]["shortened_reason"]) == ("open", 1, None, None)
    assert (items["已结束"]["status"], items["已结束"]["shortened_reason"], items["已结束"]["feedback"]) == (
        "closed", "防汛需要", "采纳2条。")
    assert items["开放中"]["start_date"] == today.isoformat()


@pytest.mark.django_db
def test_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/messages" in paths and "/api/v1/consultations" in paths
