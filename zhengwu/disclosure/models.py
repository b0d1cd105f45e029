"""政府信息 (government information records) — one information library for every site (数据同源).

A record belongs to its publishing unit; it appears in any column of any site (county portal, department
and township sites) through `columns`, always as the same row, never as a copy.
Every write goes through `zhengwu.disclosure.actions`, which checks the rules and writes the audit log.
"""
import re
from html import unescape

from django.conf import settings
from django.db import models
from django.utils.html import strip_tags

from zhengwu.org.models import Unit

from .stored_files import attachment_path, interpretation_path


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unescape(text or ""))


class Category(models.Model):
    """One of the 15 items of 条例第二十条 (seeded by migration, wording fixed)."""

    number = models.PositiveSmallIntegerField("项", unique=True)
    name = models.CharField("名称", max_length=200)

    class Meta:
        verbose_name = "第二十条公开类别"
        verbose_name_plural = "第二十条公开类别"
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name

    @property
    def item_label(self) -> str:
        from .categories import item_label

        return item_label(self.number)


class Topic(models.Model):
    """主题分类; `code` is the 分类码 used in generated 索引号."""

    code = models.CharField("分类码", max_length=8, unique=True)
    name = models.CharField("主题分类", max_length=50, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class IndexNumberCounter(models.Model):
    """Last serial issued per `<统一社会信用代码>-<分类码>/<年份>` prefix. Only ever increases."""

    prefix = models.CharField(max_length=40, unique=True)
    last_serial = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}-{self.last_serial}"


class IssuedIndexNumber(models.Model):
    """Every 索引号 ever issued or imported. Rows are never deleted, so a number is never reused."""

    value = models.CharField("索引号", max_length=64, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    imported = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.value


class RecordQuerySet(models.QuerySet):
    def public(self):
        """Published records: what the portal, the API, sitemaps, search and statistics show (条例第二十三条)."""
        return self.filter(status=Record.Status.PUBLISHED)

    def visible_to(self, user):
        """Records of the units whose internal (unpublished) work `user` may see (zhengwu.org.access)."""
        from zhengwu.org import access

        if access.is_office_admin(user):
            return self
        return self.filter(unit__in=access.visible_units(user))


class Record(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", "政府信息"
        REGULATION = "regulation", "规章"
        NORMATIVE = "normative", "行政规范性文件"
        GUIDE = "guide", "政府信息公开指南"
        SYSTEM = "system", "政府信息公开制度"
        ANNUAL_REPORT = "annual_report", "政府信息公开工作年度报告"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        UNIT_REVIEW = "unit_review", "待单位审核"
        OFFICE_REVIEW = "office_review", "待公开办审核"
        PUBLISHED = "published", "已发布"
        UNPUBLISHED = "unpublished", "已撤下"

    class Validity(models.TextChoices):
        VALID = "valid", "有效"
        EXPIRED = "expired", "失效"
        REPEALED = "repealed", "废止"
        AMENDED = "amended", "已修订"

    class DisclosureMode(models.TextChoices):
        PROACTIVE = "proactive", "主动公开"
        ON_APPLICATION = "on_application", "依申请公开"
        NOT_DISCLOSED = "not_disclosed", "不予公开"

    title = models.CharField("标题", max_length=300)
    kind = models.CharField("信息类型", max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    unit = models.ForeignKey(Unit, verbose_name="发布机构", on_delete=models.PROTECT, related_name="records")
    publisher_name = models.CharField("发布机构（署名）", max_length=100, blank=True,
                                      help_text="与单位名称不同时填写，如联合发文或导入的原署名")
    reposted = models.BooleanField("转载", default=False,
                                   help_text="其他机关制发、本单位转载的文件（署名填原发布机构）；不计入本单位年度报告")
    index_number = models.CharField("索引号", max_length=64, unique=True, null=True, blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    document_number_key = models.CharField("文号检索键", max_length=100, blank=True, db_index=True)
    topic = models.ForeignKey(Topic, verbose_name="主题分类", null=True, blank=True, on_delete=models.PROTECT)
    categories = models.ManyToManyField(Category, verbose_name="第二十条公开类别", related_name="records")
    written_date = models.DateField("成文日期", null=True, blank=True)
    published_at = models.DateTimeField("发布日期", null=True, blank=True, db_index=True)
    effective_date = models.DateField("施行日期", null=True, blank=True)
    expiry_date = models.DateField("有效期至", null=True, blank=True)
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, default=Validity.VALID)
    disclosure_mode = models.CharField("公开方式", max_length=20, choices=DisclosureMode.choices,
                                       default=DisclosureMode.PROACTIVE)
    nondisclosure_reason = models.TextField("不予公开理由", blank=True)
    summary = models.TextField("摘要", blank=True)
    body = models.TextField("正文", blank=True, help_text="已净化的 HTML")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    columns = models.ManyToManyField("wagtailcore.Page", verbose_name="发布栏目", blank=True, related_name="records")

    secrecy_reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="+", verbose_name="保密审查人")
    secrecy_reviewed_at = models.DateTimeField("保密审查时间", null=True, blank=True)
    secrecy_opinion = models.TextField("保密审查意见", blank=True)
    pii_override_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+", verbose_name="个人信息放行人")
    pii_override_reason = models.TextField("个人信息放行理由", blank=True)
    interpretation_exempt_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                                 on_delete=models.SET_NULL, related_name="+",
                                                 verbose_name="解读豁免审核员")
    interpretation_exempt_reason = models.TextField("解读豁免理由", blank=True)

    source = models.CharField("来源", max_length=200, blank=True, help_text="导入来源文件或系统")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            # 相关信息 (portal.views._related): a unit's or a topic's newest published records by an index walk.
            models.Index(fields=["unit", "status", "-published_at", "-id"], name="record_unit_status_published"),
            models.Index(fields=["topic", "status", "-published_at", "-id"], name="record_topic_status_published"),
            models.Index(fields=["kind", "validity"]),
            # 文件库 counts (status, kind IN …, validity) from the index alone, not from the wide rows (170 ms at 20k).
            models.Index(fields=["status", "kind", "validity"], name="record_status_kind_validity"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/xxgk/{self.pk}/"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def publisher_display(self) -> str:
        return self.publisher_name or self.unit.name

    @property
    def maker_label(self) -> str:
        """"转载自…" for another body's document reproduced here, else the publisher."""
        return f"{self.publisher_display}（转载）" if self.reposted else self.publisher_display

    @property
    def is_library_document(self) -> bool:
        """规章 and 行政规范性文件 make up the 文件库 and carry 立改废 relations."""
        return self.kind in (self.Kind.REGULATION, self.Kind.NORMATIVE)

    @property
    def lead_summary(self) -> str:
        """The 摘要 shown above the body, or nothing when the body already opens with it (shown once, not twice)."""
        summary = _squash(self.summary)
        if not summary:
            return ""
        return "" if _squash(strip_tags(self.body or "")).startswith(summary.rstrip("。")) else self.summary

    def all_text(self) -> str:
        """Title, body and attachment text: what the PII scan and search look at."""
        parts = [self.title, self.summary, self.body]
        if self.pk:
            parts += list(self.attachments.values_list("text", flat=True))
        return "\n".join(p for p in parts if p)


class Attachment(models.Model):
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="attachments", verbose_name="政府信息")
    file = models.FileField("文件", upload_to=attachment_path, help_text="随机文件名；原文件名见“文件名”")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    text = models.TextField("提取文本", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def extension(self) -> str:
        return self.name.rsplit(".", 1)[-1].lower() if "." in self.name else ""

    @property
    def download_url(self) -> str:
        """The checked download (zhengwu.disclosure.downloads); MEDIA_ROOT itself is never served."""
        return f"/files/a/{self.pk}/"


class RecordRelation(models.Model):
    """立改废: `source` 修改 or 废止 `target`. Applied (target's 有效性 updated) when source is published."""

    class Kind(models.TextChoices):
        AMENDS = "amends", "修改"
        REPEALS = "repeals", "废止"

    source = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="outgoing_relations",
                               verbose_name="新文件")
    target = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="incoming_relations",
                               verbose_name="被修改/废止的文件")
    kind = models.CharField("关系", max_length=10, choices=Kind.choices)
    applied_at = models.DateTimeField("生效时间", null=True, blank=True)
    target_validity_before = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = "立改废关系"
        verbose_name_plural = "立改废关系"
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="relation_unique_pair")]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


