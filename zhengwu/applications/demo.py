"""Demo applications: the last full year (2025) in every outcome and state, with carry-over into and out of it,
appeals and fees, plus open cases of the current year (some 黄牌, some 红牌). Built only through `actions`.

Idempotent: nothing is added when the units already have applications.
"""
from __future__ import annotations

import datetime as dt
import itertools

from zhengwu import pii
from zhengwu.org import credit_code
from zhengwu.org.models import Unit

from . import actions, letters, outcomes
from .models import Application

PEOPLE = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周强", "吴霞", "徐斌", "孙丽"]
ORGS = [("commercial", "示范县宏达建材有限公司"), ("research", "湘南农业科学研究所"),
        ("nonprofit", "示范县助学公益协会"), ("legal_service", "湖南衡正律师事务所"), ("other", "城关镇建设路业主委员会")]
TOPICS = [
    "2025年城区老旧小区改造项目的立项批复和资金安排",
    "我村2024年度农村低保对象评审会议记录",
    "示范县第二中学新校区建设项目的环境影响评价文件",
    "2025年春季学期义务教育学校招生划片方案",
    "国道G107示范县段改扩建征地补偿标准及安置方案",
    "县城区集中供暖价格调整的成本监审报告",
    "2024年度县级部门预算执行审计报告",
    "城关镇建设路农贸市场搬迁的会议纪要",
    "某企业行政处罚决定书及处罚依据",
    "2025年高标准农田建设项目验收资料",
]
REASONS = {
    "partial": "所申请信息中涉及个人身份信息的部分不予公开，其余部分予以提供。",
    "withheld_state_secret": "经保密审查，该信息已依法定密，属于国家秘密。",
    "withheld_law_prohibits": "《中华人民共和国统计法》规定不得对外提供能够识别或推断单个统计调查对象身份的资料。",
    "withheld_three_safety": "公开后可能危及公共安全。",
    "withheld_third_party": "经书面征求第三方意见，第三方以涉及商业秘密为由不同意公开且理由合理。",
    "withheld_internal": "所申请信息属于本机关人事管理信息。",
    "withheld_process": "所申请信息为研究讨论中的过程稿。",
    "withheld_enforcement_file": "所申请信息属于行政执法案卷信息。",
    "withheld_query": "所申请信息属于行政查询事项，请通过相关查询渠道获取。",
    "unable_not_held": "经检索，本机关未制作或获取该政府信息。",
    "unable_needs_creation": "所申请信息需要对现有信息进行加工、分析，本机关不再另行制作。",
    "unable_unclear_after_correction": "补正后申请内容仍不明确，无法确定所需信息。",
    "not_processed_petition": "申请内容为投诉举报，请通过12345热线或信访渠道提出。",
    "not_processed_repeat": "本机关已就相同内容于此前作出答复。",
    "not_processed_publication": "所申请的政府公报可在县档案馆、图书馆查阅。",
    "not_processed_excessive": "申请数量、频次明显超过合理范围，申请人未能说明合理理由。",
    "not_processed_confirm": "申请内容为要求确认已获取信息的真实性。",
    "other_other": "所申请信息属于不动产登记资料，请依照《不动产登记暂行条例》办理。",
}


def _id_number(n: int) -> str:
    born = dt.date(1960, 1, 1) + dt.timedelta(days=(911 * n) % 16000)  # born 1960–2003
    first17 = f"431121{born:%Y%m%d}{(n * 7) % 1000:03d}"
    return first17 + pii.id_check_digit(first17)


