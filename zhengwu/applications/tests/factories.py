"""Applications built through the action functions, as staff and the public form do."""
from __future__ import annotations

import datetime as dt

from zhengwu import pii
from zhengwu.applications import actions


def id_number(first17: str = "43040219800101123") -> str:
    return first17 + pii.id_check_digit(first17)


def applicant(**overrides) -> dict:
    data = {
        "applicant_type": "natural", "applicant_name": "张三", "id_type": "id_card", "id_number": id_number(),
        "phone": "13812345678", "address": "示范县城关镇建设路8号", "postcode": "421000", "email": "zs@example.com",
        "description": "2025年城关镇老旧小区改造项目的资金安排文件", "delivery_method": "email", "medium": "electronic",
    }
    data.update(overrides)
    return data


def register(unit, by=None, received="2026-03-02", channel="in_person", **overrides):
    d = dt.date.fromisoformat(received) if isinstance(received, str) else received
    kwargs = {"submitted": d} if channel == "in_person" else {"signed": d} if channel == "mail" else {"confirmed": d}
    return actions.register(by=by, unit=unit, channel=channel, data=applicant(**overrides), **kwargs)
