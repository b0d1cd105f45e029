"""Every write of the services app: 事项 (with a new version each change), life events, 办件 import, ratings and
差评 handling. Each runs in one transaction, checks rules.py / workflow.py, and audits."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhengwu.audit.log import record_event
from zhengwu.core.dates import local_date
from zhengwu.org import access

from . import change_workflow, rules, workflow
from .models import (
    Audience,
    Case,
    CatalogBaseline,
    LifeEvent,
    LifeEventService,
    Material,
    Option,
    Question,
    Rating,
    RatingLevel,
    Service,
    ServiceChange,
    ServiceVersion,
    Theme,
)

SERVICE_FIELDS = (
    "code", "name", "type", "audience", "theme", "basis_text", "level", "conditions", "process",
    "legal_limit_workdays", "promised_limit_workdays", "charges_fee", "fee_standard", "fee_basis", "location", "hours",
    "consult_phone", "complaint_phone", "online_depth", "online_available", "cross_region", "fully_online", "nearby",
    "result_name", "is_active",
)
MATERIAL_FIELDS = ("name", "source", "source_detail", "form", "copies", "necessity", "tolerance", "commitment",
                   "exempt", "trust_level")


AUDIT_KEYS = {"code": "service_code", "name": "service_name", "type": "service_type", "level": "service_level"}


def snapshot(service: Service) -> dict:
    """The full state of a 事项 (keys are model field names; `audit_view` renames the generic ones)."""
    data = {f: getattr(service, f) for f in SERVICE_FIELDS}
    data["unit"] = service.unit_id
    data["basis_records"] = sorted(service.basis_records.values_list("pk", flat=True)) if service.pk else []
    data["materials"] = [{f: getattr(m, f) for f in MATERIAL_FIELDS} for m in service.materials.all()] \
        if service.pk else []
    return data


def audit_view(data: dict | None) -> dict | None:
    """The snapshot with the generic keys made specific, so the audit labels of other apps never clash."""
    if data is None:
        return None
    return {AUDIT_KEYS.get(k, k): v for k, v in data.items()}


def _require_editor(user, unit) -> None:
    if user is None:
        return  # system import / demo
    if not access.can_edit_unit_content(user, unit):
        raise PermissionDenied("只能编辑本单位的政务服务事项。")


def _normalise_material(m: dict) -> dict:
    clean = {f: m.get(f) for f in MATERIAL_FIELDS if f in m}
    clean["name"] = str(clean.get("name") or "").strip()
    clean["copies"] = int(clean.get("copies") or 1)
    clean["exempt"] = clean.get("exempt") or ""
    clean["trust_level"] = clean.get("trust_level") or ("A" if clean["exempt"] else "D")
    for f in ("tolerance", "commitment"):
        clean[f] = bool(clean.get(f))
    return clean


@transaction.atomic
def save_service(*, by, unit, data: dict, materials: list[dict], basis_records=(), service: Service | None = None,
                 note: str = "", when: dt.datetime | None = None) -> Service:
    """Create or change a 事项 and its materials; a new `ServiceVersion` when anything changed."""
    _require_editor(by, unit)
    if service is not None:
        _require_editor(by, service.unit)
        service = Service.objects.select_for_update().get(pk=service.pk)
    basis_records = list(basis_records)
    errors = rules.service_errors(data, materials, has_basis_records=bool(basis_records))
    code = str(data.get("code") or "").strip()
    if code and Service.objects.filter(code=code).exclude(pk=getattr(service, "pk", None)).exists():
        errors.setdefault("code", []).append(f"事项编码 {code} 已存在。")
    if errors:
        raise ValidationError(errors)
    before = snapshot(service) if service is not None else None
    target = service or Service()
    for f in SERVICE_FIELDS:
        if f in data:
            value = data[f]
            if isinstance(value, str):
                value = value.strip()
            if f == "legal_limit_workdays" and value == "":
                value = None
            setattr(target, f, value)
    target.unit = unit
    target.full_clean(exclude=["basis_records", "version", "updated_at"])
    target.save()
    target.basis_records.set(basis_records)
    target.materials.all().delete()
    Material.objects.bulk_create(
        [Material(service=target, order=i, **_normalise_material(m)) for i, m in enumerate(materials, start=1)])
    after = snapshot(target)
    changed = sorted(k for k in after if before is None or before.get(k) != after.get(k))
    if not changed:
        return target
    when = when or timezone.now()
    target.version += 1
    target.updated_at = when
    target.save(update_fields=["version", "updated_at"])
    ServiceVersion.objects.create(service=target, number=target.version, changed_at=when,
                                  changed_by=by if getattr(by, "is_authenticated", False) else None,
                                  changed_fields=changed if before is not None else [], snapshot=after, note=note)
    record_event(actor=by, action="service_create" if before is None else "service_update", target=target,
                 before=audit_view(before), after=audit_view(after), unit=unit, reason=note)
    return target


@transaction.atomic
def record_baseline(*, by, recorded_on: dt.date, material_count: int, note: str = "") -> CatalogBaseline:
    """The material count before a 减材料 drive: the base of 材料压减率 (catalog_metrics.py)."""
    if by is not None and not access.is_office_admin(by):
        raise PermissionDenied("材料基准数由政务服务管理机构记录。")
    if int(material_count or 0) < 1:
        raise ValidationError({"material_count": ["基准材料数至少为1。"]})
    baseline = CatalogBaseline.objects.create(recorded_on=recorded_on, material_count=int(material_count),
                                              note=note.strip())
    record_event(actor=by, action="baseline_record", target=baseline,
                 after={"baseline_material_count": baseline.material_count})
    return baseline


# --- the editor: 事项变更 through the review chain ----------------------------------------------------------

def _change_errors(unit, data: dict, materials: list[dict], service: Service | None) -> dict:
    has_records = service is not None and service.basis_records.exists()
    errors = rules.service_errors(data, materials, has_basis_records=has_records)
    code = str(data.get("code") or "").strip()
    if code and Service.objects.filter(code=code).exclude(pk=getattr(service, "pk", None)).exists():
        errors.setdefault("code", []).append(f"事项编码 {code} 已存在。")
    if service is not None and service.unit_id != unit.pk:
        errors.setdefault("unit", []).append("事项的实施主体不能在这里更改。")
    return errors


@transaction.atomic
def save_change(*, by, unit, data: dict, materials: list[dict], note: str, service: Service | None = None,
                change: ServiceChange | None = None) -> ServiceChange:
    """Draft (or re-draft) a new 事项 or a change of one; checked by rules.py now, so review sees a valid 事项."""
    _require_editor(by, unit)
    if change is not None:
        change = ServiceChange.objects.select_for_update().get(pk=change.pk)
        change_workflow.options(change, by).require("edit")
        service = change.service
    errors = _change_errors(unit, data, materials, service)
    if not str(note or "").strip():
        errors.setdefault("note", []).append("请填写变更说明（改了什么、为什么改）。")
    if errors:
        raise ValidationError(errors)
    target = change or ServiceChange(service=service, unit=unit, created_by=by if by is not None else None)
    target.data, target.materials, target.note = data, [_normalise_material(m) for m in materials], note.strip()
    target.status = ServiceChange.Status.DRAFT if change is None else change.status
    target.save()
    record_event(actor=by, action="service_change_save", target=target, unit=unit,
                 after={"service_code": data.get("code"), "service_name": data.get("name"),
                        "change_note": target.note})
    return target


def _move(change: ServiceChange, by, action: str, **changes) -> ServiceChange:
    change = ServiceChange.objects.select_for_update(of=("self",)).select_related("unit", "service").get(pk=change.pk)
    change_workflow.options(change, by).require(action)
    before = {"change_status": change.status}
    for k, v in changes.items():
        setattr(change, k, v)
    change.save()
    record_event(actor=by, action=f"service_change_{action}", target=change, unit=change.unit, before=before,
                 after={"change_status": change.status, **({"change_comment": change.comment} if action == "reject" else {})})
    return change


@transaction.atomic
def submit_change(change: ServiceChange, *, by) -> ServiceChange:
    return _move(change, by, "submit", status=ServiceChange.Status.UNIT_REVIEW, submitted_at=timezone.now(),
                 comment="")


@transaction.atomic
def approve_change(change: ServiceChange, *, by) -> ServiceChange:
    """The unit's 审核员 passes it to the office; the office's approval makes it a new version of the 事项."""
    if change.status == ServiceChange.Status.UNIT_REVIEW:
        return _move(change, by, "approve", status=ServiceChange.Status.OFFICE_REVIEW,
                     unit_reviewer=by if by is not None else None)
    change = _move(change, by, "approve", status=ServiceChange.Status.APPLIED,
                   office_reviewer=by if by is not None else None)
    basis = list(change.service.basis_records.all()) if change.service is not None else []
    service = save_service(by=None, unit=change.unit, data=change.data, materials=change.materials,
                           basis_records=basis, service=change.service, note=change.note)
    change.service, change.applied_version = service, service.version
    change.save(update_fields=["service", "applied_version"])
    return change


@transaction.atomic
def reject_change(change: ServiceChange, *, by, comment: str) -> ServiceChange:
    if not str(comment or "").strip():
        raise ValidationError({"comment": ["退回时请写明理由。"]})
    return _move(change, by, "reject", status=ServiceChange.Status.REJECTED, comment=comment.strip())


# --- life events -----------------------------------------------------------------------------------------

LIFE_EVENT_FIELDS = ("name", "audience", "theme", "description", "window", "is_policy", "sort_order", "is_active")


def life_event_snapshot(event: LifeEvent | None) -> dict | None:
    """What the audit log shows of a 一件事: its elements, 事项 (必办 marked) and each 情形 with its options' effects."""
    if event is None or event.pk is None:
        return None
    questions = []
    for q in event.questions.prefetch_related("options__include_services", "options__exclude_services",
                                              "options__include_materials", "options__exclude_materials"):
        options = []
        for o in q.options.all():
            effects = [f"{label}{'、'.join(x.name for x in rel.all())}" for label, rel in (
                ("增加事项", o.include_services), ("免办事项", o.exclude_services),
                ("增加材料", o.include_materials), ("免交材料", o.exclude_materials)) if rel.all()]
            options.append(o.text + (f"（{'；'.join(effects)}）" if effects else ""))
        questions.append(f"{q.text}：{' / '.join(options)}")
    return {"life_event_name": event.name, "audience": event.audience, "theme": event.theme,
            "is_active": event.is_active,
            "services": [e.service.code + ("" if e.always else "（按情形）")
                         for e in event.entries.select_related("service")],
            "questions": questions}


