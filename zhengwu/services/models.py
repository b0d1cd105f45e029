"""政务服务: the 事项清单 (实施清单 elements), 一件事一次办 life events, 办件 and 好差评 ratings.

Element names follow the national 实施清单 (see elements.py for the sources of each vocabulary). Every change of a
事项 writes a `ServiceVersion` (actions.py); the guide page shows the version and its date.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhengwu.disclosure.models import Record
from zhengwu.org.models import Unit

from .elements import DEPTH_CHOICES, TRUST_CHOICES


class ServiceType(models.TextChoices):
    LICENSE = "license", "行政许可"
    BENEFIT = "benefit", "行政给付"
    CONFIRMATION = "confirmation", "行政确认"
    ADJUDICATION = "adjudication", "行政裁决"
    REWARD = "reward", "行政奖励"
    OTHER_POWER = "other_power", "其他行政权力"
    PUBLIC_SERVICE = "public_service", "公共服务"


class Audience(models.TextChoices):
    PERSON = "person", "个人"
    LEGAL = "legal", "法人"


class Theme(models.TextChoices):
    """主题 as the 一体化平台 lists them (a short, stable subset)."""

    BIRTH = "birth", "生育收养"
    HOUSEHOLD = "household", "户籍办理"
    EDUCATION = "education", "教育科研"
    EMPLOYMENT = "employment", "就业创业"
    SOCIAL_SECURITY = "social_security", "社会保障"
    HEALTH = "health", "医疗卫生"
    HOUSING = "housing", "住房保障"
    CIVIL = "civil", "婚姻登记"
    RETIREMENT = "retirement", "退休养老"
    TRANSPORT = "transport", "交通出行"
    BUSINESS = "business", "设立变更"
    PERMITS = "permits", "准营准办"
    CONSTRUCTION = "construction", "工程建设"
    TAX = "tax", "税收财务"
    POLICY = "policy", "惠企政策"
    AGRICULTURE = "agriculture", "农林牧渔"
    OTHER = "other", "其他"


class ExerciseLevel(models.TextChoices):
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡镇（街道）级"
    VILLAGE = "village", "村（社区）级"


class ServiceQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_active=True)

    def of_unit(self, unit):
        return self.filter(unit=unit)


class Service(models.Model):
    code = models.CharField("事项编码", max_length=64, unique=True)
    name = models.CharField("事项名称", max_length=200)
    type = models.CharField("事项类型", max_length=20, choices=ServiceType.choices)
    audience = models.CharField("服务对象", max_length=10, choices=Audience.choices, default=Audience.PERSON)
    theme = models.CharField("主题", max_length=30, choices=Theme.choices, default=Theme.OTHER)
    basis_text = models.TextField("设定依据", blank=True)
    basis_records = models.ManyToManyField(Record, verbose_name="设定依据（文件库）", blank=True,
                                           related_name="services")
    unit = models.ForeignKey(Unit, verbose_name="实施主体", on_delete=models.PROTECT, related_name="services")
    level = models.CharField("行使层级", max_length=20, choices=ExerciseLevel.choices, default=ExerciseLevel.COUNTY)
    conditions = models.TextField("受理条件", blank=True)
    process = models.TextField("办理流程", blank=True, help_text="每行一个环节，按顺序填写")
    legal_limit_workdays = models.PositiveIntegerField("法定办结时限（工作日）", null=True, blank=True,
                                                       help_text="法律法规未规定时限的留空")
    promised_limit_workdays = models.PositiveIntegerField("承诺办结时限（工作日）")
    charges_fee = models.BooleanField("收费", default=False)
    fee_standard = models.TextField("收费标准", blank=True)
    fee_basis = models.TextField("收费依据", blank=True)
    location = models.CharField("办理地点", max_length=300)
    hours = models.CharField("办理时间", max_length=200)
    consult_phone = models.CharField("咨询电话", max_length=50)
    complaint_phone = models.CharField("监督投诉电话", max_length=50)
    online_depth = models.PositiveSmallIntegerField("网上办理深度", choices=DEPTH_CHOICES, default=1)
    online_available = models.BooleanField("网上可办", default=False)
    cross_region = models.BooleanField("跨域通办", default=False)
    fully_online = models.BooleanField("全程网办", default=False)
    nearby = models.BooleanField("就近办", default=False)
    result_name = models.CharField("办理结果名称", max_length=200, blank=True)
    is_active = models.BooleanField("在用", default=True)
    version = models.PositiveIntegerField("版本", default=0)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = "政务服务事项"
        verbose_name_plural = "政务服务事项"
        ordering = ["unit__sort_order", "unit_id", "code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def steps(self) -> list[str]:
        return [s.strip() for s in self.process.splitlines() if s.strip()]

    @property
    def fee_display(self) -> str:
        return self.fee_standard if self.charges_fee else "不收费"


class Material(models.Model):
    class Source(models.TextChoices):
        APPLICANT = "applicant", "申请人自备"
        GOVERNMENT = "government", "政府部门核发"
        INTERMEDIARY = "intermediary", "中介机构或法定机构出具"
        OTHER = "other", "其他"

    class Form(models.TextChoices):
        PAPER = "paper", "纸质"
        ELECTRONIC = "electronic", "电子"
        BOTH = "both", "纸质和电子"

    class Necessity(models.TextChoices):
        REQUIRED = "required", "必要"
        CONDITIONAL = "conditional", "情形必要"
        OPTIONAL = "optional", "非必要"

    class Exempt(models.TextChoices):
        NONE = "", "需提交"
        LICENSE = "e_license", "电子证照免提交"
        SHARED = "shared", "数据共享免提交"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="materials")
    order = models.PositiveIntegerField("序号", default=1)
    name = models.CharField("材料名称", max_length=200)
    source = models.CharField("来源渠道", max_length=20, choices=Source.choices, blank=True)
    source_detail = models.CharField("来源说明", max_length=200, blank=True)
    form = models.CharField("材料形式", max_length=20, choices=Form.choices, default=Form.PAPER)
    copies = models.PositiveSmallIntegerField("份数", default=1)
    necessity = models.CharField("必要性", max_length=20, choices=Necessity.choices, default=Necessity.REQUIRED)
    tolerance = models.BooleanField("容缺受理", default=False)
    commitment = models.BooleanField("告知承诺", default=False)
    exempt = models.CharField("免提交", max_length=20, choices=Exempt.choices, blank=True, default="")
    trust_level = models.CharField("可信等级", max_length=1, choices=TRUST_CHOICES, default="D")
    sample_file = models.FileField("样表", upload_to="services/samples/", blank=True)
    blank_file = models.FileField("空表", upload_to="services/blanks/", blank=True)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["service_id", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ServiceVersion(models.Model):
    """One published state of a 事项: number, date, what changed, and the full snapshot."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    changed_at = models.DateTimeField("变更时间")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    changed_fields = models.JSONField("变更内容", default=list)
    snapshot = models.JSONField("快照")
    note = models.CharField("变更说明", max_length=300, blank=True)

    class Meta:
        ordering = ["service_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["service", "number"], name="service_version_unique")]

    def __str__(self) -> str:
        return f"第{self.number}版"


class CatalogBaseline(models.Model):
    """The material count recorded before the 减材料 drive, the base of 材料压减率."""

    recorded_on = models.DateField("记录日期")
    material_count = models.PositiveIntegerField("基准材料数")
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.recorded_on}：{self.material_count}项"


