"""Demo 互动交流 for the demo county: a year of letters and 12345 工单 in every channel, kind, state and outcome
(some overdue, one re-handled after 不满意), three consultations (open, closed with feedback, one shortened with a
reason), an interview with moderated questions and a transcript, and a few 找错 reports. Built only through
`actions`. Idempotent: nothing is added when messages already exist."""
from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from zhengwu.org.models import Membership, Role, Unit

from . import actions
from .models import Channel, Kind, Message

TZ = ZoneInfo("Asia/Shanghai")
PEOPLE = [("王建国", "13807340001"), ("李秀英", "13907340002"), ("张伟", "13707340003"), ("刘洋", "15807340004"),
          ("陈静", "18907340005"), ("杨帆", "13607340006"), ("赵磊", "15907340007"), ("黄敏", "13507340008")]
TOPICS = {
    Kind.CONSULT: [("孩子入学划片怎么查", "今年孩子上小学，住在城关镇建设路，请问划片范围在哪里查询？"),
                   ("城乡居民医保缴费时间", "请问2026年度城乡居民医保什么时候开始缴费，标准是多少？"),
                   ("公积金提取办理地点", "想提取住房公积金用于租房，请问需要带哪些材料、到哪里办理？")],
    Kind.HELP: [("老人行动不便申请上门办理", "家中老人卧床，身份证到期需要换领，能否上门办理？"),
                ("村里自来水停水三天", "我村从周一起停水三天，一直没有通知，请帮忙协调。")],
    Kind.COMPLAINT: [("农贸市场周边占道经营", "建设路农贸市场门口每天早上占道经营，车辆无法通行。"),
                     ("夜间施工噪音扰民", "小区旁工地每天晚上十一点后仍在施工，噪音很大。")],
    Kind.REPORT: [("河道非法采砂", "城关镇下游河段夜间有人非法采砂，请查处。")],
    Kind.SUGGESTION: [("建议增设公交站点", "建议在县人民医院新院区门口增设一个公交站点，方便群众就医。"),
                      ("建议延长政务大厅周末服务", "建议政务服务大厅周六上午开放，方便上班族办事。")],
    Kind.PRAISE: [("表扬社保窗口工作人员", "社保窗口工作人员耐心细致，帮我一次办好了退休手续，特此表扬。")],
}
REPLY = "您好！您反映的问题已收悉。经核实，我单位已安排专人办理，具体情况如下：{detail}如有疑问，请拨打单位办公电话咨询。感谢您的关心和支持！"


def _handler(unit: Unit):
    m = Membership.objects.filter(unit=unit, role__in=[Role.HANDLER, Role.REVIEWER, Role.EDITOR]).select_related(
        "user").order_by("role", "id").first()
    return m.user if m else None


def _office_admin():
    m = Membership.objects.filter(role=Role.OFFICE_ADMIN).select_related("user").order_by("id").first()
    return m.user if m else None


def _at(d: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(hour), tzinfo=TZ)


