"""收到申请: online and registered submissions, 确认收到 (第三十一条, the clock start) and assigning the 经办人."""
from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhengwu import pii
from zhengwu.core.text import has_markup
from zhengwu.org import credit_code
from zhengwu.org.models import Unit

from .. import access, clock, workflow
from ..models import (
    ApplicantType,
    Application,
    Channel,
    DeliveryMethod,
    IdType,
    Medium,
    Status,
)
from ._common import (
    _PHONE_RE,
    PUBLIC_ACTOR,
    _actor_name,
    _audit,
    _check_handler,
    _date,
    _event,
    _lock,
    _new_query_code,
    _not_future,
    _refresh_due,
    snapshot,
)

REQUIRED = {
    "applicant_type": "申请人类型",
    "applicant_name": "申请人姓名或名称",
    "id_type": "证件类型",
    "id_number": "证件号码",
    "phone": "联系电话",
    "address": "通信地址",
    "description": "所需政府信息的描述",
    "delivery_method": "获取信息的方式",
    "medium": "载体形式",
}


OPTIONAL = {"contact_person", "email", "postcode"}


def clean_application(data: dict) -> dict:  # noqa: C901 - one check per 第二十九条 field, all reported together
    """Check the 第二十九条 content; one ValidationError listing every problem, in Chinese."""
    errors: dict[str, list[str]] = {}
    out = {k: (str(data.get(k) or "").strip()) for k in [*REQUIRED, *OPTIONAL]}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    for key, label in REQUIRED.items():
        if not out[key]:
            err(key, f"请填写{label}。")
    for key, value in out.items():
        if value and has_markup(value):
            err(key, "不能包含 HTML 标签。")
    if out["applicant_type"] and out["applicant_type"] not in ApplicantType.values:
        err("applicant_type", "申请人类型不正确。")
    if out["id_type"] and out["id_type"] not in IdType.values:
        err("id_type", "证件类型不正确。")
    if out["delivery_method"] and out["delivery_method"] not in DeliveryMethod.values:
        err("delivery_method", "获取信息的方式不正确。")
    if out["medium"] and out["medium"] not in Medium.values:
        err("medium", "载体形式不正确。")
    out["id_number"] = out["id_number"].upper().replace(" ", "")
    natural = out["applicant_type"] == ApplicantType.NATURAL
    if out["id_type"] == IdType.ID_CARD and out["id_number"] and not pii.id_number_is_valid(out["id_number"]):
        err("id_number", "身份证号码不正确（应为18位，末位校验码或出生日期有误）。")
    if out["id_type"] == IdType.CREDIT_CODE and out["id_number"] and not credit_code.is_valid(out["id_number"]):
        err("id_number", "统一社会信用代码不正确（应为18位，校验位有误）。")
    if natural and out["id_type"] == IdType.CREDIT_CODE:
        err("id_type", "自然人请选择居民身份证等个人证件。")
    if out["applicant_type"] and not natural and out["id_type"] in (IdType.ID_CARD, IdType.PASSPORT,
                                                                    IdType.HK_MO_TW):
        err("id_type", "法人或其他组织请填写统一社会信用代码（或其他有效证件）。")
    if not natural and out["applicant_type"] and not out["contact_person"]:
        err("contact_person", "法人或其他组织请填写联系人。")
    digits = re.sub(r"[\s\-]", "", out["phone"])
    if out["phone"] and digits.isdigit() and digits.startswith("1") and len(digits) != 11:
        err("phone", f"手机号码应为11位数字（您填写了{len(digits)}位）。")
    elif out["phone"] and not _PHONE_RE.match(out["phone"]):
        err("phone", "联系电话格式不正确：手机号码应为11位数字，固定电话请加区号（如 0734-1234567）。")
    if out["email"]:
        try:
            validate_email(out["email"])
        except ValidationError:
            err("email", "电子邮箱格式不正确。")
    if out["delivery_method"] == DeliveryMethod.EMAIL and not out["email"]:
        err("email", "选择电子邮件获取信息时请填写电子邮箱。")
    if out["postcode"] and not re.fullmatch(r"\d{6}", out["postcode"]):
        err("postcode", "邮政编码应为6位数字。")
    if len(out["applicant_name"]) > 100:
        err("applicant_name", "申请人姓名或名称不能超过100个字。")
    if len(out["address"]) > 200:
        err("address", "通信地址不能超过200个字。")
    if len(out["description"]) > 4000:
        err("description", "所需信息描述不能超过4000个字。")
    if errors:
        raise ValidationError(errors)
    return out