class LifeEvent(models.Model):
    """一件事一次办: one citizen's or company's matter combining several 事项."""

    name = models.CharField("一件事名称", max_length=100)
    audience = models.CharField("服务对象", max_length=10, choices=Audience.choices, default=Audience.PERSON)
    theme = models.CharField("主题", max_length=30, choices=Theme.choices, default=Theme.OTHER)
    description = models.TextField("说明", blank=True)
    window = models.CharField("综合窗口", max_length=200, blank=True, help_text="一次告知单上的统一受理窗口")
    is_policy = models.BooleanField("惠企政策兑现", default=False)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "一件事"
        verbose_name_plural = "一件事"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class LifeEventService(models.Model):
    life_event = models.ForeignKey(LifeEvent, on_delete=models.CASCADE, related_name="entries")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="life_event_entries")
    order = models.PositiveIntegerField("办理顺序", default=1)
    always = models.BooleanField("必办", default=True, help_text="不勾选则只在某个情形选项选中时办理")

    class Meta:
        ordering = ["life_event_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["life_event", "service"], name="life_event_service_unique")]

    def __str__(self) -> str:
        return f"{self.life_event_id}-{self.service_id}"


class Question(models.Model):
    """一个情形 question of a life event."""

    life_event = models.ForeignKey(LifeEvent, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField("序号", default=1)
    text = models.CharField("情形问题", max_length=200)

    class Meta:
        ordering = ["life_event_id", "order", "id"]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveIntegerField("序号", default=1)
    text = models.CharField("选项", max_length=200)
    include_services = models.ManyToManyField(Service, blank=True, related_name="+", verbose_name="增加事项")
    exclude_services = models.ManyToManyField(Service, blank=True, related_name="+", verbose_name="免办事项")
    include_materials = models.ManyToManyField(Material, blank=True, related_name="+", verbose_name="增加材料")
    exclude_materials = models.ManyToManyField(Material, blank=True, related_name="+", verbose_name="免交材料")

    class Meta:
        ordering = ["question_id", "order", "id"]

    def __str__(self) -> str:
        return self.text


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Case.Status.OPEN)


class Case(models.Model):
    """办件: one application handled under a 事项 (imported from the 一体化平台)."""

    class Status(models.TextChoices):
        OPEN = "open", "在办"
        DONE = "done", "办结"
        REJECTED = "rejected", "不予受理"
        WITHDRAWN = "withdrawn", "撤回"

    number = models.CharField("办件编号", max_length=64, unique=True)
    service = models.ForeignKey(Service, verbose_name="事项", on_delete=models.PROTECT, related_name="cases")
    accepted_at = models.DateTimeField("受理时间")
    finished_at = models.DateTimeField("办结时间", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    online = models.BooleanField("网上办件", default=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "办件"
        verbose_name_plural = "办件"
        ordering = ["-accepted_at", "id"]

    def __str__(self) -> str:
        return self.number


class Channel(models.TextChoices):
    COUNTER = "counter", "现场一次一评"
    ONLINE = "online", "网上一事一评"
    GENERAL = "general", "综合点评"
    SUPERVISION = "supervision", "监督查评"


class RatingLevel(models.IntegerChoices):
    VERY_SATISFIED = 5, "非常满意"
    SATISFIED = 4, "满意"
    BASIC = 3, "基本满意"
    DISSATISFIED = 2, "不满意"
    VERY_DISSATISFIED = 1, "非常不满意"


class RatingQuerySet(models.QuerySet):
    def bad(self):
        return self.filter(level__lte=RatingLevel.DISSATISFIED)


class Rating(models.Model):
    """好差评 (国办发〔2019〕51号): one rating of a 事项, 办件, 办事指南 or 窗口/人员."""

    class Target(models.TextChoices):
        SERVICE = "service", "事项"
        CASE = "case", "办件"
        GUIDE = "guide", "办事指南"
        STAFF = "staff", "窗口人员"

    class Status(models.TextChoices):
        NONE = "", "无需处置"
        PENDING = "pending", "待核实"
        RECTIFYING = "rectifying", "限期整改中"
        RECTIFIED = "rectified", "已整改"
        EXPLAINED = "explained", "已解释说明"
        APPEALING = "appealing", "申诉复核中"
        REVISITED = "revisited", "已回访"
        CLOSED = "closed", "已办结"
        VOIDED = "voided", "申诉成立（不计差评）"

    target = models.CharField("评价对象", max_length=20, choices=Target.choices)
    channel = models.CharField("评价渠道", max_length=20, choices=Channel.choices)
    service = models.ForeignKey(Service, verbose_name="事项", on_delete=models.PROTECT, related_name="ratings")
    case = models.ForeignKey(Case, verbose_name="办件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="ratings")
    staff_name = models.CharField("窗口/人员", max_length=50, blank=True)
    level = models.PositiveSmallIntegerField("评价等级", choices=RatingLevel.choices)
    reason = models.TextField("评价内容/差评原因", blank=True)
    real_name = models.BooleanField("实名评价", default=False)
    rater_name = models.CharField("评价人", max_length=50, blank=True)
    rater_phone = models.CharField("联系电话", max_length=20, blank=True)
    rated_at = models.DateTimeField("评价时间")
    recorded_at = models.DateTimeField("汇集时间", default=timezone.now)
    status = models.CharField("差评处置状态", max_length=20, choices=Status.choices, blank=True, default="")
    rectify_due = models.DateField("整改期限", null=True, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    handling_note = models.TextField("处置说明", blank=True)
    revisit_note = models.TextField("回访情况", blank=True)
    appeal_reason = models.TextField("申诉理由", blank=True)
    appeal_decision = models.TextField("复核意见", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = "好差评"
        verbose_name_plural = "好差评"
        ordering = ["-rated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}：{self.service.name}"

    @property
    def is_bad(self) -> bool:
        return self.level <= RatingLevel.DISSATISFIED


class ServiceChange(models.Model):
    """A proposed new 事项 or change of one, through the review chain the records use: the unit's 信息员 drafts
    and submits, its 审核员 approves, the 政务服务管理机构 (公开办管理员) approves and it takes effect as a new
    version (actions.save_service). Rejected at either stage, it goes back to the 信息员 with the reason."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        UNIT_REVIEW = "unit_review", "待单位审核"
        OFFICE_REVIEW = "office_review", "待政务服务管理机构审核"
        REJECTED = "rejected", "已退回"
        APPLIED = "applied", "已生效"

    service = models.ForeignKey(Service, verbose_name="事项", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="changes")
    unit = models.ForeignKey(Unit, verbose_name="实施主体", on_delete=models.PROTECT, related_name="+")
    data = models.JSONField("事项要素")
    materials = models.JSONField("申请材料", default=list)
    note = models.CharField("变更说明", max_length=300)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    unit_reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    office_reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    comment = models.TextField("审核意见", blank=True)
    applied_version = models.PositiveIntegerField("生效版本", null=True, blank=True)

    class Meta:
        verbose_name = "事项变更"
        verbose_name_plural = "事项变更"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.data.get('name', '')}（{self.get_status_display()}）"
