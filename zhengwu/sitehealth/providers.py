"""The 留言 and 办事指南 providers for the check, from the interaction and services apps when they are installed.

互动回应差 counts 政务咨询类 channels only (县长信箱, 部门信箱: the indicator excludes 网上信访/纪检举报 and this
platform's 12345 and 找错 are not 咨询建言 columns); a message 不予受理 is not an 有效留言. 服务不实用's ten 要素 are read
from each active 事项's fields.
"""
from __future__ import annotations

from django.apps import apps
from django.db.models import Q

from zhengwu.org.models import SiteProfile
from zhengwu.portal.models import site_unit_ids

from . import sources


def messages(site, as_of):
    from zhengwu.interaction.models import MAILBOX_CHANNELS, Message, Status

    from .checks import end_of

    qs = Message.objects.filter(channel__in=MAILBOX_CHANNELS, submitted_at__lt=end_of(as_of)).exclude(
        status=Status.REJECTED)
    unit_ids = site_unit_ids(site)
    if unit_ids is not None:
        profile = getattr(site, "profile", None)
        where = Q(mailbox_unit_id__in=unit_ids)
        if profile is not None and profile.kind == SiteProfile.Kind.PORTAL:  # 县长信箱 lives on the portal
            where |= Q(mailbox_unit__isnull=True)
        qs = qs.filter(where)
    return [sources.Message(m.title, m.received_date, m.replied_date or m.closed_date)
            for m in qs.only("title", "received_date", "replied_date", "closed_date")]


def service_guides(site, as_of):
    from zhengwu.services.models import Service

    qs = Service.objects.public().select_related("unit").prefetch_related("materials", "basis_records")
    unit_ids = site_unit_ids(site)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return [sources.Guide(s.name, {
        "事项名称": s.name, "设定依据": s.basis_text or bool(s.basis_records.all()), "申请条件": s.conditions,
        "办理材料": bool(s.materials.all()), "办理地点": s.location, "办理机构": s.unit.name,
        "收费标准": s.fee_standard if s.charges_fee else "不收费", "办理时间": s.hours, "联系电话": s.consult_phone,
        "办理流程": s.process}) for s in qs]


def register_installed() -> None:
    if apps.is_installed("zhengwu.interaction"):
        sources.register("messages", messages)
    if apps.is_installed("zhengwu.services"):
        sources.register("service_guides", service_guides)
