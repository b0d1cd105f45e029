"""Demo data for 政务服务 (idempotent): the county's 事项清单 (demo_data.SERVICES) with a 材料基准, some 事项 changed
later (versions on the guide), the 一件事, a year of 办件 with some overdue, and 好差评 with a 差评 in every state.
Everything goes through the actions, as the system (清单 and 办件 imports, counter ratings) or the demo staff."""
from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengwu.core.dates import local_date
from zhengwu.org.models import Unit

from . import actions
from . import demo_data as data
from .models import Case, CatalogBaseline, LifeEvent, Rating, Service

SOURCE = {"g": "government", "i": "intermediary"}
CASE_PREFIX = "SF"
# 差评 reasons a counter hears, by what they complain about
BAD_REASONS = [
    "窗口要求提交的材料和网上办事指南不一致，来回跑了两趟。",
    "排队等了一个多小时，只开了一个窗口。",
    "工作人员态度生硬，没有一次性告知需要补充的材料。",
    "超过承诺时限还没有办结，也没有人通知进度。",
    "网上申报系统多次提交失败，电话咨询无人接听。",
    "要求提供的证明本单位可以查询，仍让我回去开证明。",
]
GOOD_REASONS = ["一次就办好了，工作人员很耐心。", "网上申请当天就收到结果。", "", "", "材料一次告知，很方便。"]


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


def _material(spec: str) -> dict:
    name, _, flags = spec.partition("|")
    source = next((SOURCE[f] for f in flags if f in SOURCE), "applicant")
    exempt = "e_license" if "e" in flags else "shared" if "s" in flags else ""
    return {"name": name, "source": source, "form": "both" if source != "applicant" else "paper",
            "copies": 2 if "2" in flags else 1,
            "necessity": "conditional" if "?" in flags else "optional" if "o" in flags else "required",
            "tolerance": "t" in flags, "commitment": "c" in flags, "exempt": exempt,
            "trust_level": "A" if exempt else "B" if source == "government" else "D"}


def _location(unit: Unit) -> str:
    if unit.kind == Unit.Kind.TOWNSHIP:
        return f"{unit.name.removeprefix('示范县').removesuffix('人民政府').removesuffix('办事处')}便民服务中心"
    if unit.code == "spj":
        return "示范县政务服务中心二楼行政审批服务局综合受理窗口"
    return f"示范县政务服务中心{unit.name.removeprefix('示范县')}窗口"


def service_data(spec: data.S, n: int, unit: Unit) -> dict:
    fee = spec.fee
    return {
        "code": f"{data.REGION}-{spec.key.upper()}", "name": spec.name, "type": spec.type, "audience": spec.audience,
        "theme": spec.theme, "basis_text": spec.basis, "level": "township" if unit.kind == Unit.Kind.TOWNSHIP
        else "county", "conditions": spec.conditions or "符合法律法规规定的申请条件，申请材料齐全、符合法定形式。",
        "process": spec.process, "legal_limit_workdays": spec.legal, "promised_limit_workdays": spec.promised,
        "charges_fee": fee is not None, "fee_standard": fee[0] if fee else "", "fee_basis": fee[1] if fee else "",
        "location": _location(unit), "hours": data.HOURS, "consult_phone": data.CONSULT.format(n=n),
        "complaint_phone": data.COMPLAINT, "online_depth": spec.depth, "online_available": spec.depth >= 2,
        "cross_region": "x" in spec.flags, "fully_online": "f" in spec.flags, "nearby": "n" in spec.flags,
        "result_name": spec.result, "is_active": True,
    }


def code_of(key: str) -> str:
    return f"{data.REGION}-{key.upper()}"


