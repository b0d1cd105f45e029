"""信息处理费 (条例第四十二条; 国办函〔2020〕109号): calculate, notify, record payment or waiver."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from zhengwu.core.crypto import lookup_hash

from .. import clock, fees, workflow
from ..models import (
    Application,
    Fee,
    Status,
)
from ._common import (
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


def prior_items_this_month(app: Application) -> int:
    """件 the same applicant filed earlier in the same natural month (第四条: 同一申请人一个自然月内累计)."""
    if not app.received_date:
        return 0
    first = app.received_date.replace(day=1)
    qs = Application.objects.filter(id_number_hash=lookup_hash(app.id_number), received_date__gte=first,
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
               waive_reason: str = "", delivery: str = clock.ELECTRONIC, received_date: dt.date | str | None = None,
               cal=None) -> Fee:
    """Issue a 收费通知 (the clock stops until payment), or record at once that the fee is waived."""
    app = _lock(app)
    workflow.options(app, by).require("fee")
    calc = calculate_fee(app, method=method, quantity=quantity)
    notice_date = _date(notice_date, "notice_date", "通知日期")
    if notice_date < app.clock_start or (app.due_date and notice_date > app.due_date):
        raise ValidationError({"notice_date": "收费通知应在答复期限内发出。"})
    if calc.amount == 0 and not waive_reason:
        raise ValidationError({"quantity": "按标准计算不收费（未超过免费数量），无需发出收费通知。"})
    received, why = _delivered(notice_date, delivery, received_date)
    cal = cal or clock.get_calendar()
    before = snapshot(app)
    fee = Fee(application=app, method=method, quantity=calc.quantity, amount=calc.amount,
              calculation=calc.text + f"\n依据：{calc.rule}", notice_date=notice_date, delivery=delivery,
              received_date=received, pay_deadline=clock.fee_payment_deadline(received, cal))
    if waive_reason.strip():
        fee.status, fee.waiver_reason, fee.waived_date = Fee.FeeStatus.WAIVED, waive_reason.strip(), notice_date
        fee.save()
        _event(app, by, "fee_waived", f"应收信息处理费{calc.amount:.2f}元，决定减免：{waive_reason.strip()}",
               date=notice_date, rule=calc.rule)
    else:
        fee.save()
        app.status = Status.FEE_PENDING
        app.save(update_fields=["status", "updated_at"])
        _event(app, by, "fee_notice", f"发出收费通知：{calc.amount:.2f}元，{why}，自收到次日起20个工作日内缴纳，"
               f"缴费期限{fee.pay_deadline:%Y年%m月%d日}。", date=notice_date, rule=f"{calc.rule}；{clock.FEE_RULE}",
               public=True)
        _refresh_due(app, by, "发出收费通知，待缴费期间暂停计算答复期限", clock.FEE_PAUSE_RULE, date=notice_date, cal=cal)
    _audit(app, by, "application_fee_notice", before, target=None)
    return fee


def _notified_fee(fee: Fee, by, cannot: str) -> tuple[Application, Fee]:
    """Lock the case and its fee for a step that is only open while the fee notice awaits payment."""
    app = _lock(fee.application)
    _check_handler(by, app)
    _require_open(app)
    fee = Fee.objects.select_for_update().get(pk=fee.pk)
    if fee.status != Fee.FeeStatus.NOTIFIED:
        raise ValidationError(f"该收费{fee.get_status_display()}，{cannot}。")
    return app, fee


@transaction.atomic
def record_fee_receipt(fee: Fee, *, by, received_date: dt.date | str, cal=None) -> Fee:
    """The applicant's actual receipt of the fee notice: the 20 working days are counted again from the next day."""
    app, fee = _notified_fee(fee, by, "不能再更改收到日期")
    received, why = _delivered(fee.notice_date, fee.delivery, received_date)
    cal = cal or clock.get_calendar()
    before = snapshot(app)
    fee.received_date, fee.pay_deadline = received, clock.fee_payment_deadline(received, cal)
    fee.save(update_fields=["received_date", "pay_deadline"])
    _event(app, by, "fee_receipt", f"申请人{why}，缴费期限{fee.pay_deadline:%Y年%m月%d日}。", date=received,
           rule=clock.FEE_RULE, public=True)
    _refresh_due(app, by, "登记申请人收到收费通知日期", clock.FEE_PAUSE_RULE, date=received, cal=cal)
    _audit(app, by, "application_fee_receipt", before)
    return fee


@transaction.atomic
def record_payment(fee: Fee, *, by, paid_date: dt.date | str, cal=None) -> Fee:
    app, fee = _notified_fee(fee, by, "不能登记缴费")
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
    _refresh_due(app, by, "申请人缴费，恢复计算答复期限", clock.FEE_PAUSE_RULE, date=paid_date, cal=cal)
    _audit(app, by, "application_fee_paid", before)
    return fee


@transaction.atomic
def waive_fee(fee: Fee, *, by, reason: str, waived_date: dt.date | str | None = None, cal=None) -> Fee:
    app, fee = _notified_fee(fee, by, "不能减免")
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
    _refresh_due(app, by, "减免信息处理费，恢复计算答复期限", clock.FEE_PAUSE_RULE, date=waived, cal=cal)
    _audit(app, by, "application_fee_waived", before, reason=reason)
    return fee
