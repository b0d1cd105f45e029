"""依申请公开 cases (《政府信息公开条例》第二十七条至第四十五条).

An `Application` is one request, handled by one unit, on the statutory clock kept by `clock.py`. Every change
goes through `actions.py`; `CaseEvent` rows are the case history (including each due-date change and the rule
that caused it). Personal data of the applicant lives only on `Application` and is shown only to the handling
unit and 公开办管理员 (see `access.py`).
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengwu.core.crypto import EncryptedTextField, lookup_hash
from zhengwu.org.models import Unit

from . import clock, outcomes


class ApplicantType(models.TextChoices):
    """The applicant columns of annual-report table 三 (自然人; 法人或其他组织 with five sub-types)."""

    NATURAL = "natural", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER = "other", "其他"


class IdType(models.TextChoices):
    ID_CARD = "id_card", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MO_TW = "hk_mo_tw", "港澳台居民居住证/通行证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他有效证件"


class Channel(models.TextChoices):
    """How the application arrived; decides the receipt date (条例第三十一条)."""

    IN_PERSON = "in_person", "当面提交"
    MAIL = "mail", "邮寄（需签收）"
    MAIL_PLAIN = "mail_plain", "平常信函（无需签收）"
    ONLINE = "online", "互联网渠道"
    FAX = "fax", "传真"


class DeliveryMethod(models.TextChoices):
    """获取信息的方式."""

    MAIL = "mail", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    FAX = "fax", "传真"
    ONLINE = "online", "网上获取"


class Medium(models.TextChoices):
    """载体形式."""

    PAPER = "paper", "纸质文本"
    ELECTRONIC = "electronic", "电子文档"
    DISC = "disc", "光盘/移动存储介质"


class Status(models.TextChoices):
    AWAITING_RECEIPT = "awaiting_receipt", "待确认收到"
    PROCESSING = "processing", "办理中"
    CORRECTION = "correction", "待补正"
    CONSULTING = "consulting", "征求意见中"
    FEE_PENDING = "fee_pending", "待缴费"
    CLOSED = "closed", "已办结"


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        """Cases without their one final outcome yet (第三十六条)."""
        return self.exclude(status=Status.CLOSED)

    def overdue(self, today):
        """Open cases past their answer deadline (第三十三条): the dashboard's, the case list's and the 红牌's
        one definition (Application.is_overdue says the same for one case)."""
        return self.open().filter(due_date__lt=today)

    def visible_to(self, user):
        """The cases of the units whose cases `user` may see (zhengwu.applications.access)."""
        from . import access

        ids = access.visible_unit_ids(user)
        return self if ids is None else self.filter(unit_id__in=ids)


class Application(models.Model):
    unit = models.ForeignKey(Unit, verbose_name="办理单位", on_delete=models.PROTECT, related_name="applications")
    query_code = models.CharField("查询码", max_length=16, unique=True)
    serial = models.CharField("申请编号", max_length=30, unique=True)
    channel = models.CharField("申请渠道", max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField("提交/登记时间")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")

    # 申请人 (条例第二十九条第二款第（一）项). Shown only to the handling unit and 公开办管理员. 证件号码, phone and
    # address are stored encrypted (zhengwu.core.crypto); the number is looked up by its keyed hash.
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名/名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number = EncryptedTextField("证件号码", max_length=40)
    id_number_hash = models.CharField("证件号码查找哈希", max_length=64, blank=True, db_index=True, editable=False)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = EncryptedTextField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = EncryptedTextField("通信地址", max_length=200)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    # 所需信息 (第二十九条第二款第（二）、（三）项)
    description = models.TextField("所需政府信息的名称、文号或者便于查询的其他特征性描述")
    delivery_method = models.CharField("获取方式", max_length=20, choices=DeliveryMethod.choices)
    medium = models.CharField("载体形式", max_length=20, choices=Medium.choices)

    received_date = models.DateField("收到申请之日", null=True, blank=True,
                                     help_text="条例第三十一条：按渠道确定；确认前为空")
    receipt_basis = models.CharField("收到日期确定方式", max_length=200, blank=True)
    clock_start = models.DateField("答复期限起算日", null=True, blank=True,
                                   help_text="收到申请之日，补正后为收到补正申请之日（第三十条）")
    due_date = models.DateField("答复期限", null=True, blank=True)
    due_date_provisional = models.BooleanField("答复期限为暂定", default=False,
                                               help_text="期限所在年份尚无官方放假安排，日期可能变化")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.AWAITING_RECEIPT)

    final_outcome = models.CharField("办理结果", max_length=40, choices=outcomes.CHOICES, blank=True)
    closed_date = models.DateField("答复日期", null=True, blank=True)
    outcome_reason = models.TextField("答复理由/说明", blank=True)
    already_public = models.BooleanField("已主动公开（告知获取方式、途径）", default=False,
                                         help_text="第三十六条第（一）项；计入“予以公开”")
    referred_agency = models.CharField("负责公开的机关及联系方式", max_length=200, blank=True,
                                       help_text="非本机关负责公开且能确定负责机关时（第三十六条第（五）项）")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="handled_applications")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["status", "due_date"]),
                   models.Index(fields=["received_date"]), models.Index(fields=["closed_date"])]

    def __str__(self) -> str:
        return f"申请 {self.serial}"

    # {keyed-hash column: the encrypted column it looks up} (also read by `zhengwu rotate_keys`).
    LOOKUP_HASHES = {"id_number_hash": "id_number"}

    def save(self, *args, **kwargs):
        self.id_number_hash = lookup_hash(self.id_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "id_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "id_number_hash"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_date is not None and today > self.due_date

    @property
    def outcome(self) -> outcomes.Outcome | None:
        return outcomes.BY_CODE.get(self.final_outcome)

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL


class Correction(models.Model):
    """补正 (条例第三十条): one notice, within 7 working days of receipt, stating items and a deadline."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="correction",
                                       verbose_name="申请")
    notice_date = models.DateField("补正告知日期")
    items = models.TextField("需要补正的事项")
    deadline = models.DateField("补正期限")
    corrected_date = models.DateField("收到补正申请之日", null=True, blank=True)
    corrected_content = models.TextField("补正内容", blank=True)

    class Meta:
        verbose_name = "补正"
        verbose_name_plural = "补正"

    def __str__(self) -> str:
        return f"{self.application} 补正"


