"""Every change to a 依申请公开 case goes through these functions.

Each checks permissions and the 条例's rules first, changes nothing on failure (ValidationError /
PermissionDenied with a Chinese message), keeps the case history (`CaseEvent`, including every due-date change
and the rule that caused it) and writes the audit log — never with the applicant's personal data.
`by=None` is the system (demo loader, scheduled jobs); a public submission is audited as "申请人（网上）".
"""
from __future__ import annotations

import datetime as dt
import re
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhengwu import pii
from zhengwu.audit.log import record_event
from zhengwu.core.dates import local_date
from zhengwu.org import credit_code
from zhengwu.org.models import Unit

from . import access, clock, fees, outcomes
from .models import (
    Appeal,
    ApplicantType,
    Application,
    CaseEvent,
    Channel,
    Consultation,
    Correction,
    DeliveryMethod,
    Extension,
    Fee,
    IdType,
    LetterTemplate,
    Medium,
    Status,
)

PUBLIC_ACTOR = "申请人（网上）"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
_PHONE_RE = re.compile(r"^\+?[\d\- ]{7,20}$")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


# --- helpers -------------------------------------------------------------------------------------------

def _today() -> dt.date:
    return timezone.localdate()


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise PermissionDenied(message)


def _check_handler(by, app_or_unit) -> None:
    unit = app_or_unit.unit if isinstance(app_or_unit, Application) else app_or_unit
    if by is None:
        return
    _require(access.can_handle(by, unit), "您不是该申请办理单位的经办人或审核员，无权办理。")


def _actor_name(by) -> str:
    if by is None:
        return "系统"
    if isinstance(by, str):
        return by
    return by.get_full_name() or by.get_username()


def snapshot(app: Application) -> dict:
    """The audited view of a case: its state, never the applicant's identity or contact."""
    return {
        "serial": app.serial,
        "unit": app.unit_id,
        "status": app.status,
        "channel": app.channel,
        "applicant_type": app.applicant_type,
        "received_date": app.received_date,
        "clock_start": app.clock_start,
        "due_date": app.due_date,
        "due_date_provisional": app.due_date_provisional,
        "final_outcome": app.final_outcome,
        "closed_date": app.closed_date,
        "handler": app.handler_id,
    }


def _audit(app: Application, by, action: str, before: dict | None, reason: str = "", target=None) -> None:
    record_event(actor=by, action=f"application_{action}", target=target or app,
                 before=before, after=snapshot(app), unit=app.unit, reason=reason)


def _event(app: Application, by, kind: str, description: str = "", *, date: dt.date | None = None,
           old_due: dt.date | None = None, new_due: dt.date | None = None, rule: str = "",
           public: bool = False) -> CaseEvent:
    return CaseEvent.objects.create(
        application=app, actor=by if by is not None and not isinstance(by, str) else None,
        actor_name=_actor_name(by), kind=kind, description=description, date=date, old_due_date=old_due,
        new_due_date=new_due, rule=rule, public=public)


def _lock(app: Application) -> Application:
    return Application.objects.select_for_update().select_related("unit").get(pk=app.pk)


def _require_open(app: Application) -> None:
    if app.status == Status.CLOSED:
        label = app.outcome and outcomes.choice_label(app.outcome)
        raise ValidationError(f"本申请已于{app.closed_date:%Y年%m月%d日}办结（{label}），一件申请只能有一个办理结果，不能再办理。")


def _require_received(app: Application) -> None:
    if not app.received_date:
        raise ValidationError("尚未确认收到申请（第三十一条），请先确认收到日期。")


def _date(value, field: str, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return local_date(value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValidationError({field: f"{label}格式不正确，应为 年-月-日（如 2026-03-02）。"}) from exc
    raise ValidationError({field: f"请填写{label}。"})


def _not_future(d: dt.date, field: str, label: str) -> None:
    if d > _today():
        raise ValidationError({field: f"{label}不能晚于今天。"})


def _new_query_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))


# --- the clock, applied to a case ----------------------------------------------------------------------

def pauses_for(app: Application) -> list[clock.Pause]:
    """Periods not counted (第三十三条第三款 consultations; 109号 fee notices)."""
    pauses = []
    for c in app.consultations.all():
        rule = clock.ART32 if c.kind == Consultation.Kind.THIRD_PARTY else clock.ART34
        # A late answer does not stretch the pause beyond the 15 working days (第三十二条、第三十四条).
        end = min(c.replied_date, c.reply_deadline) if c.replied_date else c.reply_deadline
        pauses.append(clock.Pause(c.sent_date, end, f"{c.get_kind_display()}（{c.party_name}）",
                                  f"{clock.ART33_NOT_COUNTED}；{rule}"))
    for f in app.fees.all():
        if f.status == Fee.FeeStatus.PAID:
            end = f.paid_date
        elif f.status == Fee.FeeStatus.WAIVED:
            end = f.waived_date or f.notice_date
        else:
            end = f.pay_deadline
        if end and end > f.notice_date:
            pauses.append(clock.Pause(f.notice_date, end, "收费通知至缴费", clock.FEE_RULE))
    return pauses


