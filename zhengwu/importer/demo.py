"""Build the demo county (idempotent): units, staff, 集约化 sites and columns, records in every state,
the real seed notices, then the other capabilities' demo hooks.

Everything goes through the action functions, as the demo staff users (信息员 drafts and submits,
审核员 records 保密审查 and approves, 公开办管理员 gives the 公开办审核) or as the system (by=None) where
no staff user would act (units, accounts, imports). Units and accounts have no action module of their
own, so they are created here with an audit event each. A record's `source` ("示范数据：<key>") is how a
second run recognises it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from zhengwu.applications import demo as applications_demo
from zhengwu.audit.log import record_event
from zhengwu.disclosure import actions
from zhengwu.disclosure.models import Interpretation, Record, Topic
from zhengwu.interaction import demo as interaction_demo
from zhengwu.org import credit_code
from zhengwu.org.models import Membership, Role, SiteProfile, Unit
from zhengwu.pii import id_check_digit
from zhengwu.reports import demo as reports_demo
from zhengwu.search import demo as search_demo
from zhengwu.security import policy, second_factor
from zhengwu.security.models import PasswordRecord
from zhengwu.services import demo as services_demo
from zhengwu.supervision import demo as supervision_demo

from . import demo_data as data
from . import demo_files
from .importing import import_notice
from .notice import parse_file
from .seeds import seed_files

# Each capability's demo data, loaded after the records (a new capability app adds its demo module here).
HOOKS = (applications_demo, interaction_demo, services_demo, search_demo, reports_demo, supervision_demo)
SOURCE_PREFIX = "示范数据："
DEMO_CODES = 20  # demo-only static codes per 2FA account, topped up by every load_demo
# 依申请公开 addressed to 县人民政府 is handled by its 办公室: the handler works for both units.
EXTRA_MEMBERSHIPS = {"ysq": [(data.GOVERNMENT[0], Role.HANDLER)]}


def org_code_check(body8: str) -> str:
    """GB 11714 组织机构代码 check character (positions 9–17 of a 统一社会信用代码 are that code)."""
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    value = 11 - sum(int(c) * w for c, w in zip(body8, weights, strict=True)) % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def demo_credit_code(kind_prefix: str, n: int) -> str:
    """A valid 统一社会信用代码: 11 = 机关 (机构编制), 54 = 村（居）民委员会 (民政); region, org code, MOD 31."""
    body8 = f"{(n * 7919 + 51000000) % 100000000:08d}"
    return credit_code.make(f"{kind_prefix}{data.REGION}{body8}{org_code_check(body8)}")


def demo_id_number() -> str:
    """A checksum-valid (fictional) 身份证号 for the PII scan demonstration."""
    first17 = f"{data.REGION}19780315402"
    return first17 + id_check_digit(first17)


@dataclass
class Demo:
    today: dt.date
    out: object = None
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    records: dict[str, Record] = field(default_factory=dict)
    portal: object = None
    created: int = 0
    notes: list[str] = field(default_factory=list)

    def say(self, message: str) -> None:
        if self.out is not None:
            self.out.write(message)

    # --- units -----------------------------------------------------------------------------------------
    def unit(self, code: str, name: str, kind: str, parent: Unit | None, *, short: str, functions: str,
             leader: str, n: int, village: bool = False, address: str = "") -> Unit:
        existing = Unit.objects.filter(code=code).first()
        if existing:
            self.units[code] = existing
            return existing
        unit = Unit(
            code=code, name=name, short_name=short, kind=kind, parent=parent, sort_order=n,
            credit_code=demo_credit_code("54" if village else "11", n), functions=functions, leader_name=leader,
            address=address or f"{data.COUNTY}城关镇人民路{n * 2 + 1}号",
            office_hours=data.OFFICE_HOURS, phone=f"0737-72{n:05d}", postcode="419900",
            email=f"{code}@shifan.example.gov.cn",
        )
        unit.full_clean()
        unit.save()
        record_event(actor=None, action="unit_create", target=unit, unit=unit,
                     after={"name": name, "kind": kind, "credit_code": unit.credit_code}, reason="示范数据")
        self.units[code] = unit
        return unit

    def build_units(self) -> None:
        code, name, short, functions, leader = data.GOVERNMENT
        gov = self.unit(code, name, Unit.Kind.GOVERNMENT, None, short=short, functions=functions, leader=leader, n=1)
        for i, (code, name, short, functions, leader, _site) in enumerate(data.DEPARTMENTS, start=10):
            self.unit(code, name, Unit.Kind.DEPARTMENT, gov, short=short, functions=functions, leader=leader, n=i)
        for i, (code, name, short, leader, _site, villages) in enumerate(data.TOWNSHIPS, start=40):
            town = self.unit(code, name, Unit.Kind.TOWNSHIP, gov, short=short, functions=data.TOWNSHIP_FUNCTIONS,
                             leader=leader, n=i, address=f"{data.COUNTY}{short}政府大院")
            for j, (vcode, vname, vshort) in enumerate(villages, start=1):
                self.unit(vcode, vname, Unit.Kind.VILLAGE, town, short=vshort, village=True, n=i * 10 + j,
                          address=f"{data.COUNTY}{short}{vshort}综合服务中心",
                          functions="办理本村（社区）的公共事务和公益事业，调解民间纠纷，协助维护社会治安，"
                                    "向人民政府反映村（居）民的意见、要求和提出建议。", leader="村（居）委会主任")

    @property
    def government(self) -> Unit:
        return self.units[data.GOVERNMENT[0]]

    def departments(self) -> list[Unit]:
        return [self.units[d[0]] for d in data.DEPARTMENTS]

    def townships(self) -> list[Unit]:
        return [self.units[t[0]] for t in data.TOWNSHIPS]

    # --- staff -----------------------------------------------------------------------------------------
    def build_users(self) -> None:
        User = get_user_model()
        password = make_password(data.DEMO_PASSWORD)  # hashed once: 40 accounts share the demo password
        for username, full_name, unit_code, roles, superuser in staff_accounts():
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, first_name=full_name, is_staff=superuser, is_superuser=superuser,
                            password=password)
                user.save()
                record_event(actor=None, action="user_create", target=user, unit=self.units.get(unit_code),
                             after={"username": username, "roles": list(roles)}, reason="示范数据",
                             target_type="auth.user")
            for role in roles:
                Membership.objects.get_or_create(user=user, unit=self.units[unit_code], role=role)
            for extra_code, role in EXTRA_MEMBERSHIPS.get(username, ()):
                Membership.objects.get_or_create(user=user, unit=self.units[extra_code], role=role)
            self.users[username] = user
        PasswordRecord.objects.filter(user__in=self.users.values()).delete()
        PasswordRecord.objects.bulk_create([PasswordRecord(user=u, changed_at=timezone.now())
                                            for u in self.users.values()])  # the demo password never expires
        self.build_demo_codes()

    def build_demo_codes(self) -> None:
        """DEMO ONLY: a static django-otp device per account that must use 2FA, so the printed demo logins work
        without a phone (`demo_login` prints a code). Created here and nowhere else; named so nobody takes it
        for a real device."""
        for user in self.users.values():
            if not policy.requires_second_factor(user):
                continue
            device, _ = StaticDevice.objects.get_or_create(user=user, name=second_factor.DEMO_DEVICE_NAME,
                                                           defaults={"confirmed": True})
            missing = DEMO_CODES - device.token_set.count()
            StaticToken.objects.bulk_create([StaticToken(device=device, token=StaticToken.random_token())
                                             for _ in range(max(missing, 0))])

    # --- sites and columns -----------------------------------------------------------------------------
    def build_portal(self) -> None:
        from zhengwu.portal.setup import ensure_portal

        sited_depts = [self.units[d[0]] for d in data.DEPARTMENTS if d[5]]
        sited_towns = [self.units[t[0]] for t in data.TOWNSHIPS if t[4]]
        self.portal = ensure_portal(government=self.government, departments=sited_depts, townships=sited_towns)
        for code in data.NO_OFFICE_REVIEW:
            profile = SiteProfile.objects.filter(unit=self.units[code]).first()
            if profile and profile.require_office_review:
                profile.require_office_review = False
                profile.save(update_fields=["require_office_review"])
                record_event(actor=None, action="site_update", target=profile, unit=profile.unit,
                             before={"require_office_review": True}, after={"require_office_review": False},
                             reason="示范数据：本站信息经单位审核后即可发布")

    def columns_for(self, unit: Unit, keys) -> list:
        pages = []
        for key in keys:
            pages.append(self.portal.column(key))
            site = self.portal.sites.get(unit.code)
            if site is not None and site is not self.portal and key in site.pages:
                pages.append(site.column(key))
        return pages

    # --- records ---------------------------------------------------------------------------------------
    def build_records(self) -> None:
        topics = {t.code: t for t in Topic.objects.all()}
        attachments = attachment_files(self.today)
        for spec in data.SPECS:
            source = SOURCE_PREFIX + spec.key
            existing = Record.objects.filter(source=source).first()
            if existing:
                self.records[spec.key] = existing
                continue
            self.records[spec.key] = self.build_record(spec, source, topics, attachments)
            self.created += 1

    def build_record(self, spec: data.Spec, source: str, topics, attachments) -> Record:
        unit = self.units[spec.unit]
        editor, reviewer = self.users[f"{spec.unit}_xxy"], self.users[f"{spec.unit}_shy"]
        written = self.today - dt.timedelta(days=spec.days)
        year = written.year

        related = self.records.get(spec.repeals or spec.amends or "")
        target = related.document_number if related else ""

        def fmt(text: str) -> str:
            """{y}/{py}/{ny}: the record's year and its neighbours; {target}: the 文号 it amends or repeals."""
            return text.format(y=year, py=year - 1, ny=year + 1, target=target)

        title = fmt(spec.title)
        signer = spec.publisher or unit.name
        paragraphs = [fmt(spec.body)]
        if spec.pii:
            paragraphs.append(f"1. 申请人：张某某，身份证号：{demo_id_number()}，联系电话：13907371234，家庭人口3人。")
            paragraphs.append("2. 申请人：李某某，家庭人口2人。")
        paragraphs += ["特此公告（通知）。", signer, f"{written.year}年{written.month}月{written.day}日"]
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        goes_out = spec.state in ("published", "unpublished")
        published_at = None
        if goes_out:
            published_at = min(timezone.now(), timezone.make_aware(
                dt.datetime.combine(written + dt.timedelta(days=1), dt.time(10, 0))))
        record = actions.create_record(
            by=editor, unit=unit, title=title, kind=spec.kind, categories=spec.cats,
            columns=self.columns_for(unit, spec.cols), published_at=published_at, document_number=fmt(spec.doc),
            publisher_name=spec.publisher, reposted=bool(spec.publisher), topic=topics.get(spec.topic),
            written_date=written, body=body, summary=fmt(spec.body)[:120], source=source)
        for key in spec.attach:
            name, payload = attachments[key]
            actions.add_attachment(record, by=editor, name=fmt(name), data=payload)
        if spec.amends:
            actions.add_relation(record, self.records[spec.amends], by=editor, kind="amends")
        if spec.repeals:
            actions.add_relation(record, self.records[spec.repeals], by=editor, kind="repeals")
        for form in spec.interps:
            actions.add_interpretation(record, by=editor, form=form, **interpretation_fields(form, title, spec.key))
        if spec.pii == "mask":
            actions.mask_pii(record, by=editor)
        return self.advance(record, spec, editor, reviewer)

    def advance(self, record: Record, spec: data.Spec, editor, reviewer) -> Record:
        state = spec.state
        if state == "draft":
            return record
        record = actions.submit(record, by=editor)
        if state == "unit_review":
            return record
        if state == "rejected":
            return actions.reject(record, by=reviewer, comment="请补充岗位条件和报名方式后重新提交。")
        if state == "withdrawn":
            return actions.withdraw(record, by=editor)
        if state == "blocked":
            try:
                actions.approve(record, by=reviewer)
            except ValidationError as exc:
                self.notes.append(f"《{record.title}》未通过个人信息检查，停留在待单位审核：{exc.messages[0][:40]}…")
            return Record.objects.get(pk=record.pk)
        record = actions.record_secrecy_review(record, by=reviewer, opinion="经审查，不涉及国家秘密和工作秘密，同意公开。")
        if spec.exempt:
            record = actions.exempt_interpretation(record, by=reviewer, reason=spec.exempt)
        record = actions.approve(record, by=reviewer, comment="同意。")
        if state == "office_review":
            return record
        if record.status == Record.Status.OFFICE_REVIEW:
            record = actions.approve(record, by=self.users["gkb"], comment="同意发布。")
        if state == "unpublished":
            record = actions.unpublish(record, by=reviewer, reason=data.UNPUBLISH_REASONS[spec.key])
        return record

    # --- seeds and hooks -------------------------------------------------------------------------------
    def import_seeds(self) -> None:
        files = seed_files()
        if not files:
            self.say("未找到真实文件目录（ZHENGWU_SEEDS_DIR 或 ../shared/seeds），跳过导入。")
            return
        office = self.units["zfb"]
        columns = self.columns_for(office, ["tzgg"])  # county portal and the 政府办's own site: one record
        for path in files:
            notice = parse_file(path)
            result = import_notice(notice, unit=office, publish=True, columns=columns)
            state = "新导入" if result.created else "已存在"
            self.say(f"  {state}：{notice.document_number or notice.title}（{result.record.get_status_display()}）")
            for warning in notice.warnings:
                self.say(f"    提示：{warning}")
            if result.publish_error:
                self.say(f"    未能发布：{result.publish_error}")

    def hook_units(self) -> list[Unit]:
        return [self.government, *self.departments(), *self.townships()]

    def run_hooks(self) -> None:
        for module in HOOKS:
            self.say(f"加载 {module.__name__} …")
            module.load_demo(government=self.government, units=self.hook_units(), today=self.today)