def load_demo(*, government: Unit, units: list[Unit], today: dt.date) -> None:
    office = _office_admin()
    handled = [(u, _handler(u)) for u in units if u.pk != government.pk]
    handled = [(u, h) for u, h in handled if h is not None]
    if office is None or not handled or Message.objects.exists():
        return
    topics = itertools.cycle([(k, t, c) for k, items in TOPICS.items() for t, c in items])
    people = itertools.cycle(PEOPLE)
    pairs = itertools.cycle(handled)
    channels = itertools.cycle([Channel.COUNTY_MAILBOX, Channel.UNIT_MAILBOX, Channel.HOTLINE])
    outcomes = itertools.cycle(["satisfied", "satisfied", "basic", "satisfied", "unsatisfied", "basic", ""])
    n = 0
    # A year of answered messages, two a week going back from about a month ago.
    for weeks in range(52, 3, -1):
        for offset in (1, 3):
            received = today - dt.timedelta(weeks=weeks, days=offset)
            n += 1
            kind, title, content = next(topics)
            name, phone = next(people)
            unit, handler = next(pairs)
            channel = next(channels)
            msg = _new(channel, kind, title, content, name, phone, unit, received, n, office)
            msg = actions.accept(msg, by=office, simple=(channel != Channel.HOTLINE and n % 6 == 0), today=received)
            msg = actions.assign(msg, by=office, unit=unit, note="请按时限办理并答复。", today=received)
            late = n % 9 == 0
            reply_day = msg.due_date + dt.timedelta(days=3) if late else received + dt.timedelta(days=1)
            if n % 11 == 0:
                msg = actions.extend(msg, by=handler, days=3, reason="需现场核查并协调相关单位", approver=f"{unit.display_name}负责人",
                                     today=received)
            detail = f"关于“{title}”，{unit.name}已于{reply_day:%m月%d日}联系来信人{name}（电话{phone}）并现场处理。"
            msg = actions.reply(msg, by=handler, text=REPLY.format(detail=detail), today=reply_day)
            outcome = next(outcomes)
            if outcome:
                msg = actions.rate(msg, satisfaction=outcome, today=reply_day + dt.timedelta(days=2))
            if msg.agrees_public:
                msg = actions.publish(msg, by=office, today=reply_day + dt.timedelta(days=1))
            if weeks > 5:  # the latest answers still wait for 回访 and 办结
                actions.close(msg, by=office, today=reply_day + dt.timedelta(days=3))
    # Re-handled after 不满意, answered again and 满意.
    msg = Message.objects.filter(satisfaction="unsatisfied").order_by("received_date").first()
    if msg is not None:
        day = msg.closed_date + dt.timedelta(days=1)
        msg = actions.rehandle(msg, reason="问题没有彻底解决，希望再次核实。", today=day)
        unit_handler = _handler(msg.unit)
        msg = actions.reply(msg, by=unit_handler, text=REPLY.format(detail="经再次核实，已彻底解决。"),
                            today=day + dt.timedelta(days=2))
        msg = actions.rate(msg, satisfaction="satisfied", today=day + dt.timedelta(days=3))
        actions.close(msg, by=office, today=day + dt.timedelta(days=3))
    _open_ones(today, office, handled, topics, people, n)
    _rejected(today, office, topics, people)
    _site_errors(today)
    _participation(today, handled)


def _new(channel, kind, title, content, name, phone, unit, received, n, office):
    data = {"writer_name": name, "writer_phone": phone, "kind": kind, "title": title,
            "content": f"{content}我是{name}，联系电话{phone}。", "agrees_public": n % 5 != 0}
    if channel == Channel.HOTLINE:
        return actions.register_hotline(by=office, row={
            "工单编号": f"RX{received:%Y%m%d}{n:04d}", "来电时间": _at(received, 9), "诉求人": name, "电话": phone,
            "诉求类型": Kind(kind).label, "内容": data["content"], "承办单位": ""})
    mailbox = unit if channel == Channel.UNIT_MAILBOX else None
    return actions.submit_letter(channel=channel, data=data, mailbox_unit=mailbox, submitted_at=_at(received))


def _open_ones(today, office, handled, topics, people, n):
    """Open messages: waiting, in hand, 黄牌, 红牌, returned, supervised, and one past three months."""
    for i, days in enumerate([0, 1, 3, 6, 9, 14, 20, 95]):
        n += 1
        kind, title, content = next(topics)
        name, phone = next(people)
        unit, handler = handled[i % len(handled)]
        received = today - dt.timedelta(days=days)
        msg = _new(Channel.COUNTY_MAILBOX if i % 2 else Channel.UNIT_MAILBOX, kind, title, content, name, phone, unit,
                   received, n, office)
        if days == 0:
            continue  # 待受理
        msg = actions.accept(msg, by=office, today=received)
        if days == 1:
            continue  # 待分办
        msg = actions.assign(msg, by=office, unit=unit, note="请办理。", today=received)
        if days == 9:
            actions.return_to_dispatcher(msg, by=handler, reason="该事项不属于本单位职责，请重新分办。", today=today)
        elif days in (14, 95):
            actions.supervise(msg, by=office, note="已超期，请立即办理并答复。", today=today)
        elif days == 6 and len(handled) > 1:
            actions.transfer(msg, by=office, unit=handled[(i + 1) % len(handled)][0], note="涉及多部门职责，转主责单位办理。",
                             today=received + dt.timedelta(days=1))


def _rejected(today, office, topics, people):
    for reason, text in (("petition", "要求重新处理十年前的征地补偿信访事项。"), ("litigation", "与邻居的合同纠纷已起诉到法院，要求政府判决。"),
                         ("abuse", "重复发送的无实质内容的来信。")):
        name, phone = next(people)
        received = today - dt.timedelta(days=40)
        msg = actions.submit_letter(channel=Channel.COUNTY_MAILBOX, data={
            "writer_name": name, "writer_phone": phone, "kind": Kind.COMPLAINT, "title": text[:20], "content": text,
            "agrees_public": False}, submitted_at=_at(received))
        actions.reject(msg, by=office, reason=reason, note="", today=received)