def compute_due(app: Application, cal=None) -> clock.Due | None:
    """The due date as the case stands now; None while the clock has not started or a 补正 is awaited."""
    if not app.clock_start:
        return None
    correction = getattr(app, "correction", None) if app.pk else None
    if correction is not None and not correction.corrected_date:
        return None
    extension = getattr(app, "extension", None) if app.pk else None
    return clock.compute_due(clock_start=app.clock_start, extension_days=extension.days if extension else 0,
                             pauses=pauses_for(app), cal=cal)


def _refresh_due(app: Application, by, cause: str, rule: str, *, date: dt.date | None = None, cal=None) -> None:
    """Recompute and store the due date; a change is kept in the history with the rule that caused it."""
    due = compute_due(app, cal)
    new, provisional = (due.due_date, due.provisional) if due else (None, False)
    old = app.due_date
    app.due_date, app.due_date_provisional = new, provisional
    app.save(update_fields=["due_date", "due_date_provisional", "updated_at"])
    if old != new:
        desc = cause
        if due and due.provisional:
            desc += "。" + due.steps[-1]
        _event(app, by, "due_date", desc, date=date, old_due=old, new_due=new, rule=rule, public=True)


# --- validation of an application --------------------------------------------------------------------

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


def clean_application(data: dict) -> dict:
    """Check the 第二十九条 content; one ValidationError listing every problem, in Chinese."""
    errors: dict[str, list[str]] = {}
    out = {k: (str(data.get(k) or "").strip()) for k in [*REQUIRED, *OPTIONAL]}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    for key, label in REQUIRED.items():
        if not out[key]:
            err(key, f"请填写{label}。")
    for key, value in out.items():
        if value and _TAG.search(value):
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
    if out["phone"] and not _PHONE_RE.match(out["phone"]):
        err("phone", "联系电话格式不正确。")
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
    _audit(app, PUBLIC_ACTOR, "submit", None)
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
    _audit(app, by, "register", None)
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
    _check_handler(by, app)
    _require_open(app)
    if app.received_date:
        raise ValidationError(f"本申请已确认收到（{app.received_date:%Y年%m月%d日}），不能重复确认。")
    before = snapshot(app)
    confirmed = _date(confirmed, "confirmed", "确认日期")
    _not_future(confirmed, "confirmed", "确认日期")
    if confirmed < timezone.localtime(app.submitted_at).date():
        raise ValidationError({"confirmed": "确认日期不能早于申请提交日期。"})
    received, basis = _receipt(app.channel if app.channel != Channel.IN_PERSON else "online", None, None, confirmed)
    _start_clock(app, by, received, basis, cal)
    _audit(app, by, "confirm_receipt", before)
    return app


@transaction.atomic
def assign_handler(app: Application, *, by, handler) -> Application:
    app = _lock(app)
    _check_handler(by, app)
    _require_open(app)
    if handler is None or not access.can_handle(handler, app.unit):
        raise ValidationError({"handler": "经办人须是本单位的依申请公开经办人或审核员。"})
    before = snapshot(app)
    app.handler = handler
    app.save(update_fields=["handler", "updated_at"])
    _event(app, by, "assigned", f"经办人：{_actor_name(handler)}")
    _audit(app, by, "assign", before)
    return app


# --- 补正 (第三十条) ------------------------------------------------------------------------------------

def default_correction_period() -> int:
    """A "合理的补正期限" (第三十条 leaves it to the agency): working days after the notice."""
    from django.conf import settings

    return int(getattr(settings, "ZHENGWU_CORRECTION_PERIOD_WORKDAYS", 15))