class Interpretation(models.Model):
    """政策解读, released with the policy it interprets (同步起草、同步审签、同步发布)."""

    class Form(models.TextChoices):
        TEXT = "text", "文字解读"
        GRAPHIC = "graphic", "图文/图解"
        VIDEO = "video", "视频解读"
        H5 = "h5", "H5"
        INTERVIEW = "interview", "访谈"
        PRESS = "press_conference", "新闻发布会"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SCHEDULED = "scheduled", "随文件同步发布"
        PUBLISHED = "published", "已发布"
        UNPUBLISHED = "unpublished", "已撤下"

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="interpretations",
                               verbose_name="所解读的文件")
    form = models.CharField("解读形式", max_length=20, choices=Form.choices)
    title = models.CharField("标题", max_length=300)
    body = models.TextField("内容", blank=True)
    link = models.URLField("链接（视频/H5/访谈）", blank=True)
    image = models.FileField("图解/图片", upload_to=interpretation_path, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "政策解读"
        verbose_name_plural = "政策解读"
        ordering = ["id"]
        # The 政策解读 column and home block walk this newest first (without it SQLite drove the join from records).
        indexes = [models.Index(fields=["status", "-published_at"], name="interp_status_published")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/xxgk/jd/{self.pk}/"

    @property
    def image_url(self) -> str:
        return f"/files/jd/{self.pk}/" if self.image else ""


class ReviewDecision(models.Model):
    """One step of the review chain (单位审核 / 公开办审核 / 保密审查), kept for the record page's history."""

    class Stage(models.TextChoices):
        SUBMIT = "submit", "提交审核"
        UNIT = "unit", "单位审核"
        OFFICE = "office", "公开办审核"
        SECRECY = "secrecy", "保密审查"

    class Decision(models.TextChoices):
        SUBMITTED = "submitted", "已提交"
        APPROVED = "approved", "通过"
        REJECTED = "rejected", "退回"

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField("环节", max_length=10, choices=Stage.choices)
    decision = models.CharField("结论", max_length=10, choices=Decision.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField("意见", blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.get_decision_display()}"