def _option_errors(question: str, j: int, o: dict, in_event: set[int]) -> list[str]:
    label = f"情形问题“{question}”的选项“{o.get('text') or j}”"
    errors = []
    if not str(o.get("text") or "").strip():
        errors.append(f"情形问题“{question}”的第{j}个选项没有填写选项内容。")
    for key in ("include_services", "exclude_services"):
        for service in o.get(key) or ():
            if service.pk not in in_event:
                errors.append(f"{label}所列事项“{service.name}”不在这件事包含的事项中，请先把它加入包含的事项。")
    for key in ("include_materials", "exclude_materials"):
        for m in o.get(key) or ():
            if m.service_id not in in_event:
                errors.append(f"{label}所列材料“{m.name}”不属于这件事包含的事项。")
    return errors


def _question_errors(i: int, q: dict, in_event: set[int]) -> list[str]:
    text = str(q.get("text") or "").strip()
    options = q.get("options") or []
    errors = [] if text else [f"第{i}个情形问题没有填写问题内容。"]
    name = text or f"第{i}个问题"
    if not options:
        errors.append(f"情形问题“{name}”没有选项，请至少填写两个选项。")
    elif len(options) < 2:
        errors.append(f"情形问题“{name}”只有一个选项，请至少填写两个选项。")
    for j, o in enumerate(options, start=1):
        errors.extend(_option_errors(name, j, o, in_event))
    return errors


