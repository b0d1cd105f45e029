"""互动交流 API (public, no account):

- `GET /api/v1/messages`: replied messages the writer agreed to publish and the office published, personal data
  masked as on the 公开答复 page. `time_limit_workdays` is the limit in force (an approved extension included);
  `due_date` is that many official working days after `received_date`, the day of receipt not counted.
- `GET /api/v1/consultations`: 意见征集 with their period, the recorded reason for a period under 30 days, the
  number of published (moderated) comments and the 意见采纳情况 once published.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from . import clock, masking
from .models import Consultation, Message, Moderation

router = Router(tags=["互动交流"])
PAGE_SIZE = 20


class Error(Schema):
    detail: str


class MessageItem(Schema):
    id: int
    kind: str
    title: str
    content: str
    unit: str
    received_date: dt.date
    time_limit_workdays: int
    due_date: dt.date
    replied_date: dt.date | None
    reply: str
    satisfaction: str | None
    url: str


class MessageList(Schema):
    count: int
    items: list[MessageItem]


class ConsultationItem(Schema):
    id: int
    title: str
    url: str
    start_date: dt.date
    end_date: dt.date
    status: str
    shortened_reason: str | None
    comment_count: int
    feedback: str | None


class ConsultationList(Schema):
    count: int
    items: list[ConsultationItem]


def _page(value: str | None) -> int:
    if value in (None, ""):
        return 1
    if not value.isdigit() or int(value) < 1:
        raise HttpError(422, "参数 page 应为 1 以上的整数。")
    return int(value)


def _slice(qs, page: int):
    total = qs.count()
    start = (page - 1) * PAGE_SIZE
    return total, (list(qs[start:start + PAGE_SIZE]) if start < total else [])


@router.get("/messages", response={200: MessageList, 422: Error}, auth=None, summary="公开答复的来信",
            description="来信人同意公开且已公开的答复（县长信箱、部门信箱、12345热线），姓名、电话、身份证号、住址已去标识化。"
                        "kind 为诉求类型（咨询、求助、投诉、举报、建议、表扬），satisfaction 为满意度（满意、基本满意、不满意，未评价为 null）。"
                        "每页20条。")
def list_messages(request, page: str | None = Query(None, description="页码，从 1 开始")):
    qs = Message.objects.public().select_related("reply_unit").order_by("-replied_date", "-id")
    total, rows = _slice(qs, _page(page))
    cal = clock.get_calendar()
    items = []
    for m in rows:
        items.append({
            "id": m.pk, "kind": m.get_kind_display(), "title": masking.public_text(m, m.title),
            "content": masking.public_text(m, m.content), "unit": m.reply_unit.name if m.reply_unit else "",
            "received_date": m.received_date, "time_limit_workdays": m.limit_in_force,
            "due_date": cal.add_workdays(m.received_date, m.limit_in_force), "replied_date": m.replied_date,
            "reply": masking.public_text(m, m.reply),
            "satisfaction": m.get_satisfaction_display() if m.satisfaction else None,
            "url": request.build_absolute_uri(reverse("interaction_public:reply", args=[m.pk])),
        })
    return {"count": total, "items": items}


@router.get("/consultations", response={200: ConsultationList, 422: Error}, auth=None, summary="意见征集",
            description="重大行政决策草案意见征集（《重大行政决策程序暂行条例》第十四条至第十六条）。status 为 open（截止日期未过）"
                        "或 closed；征求意见期限少于30日的给出 shortened_reason；comment_count 为审核后公开的意见数；"
                        "feedback 为征集结束后公布的意见采纳情况及理由（未公布为 null）。每页20条。")
def list_consultations(request, page: str | None = Query(None, description="页码，从 1 开始")):
    today = timezone.localdate()
    qs = Consultation.objects.public().annotate(
        shown=Count("comments", filter=Q(comments__status=Moderation.APPROVED))).order_by("-start_date", "-id")
    total, rows = _slice(qs, _page(page))
    return {"count": total, "items": [{
        "id": c.pk, "title": c.title,
        "url": request.build_absolute_uri(reverse("interaction_public:consultation", args=[c.pk])),
        "start_date": c.start_date, "end_date": c.end_date, "status": "open" if today <= c.end_date else "closed",
        "shortened_reason": c.shortened_reason or None, "comment_count": c.shown, "feedback": c.feedback or None,
    } for c in rows]}