def staff_accounts() -> list[tuple[str, str, str, tuple[str, ...], bool]]:
    """(username, display name, unit code, roles, superuser) of every demo staff account."""
    gov = data.GOVERNMENT[0]
    accounts = [
        ("admin", "系统管理员", gov, (Role.SYSADMIN,), True),
        # 三员分立: three accounts, one administrator role each, no business role.
        ("xtgly", "县系统管理员", gov, (Role.SYSADMIN,), False),
        ("aqgly", "县安全管理员", gov, (Role.SECURITY_ADMIN,), False),
        ("sjgly", "县审计管理员", gov, (Role.AUDIT_ADMIN,), False),
        ("gkb", "县政务公开办管理员", "zfb", (Role.OFFICE_ADMIN,), False),
        ("ysq", "依申请公开经办人", "zfb", (Role.HANDLER,), False),
        ("ld", "县政府领导", gov, (Role.LEADER,), False),
        (f"{gov}_xxy", "县政府信息员", gov, (Role.EDITOR,), False),
        (f"{gov}_shy", "县政府审核员", gov, (Role.REVIEWER,), False),
    ]
    for code, _name, short, *_rest in data.DEPARTMENTS:
        accounts += [(f"{code}_xxy", f"{short}信息员", code, (Role.EDITOR,), False),
                     (f"{code}_shy", f"{short}审核员", code, (Role.REVIEWER,), False)]
    for code, _name, short, *_rest in data.TOWNSHIPS:
        accounts += [(f"{code}_xxy", f"{short}信息员", code, (Role.EDITOR,), False),
                     (f"{code}_shy", f"{short}审核员", code, (Role.REVIEWER,), False)]
    return accounts