def _applicant(n: int, topic: str) -> dict:
    data = {"description": topic, "address": f"示范县城关镇人民路{n + 1}号", "phone": f"1397450{n:04d}",
            "postcode": "425000", "delivery_method": ["mail", "email", "pickup"][n % 3],
            "medium": ["paper", "electronic"][n % 2]}
    if n % 4 == 3:
        kind, name = ORGS[(n // 4) % len(ORGS)]
        data.update(applicant_type=kind, applicant_name=name, id_type="credit_code",
                    id_number=credit_code.make(f"91431121{n:09d}"), contact_person="办公室联系人",
                    email=f"org{n}@example.com")
    else:
        data.update(applicant_type="natural", applicant_name=PEOPLE[n % len(PEOPLE)], id_type="id_card",
                    id_number=_id_number(n), email=f"user{n}@example.com")
    if data["delivery_method"] == "email" and not data.get("email"):
        data["email"] = f"user{n}@example.com"
    return data


class _Builder:
    def __init__(self, units: list[Unit], today: dt.date):
        from zhengwu.workdays.calendar import get_calendar

        self.cal = get_calendar()
        self.today = today
        self.units = itertools.cycle(units)
        self.n = 0

    def new(self, received: dt.date, channel: str = "in_person") -> Application:
        self.n += 1
        while not self.cal.is_workday(received):  # offices receive on working days
            received += dt.timedelta(days=1)
        unit = next(self.units)
        data = _applicant(self.n, TOPICS[self.n % len(TOPICS)])
        kwargs = {"in_person": {"submitted": received}, "mail": {"signed": received}}.get(channel,
                                                                                        {"confirmed": received})
        return actions.register(by=None, unit=unit, channel=channel, data=data, cal=self.cal, **kwargs)

    def wd(self, start: dt.date, n: int) -> dt.date:
        return self.cal.add_workdays(start, n)

    def close(self, app, outcome, after: int, **kw):
        app.refresh_from_db()
        reply = self.wd(app.clock_start, after)
        app = actions.close(app, by=None, outcome=outcome, reply_date=reply, reason=REASONS.get(outcome, ""), **kw)
        letters.issue(app, by=None, kind="reply", date=reply)
        return app


def load_demo(*, government: Unit, units: list[Unit], today: dt.date) -> None:
    handling = [u for u in units if u.kind in (Unit.Kind.DEPARTMENT, Unit.Kind.TOWNSHIP)] or [government]
    if Application.objects.filter(unit__in=[*handling, government]).exists():
        return
    b = _Builder([government, *handling], today)
    year = today.year - 1  # the last full year
    channels = itertools.cycle(["in_person", "mail", "online", "mail_plain", "fax"])

    # carry-over into the year: received in December of the year before, answered in January
    for day in (10, 17):
        app = b.new(dt.date(year - 1, 12, day), next(channels))
        b.close(app, "granted", 18)

    # every plain outcome, spread over the year
    plain = [o.code for o in outcomes.OUTCOMES if o.code not in (
        "other_no_correction", "other_fee_unpaid", "unable_unclear_after_correction", "withheld_third_party")]
    month_days = itertools.cycle([(m, d) for m in range(1, 12) for d in (6, 20)])
    for i, code in enumerate(plain + ["granted"] * 6 + ["partial", "unable_not_held"] * 2):
        m, d = next(month_days)
        app = b.new(dt.date(year, m, d), next(channels))
        extra = {"referred_agency": "示范县自然资源局（电话0745-7220000）"} if code == "unable_not_held" and i % 2 else {}
        app = b.close(app, code, 5 + (i * 3) % 15, **extra)

    # 补正: not corrected (视为放弃) and corrected but still unclear
    app = b.new(dt.date(year, 3, 3))
    notice = b.wd(app.received_date, 3)
    actions.request_correction(app, by=None, items="请写明所需文件的名称、文号或形成时间。", notice_date=notice,
                               deadline=b.wd(notice, 15), cal=b.cal)
    letters.issue(app, by=None, kind="correction", date=notice)
    app = actions.close(app, by=None, outcome="other_no_correction", reply_date=b.wd(notice, 16))
    letters.issue(app, by=None, kind="reply", date=app.closed_date)
    app = b.new(dt.date(year, 4, 7))
    notice = b.wd(app.received_date, 5)
    actions.request_correction(app, by=None, items="请明确所需信息的具体项目名称。", notice_date=notice,
                               deadline=b.wd(notice, 10), cal=b.cal)
    actions.receive_correction(app, by=None, corrected_date=b.wd(notice, 6), cal=b.cal)
    b.close(app, "unable_unclear_after_correction", 12)

    # third-party consultation → withheld; an extension; a late reply
    app = b.new(dt.date(year, 5, 12), "mail")
    c = actions.start_consultation(app, by=None, kind="third_party", party_name="示范县宏达建材有限公司",
                                   sent_date=b.wd(app.received_date, 4), cal=b.cal)
    letters.issue(app, by=None, kind="consultation", date=c.sent_date)
    actions.record_consultation_reply(c, by=None, opinion="object", replied_date=b.wd(c.sent_date, 8),
                                      text="涉及本公司商业秘密，不同意公开。", cal=b.cal)
    b.close(app, "withheld_third_party", 18)
    app = b.new(dt.date(year, 6, 9))
    actions.start_consultation(app, by=None, kind="agency", party_name="示范县发展和改革局",
                               sent_date=b.wd(app.received_date, 2), cal=b.cal)
    app.refresh_from_db()
    c = app.consultations.get()
    actions.record_consultation_reply(c, by=None, opinion="agree", replied_date=b.wd(c.sent_date, 6), cal=b.cal)
    app.refresh_from_db()
    actions.extend(app, by=None, days=15, reason="所需信息涉及多个年度档案，需调取核对。", approver_name="县政府办公室主任",
                   approved_date=b.wd(app.received_date, 18), notice_date=b.wd(app.received_date, 18), cal=b.cal)
    letters.issue(app, by=None, kind="extension", date=b.wd(app.received_date, 18))
    b.close(app, "granted", 30)
    app = b.new(dt.date(year, 7, 7))
    b.close(app, "granted", 23)  # answered three working days late
    app = b.new(dt.date(year, 7, 21), "online")
    app = actions.close(app, by=None, outcome="granted", reply_date=b.wd(app.clock_start, 3), already_public=True,
                        reason="该信息已在示范县人民政府门户网站“政府信息公开专栏—政策文件”栏目主动公开，可直接查阅下载。")
    letters.issue(app, by=None, kind="reply", date=app.closed_date)

    # fees: paid, waived, unpaid (不再处理)
    for kind, pages in (("paid", 150), ("waived", 60), ("unpaid", 240)):
        app = b.new(dt.date(year, 8, 4 + pages % 7))
        fee = actions.notify_fee(app, by=None, method="per_page", quantity=pages,
                                 notice_date=b.wd(app.received_date, 5), cal=b.cal)
        letters.issue(app, by=None, kind="fee", date=fee.notice_date)
        if kind == "paid":
            actions.record_payment(fee, by=None, paid_date=b.wd(fee.notice_date, 6), cal=b.cal)
            b.close(app, "granted", 19)
        elif kind == "waived":
            actions.waive_fee(fee, by=None, reason="申请人为低保对象，经批准减免。", waived_date=b.wd(fee.notice_date, 2),
                              cal=b.cal)
            b.close(app, "granted", 15)
        else:
            actions.close(app, by=None, outcome="other_fee_unpaid", reply_date=b.wd(fee.pay_deadline, 1))

    # appeals (table 四): every kind and result
    closed = list(Application.objects.filter(closed_date__year=year, unit__in=[government, *handling])
                  .exclude(final_outcome="granted").order_by("closed_date")[:6])
    plan = [("review", "upheld"), ("review", "corrected"), ("review", "pending"), ("litigation_direct", "upheld"),
            ("litigation_direct", "other"), ("litigation_after_review", "pending")]
    for app, (kind, result) in zip(closed, plan, strict=False):
        filed = app.closed_date + dt.timedelta(days=30)
        authority = "示范县人民政府" if kind == "review" else "示范县人民法院"
        appeal = actions.record_appeal(app, by=None, kind=kind, filed_date=filed, authority=authority,
                                       case_number=f"（{year}）示政复字第{app.pk}号" if kind == "review" else "")
        if result != "pending":
            actions.decide_appeal(appeal, by=None, result=result, decided_date=filed + dt.timedelta(days=55))

    # carry-over out of the year: received late December, answered in January
    for day in (22, 29):
        app = b.new(dt.date(year, 12, day), next(channels))
        if today.year > year and b.wd(app.clock_start, 15) <= today:
            b.close(app, "granted", 15)

    # the current year: open cases in every state, some 黄牌 / 红牌
    _current_year(b, today)


def _back(b: _Builder, today: dt.date, n: int) -> dt.date:
    """A working day at least n working days before today."""
    d = today
    while b.cal.workdays_between(d, today) < n or not b.cal.is_workday(d):
        d -= dt.timedelta(days=1)
    return d


def _current_year(b: _Builder, today: dt.date) -> None:
    from .clock import fee_payment_deadline

    # closed earlier this year
    for weeks in (40, 30, 20, 12):
        received = today - dt.timedelta(weeks=weeks)
        if received.year == today.year:
            b.close(b.new(received), "granted", 12)
    b.new(_back(b, today, 5))  # processing, plenty of time
    b.new(_back(b, today, 18), "mail")  # 黄牌: 2 working days left
    b.new(_back(b, today, 20))  # 黄牌: due today
    b.new(_back(b, today, 24))  # 红牌: overdue
    actions.submit_online(unit=next(b.units), data=_applicant(90, "2026年城区停车位规划方案"))  # 待确认收到
    app = b.new(_back(b, today, 3))  # 待补正
    actions.request_correction(app, by=None, items="请写明所需信息的文号或形成时间。", notice_date=_back(b, today, 1),
                               cal=b.cal)
    app = b.new(_back(b, today, 8), "fax")  # 征求意见中
    actions.start_consultation(app, by=None, kind="third_party", party_name="示范县宏达建材有限公司",
                               sent_date=_back(b, today, 2), cal=b.cal)
    app = b.new(_back(b, today, 6))  # 待缴费
    notice = _back(b, today, 1)
    if fee_payment_deadline(notice, b.cal) >= today:
        actions.notify_fee(app, by=None, method="per_page", quantity=120, notice_date=notice, cal=b.cal)