@transaction.atomic
def request_correction(app: Application, *, by, items: str, notice_date: dt.date | str,
                       deadline: dt.date | str | None = None, cal=None) -> Correction:
    app = _lock(app)
    _check_handler(by, app)
    _require_open(app)
    _require_received(app)
    cal = cal or clock.get_calendar()
    items = (items or "").strip()
    if not items:
        raise ValidationError({"items": "请写明需要补正的事项（第三十条：一次性告知）。"})
    if Correction.objects.filter(application=app).exists():
        raise ValidationError("本申请已告知过补正。第三十条规定补正应一次性告知，不能再次要求补正。")
    if app.consultations.exists() or app.fees.exists():
        raise ValidationError("已征求意见或已发收费通知的申请不能再要求补正。")
    notice_date = _date(notice_date, "notice_date", "告知日期")
    if notice_date < app.received_date:
        raise ValidationError({"notice_date": "补正告知日期不能早于收到申请之日。"})
    last = clock.correction_notice_deadline(app.received_date, cal)
    if notice_date > last:
        raise ValidationError({"notice_date": (
            f"补正告知应自收到申请之日起7个工作日内作出（第三十条）。本申请收到于{app.received_date:%Y年%m月%d日}，"
            f"最迟应于{last:%Y年%m月%d日}告知，现已超过期限，不能再要求补正。")})
    if deadline in (None, ""):
        deadline = cal.add_workdays(notice_date, default_correction_period())
    deadline = _date(deadline, "deadline", "补正期限")
    if deadline <= notice_date:
        raise ValidationError({"deadline": "补正期限应晚于告知日期（第三十条：合理的补正期限）。"})
    before = snapshot(app)
    correction = Correction.objects.create(application=app, notice_date=notice_date, items=items, deadline=deadline)
    app.status = Status.CORRECTION
    app.save(update_fields=["status", "updated_at"])
    _event(app, by, "correction_requested", f"告知补正，补正期限至{deadline:%Y年%m月%d日}。答复期限自收到补正申请之日起重新计算。",
           date=notice_date, public=True, rule=clock.ART30_NOTICE)
    _refresh_due(app, by, "告知补正，暂停计算，待收到补正后重新起算", clock.ART30_CORRECTION, date=notice_date, cal=cal)
    _audit(app, by, "correction_request", before)
    return correction


@transaction.atomic
def receive_correction(app: Application, *, by, corrected_date: dt.date | str, content: str = "",
                       cal=None) -> Application:
    app = _lock(app)
    _check_handler(by, app)
    _require_open(app)
    correction = Correction.objects.filter(application=app).first()
    if correction is None or correction.corrected_date:
        raise ValidationError("本申请没有待补正的事项。")
    corrected_date = _date(corrected_date, "corrected_date", "收到补正日期")
    _not_future(corrected_date, "corrected_date", "收到补正日期")
    if corrected_date < correction.notice_date:
        raise ValidationError({"corrected_date": "收到补正日期不能早于补正告知日期。"})
    if corrected_date > correction.deadline:
        raise ValidationError({"corrected_date": (
            f"补正期限已于{correction.deadline:%Y年%m月%d日}届满；申请人无正当理由逾期不补正的，视为放弃申请（第三十条）。"
            "如申请人有正当理由，请先延长补正期限。")})
    before = snapshot(app)
    correction.corrected_date, correction.corrected_content = corrected_date, (content or "").strip()
    correction.save()
    app.clock_start, app.status = corrected_date, Status.PROCESSING
    app.save(update_fields=["clock_start", "status", "updated_at"])
    _event(app, by, "correction_received", f"收到补正申请（{corrected_date:%Y年%m月%d日}）。", date=corrected_date,
           public=True)
    _refresh_due(app, by, "收到补正申请，答复期限重新起算", clock.ART30_CORRECTION, date=corrected_date, cal=cal)
    _audit(app, by, "correction_receive", before)
    return app


@transaction.atomic
def extend_correction_deadline(app: Application, *, by, deadline: dt.date | str, reason: str) -> Correction:
    """申请人有正当理由 (第三十条): a later correction deadline, with the reason kept."""
    app = _lock(app)
    _check_handler(by, app)
    _require_open(app)
    correction = Correction.objects.filter(application=app, corrected_date__isnull=True).first()
    if correction is None:
        raise ValidationError("本申请没有待补正的事项。")
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写申请人逾期补正的正当理由。"})
    deadline = _date(deadline, "deadline", "补正期限")
    if deadline <= correction.deadline:
        raise ValidationError({"deadline": "新的补正期限应晚于原期限。"})
    before = snapshot(app)
    old = correction.deadline
    correction.deadline = deadline
    correction.save(update_fields=["deadline"])
    _event(app, by, "correction_deadline", f"补正期限由{old:%Y年%m月%d日}延至{deadline:%Y年%m月%d日}：{reason.strip()}",
           rule="《政府信息公开条例》第三十条（正当理由）", public=True)
    _audit(app, by, "correction_deadline", before, reason=reason)
    return correction