def load_catalog(today: dt.date) -> dict[str, Service]:
    """The 清单 as first imported a year ago, then the 承诺时限 of some 事项 cut by their units (a new version)."""
    units = {u.code: u for u in Unit.objects.all()}
    start = _aware(today - dt.timedelta(days=380), 9)
    services = {}
    for n, spec in enumerate(data.SERVICES, start=1):
        unit = units.get(spec.unit)
        if unit is None:
            continue
        existing = Service.objects.filter(code=code_of(spec.key)).first()
        if existing is not None:
            services[spec.key] = existing
            continue
        first = service_data(spec, n, unit)
        if spec.legal and spec.promised and spec.promised * 2 <= spec.legal and n % 3 == 0:
            first["promised_limit_workdays"] = min(spec.legal, spec.promised * 2)  # before the 压缩 drive
        services[spec.key] = actions.save_service(by=None, unit=unit, data=first,
                                                  materials=[_material(m) for m in spec.materials],
                                                  note="事项清单首次导入", when=start)
    if not CatalogBaseline.objects.exists():
        count = sum(len(s.materials) for s in data.SERVICES)
        actions.record_baseline(by=None, recorded_on=today - dt.timedelta(days=380),
                                material_count=round(count * 1.3), note="2025年减材料专项行动前的材料总数")
    users = {u.username: u for u in get_user_model().objects.filter(username__endswith="_xxy")}
    for n, spec in enumerate(data.SERVICES, start=1):
        service = services.get(spec.key)
        if service is None or service.promised_limit_workdays == spec.promised:
            continue
        unit = service.unit
        services[spec.key] = actions.save_service(
            by=users.get(f"{unit.code}_xxy"), unit=unit, service=service, data=service_data(spec, n, unit),
            materials=[_material(m) for m in spec.materials], note="压缩承诺办结时限",
            when=_aware(today - dt.timedelta(days=120), 10))
    return services


def load_life_events(services: dict[str, Service]) -> None:
    office = get_user_model().objects.filter(username="gkb").first()
    for i, ev in enumerate(data.EVENTS, start=1):
        if LifeEvent.objects.filter(name=ev.name).exists() or not all(k in services for k, _ in ev.entries):
            continue

        def mats(pairs):
            return [services[k].materials.get(name=name) for k, name in pairs]

        questions = [{"text": q.text, "options": [{
            "text": o.text, "include_services": [services[k] for k in o.add],
            "exclude_services": [services[k] for k in o.drop], "include_materials": mats(o.add_materials),
            "exclude_materials": mats(o.drop_materials)} for o in q.options]} for q in ev.questions]
        actions.save_life_event(by=office, data={
            "name": ev.name, "audience": ev.audience, "theme": data.EVENT_THEMES.get(ev.name, "other"),
            "description": ev.description, "window": ev.window,
            "is_policy": ev.is_policy, "sort_order": i * 10}, entries=[(services[k], always) for k, always in
                                                                      ev.entries], questions=questions)


def _rows(services: list[Service], today: dt.date, cal, rng: random.Random) -> list[dict]:
    """A year of 办件: mostly on time, a few closed late (红牌), some still open near or past their 承诺时限."""
    rows, n = [], 0
    first = today - dt.timedelta(days=365)
    for s in services:
        per_month = rng.randint(1, 3)
        for month in range(12):
            for _ in range(per_month):
                day = first + dt.timedelta(days=month * 30 + rng.randint(0, 29))
                if day > today:
                    continue
                n += 1
                accepted = _aware(day, rng.randint(8, 16), rng.randint(0, 59))
                promised = s.promised_limit_workdays
                age = cal.workdays_between(day, today)
                late = rng.random() < 0.04
                used = promised + rng.randint(1, 5) if late else rng.randint(0, promised)
                open_ = age <= used
                status = "open" if open_ else "done"
                finished = None if open_ else _aware(cal.add_workdays(day, used), rng.randint(9, 17))
                if not open_ and rng.random() < 0.02:
                    status = "withdrawn"
                rows.append({"number": f"{CASE_PREFIX}{day:%Y%m%d}{n:05d}", "service": s, "accepted_at": accepted,
                             "finished_at": finished, "status": status, "online": s.online_depth >= 3 and
                             rng.random() < 0.6})
    # cases left open past their promise (red) and near it (yellow), in units with a window
    for i, s in enumerate([s for s in services if s.promised_limit_workdays >= 5][:8]):
        promised = s.promised_limit_workdays
        back = promised + 3 if i % 2 == 0 else max(1, int(promised * 0.85))
        day = today
        while cal.workdays_between(day, today) < back:
            day -= dt.timedelta(days=1)
        n += 1
        rows.append({"number": f"{CASE_PREFIX}{day:%Y%m%d}{n:05d}", "service": s,
                     "accepted_at": _aware(day, 10), "finished_at": None, "status": "open", "online": False})
    return rows


