"""互动交流: letters to the 县长信箱 and the units' mailboxes, 12345 hotline 工单, 我为政府网站找错 reports (one
`Message` model, a `channel` field), 意见征集 on draft policies and 在线访谈.

Every message runs on a working-day clock (`clock.py`); every change goes through `actions.py`, which asks
`workflow.py` what is allowed. The writer's personal data (name, phone, 身份证号) lives only on `Message` and is
shown only to the dispatcher and the handling unit; everything public goes through `masking.py`.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhengwu.core.crypto import EncryptedTextField
from zhengwu.org import access
from zhengwu.org.models import Role, Unit


class Channel(models.TextChoices):
    COUNTY_MAILBOX = "county_mailbox", "县长信箱"
    UNIT_MAILBOX = "unit_mailbox", "部门信箱"
    HOTLINE = "hotline", "12345热线"
    SITE_ERROR = "site_error", "我为政府网站找错"


MAILBOX_CHANNELS = (Channel.COUNTY_MAILBOX, Channel.UNIT_MAILBOX)


class Kind(models.TextChoices):
    CONSULT = "consult", "咨询"
    HELP = "help", "求助"
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    SUGGESTION = "suggestion", "建议"
    PRAISE = "praise", "表扬"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待受理"
    ACCEPTED = "accepted", "已受理，待分办"
    ASSIGNED = "assigned", "办理中"
    RETURNED = "returned", "已退回，待重新分办"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结"
    REJECTED = "rejected", "不予受理"


#: Statuses in which the reply clock runs (no reply yet).
CLOCK_RUNNING = (Status.SUBMITTED, Status.ACCEPTED, Status.ASSIGNED, Status.RETURNED)
#: The dispatcher's queue.
DISPATCH_QUEUE = (Status.SUBMITTED, Status.ACCEPTED, Status.RETURNED)


class RejectReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", "不属于本县行政机关职责范围"
    PETITION = "petition", "属于信访事项，请通过信访渠道反映"
    LITIGATION = "litigation", "已进入或应通过诉讼、仲裁、行政复议等法定途径解决"
    ABUSE = "abuse", "内容含辱骂、恶意攻击或重复无实质内容"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class MessageQuerySet(models.QuerySet):
    def public(self):
        """答复已公开 (the writer agreed and the office approved publication)."""
        return self.filter(agrees_public=True, published=True, status__in=[Status.REPLIED, Status.CLOSED])

    def open(self):
        """Not yet answered: the clock is running."""
        return self.filter(status__in=CLOCK_RUNNING)

    def overdue(self, today: dt.date):
        return self.open().filter(due_date__lt=today)

    def visible_to(self, user):
        """The office (dispatcher) sees every message; a unit sees what is assigned to it or addressed to its
        mailbox, and what it once handled (its history)."""
        if access.is_office_admin(user):
            return self.all()
        units = access.unit_ids_with_role(user, Role.EDITOR, Role.REVIEWER, Role.HANDLER, Role.LEADER)
        if not units:
            return self.none()
        return self.filter(Q(unit_id__in=units) | Q(mailbox_unit_id__in=units)
                           | Q(events__unit_id__in=units)).distinct()


class Message(models.Model):
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    kind = models.CharField("诉求类型", max_length=20, choices=Kind.choices)
    serial = models.CharField("编号", max_length=40, unique=True)
    hotline_number = models.CharField("12345工单编号", max_length=40, null=True, blank=True, unique=True)
    query_code = models.CharField("查询码", max_length=16, unique=True)
    mailbox_unit = models.ForeignKey(Unit, verbose_name="来信信箱所属单位", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="mailbox_messages")
    unit = models.ForeignKey(Unit, verbose_name="承办单位", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="messages")
    page_url = models.CharField("出错页面", max_length=500, blank=True, help_text="我为政府网站找错：报告所指页面")

    # 来信人 — personal data, shown only to the dispatcher and the handling unit.
    writer_name = models.CharField("姓名", max_length=50)
    # Phone and 身份证号 stored encrypted (zhengwu.core.crypto); nothing looks messages up by them.
    writer_phone = EncryptedTextField("联系电话", max_length=30)
    writer_id_number = EncryptedTextField("身份证号", max_length=18, blank=True)

    title = models.CharField("标题", max_length=100)
    content = models.TextField("内容")
    agrees_public = models.BooleanField("同意公开答复", default=False)
    published = models.BooleanField("答复已公开", default=False)
    published_date = models.DateField("公开日期", null=True, blank=True)

    submitted_at = models.DateTimeField("来信/来电时间")
    received_date = models.DateField("收到日期")
    clock_start = models.DateField("期限起算日", help_text="收到日期；申请重新办理之日；按设置转办之日（当日不计入）")
    simple = models.BooleanField("简单常见问题", default=False)
    time_limit_workdays = models.PositiveSmallIntegerField("办理时限（工作日）")
    time_limit_rule = models.CharField("时限依据", max_length=300, blank=True)
    extension_count = models.PositiveSmallIntegerField("延期次数", default=0)
    extension_days = models.PositiveSmallIntegerField("延期工作日数", default=0)
    extension_reason = models.TextField("延期理由", blank=True)
    extension_approver = models.CharField("延期批准人", max_length=50, blank=True)
    due_date = models.DateField("答复期限")
    due_date_provisional = models.BooleanField("答复期限为暂定", default=False)

    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    reject_reason = models.CharField("不予受理理由", max_length=20, choices=RejectReason.choices, blank=True)
    reject_note = models.TextField("不予受理说明", blank=True)
    reply = models.TextField("答复内容", blank=True)
    replied_date = models.DateField("答复日期", null=True, blank=True)
    reply_unit = models.ForeignKey(Unit, verbose_name="答复单位", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    closed_date = models.DateField("办结日期", null=True, blank=True)
    satisfaction = models.CharField("满意度", max_length=20, choices=Satisfaction.choices, blank=True)
    satisfaction_date = models.DateField("评价日期", null=True, blank=True)
    rehandle_count = models.PositiveSmallIntegerField("重新办理次数", default=0)
    supervised = models.BooleanField("已督办", default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = "来信/工单"
        verbose_name_plural = "来信/工单"
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "due_date"]), models.Index(fields=["unit", "status"]),
                   models.Index(fields=["received_date"]), models.Index(fields=["published", "replied_date"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.serial}"

    def get_absolute_url(self) -> str:
        """The public reply page (404 until the office publishes the reply)."""
        from django.urls import reverse

        return reverse("interaction_public:reply", args=[self.pk])

    @property
    def clock_running(self) -> bool:
        return self.status in CLOCK_RUNNING

    @property
    def limit_in_force(self) -> int:
        """The time limit in force, an approved extension included."""
        return self.time_limit_workdays + self.extension_days

    @property
    def on_time(self) -> bool | None:
        if not self.replied_date:
            return None
        return self.replied_date <= self.due_date


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments", verbose_name="来信")
    file = models.FileField("文件", upload_to="interaction/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")

    class Meta:
        verbose_name = "来信附件"
        verbose_name_plural = "来信附件"

    def __str__(self) -> str:
        return self.name


class MessageEvent(models.Model):
    """The history of a message. `public` rows are shown to the writer on the 查询码 page (nothing personal)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events", verbose_name="来信")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    date = models.DateField("业务日期")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name="操作人")
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    kind = models.CharField("事项", max_length=30)
    description = models.TextField("说明", blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name="相关单位")
    old_due_date = models.DateField("原答复期限", null=True, blank=True)
    new_due_date = models.DateField("新答复期限", null=True, blank=True)
    public = models.BooleanField("来信人可见", default=False)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.message} {self.kind}"