# --- 征求意见 (第三十二条、第三十四条) ----------------------------------------------------------------------

@transaction.atomic
def start_consultation(app: Application, *, by, kind: str, party_name: str, sent_date: dt.date | str,
                       party_address: str = "", cal=None) -> Consultation:
    app = _lock(app)
    _check_handler(by, app)
    _require_open(app)
    _require_received(app)
    if app.status in (Status.CORRECTION, Status.FEE_PENDING):
        raise ValidationError(f"申请{app.get_status_display()}，不能征求意见。")
    if kind not in Consultation.Kind.values:
        raise ValidationError({"kind": "征求意见类型不正确。"})
    party_name = (party_name or "").strip()
    if not party_name:
        raise ValidationError({"party_name": "请填写被征求意见的第三方或机关名称。"})
    sent_date = _date(sent_date, "sent_date", "发出日期")
    if sent_date < app.clock_start:
        raise ValidationError({"sent_date": "征求意见日期不能早于答复期限起算日。"})
    if app.due_date and sent_date > app.due_date:
        raise ValidationError({"sent_date": f"答复期限已于{app.due_date:%Y年%m月%d日}届满，不能再征求意见。"})
    cal = cal or clock.get_calendar()
    before = snapshot(app)
    c = Consultation.objects.create(application=app, kind=kind, party_name=party_name,
                                    party_address=(party_address or "").strip(), sent_date=sent_date,
                                    reply_deadline=clock.consultation_reply_deadline(sent_date, cal))
    rule = clock.ART32 if kind == Consultation.Kind.THIRD_PARTY else clock.ART34
    app.status = Status.CONSULTING
    app.save(update_fields=["status", "updated_at"])
    # A third party may be a private person: the public history names only consulted organs (第三十四条).
    named = f"：{party_name}" if kind == Consultation.Kind.AGENCY else ""
    _event(app, by, "consultation", f"{c.get_kind_display()}{named}，答复期限{c.reply_deadline:%Y年%m月%d日}。",
           date=sent_date, rule=rule, public=True)
    _refresh_due(app, by, f"{c.get_kind_display()}，所需时间不计算在答复期限内", f"{clock.ART33_NOT_COUNTED}；{rule}",
                 date=sent_date, cal=cal)
    _audit(app, by, "consultation_start", before)
    return c


@transaction.atomic
def record_consultation_reply(consultation: Consultation, *, by, opinion: str, replied_date: dt.date | str | None,
                              text: str = "", cal=None) -> Consultation:
    app = _lock(consultation.application)
    _check_handler(by, app)
    _require_open(app)
    c = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if c.opinion != Consultation.Opinion.PENDING:
        raise ValidationError("该征求意见已记录答复。")
    if opinion not in (Consultation.Opinion.AGREE, Consultation.Opinion.OBJECT, Consultation.Opinion.NO_REPLY):
        raise ValidationError({"opinion": "请选择意见。"})
    if opinion == Consultation.Opinion.NO_REPLY:
        if _today() <= c.reply_deadline and not replied_date:
            raise ValidationError({"opinion": f"答复期限{c.reply_deadline:%Y年%m月%d日}尚未届满，不能记为逾期未提出意见。"})
        replied = None
    else:
        replied = _date(replied_date, "replied_date", "收到意见日期")
        if replied < c.sent_date:
            raise ValidationError({"replied_date": "收到意见日期不能早于发出日期。"})
        _not_future(replied, "replied_date", "收到意见日期")
    before = snapshot(app)
    c.opinion, c.opinion_text = opinion, (text or "").strip()
    c.replied_date = replied
    c.save()
    if not app.consultations.filter(opinion=Consultation.Opinion.PENDING).exists():
        app.status = Status.PROCESSING
        app.save(update_fields=["status", "updated_at"])
    note = {"agree": "同意公开", "object": "不同意公开", "no_reply": "逾期未提出意见"}[opinion]
    if opinion == Consultation.Opinion.NO_REPLY and c.kind == Consultation.Kind.AGENCY:
        note += "，视为同意公开（第三十四条）"
    elif opinion == Consultation.Opinion.NO_REPLY:
        note += "，由本机关依照条例决定是否公开（第三十二条）"
    _event(app, by, "consultation_reply", f"{c.party_name}：{note}。", date=replied, public=False)
    _refresh_due(app, by, "收到征求意见答复，恢复计算答复期限", clock.ART33_NOT_COUNTED, date=replied, cal=cal)
    _audit(app, by, "consultation_reply", before)
    return c


# --- 延期 (第三十三条第二款) ----------------------------------------------------------------------------

