"""Messages built through the action functions, as the portal form and the hotline import do."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from zhengwu import pii
from zhengwu.interaction import actions

BEIJING = ZoneInfo("Asia/Shanghai")


def id_number(first17: str = "43042219850315123") -> str:
    return first17 + pii.id_check_digit(first17)


def letter_data(**overrides) -> dict:
    data = {"writer_name": "李四", "writer_phone": "13912345678", "writer_id_number": id_number(), "kind": "consult",
            "title": "城关镇新村路灯不亮的问题", "agrees_public": True,
            "content": "我是李四，住城关镇新村五组12号，电话13912345678。村口路灯坏了两个月，请问何时维修？"}
    data.update(overrides)
    return data


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=BEIJING)


def letter(received: str = "2026-03-02", channel: str = "county_mailbox", mailbox_unit=None, **overrides):
    return actions.submit_letter(channel=channel, data=letter_data(**overrides), mailbox_unit=mailbox_unit,
                                 submitted_at=at(received))


def assigned(county, received: str = "2026-03-02", **overrides):
    today = dt.date.fromisoformat(received)
    msg = letter(received, **overrides)
    msg = actions.accept(msg, by=county.office_admin, today=today)
    return actions.assign(msg, by=county.office_admin, unit=county.department, note="请教育局办理", today=today)


def replied(county, received: str = "2026-03-02", **overrides):
    msg = assigned(county, received, **overrides)
    return actions.reply(msg, by=county.editor, text="您好，李四反映的问题已安排维修。", today=msg.due_date)