def _create(unit: Unit, cleaned: dict, *, channel: str, submitted_at: dt.datetime, by) -> Application:
    if not isinstance(unit, Unit) or not unit.is_active:
        raise ValidationError({"unit": "请选择受理申请的机关。"})
    for _ in range(5):
        code = _new_query_code()
        try:
            with transaction.atomic():
                app = Application.objects.create(
                    unit=unit, query_code=code, serial=f"tmp-{code}", channel=channel, submitted_at=submitted_at,
                    registered_by=by if by is not None and not isinstance(by, str) else None, **cleaned)
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - 32^10 codes
        raise ValidationError("生成查询码失败，请重试。")
    app.serial = f"{timezone.localtime(submitted_at).year}-{app.pk:06d}"
    app.save(update_fields=["serial"])
    return app


@transaction.atomic
def submit_online(*, unit: Unit, data: dict, submitted_at: dt.datetime | None = None) -> Application:
    """A public submission (no account). Received when the office confirms it (第三十一条第（三）项)."""
    cleaned = clean_application(data)
    app = _create(unit, cleaned, channel=Channel.ONLINE, submitted_at=submitted_at or timezone.now(), by=None)
    _event(app, PUBLIC_ACTOR, "submitted", "网上提交申请，待政府信息公开工作机构确认收到（第三十一条第（三）项）。",
           date=timezone.localtime(app.submitted_at).date(), public=True)
    _audit(app, PUBLIC_ACTOR, "application_submit", None)
    return app


@transaction.atomic
def register(*, by, unit: Unit, channel: str, data: dict, submitted: dt.date | None = None,
             signed: dt.date | None = None, confirmed: dt.date | None = None, cal=None) -> Application:
    """Staff registration of a paper, mail, fax or in-person application (or an online one confirmed at once)."""
    _check_handler(by, unit)
    if channel not in Channel.values:
        raise ValidationError({"channel": "申请渠道不正确。"})
    cleaned = clean_application(data)
    received, basis = _receipt(channel, submitted, signed, confirmed)
    when = timezone.make_aware(dt.datetime.combine(submitted or received, dt.time(9, 0)))
    app = _create(unit, cleaned, channel=channel, submitted_at=when, by=by)
    _event(app, by, "registered", f"登记{Channel(channel).label}申请。", date=submitted or received, public=True)
    _start_clock(app, by, received, basis, cal)
    _audit(app, by, "application_register", None)
    return app


def _receipt(channel, submitted, signed, confirmed) -> tuple[dt.date, str]:
    fields = {"submitted": submitted, "signed": signed, "confirmed": confirmed}
    for name, value in list(fields.items()):
        if value not in (None, ""):
            fields[name] = _date(value, name, "日期")
            _not_future(fields[name], name, "日期")
        else:
            fields[name] = None
    try:
        return clock.receipt_date(channel, **fields)
    except clock.ReceiptError as exc:
        raise ValidationError({"received_date": str(exc)}) from exc


def _start_clock(app: Application, by, received: dt.date, basis: str, cal) -> None:
    app.received_date, app.clock_start, app.receipt_basis = received, received, basis
    app.status = Status.PROCESSING
    app.save(update_fields=["received_date", "clock_start", "receipt_basis", "status", "updated_at"])
    _event(app, by, "received", f"收到申请之日：{received:%Y年%m月%d日}（{basis}）。", date=received, public=True)
    _refresh_due(app, by, "收到申请，开始计算答复期限", clock.ART33_LIMIT, date=received, cal=cal)


@transaction.atomic
def confirm_receipt(app: Application, *, by, confirmed: dt.date | str, cal=None) -> Application:
    """第三十一条: 网上/传真/平常信函 — the date both sides confirmed is the receipt date."""
    app = _lock(app)
    workflow.options(app, by).require("confirm")
    before = snapshot(app)
    confirmed = _date(confirmed, "confirmed", "确认日期")
    _not_future(confirmed, "confirmed", "确认日期")
    if confirmed < timezone.localtime(app.submitted_at).date():
        raise ValidationError({"confirmed": "确认日期不能早于申请提交日期。"})
    received, basis = _receipt(app.channel if app.channel != Channel.IN_PERSON else "online", None, None, confirmed)
    _start_clock(app, by, received, basis, cal)
    _audit(app, by, "application_confirm_receipt", before)
    return app


@transaction.atomic
def assign_handler(app: Application, *, by, handler) -> Application:
    app = _lock(app)
    workflow.options(app, by).require("assign")
    if handler is None or not access.can_handle(handler, app.unit):
        raise ValidationError({"handler": "经办人须是本单位的依申请公开经办人或审核员。"})
    before = snapshot(app)
    app.handler = handler
    app.save(update_fields=["handler", "updated_at"])
    _event(app, by, "assigned", f"经办人：{_actor_name(handler)}")
    _audit(app, by, "application_assign", before)
    return app


def mark_notifications_read(*, by) -> int:
    """A user's own reminders (no audit: it changes no case)."""
    from ..models import Notification

    return Notification.objects.filter(user=by, read_at__isnull=True).update(read_at=timezone.now())