class Consultation(models.Model):
    """征求意见: a third party (第三十二条) or other agencies (第三十四条); the time is not counted (第三十三条)."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", "征求第三方意见"
        AGENCY = "agency", "征求其他机关意见"

    class Opinion(models.TextChoices):
        PENDING = "pending", "待答复"
        AGREE = "agree", "同意公开"
        OBJECT = "object", "不同意公开"
        NO_REPLY = "no_reply", "逾期未提出意见"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consultations",
                                    verbose_name="申请")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    party_name = models.CharField("被征求意见方", max_length=200)
    party_address = models.CharField("被征求意见方地址", max_length=200, blank=True)
    sent_date = models.DateField("发出征求意见之日")
    delivery = models.CharField("送达方式", max_length=20, choices=clock.DELIVERY_CHOICES, default=clock.ELECTRONIC)
    received_date = models.DateField("被征求意见方收到之日", help_text="第三十二条、第三十四条：15个工作日自收到之日起算")
    reply_deadline = models.DateField("答复期限")
    replied_date = models.DateField("收到意见之日", null=True, blank=True)
    opinion = models.CharField("意见", max_length=20, choices=Opinion.choices, default=Opinion.PENDING)
    opinion_text = models.TextField("意见内容", blank=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["sent_date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.party_name}"


class Extension(models.Model):
    """延期 (第三十三条第二款): at most once, ≤ 20 working days, approved by the 工作机构负责人, applicant told."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="extension",
                                       verbose_name="申请")
    days = models.PositiveSmallIntegerField("延长工作日数")
    reason = models.TextField("延期理由")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人账号", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    approver_name = models.CharField("批准人（政府信息公开工作机构负责人）", max_length=50)
    approved_date = models.DateField("批准日期")
    notice_date = models.DateField("告知申请人日期")

    class Meta:
        verbose_name = "延期答复"
        verbose_name_plural = "延期答复"

    def __str__(self) -> str:
        return f"{self.application} 延期{self.days}个工作日"


