"""办结: the one final outcome of a case (第三十六条, table 三) and the reply-letter templates."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhengwu.audit.log import record_event
from zhengwu.core.text import has_markup

from .. import access, outcomes, workflow
from ..models import (
    Application,
    Consultation,
    Correction,
    Fee,
    LetterTemplate,
    Status,
)
from ._common import _audit, _date, _event, _lock, _not_future, snapshot


@transaction.atomic
def close(app: Application, *, by, outcome: str, reply_date: dt.date | str, reason: str = "",  # noqa: C901 - one branch per 第三十六条 outcome's precondition, in legal order
          referred_agency: str = "", already_public: bool = False) -> Application:
    """Give the one final outcome. The two "不再处理" outcomes need their facts (第三十条; 109号)."""
    app = _lock(app)
    workflow.options(app, by).require("close")
    if outcome not in outcomes.BY_CODE:
        raise ValidationError({"outcome": "请选择办理结果。"})
    reply_date = _date(reply_date, "reply_date", "答复日期")
    _not_future(reply_date, "reply_date", "答复日期")
    reason = (reason or "").strip()
    if has_markup(reason) or has_markup(referred_agency or ""):
        raise ValidationError({"reason": "不能包含 HTML 标签。"})
    group = outcomes.BY_CODE[outcome].group
    correction = Correction.objects.filter(application=app).first()
    if outcome == "other_no_correction":
        if correction is None or correction.corrected_date:
            raise ValidationError({"outcome": "只有告知补正后申请人逾期未补正的，才能以“逾期不补正”办结（第三十条）。"})
        if reply_date <= correction.deadline:
            raise ValidationError({"outcome": f"补正期限至{correction.deadline:%Y年%m月%d日}，期限届满后才能视为放弃申请。"})
    elif correction is not None and not correction.corrected_date:
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
    _audit(app, by, "application_close", before, reason=reason)
    return app


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
