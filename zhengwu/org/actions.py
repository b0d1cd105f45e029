"""Writes to units go through here: permission check, validation, audit — all or nothing.

A unit's 机构职能、负责人、办公地址、办公时间、联系方式 are 条例第二十条第（二）项 content shown publicly,
so every change is audited like a publication.
"""
from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhengwu.audit.log import record_event
from zhengwu.core.text import has_markup

from . import access
from .models import Unit

# What the 公开办管理员 may edit from the workbench (name/code/hierarchy stay with the system administrator).
PUBLIC_INFO_FIELDS = ["functions", "leader_name", "address", "office_hours", "phone", "email", "postcode",
                      "credit_code"]



def snapshot(unit: Unit) -> dict:
    return {f: getattr(unit, f) for f in PUBLIC_INFO_FIELDS}


@transaction.atomic
def update_unit_info(unit: Unit, *, by, reason: str = "", **fields) -> Unit:
    """Change a unit's public information (公开办管理员 only). Raises ValidationError listing every problem."""
    if by is not None and not access.is_office_admin(by):
        raise PermissionDenied("只有公开办管理员可以修改单位公开信息。")
    unknown = set(fields) - set(PUBLIC_INFO_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{', '.join(sorted(unknown))}")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit)
    errors: dict[str, list[str]] = {}
    for key, value in fields.items():
        value = (value or "").strip()
        if key == "credit_code":
            value = value.upper()
        if has_markup(value):
            errors.setdefault(key, []).append("不能包含 HTML 标签或脚本，请只填写文字。")
        setattr(unit, key, value)
    if unit.postcode and not re.fullmatch(r"\d{6}", unit.postcode):
        errors.setdefault("postcode", []).append("邮政编码应为6位数字。")
    if unit.credit_code and Unit.objects.filter(credit_code=unit.credit_code).exclude(pk=unit.pk).exists():
        errors.setdefault("credit_code", []).append("该统一社会信用代码已被其他单位使用。")
    try:
        unit.full_clean(exclude=["parent"], validate_constraints=False)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(m for m in messages if m not in errors.get(key, []))
    if errors:
        raise ValidationError(errors)
    unit.save()
    after = snapshot(unit)
    if after != before:
        record_event(actor=by, action="unit_update", target=unit, before=before, after=after, unit=unit,
                     reason=reason)
    return unit