def _site_errors(today):
    for days, page, text in ((2, "/xxgk/fdzdgk/", "机构职能页面的办公电话已经变更，请更新。"),
                             (0, "/yisq/", "申请表页面在手机上显示不全。"),
                             (30, "/search/", "搜索“低保”时第二页链接打不开。")):
        actions.report_site_error(page_url=page, data={"content": text}, submitted_at=_at(today - dt.timedelta(days=days)))


def _participation(today, handled):
    unit, _ = handled[0]
    editor = Membership.objects.filter(unit=unit, role__in=[Role.EDITOR, Role.REVIEWER]).select_related("user").first()
    by = editor.user if editor else _office_admin()
    open_c = actions.open_consultation(
        by=by, unit=unit, title="关于《示范县城区养犬管理办法（征求意见稿）》公开征求意见的公告",
        draft="第一条 为加强城区养犬管理，保障公民健康和人身安全，维护市容环境和社会公共秩序，制定本办法。\n第二条 本办法适用于县城规划区。",
        explanation="一、起草背景……\n二、主要内容……\n三、征求意见情况……", start_date=today - dt.timedelta(days=5),
        end_date=today + dt.timedelta(days=25))
    closed = actions.open_consultation(
        by=by, unit=unit, title="关于《示范县农村人居环境整治三年行动方案（征求意见稿）》公开征求意见的公告",
        draft="一、总体要求……\n二、重点任务……", explanation="起草说明：依据……", start_date=today - dt.timedelta(days=80),
        end_date=today - dt.timedelta(days=45))
    short = actions.open_consultation(
        by=by, unit=unit, title="关于《示范县防汛抗旱应急预案（修订征求意见稿）》公开征求意见的公告",
        draft="第一章 总则……", explanation="起草说明……", start_date=today - dt.timedelta(days=30),
        end_date=today - dt.timedelta(days=16),
        shortened_reason="主汛期临近，预案须在汛前印发实施，经县人民政府同意，征求意见期限缩短为15日。")
    for c, texts, day in ((open_c, ["建议明确禁养犬只名录。", "建议增设养犬登记服务点，联系电话13807340001。"], today - dt.timedelta(days=2)),
                          (closed, ["建议将村庄保洁经费纳入县级预算。", "建议增加农村公厕建设数量。"], closed.start_date + dt.timedelta(days=3)),
                          (short, ["建议补充山洪灾害转移路线。"], short.start_date + dt.timedelta(days=2))):
        for i, text in enumerate(texts):
            comment = actions.submit_comment(c, data={"name": "李秀英" if i else "王建国", "content": text}, today=day)
            actions.moderate_comment(comment, by=by, approve=True)
    actions.submit_comment(open_c, data={"name": "张伟", "content": "待审核的意见。"}, today=today)
    actions.publish_feedback(closed, by=by, today=closed.end_date + dt.timedelta(days=10), feedback=(
        "征求意见期间共收到意见2条。采纳1条：将村庄保洁经费纳入县级预算，已写入方案第三部分。部分采纳1条：农村公厕建设数量"
        "按各乡镇实际需求确定，不作统一规定。"))
    actions.publish_feedback(short, by=by, today=short.end_date + dt.timedelta(days=5), feedback=(
        "共收到意见1条，已采纳：在预案附件中补充山洪灾害转移路线图。"))
    start = dt.datetime.combine(today + dt.timedelta(days=7), dt.time(9, 30), tzinfo=TZ)
    iv = actions.schedule_interview(by=by, unit=unit, title=f"{unit.display_name}负责人谈“为民办实事”", guest=f"{unit.name}负责人",
                                    scheduled_at=start, questions_close_at=start - dt.timedelta(hours=15),
                                    intro="本期访谈围绕年度民生实事项目进展与网友交流。")
    past = dt.datetime.combine(today - dt.timedelta(days=20), dt.time(9, 30), tzinfo=TZ)
    old = actions.schedule_interview(by=by, unit=unit, title="义务教育招生政策解读", guest="县教育局分管负责人",
                                     scheduled_at=past, questions_close_at=past - dt.timedelta(hours=15))
    q = actions.submit_question(old, data={"name": "家长", "content": "随迁子女入学需要哪些材料？"},
                                now=past - dt.timedelta(days=2))
    actions.moderate_question(q, by=by, approve=True, answer="居住证、户口簿和务工证明即可，详见招生公告。")
    actions.publish_transcript(old, by=by, transcript="主持人：各位网友大家好！今天我们邀请到……\n嘉宾：……")
    actions.submit_question(iv, data={"name": "网友", "content": "今年的民生实事有哪些？"}, now=start - dt.timedelta(days=3))