def life_event_errors(data: dict, entries: list[tuple[Service, bool]], questions: list[dict]) -> dict:
    """Every problem of a 一件事 at once, in Chinese (the editor shows them all in one round)."""
    errors: dict[str, list[str]] = {}
    if not str(data.get("name") or "").strip():
        errors["name"] = ["请填写一件事名称。"]
    if "audience" in data and data["audience"] not in Audience.values:
        errors["audience"] = ["请选择服务对象（个人或法人）。"]
    if "theme" in data and data["theme"] not in Theme.values:
        errors["theme"] = ["请选择主题。"]
    if not entries:
        errors["entries"] = ["一件事至少包含一个事项。"]
    seen: set[int] = set()
    for service, _ in entries:
        if service.pk in seen:
            errors.setdefault("entries", []).append(f"事项“{service.name}”添加了两次。")
        seen.add(service.pk)
    for i, q in enumerate(questions, start=1):
        problems = _question_errors(i, q, seen)
        if problems:
            errors.setdefault("questions", []).extend(problems)
    return errors


def _save_questions(event: LifeEvent, questions: list[dict]) -> None:
    """Questions and options keep their ids when they carry them ("id", from the editor's hidden fields): a
    citizen's bookmarked 导办 link (?q12=34) and API clients keep working after an edit. Others are new; what the
    list no longer has is deleted."""
    old_questions = {q.pk: q for q in event.questions.all()}
    old_options = {o.pk: o for o in Option.objects.filter(question__life_event=event)}
    kept_q, kept_o = set(), set()
    for qi, q in enumerate(questions, start=1):
        question = old_questions.get(q.get("id"))
        if question is None or question.pk in kept_q:
            question = Question(life_event=event)
        question.order, question.text = qi, q["text"].strip()
        question.save()
        kept_q.add(question.pk)
        for oi, o in enumerate(q["options"], start=1):
            option = old_options.get(o.get("id"))
            if option is None or option.pk in kept_o:
                option = Option()
            option.question, option.order, option.text = question, oi, o["text"].strip()
            option.save()
            kept_o.add(option.pk)
            for rel in ("include_services", "exclude_services", "include_materials", "exclude_materials"):
                getattr(option, rel).set(o.get(rel, ()))
    Option.objects.filter(question__life_event=event).exclude(pk__in=kept_o).delete()
    event.questions.exclude(pk__in=kept_q).delete()