@transaction.atomic
def extend(app: Application, *, by, days: int, reason: str, approver=None, approver_name: str = "",
           approved_date: dt.date | str, notice_date: dt.date | str, cal=None) -> Extension:
    app = _lock(app)
    _check_handler(by, app)
    _require_open(app)
    _require_received(app)
    if Extension.objects.filter(application=app).exists():
        raise ValidationError("本申请已延期一次。第三十三条第二款规定延长答复期限只能一次，最长不超过20个工作日。")
    try:
        days = int(days)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"days": "请填写延长的工作日数。"}) from exc
    if not 1 <= days <= clock.max_extension_workdays():
        raise ValidationError({"days": f"延长的期限应为1至{clock.max_extension_workdays()}个工作日（第三十三条第二款）。"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写延期理由。"})
    if approver is not None:
        if not access.can_approve_extension(approver, app.unit):
            raise ValidationError({"approver": "批准人须为本单位审核员（政府信息公开工作机构负责人）或公开办管理员。"})
        approver_name = approver_name or _actor_name(approver)
    elif by is not None:
        raise ValidationError({"approver": "延期须经政府信息公开工作机构负责人同意，请选择批准人（第三十三条第二款）。"})
    if not (approver_name or "").strip():
        raise ValidationError({"approver": "请填写批准人。"})
    approved_date = _date(approved_date, "approved_date", "批准日期")
    notice_date = _date(notice_date, "notice_date", "告知申请人日期")
    if app.due_date is None:
        raise ValidationError("答复期限尚未开始计算（待补正），不能延期。")
    if approved_date > app.due_date or notice_date > app.due_date:
        raise ValidationError({"approved_date": f"延期应在原答复期限（{app.due_date:%Y年%m月%d日}）届满前批准并告知申请人。"})
    if approved_date < app.clock_start:
        raise ValidationError({"approved_date": "批准日期不能早于答复期限起算日。"})
    if notice_date < approved_date:
        raise ValidationError({"notice_date": "告知申请人日期不能早于批准日期。"})
    before = snapshot(app)
    ext = Extension.objects.create(application=app, days=days, reason=reason.strip(), approved_date=approved_date,
                                   approver=approver, approver_name=approver_name.strip(), notice_date=notice_date)
    # The public history names the organ, never the person (the approver is on the staff page and in the audit).
    _event(app, by, "extension", f"经政府信息公开工作机构负责人同意延长答复期限{days}个工作日，"
                                 f"已于{notice_date:%Y年%m月%d日}告知申请人。",
           date=approved_date, rule=clock.ART33_EXT, public=True)
    _refresh_due(app, by, f"延长答复期限{days}个工作日", clock.ART33_EXT, date=approved_date, cal=cal)
    _audit(app, by, "extend", before, reason=reason)
    return ext


# --- 收费 (条例第四十二条; 国办函〔2020〕109号) ---------------------------------------------------------------

def prior_items_this_month(app: Application) -> int:
    """件 the same applicant filed earlier in the same natural month (第四条: 同一申请人一个自然月内累计)."""
    if not app.received_date:
        return 0
    first = app.received_date.replace(day=1)
    qs = Application.objects.filter(id_number=app.id_number, received_date__gte=first,
                                    received_date__lte=app.received_date).exclude(pk=app.pk)
    return qs.filter(received_date__lt=app.received_date).count() + qs.filter(
        received_date=app.received_date, pk__lt=app.pk).count()


def calculate_fee(app: Application, *, method: str, quantity: int) -> fees.FeeCalculation:
    """The fee with its calculation; `quantity` = 件 this application counts as (按件) or 页 (按量)."""
    try:
        quantity = int(quantity)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"quantity": "请填写件数或页数。"}) from exc
    if method == Fee.Method.PER_ITEM:
        if quantity < 1:
            raise ValidationError({"quantity": "件数至少为1。"})
        return fees.per_item(prior_items_this_month(app), quantity)
    if method == Fee.Method.PER_PAGE:
        if quantity < 1:
            raise ValidationError({"quantity": "页数至少为1。"})
        return fees.per_page(quantity)
    raise ValidationError({"method": "请选择按件计收或按量计收（109号第三条：只能选择其中一种）。"})