def _short_title(title: str) -> str:
    m = re.search(r"《([^》]+)》", title)
    return m.group(1) if m else title


def interpretation_fields(form: str, title: str, key: str) -> dict:
    short = _short_title(title)
    link = f"https://example.com/zhengwu-demo/{form}/{key}"
    return {
        Interpretation.Form.TEXT: {"title": f"《{short}》政策解读",
                                   "body": f"<p>一、制定背景。二、主要内容。三、适用范围。《{short}》自公布之日起施行。</p>"},
        Interpretation.Form.GRAPHIC: {"title": f"一图读懂《{short}》",
                                      "body": "<p>以图解方式说明政策要点、办理流程和咨询电话。</p>"},
        Interpretation.Form.VIDEO: {"title": f"视频解读：《{short}》", "link": link,
                                    "body": "<p>起草单位负责人出镜解读政策要点（约5分钟）。</p>"},
        Interpretation.Form.H5: {"title": f"H5解读：《{short}》", "link": link},
        Interpretation.Form.INTERVIEW: {"title": f"在线访谈：起草单位负责人解读《{short}》",
                                        "body": "<p>问：出台背景是什么？答：为落实上级部署、回应群众关切。</p>"},
        Interpretation.Form.PRESS: {"title": f"《{short}》新闻发布会",
                                    "body": "<p>县人民政府新闻办公室举行新闻发布会，介绍政策出台情况并答记者问。</p>"},
    }[form]