@transaction.atomic
def save_life_event(*, by, data: dict, entries: list[tuple[Service, bool]], questions: list[dict],
                    life_event: LifeEvent | None = None) -> LifeEvent:
    """Create or change a 一件事 as a whole. `entries`: (事项, 必办) in 办理顺序; `questions`: [{"text", "options":
    [{"text", "include_services", "exclude_services", "include_materials", "exclude_materials"}]}]. Kept by the
    政务服务管理机构 (the approving stage of the 事项 chain); takes effect on the public 导办 at once (decision 1508)."""
    if by is not None and not access.is_office_admin(by):
        raise PermissionDenied("一件事由政务服务管理机构（公开办管理员）维护。")
    errors = life_event_errors(data, entries, questions)
    if errors:
        raise ValidationError(errors)
    if life_event is not None:
        life_event = LifeEvent.objects.select_for_update().get(pk=life_event.pk)
    before = life_event_snapshot(life_event)
    event = life_event or LifeEvent()
    for f in LIFE_EVENT_FIELDS:
        if f in data:
            value = data[f]
            setattr(event, f, value.strip() if isinstance(value, str) else value)
    event.full_clean()
    event.save()
    event.entries.all().delete()
    LifeEventService.objects.bulk_create([LifeEventService(life_event=event, service=service, order=i, always=always)
                                          for i, (service, always) in enumerate(entries, start=1)])
    _save_questions(event, questions)
    after = life_event_snapshot(event)
    if before != after:
        record_event(actor=by, action="life_event_create" if before is None else "life_event_update", target=event,
                     before=before, after=after)
    return event


# --- ratings ---------------------------------------------------------------------------------------------

def _rating_errors(*, target, channel, service, case, level, reason, rated_at) -> dict:
    errors: dict[str, list[str]] = {}
    if target not in Rating.Target.values:
        errors["target"] = ["请选择评价对象。"]
    if channel not in {c for c, _ in Rating._meta.get_field("channel").choices}:
        errors["channel"] = ["请选择评价渠道。"]
    if level not in RatingLevel.values:
        errors["level"] = ["请选择评价等级（非常满意、满意、基本满意、不满意、非常不满意）。"]
    elif level <= RatingLevel.DISSATISFIED and not str(reason or "").strip():
        errors["reason"] = ["“不满意”“非常不满意”须填写差评原因。"]
    if target == Rating.Target.CASE or channel == "counter":
        if case is None:
            errors["case"] = ["对办件的评价须关联办件编号。"]
    if case is not None and case.service_id != service.pk:
        errors["case"] = ["该办件不属于所评价的事项。"]
    if case is not None:
        served = case.finished_at or case.accepted_at
        limit = workflow.late_rating_days()
        if (local_date(rated_at) - local_date(served)).days > limit:
            errors.setdefault("case", []).append(f"已超过补评期限（办结后{limit}日内可以评价）。")
        if local_date(rated_at) < local_date(case.accepted_at):
            errors.setdefault("case", []).append("评价时间早于办件受理时间。")
    return errors


