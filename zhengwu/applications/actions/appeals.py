"""行政复议 and 行政诉讼 against a reply (annual report table 四)."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from zhengwu.audit.log import record_event

from ..models import (
    Appeal,
    Application,
)
from ._common import _check_handler, _date, _event, _lock


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