@transaction.atomic
def notify_fee(app: Application, *, by, method: str, quantity: int, notice_date: dt.date | str,
               waive_reason: str = "", cal=None) -> Fee:
    """Issue a 收费通知 (the clock stops until payment), or record at once that the fee is waived."""
    app = _lock(app)
    _check_handler(by, app)
    _require_open(app)
    _require_received(app)
    if app.status != Status.PROCESSING:
        raise ValidationError(f"申请{app.get_status_display()}，不能发出收费通知。")
    if app.fees.filter(status__in=[Fee.FeeStatus.NOTIFIED, Fee.FeeStatus.PAID]).exists():
        raise ValidationError("本申请已发出收费通知（109号第三条：不得重复计收）。")
    calc = calculate_fee(app, method=method, quantity=quantity)
    notice_date = _date(notice_date, "notice_date", "通知日期")
    if notice_date < app.clock_start or (app.due_date and notice_date > app.due_date):
        raise ValidationError({"notice_date": "收费通知应在答复期限内发出。"})
    if calc.amount == 0 and not waive_reason:
        raise ValidationError({"quantity": "按标准计算不收费（未超过免费数量），无需发出收费通知。"})
    cal = cal or clock.get_calendar()
    before = snapshot(app)
    fee = Fee(application=app, method=method, quantity=calc.quantity, amount=calc.amount,
              calculation=calc.text + f"\n依据：{calc.rule}", notice_date=notice_date,
              pay_deadline=clock.fee_payment_deadline(notice_date, cal))
    if waive_reason.strip():
        fee.status, fee.waiver_reason, fee.waived_date = Fee.FeeStatus.WAIVED, waive_reason.strip(), notice_date
        fee.save()
        _event(app, by, "fee_waived", f"应收信息处理费{calc.amount:.2f}元，决定减免：{waive_reason.strip()}",
               date=notice_date, rule=calc.rule)
    else:
        fee.save()
        app.status = Status.FEE_PENDING
        app.save(update_fields=["status", "updated_at"])
        _event(app, by, "fee_notice", f"发出收费通知：{calc.amount:.2f}元，缴费期限{fee.pay_deadline:%Y年%m月%d日}。",
               date=notice_date, rule=calc.rule, public=True)
        _refresh_due(app, by, "发出收费通知，至缴费之日不计算在答复期限内", clock.FEE_RULE, date=notice_date, cal=cal)
    _audit(app, by, "fee_notice", before, target=None)
    return fee


@transaction.atomic
def record_payment(fee: Fee, *, by, paid_date: dt.date | str, cal=None) -> Fee:
    app = _lock(fee.application)
    _check_handler(by, app)
    _require_open(app)
    fee = Fee.objects.select_for_update().get(pk=fee.pk)
    if fee.status != Fee.FeeStatus.NOTIFIED:
        raise ValidationError(f"该收费{fee.get_status_display()}，不能登记缴费。")
    paid_date = _date(paid_date, "paid_date", "缴费日期")
    _not_future(paid_date, "paid_date", "缴费日期")
    if paid_date < fee.notice_date:
        raise ValidationError({"paid_date": "缴费日期不能早于收费通知日期。"})
    if paid_date > fee.pay_deadline:
        raise ValidationError({"paid_date": f"缴费期限已于{fee.pay_deadline:%Y年%m月%d日}届满，逾期未缴费的不再处理该申请。"})
    before = snapshot(app)
    fee.status, fee.paid_date = Fee.FeeStatus.PAID, paid_date
    fee.save()
    app.status = Status.PROCESSING
    app.save(update_fields=["status", "updated_at"])
    _event(app, by, "fee_paid", f"申请人已缴纳信息处理费{fee.amount:.2f}元。", date=paid_date, public=True)
    _refresh_due(app, by, "申请人缴费，恢复计算答复期限", clock.FEE_RULE, date=paid_date, cal=cal)
    _audit(app, by, "fee_paid", before)
    return fee


@transaction.atomic
def waive_fee(fee: Fee, *, by, reason: str, waived_date: dt.date | str | None = None, cal=None) -> Fee:
    app = _lock(fee.application)
    _check_handler(by, app)
    _require_open(app)
    fee = Fee.objects.select_for_update().get(pk=fee.pk)
    if fee.status != Fee.FeeStatus.NOTIFIED:
        raise ValidationError(f"该收费{fee.get_status_display()}，不能减免。")
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写减免理由。"})
    waived = _date(waived_date or _today(), "waived_date", "减免日期")
    if waived < fee.notice_date:
        raise ValidationError({"waived_date": "减免日期不能早于收费通知日期。"})
    before = snapshot(app)
    fee.status, fee.waiver_reason, fee.waived_date = Fee.FeeStatus.WAIVED, reason.strip(), min(waived, fee.pay_deadline)
    fee.save()
    app.status = Status.PROCESSING
    app.save(update_fields=["status", "updated_at"])
    _event(app, by, "fee_waived", f"减免信息处理费：{reason.strip()}", date=waived, public=True)
    _refresh_due(app, by, "减免信息处理费，恢复计算答复期限", clock.FEE_RULE, date=waived, cal=cal)
    _audit(app, by, "fee_waived", before, reason=reason)
    return fee


