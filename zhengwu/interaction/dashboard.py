"""The staff picture of the clock: 黄牌 (due within N working days), 红牌 (overdue) and the 3-month single-veto
watch (国办秘函〔2019〕19号) over the open messages a user may see."""
from __future__ import annotations

import datetime as dt

from . import clock
from .models import Message


def annotate(msg: Message, today: dt.date, cal) -> dict:
    left = clock.workdays_left(msg.due_date, today, cal) if msg.clock_running else None
    return {"msg": msg, "left": left, "overdue": -left if left is not None and left < 0 else 0,
            "level": clock.warning_level(msg.due_date, today, cal) if msg.clock_running else "",
            "veto": clock.veto_risk(msg.received_date, today) if msg.clock_running else ""}


def summary(user, today: dt.date, cal=None) -> dict:
    cal = cal or clock.get_calendar()
    counts = {"open": 0, "yellow": 0, "red": 0, "risk": 0, "veto": 0, "provisional": 0, "due_today": 0}
    for msg in Message.objects.visible_to(user).open().only("due_date", "received_date", "status",
                                                              "due_date_provisional"):
        counts["open"] += 1
        level = clock.warning_level(msg.due_date, today, cal)
        if level:
            counts[level] += 1
        veto = clock.veto_risk(msg.received_date, today)
        if veto:
            counts[veto] += 1
        counts["provisional"] += msg.due_date_provisional
        counts["due_today"] += msg.due_date == today
    return counts
