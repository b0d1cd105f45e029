"""What moves the answer deadline: 补正 (第三十条), 征求意见 (第三十二条、第三十四条), 延期 (第三十三条第二款),
and recomputation when the official holiday arrangement is entered.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import access, clock, workflow
from ..models import (
    Application,
    Consultation,
    Correction,
    Extension,
    Status,
)
from ._common import (
    _actor_name,
    _audit,
    _check_handler,
    _date,
    _delivered,
    _event,
    _lock,
    _not_future,
    _refresh_due,
    _require_open,
    _today,
    snapshot,
)


def default_correction_period() -> int:
    """A "合理的补正期限" (第三十条 leaves it to the agency): working days after the notice."""
    from django.conf import settings

    return int(getattr(settings, "ZHENGWU_CORRECTION_PERIOD_WORKDAYS", 15))


@transaction.atomic
def request_correction(app: Application, *, by, items: str, notice_date: dt.date | str,
                       deadline: dt.date | str | None = None, cal=None) -> Correction:
    app = _lock(app)
    workflow.options(app, by).require("correction")
    cal = cal or clock.get_calendar()
    items = (items or "").strip()
    if not items:
        raise ValidationError({"items": "请写明需要补正的事项（第三十条：一次性告知）。"})
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
    _audit(app, by, "application_correction_request", before)
    return correction


@transaction.atomic
def receive_correction(app: Application, *, by, corrected_date: dt.date | str, content: str = "",
                       cal=None) -> Application:
    app = _lock(app)
    workflow.options(app, by).require("correction_received")
    correction = Correction.objects.get(application=app)
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
    _audit(app, by, "application_correction_receive", before)
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
    _audit(app, by, "application_correction_deadline", before, reason=reason)
    return correction


@transaction.atomic
def start_consultation(app: Application, *, by, kind: str, party_name: str, sent_date: dt.date | str,
                       party_address: str = "", delivery: str = clock.ELECTRONIC,
                       received_date: dt.date | str | None = None, cal=None) -> Consultation:
    """Send a 征求意见书; its 15 working days run from the day the party receives it (第三十二条、第三十四条)."""
    app = _lock(app)
    workflow.options(app, by).require("consultation")
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
    received, why = _delivered(sent_date, delivery, received_date)
    cal = cal or clock.get_calendar()
    before = snapshot(app)
    c = Consultation.objects.create(application=app, kind=kind, party_name=party_name,
                                    party_address=(party_address or "").strip(), sent_date=sent_date,
                                    delivery=delivery, received_date=received,
                                    reply_deadline=clock.consultation_reply_deadline(received, cal))
    rule = clock.ART32 if kind == Consultation.Kind.THIRD_PARTY else clock.ART34
    app.status = Status.CONSULTING
    app.save(update_fields=["status", "updated_at"])
    # A third party may be a private person: the public history names only consulted organs (第三十四条).
    named = f"：{party_name}" if kind == Consultation.Kind.AGENCY else ""
    _event(app, by, "consultation", f"{c.get_kind_display()}{named}，{why}，自收到之日起15个工作日内提出意见，"
           f"期限{c.reply_deadline:%Y年%m月%d日}。", date=sent_date, rule=rule, public=True)
    _refresh_due(app, by, f"{c.get_kind_display()}，所需时间不计算在答复期限内", f"{clock.ART33_NOT_COUNTED}；{rule}",
                 date=sent_date, cal=cal)
    _audit(app, by, "application_consultation_start", before)
    return c


@transaction.atomic
def record_consultation_receipt(consultation: Consultation, *, by, received_date: dt.date | str, cal=None) -> Consultation:
    """The consulted party's actual receipt (e.g. the postal 回执): its 15 working days are counted again."""
    app = _lock(consultation.application)
    _check_handler(by, app)
    _require_open(app)
    c = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if c.opinion != Consultation.Opinion.PENDING:
        raise ValidationError("该征求意见已记录答复，不能再更改收到日期。")
    received, why = _delivered(c.sent_date, c.delivery, received_date)
    cal = cal or clock.get_calendar()
    before = snapshot(app)
    c.received_date, c.reply_deadline = received, clock.consultation_reply_deadline(received, cal)
    c.save(update_fields=["received_date", "reply_deadline"])
    rule = clock.ART32 if c.kind == Consultation.Kind.THIRD_PARTY else clock.ART34
    _event(app, by, "consultation_receipt", f"{c.party_name}{why}，提出意见期限{c.reply_deadline:%Y年%m月%d日}。",
           date=received, rule=rule, public=False)
    _refresh_due(app, by, "登记被征求意见方收到日期", f"{clock.ART33_NOT_COUNTED}；{rule}", date=received, cal=cal)
    _audit(app, by, "application_consultation_receipt", before)
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
    _audit(app, by, "application_consultation_reply", before)
    return c


@transaction.atomic
def extend(app: Application, *, by, days: int, reason: str, approver=None, approver_name: str = "",
           approved_date: dt.date | str, notice_date: dt.date | str, cal=None) -> Extension:
    app = _lock(app)
    workflow.options(app, by).require("extend")
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
    _audit(app, by, "application_extend", before, reason=reason)
    return ext


def recompute_open_due_dates(*, only_provisional: bool = True, cal=None) -> int:
    """After the official holiday arrangement is entered (workdays.calendar_changed), recompute due dates."""
    qs = Application.objects.open().filter(clock_start__isnull=False)
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
                _audit(app, None, "application_due_recompute", before)
    return changed