# --- final outcome (第三十六条 and table 三) ----------------------------------------------------------------

@transaction.atomic
def close(app: Application, *, by, outcome: str, reply_date: dt.date | str, reason: str = "",
          referred_agency: str = "", already_public: bool = False) -> Application:
    """Give the one final outcome. The two "不再处理" outcomes need their facts (第三十条; 109号)."""
    app = _lock(app)
    _check_handler(by, app)
    _require_open(app)
    if outcome not in outcomes.BY_CODE:
        raise ValidationError({"outcome": "请选择办理结果。"})
    reply_date = _date(reply_date, "reply_date", "答复日期")
    _not_future(reply_date, "reply_date", "答复日期")
    reason = (reason or "").strip()
    if _TAG.search(reason) or _TAG.search(referred_agency or ""):
        raise ValidationError({"reason": "不能包含 HTML 标签。"})
    group = outcomes.BY_CODE[outcome].group
    correction = Correction.objects.filter(application=app).first()
    if outcome == "other_no_correction":
        if correction is None or correction.corrected_date:
            raise ValidationError({"outcome": "只有告知补正后申请人逾期未补正的，才能以“逾期不补正”办结（第三十条）。"})
        if reply_date <= correction.deadline:
            raise ValidationError({"outcome": f"补正期限至{correction.deadline:%Y年%m月%d日}，期限届满后才能视为放弃申请。"})
    else:
        if not app.received_date:
            raise ValidationError("尚未确认收到申请（第三十一条），请先确认收到日期。")
        if correction is not None and not correction.corrected_date:
            raise ValidationError({"outcome": "申请正在补正中：请登记收到补正，或在补正期限届满后以“逾期不补正”办结。"})
    pending_fee = app.fees.filter(status=Fee.FeeStatus.NOTIFIED).first()
    if outcome == "other_fee_unpaid":
        if pending_fee is None:
            raise ValidationError({"outcome": "没有待缴的收费通知，不能以“逾期未缴费”办结。"})
        if reply_date <= pending_fee.pay_deadline:
            raise ValidationError({"outcome": f"缴费期限至{pending_fee.pay_deadline:%Y年%m月%d日}，期限届满后才能不再处理。"})
        pending_fee.status = Fee.FeeStatus.EXPIRED
        pending_fee.save(update_fields=["status"])
    elif pending_fee is not None:
        raise ValidationError({"outcome": "申请人尚未缴费：请登记缴费或减免，或在缴费期限届满后以“逾期未缴费”办结。"})
    if outcome == "unable_unclear_after_correction" and not (correction and correction.corrected_date):
        raise ValidationError({"outcome": "“补正后申请内容仍不明确”须先告知补正并收到补正申请。"})
    if already_public and outcome != "granted":
        raise ValidationError({"already_public": "“已主动公开”只适用于予以公开（第三十六条第（一）项）。"})
    if already_public and not reason:
        raise ValidationError({"reason": "请告知申请人获取该政府信息的方式、途径（第三十六条第（一）项）。"})
    if group in ("withheld", "partial", "unable", "not_processed") and not reason:
        raise ValidationError({"reason": "请填写理由（第三十六条：不予公开、无法提供、不予处理的应当说明理由）。"})
    clock_start = app.clock_start or app.received_date
    if clock_start and reply_date < clock_start and outcome != "other_no_correction":
        raise ValidationError({"reply_date": "答复日期不能早于答复期限起算日。"})
    before = snapshot(app)
    for c in app.consultations.filter(opinion=Consultation.Opinion.PENDING):
        if reply_date <= c.reply_deadline:
            raise ValidationError({"outcome": f"征求{c.party_name}意见的期限至{c.reply_deadline:%Y年%m月%d日}，请先记录其意见。"})
        c.opinion = Consultation.Opinion.NO_REPLY
        c.save(update_fields=["opinion"])
    app.final_outcome, app.closed_date, app.status = outcome, reply_date, Status.CLOSED
    app.outcome_reason, app.referred_agency = reason, (referred_agency or "").strip()
    app.already_public = bool(already_public)
    app.save()
    late = app.due_date and reply_date > app.due_date
    label = outcomes.choice_label(outcomes.BY_CODE[outcome])
    _event(app, by, "closed", f"作出答复：{label}。" + ("（已超过答复期限）" if late else ""), date=reply_date,
           public=True)
    _audit(app, by, "close", before, reason=reason)
    return app