class Fee(models.Model):
    """信息处理费 (条例第四十二条; 国办函〔2020〕109号)."""

    class Method(models.TextChoices):
        PER_ITEM = "per_item", "按件计收"
        PER_PAGE = "per_page", "按量计收"

    class FeeStatus(models.TextChoices):
        NOTIFIED = "notified", "已发收费通知"
        PAID = "paid", "已缴费"
        WAIVED = "waived", "已减免"
        EXPIRED = "expired", "逾期未缴"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="fees", verbose_name="申请")
    method = models.CharField("计收方式", max_length=20, choices=Method.choices)
    quantity = models.PositiveIntegerField("计费数量（件或页）")
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    calculation = models.TextField("计算过程")
    status = models.CharField("状态", max_length=20, choices=FeeStatus.choices, default=FeeStatus.NOTIFIED)
    notice_date = models.DateField("收费通知日期")
    delivery = models.CharField("送达方式", max_length=20, choices=clock.DELIVERY_CHOICES, default=clock.ELECTRONIC)
    received_date = models.DateField("申请人收到收费通知之日", help_text="自收到次日起20个工作日内缴费（109号及省级实施通知）")
    pay_deadline = models.DateField("缴费期限")
    paid_date = models.DateField("缴费日期", null=True, blank=True)
    waived_date = models.DateField("减免决定日期", null=True, blank=True)
    waiver_reason = models.TextField("减免理由", blank=True)

    class Meta:
        verbose_name = "信息处理费"
        verbose_name_plural = "信息处理费"
        ordering = ["notice_date", "id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount}元"


class Appeal(models.Model):
    """行政复议 / 行政诉讼 about an application (annual-report table 四)."""

    class Kind(models.TextChoices):
        REVIEW = "review", "行政复议"
        LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
        LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"

    class Result(models.TextChoices):
        UPHELD = "upheld", "结果维持"
        CORRECTED = "corrected", "结果纠正"
        OTHER = "other", "其他结果"
        PENDING = "pending", "尚未审结"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="appeals",
                                    verbose_name="申请")
    kind = models.CharField("类型", max_length=30, choices=Kind.choices)
    authority = models.CharField("复议机关/人民法院", max_length=200, blank=True)
    case_number = models.CharField("案号", max_length=100, blank=True)
    filed_date = models.DateField("申请/立案日期")
    result = models.CharField("结果", max_length=20, choices=Result.choices, default=Result.PENDING)
    decided_date = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "行政复议/诉讼"
        verbose_name_plural = "行政复议/诉讼"
        ordering = ["filed_date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_result_display()}）"


class CaseEvent(models.Model):
    """The case history. A due-date change keeps old/new date and the rule (article) that caused it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events",
                                    verbose_name="申请")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    date = models.DateField("业务日期", null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    kind = models.CharField("事项", max_length=40)
    description = models.TextField("说明", blank=True)
    old_due_date = models.DateField("原答复期限", null=True, blank=True)
    new_due_date = models.DateField("新答复期限", null=True, blank=True)
    rule = models.CharField("依据", max_length=300, blank=True)
    public = models.BooleanField("申请人可见", default=False)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application} {self.kind}"

    @property
    def changes_due_date(self) -> bool:
        return self.old_due_date != self.new_due_date


class LetterTemplate(models.Model):
    """An editable letter text (Django template syntax). Seeded by migration; staff may edit the wording."""

    key = models.CharField("模板代号", max_length=60, unique=True)
    name = models.CharField("文书名称", max_length=100)
    title = models.CharField("文书标题", max_length=100)
    body = models.TextField("正文模板", help_text="Django 模板语法，可用变量见页面说明")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class Letter(models.Model):
    """A letter as issued: the text is frozen when issued, so later template edits don't rewrite history."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters",
                                    verbose_name="申请")
    template_key = models.CharField("模板代号", max_length=60)
    title = models.CharField("标题", max_length=100)
    number = models.CharField("文书编号", max_length=60)
    body = models.TextField("正文")
    issued_date = models.DateField("日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["issued_date", "id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"


class Notification(models.Model):
    """In-app reminder (黄牌/红牌 from `check_deadlines`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="zhengwu_notifications")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notifications")
    level = models.CharField("级别", max_length=10)  # yellow | red | info
    message = models.CharField("内容", max_length=300)
    created_on = models.DateField("日期")
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["-created_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "application", "level", "created_on"],
                                               name="notification_once_a_day")]

    def __str__(self) -> str:
        return self.message