def attachment_files(today: dt.date) -> dict[str, tuple[str, bytes]]:
    """Real .docx/.xlsx/.pdf files; names may carry {y}/{py} filled with the record's year."""
    d, x = demo_files.docx_bytes, demo_files.xlsx_bytes
    return {
        "huiqi_docx": ("示范县惠企政策兑现办法.docx", d("示范县惠企政策兑现办法", [
            "第一条　为推动惠企政策直达快享，制定本办法。", "第二条　惠企政策实行清单管理，清单之外不得设置兑现条件。",
            "第三条　符合条件的企业可通过县政务服务网“惠企政策”专区在线申报。"],
            [["政策名称", "兑现方式", "牵头单位"], ["小微企业贷款贴息", "免申即享", "县财政局"],
             ["稳岗返还", "免申即享", "县人社局"]])),
        "points_docx": ("示范县{y}年政务公开工作要点.docx", d("政务公开工作要点", [
            "一、围绕中心工作加强政策发布解读。", "二、推进基层政务公开标准化规范化。",
            "三、提升政府信息公开工作年度报告质量，每年1月31日前公布。"])),
        "aid_docx": ("学生资助政策告知书.docx", d("学生资助政策告知书", [
            "学前教育：对家庭经济困难儿童给予保育教育费减免。", "义务教育：对家庭经济困难寄宿生给予生活补助。",
            "资助咨询电话：0737-7200011。"])),
        "projects_xlsx": ("{y}年重点建设项目计划表.xlsx", x("重点建设项目", [
            ["项目名称", "建设单位", "总投资（万元）", "年度计划（万元）"],
            ["城东污水处理厂", "县住建局", 21000, 8000], ["城乡供水一体化工程", "县水利局", 36000, 12000],
            ["县人民医院门诊综合楼", "县卫健局", 18000, 6000]])),
        "items_xlsx": ("政务服务事项清单.xlsx", x("事项清单", [
            ["序号", "事项名称", "事项类型", "实施部门", "法定时限（工作日）"],
            [1, "食品经营许可", "行政许可", "县行政审批服务局", 20], [2, "建设工程规划许可证核发", "行政许可",
                                                                     "县行政审批服务局", 20],
            [3, "城乡居民最低生活保障对象认定", "行政确认", "县民政局", 30]])),
        "final_xlsx": ("{py}年县级财政决算表.xlsx", x("决算", [
            ["项目", "预算数（万元）", "决算数（万元）"], ["一般公共预算收入", 120000, 123450],
            ["一般公共预算支出", 350000, 356210], ["政府性基金收入", 80000, 76540]])),
        "exam_xlsx": ("{y}年考试录用公务员职位表.xlsx", x("职位表", [
            ["招录机关", "职位名称", "招录人数", "学历要求", "专业要求"], ["县财政局", "财政管理", 2, "本科及以上", "财政学类"],
            ["县司法局", "基层司法所", 3, "本科及以上", "法学类"], ["青山镇人民政府", "综合管理", 2, "大专及以上", "不限"]])),
        "budget_pdf": ("{y}年县级财政预算公开说明.pdf", demo_files.pdf_bytes([
            "示范县县级财政预算公开说明",
            "一、一般公共预算收入安排123000万元。", "二、一般公共预算支出安排356000万元。",
            "三、“三公”经费预算较上年下降5%。"], title="县级财政预算公开说明")),
    }


def load(*, out=None, today: dt.date | None = None, hooks: bool = True, seeds: bool = True) -> Demo:
    """Build (or complete) the demo county. Safe to run again: nothing is duplicated."""
    demo = Demo(today=today or timezone.localdate(), out=out)
    with transaction.atomic():
        demo.build_units()
        demo.build_users()
        demo.build_portal()
        demo.build_records()
        if seeds:
            demo.import_seeds()
    if hooks:
        demo.run_hooks()
    return demo