# --- appeals (table 四) -----------------------------------------------------------------------------------

@transaction.atomic
def record_appeal(app: Application, *, by, kind: str, filed_date: dt.date | str, authority: str = "",
                  case_number: str = "", note: str = "") -> Appeal:
    app = _lock(app)
    _check_handler(by, app)
    if kind not in Appeal.Kind.values:
        raise ValidationError({"kind": "请选择行政复议或行政诉讼类型。"})
    filed_date = _date(filed_date, "filed_date", "申请/立案日期")
    if app.received_date and filed_date < app.received_date:
        raise ValidationError({"filed_date": "复议/诉讼日期不能早于收到申请之日。"})
    appeal = Appeal.objects.create(application=app, kind=kind, filed_date=filed_date, authority=(authority or "").strip(),
                                   case_number=(case_number or "").strip(), note=(note or "").strip())
    _event(app, by, "appeal", f"{appeal.get_kind_display()}：{appeal.authority}", date=filed_date)
    record_event(actor=by, action="application_appeal", target=appeal, after={"kind": kind, "filed_date": filed_date,
                 "application": app.serial}, unit=app.unit)
    return appeal


@transaction.atomic
def decide_appeal(appeal: Appeal, *, by, result: str, decided_date: dt.date | str) -> Appeal:
    appeal = Appeal.objects.select_for_update().select_related("application__unit").get(pk=appeal.pk)
    app = appeal.application
    _check_handler(by, app)
    if result not in (Appeal.Result.UPHELD, Appeal.Result.CORRECTED, Appeal.Result.OTHER):
        raise ValidationError({"result": "请选择结果维持、结果纠正或其他结果。"})
    if appeal.result != Appeal.Result.PENDING:
        raise ValidationError("该复议/诉讼已登记审结结果。")
    decided = _date(decided_date, "decided_date", "审结日期")
    if decided < appeal.filed_date:
        raise ValidationError({"decided_date": "审结日期不能早于申请/立案日期。"})
    before = {"result": appeal.result}
    appeal.result, appeal.decided_date = result, decided
    appeal.save()
    _event(app, by, "appeal_decided", f"{appeal.get_kind_display()}审结：{appeal.get_result_display()}", date=decided)
    record_event(actor=by, action="application_appeal_decide", target=appeal, before=before,
                 after={"result": result, "decided_date": decided}, unit=app.unit)
    return appeal


# --- letter templates ---------------------------------------------------------------------------------------

@transaction.atomic
def update_letter_template(template: LetterTemplate, *, by, title: str, body: str) -> LetterTemplate:
    from django.template import Template, TemplateSyntaxError

    if by is not None and not access.can_edit_templates(by):
        raise PermissionDenied("只有公开办管理员可以修改文书模板。")
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise ValidationError("请填写文书标题和正文。")
    try:
        Template(body)
    except TemplateSyntaxError as exc:
        raise ValidationError({"body": f"模板语法有误：{exc}"}) from exc
    template = LetterTemplate.objects.select_for_update().get(pk=template.pk)
    before = {"title": template.title, "body": template.body}
    template.title, template.body = title, body
    template.updated_by = by if by is not None else None
    template.save()
    record_event(actor=by, action="letter_template_update", target=template, before=before,
                 after={"title": title, "body": body})
    return template


# --- calendar changes ---------------------------------------------------------------------------------------

def recompute_open_due_dates(*, only_provisional: bool = True, cal=None) -> int:
    """After the official holiday arrangement is entered (workdays.calendar_changed), recompute due dates."""
    qs = Application.objects.exclude(status=Status.CLOSED).filter(clock_start__isnull=False)
    if only_provisional:
        qs = qs.filter(due_date_provisional=True)
    changed = 0
    for app in qs:
        with transaction.atomic():
            app = _lock(app)
            before = snapshot(app)
            _refresh_due(app, None, "工作日历更新（国务院放假安排录入），重新计算答复期限",
                         "工作日历：国务院办公厅关于部分节假日安排的通知", cal=cal)
            if before["due_date"] != app.due_date or before["due_date_provisional"] != app.due_date_provisional:
                changed += 1
                _audit(app, None, "due_recompute", before)
    return changed


def mark_notifications_read(*, by) -> int:
    """A user's own reminders (no audit: it changes no case)."""
    from .models import Notification

    return Notification.objects.filter(user=by, read_at__isnull=True).update(read_at=timezone.now())