# --- 意见征集 -------------------------------------------------------------------------------------------

class ConsultationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(published=True)


class Consultation(models.Model):
    """重大行政决策预公开 (《重大行政决策程序暂行条例》第十四条、第十五条): the 草案 and 起草说明 published for
    comments, normally for at least 30 days; a shorter period needs a recorded reason."""

    unit = models.ForeignKey(Unit, verbose_name="起草单位", on_delete=models.PROTECT, related_name="consultations")
    title = models.CharField("征集标题", max_length=200)
    draft = models.TextField("草案")
    explanation = models.TextField("起草说明")
    start_date = models.DateField("开始日期")
    end_date = models.DateField("截止日期")
    shortened_reason = models.TextField("征求意见期限少于30日的理由", blank=True)
    published = models.BooleanField("已发布", default=False)
    feedback = models.TextField("意见采纳情况及理由", blank=True)
    feedback_date = models.DateField("采纳情况公布日期", null=True, blank=True)
    final_record = models.ForeignKey("disclosure.Record", verbose_name="正式文件", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="consultations")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = "意见征集"
        verbose_name_plural = "意见征集"
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today: dt.date) -> bool:
        return self.published and self.start_date <= today <= self.end_date


class Moderation(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"


class Comment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments",
                                     verbose_name="意见征集")
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    content = models.TextField("意见内容")
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    status = models.CharField("审核状态", max_length=20, choices=Moderation.choices, default=Moderation.PENDING)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = "征集意见"
        verbose_name_plural = "征集意见"
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.consultation} 意见 {self.pk}"


# --- 在线访谈 ------------------------------------------------------------------------------------------

class Interview(models.Model):
    unit = models.ForeignKey(Unit, verbose_name="主办单位", on_delete=models.PROTECT, related_name="interviews")
    title = models.CharField("访谈主题", max_length=200)
    guest = models.CharField("访谈嘉宾", max_length=200)
    scheduled_at = models.DateTimeField("访谈时间")
    intro = models.TextField("访谈简介", blank=True)
    questions_close_at = models.DateTimeField("网友提问截止时间")
    transcript = models.TextField("文字实录", blank=True)
    transcript_published = models.BooleanField("实录已发布", default=False)
    published = models.BooleanField("已发布预告", default=False)

    class Meta:
        verbose_name = "在线访谈"
        verbose_name_plural = "在线访谈"
        ordering = ["-scheduled_at", "-id"]

    def __str__(self) -> str:
        return self.title


class InterviewQuestion(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions",
                                  verbose_name="在线访谈")
    name = models.CharField("网友称呼", max_length=50)
    content = models.TextField("问题")
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    status = models.CharField("审核状态", max_length=20, choices=Moderation.choices, default=Moderation.PENDING)
    answer = models.TextField("嘉宾回答", blank=True)

    class Meta:
        verbose_name = "访谈提问"
        verbose_name_plural = "访谈提问"
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.interview} 提问 {self.pk}"