def load_cases_and_ratings(services: dict[str, Service], today: dt.date) -> None:
    from zhengwu.workdays.calendar import get_calendar

    if Case.objects.filter(number__startswith=CASE_PREFIX).exists():
        return
    rng = random.Random(20260101)
    cal = get_calendar()
    cases = actions.import_cases(_rows(list(services.values()), today, cal, rng), by=None)
    finished = [c for c in cases if c.status == "done" and c.finished_at is not None
                and (today - local_date(c.finished_at)).days < 360]
    bad = []
    for case in finished:
        if rng.random() > 0.45:
            continue
        rated = case.finished_at + dt.timedelta(hours=rng.randint(0, 48))
        if rated.date() > today:
            continue
        level = rng.choices([5, 4, 3, 2, 1], weights=[60, 25, 8, 5, 2])[0]
        reason = rng.choice(BAD_REASONS) if level <= 2 else rng.choice(GOOD_REASONS)
        real = level <= 2 and rng.random() < 0.7
        lag = dt.timedelta(minutes=rng.randint(1, 90)) if rng.random() < 0.95 else dt.timedelta(hours=30)
        rating = actions.rate(by=None, target="case", channel="counter" if not case.online else "online",
                              service=case.service, case=case, level=level, reason=reason, real_name=real,
                              rater_name="群众" + "甲乙丙丁戊己庚辛"[rng.randint(0, 7)] if real else "",
                              rater_phone="13800000000" if real else "", rated_at=rated,
                              recorded_at=rated + lag, staff_name="")
        if rating.is_bad:
            bad.append(rating)
    handle_bad_reviews(bad, today)


STATES = ("closed", "closed", "closed", "revisited", "explained", "rectifying", "closed_ledger", "appealing",
          "voided", "pending", "pending", "rectified")


def handle_bad_reviews(bad: list[Rating], today: dt.date) -> None:
    """Every 差评 state appears: older ones mostly 办结 (one 整改 past its 期限), the latest 12 in every state."""
    users = {u.username: u for u in get_user_model().objects.filter(username__endswith="_xxy")}
    office = get_user_model().objects.filter(username="gkb").first()
    bad.sort(key=lambda r: r.rated_at)
    split = max(0, len(bad) - len(STATES))
    older, recent = bad[:split], bad[split:]
    plan = ["closed" if i % 5 else "closed_ledger" for i in range(len(older))]
    overdue = [i for i, r in enumerate(older) if 25 <= (today - local_date(r.rated_at)).days <= 60]
    if overdue:
        plan[overdue[0]] = "rectifying_overdue"
    states = list(STATES)[:len(recent)]
    named = [r for r in recent if r.real_name]
    if "revisited" in states and named:  # only a 实名差评 can be 回访
        a, b = recent.index(named[0]), states.index("revisited")
        recent[a], recent[b] = recent[b], recent[a]
    for rating, state in zip(older + recent, plan + states, strict=True):
        by = users.get(f"{rating.service.unit.code}_xxy") or office
        day = min(local_date(rating.rated_at) + dt.timedelta(days=1), today)
        _drive(rating, state, by, office, day, today)


def _drive(rating, state, by, office, day, today):
    if state == "pending":
        return
    if state in ("rectifying", "rectifying_overdue", "closed_ledger"):
        rating = actions.open_ledger(rating, by=by, note="建立整改台账：核对办事指南与窗口要求，统一材料清单。", today=day)
        if state != "closed_ledger":
            return
        day = min(rating.rectify_due, today)
        rating = actions.complete_rectification(rating, by=by, note="已更新办事指南并培训窗口人员。", today=day)
    elif state == "explained":
        actions.explain(rating, by=by, note="所提要求无法律依据，已向评价人解释说明相关规定。", today=day)
        return
    elif state in ("appealing", "voided"):
        rating = actions.appeal(rating, by=by, reason="经核实，评价人并未在本窗口办理该事项，属误评。", today=day)
        if state == "voided" and office is not None:
            actions.decide_appeal(rating, by=office, upheld=True, decision="经调取受理记录核实，申诉成立。", today=day)
        return
    else:
        rating = actions.rectify_now(rating, by=by, note="当场核实并立行立改，已为评价人办结。", today=day)
    if state == "rectified":
        return
    if rating.real_name:
        rating = actions.revisit(rating, by=by, note="电话回访，评价人对整改结果表示满意。", today=day)
    if state == "revisited":
        return
    actions.close(rating, by=by, today=day)


def load_demo(*, government: Unit, units: list[Unit], today: dt.date) -> None:
    services = load_catalog(today)
    load_life_events(services)
    load_cases_and_ratings(services, today)