@transaction.atomic
def rate(*, by, target: str, channel: str, service: Service, level: int, reason: str = "", case: Case | None = None,
         staff_name: str = "", real_name: bool = False, rater_name: str = "", rater_phone: str = "",
         rated_at: dt.datetime | None = None, recorded_at: dt.datetime | None = None) -> Rating:
    """One 好差评. A 差评 (不满意/非常不满意) needs a reason and enters the handling workflow as 待核实."""
    rated_at = rated_at or timezone.now()
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    errors = _rating_errors(target=target, channel=channel, service=service, case=case, level=level, reason=reason,
                            rated_at=rated_at)
    if real_name and not rater_name.strip():
        errors.setdefault("rater_name", []).append("实名评价请填写评价人姓名。")
    if errors:
        raise ValidationError(errors)
    rating = Rating.objects.create(
        target=target, channel=channel, service=service, case=case, staff_name=staff_name.strip(), level=level,
        reason=reason.strip(), real_name=real_name, rater_name=rater_name.strip() if real_name else "",
        rater_phone=rater_phone.strip() if real_name else "", rated_at=rated_at,
        recorded_at=recorded_at or timezone.now(),
        status="pending" if level <= RatingLevel.DISSATISFIED else "")
    record_event(actor=by, action="rating_create", target=rating, unit=service.unit,
                 after={"rating_level": level, "rating_channel": channel, "rating_target": target,
                        "rating_status": rating.status})
    return rating


def _handle(rating: Rating, by, action: str, today: dt.date | None, **changes) -> Rating:
    today = today or timezone.localdate()
    rating = Rating.objects.select_for_update().select_related("service").get(pk=rating.pk)
    workflow.options(rating, by, today).require(action)
    before = {"rating_status": rating.status}
    for k, v in changes.items():
        setattr(rating, k, v)
    rating.save()
    after = {("rating_status" if k == "status" else k): v for k, v in changes.items()}
    record_event(actor=by, action=f"rating_{action}", target=rating, unit=rating.service.unit, before=before,
                 after=after)
    return rating


def _note(text: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"note": [f"请填写{label}。"]})
    return text


@transaction.atomic
def rectify_now(rating, *, by, note: str, today=None):
    today = today or timezone.localdate()
    return _handle(rating, by, "rectify_now", today, status="rectified", handling_note=_note(note, "整改情况"),
                   rectified_on=today)


@transaction.atomic
def open_ledger(rating, *, by, note: str, today=None, cal=None):
    """建立整改台账: the 整改期限 is `rectify_workdays()` working days after today (民法典第二百零一条 counting)."""
    from zhengwu.workdays.calendar import get_calendar

    today = today or timezone.localdate()
    due = (cal or get_calendar()).add_workdays(today, workflow.rectify_workdays())
    return _handle(rating, by, "open_ledger", today, status="rectifying", handling_note=_note(note, "整改措施"),
                   rectify_due=due)


@transaction.atomic
def complete_rectification(rating, *, by, note: str, today=None):
    today = today or timezone.localdate()
    text = rating.handling_note + "\n" + _note(note, "整改结果")
    return _handle(rating, by, "complete_rectification", today, status="rectified", handling_note=text.strip(),
                   rectified_on=today)


@transaction.atomic
def explain(rating, *, by, note: str, today=None):
    return _handle(rating, by, "explain", today, status="explained", handling_note=_note(note, "解释说明"))


@transaction.atomic
def appeal(rating, *, by, reason: str, today=None):
    return _handle(rating, by, "appeal", today, status="appealing", appeal_reason=_note(reason, "申诉理由"))


@transaction.atomic
def decide_appeal(rating, *, by, upheld: bool, decision: str, today=None):
    today = today or timezone.localdate()
    text = _note(decision, "复核意见")
    if upheld:
        return _handle(rating, by, "decide_appeal", today, status="voided", appeal_decision=text, closed_on=today)
    return _handle(rating, by, "decide_appeal", today, status="pending", appeal_decision=text)


@transaction.atomic
def revisit(rating, *, by, note: str, today=None):
    return _handle(rating, by, "revisit", today, status="revisited", revisit_note=_note(note, "回访情况"))


@transaction.atomic
def close(rating, *, by, today=None):
    today = today or timezone.localdate()
    return _handle(rating, by, "close", today, status="closed", closed_on=today)


# --- 办件 ------------------------------------------------------------------------------------------------

@transaction.atomic
def import_cases(rows: list[dict], *, by) -> list[Case]:
    """Create or update 办件 from parsed import rows (cases_io.parse_* already checked them)."""
    done = []
    for row in rows:
        case, _created = Case.objects.update_or_create(number=row["number"], defaults={
            k: row[k] for k in ("service", "accepted_at", "finished_at", "status", "online")})
        done.append(case)
    if done:
        record_event(actor=by, action="cases_import", target=done[0], target_type="services.case_batch",
                     after={"case_count": len(done), "case_numbers": [c.number for c in done[:20]]})
    return done
