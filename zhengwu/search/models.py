"""Search index rows, the staff-kept dictionary and synonyms, and the 政策问答库.

`SearchEntry` is one searchable thing (a published record, 解读, Q&A, column page or unit) with its text
pre-segmented by jieba and stored space-separated. The full-text index lives beside it in the same
database: an FTS5 table kept in step by triggers on SQLite, a generated tsvector column with a GIN index on
PostgreSQL (both created by migration 0002). Rows are written by `zhengwu.search.indexer` from model
signals, so the index changes in the same transaction as the record.
"""
from django.conf import settings
from django.db import models

from zhengwu.org.models import Unit


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        RECORD = "record", "政府信息"
        INTERPRETATION = "interpretation", "政策解读"
        QA = "qa", "政策问答"
        COLUMN = "column", "栏目"
        UNIT = "unit", "机构"
        MESSAGE = "message", "公开答复"
        SERVICE = "service", "办事指南"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField("对象编号")
    title = models.CharField("标题", max_length=300)
    url = models.CharField("网址", max_length=300)
    document_number = models.CharField("文号", max_length=100, blank=True)
    document_number_key = models.CharField("文号检索键", max_length=100, blank=True, db_index=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             verbose_name="发布机构")
    publisher = models.CharField("发布机构（署名）", max_length=100, blank=True)
    published_at = models.DateTimeField("发布日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    pub_day = models.IntegerField("发布日序号", null=True, blank=True, help_text="自1970-01-01起的天数，用于时效加权")
    validity = models.CharField("有效性", max_length=10, blank=True)
    boost = models.FloatField("权重", default=1.0)
    text = models.TextField("摘录用原文", blank=True)
    title_tokens = models.TextField("标题分词", blank=True)
    body_tokens = models.TextField("正文分词", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "搜索索引条目"
        verbose_name_plural = "搜索索引条目"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.title}"


class DictionaryTerm(models.Model):
    """A word of the government dictionary (一件事一次办, 放管服 …) that jieba must keep whole."""

    word = models.CharField("词条", max_length=40, unique=True)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政务词典词条"
        verbose_name_plural = "政务词典"
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


class SynonymGroup(models.Model):
    """Words that find each other (社保 / 社会保险). `terms` is space-separated, the first is canonical."""

    terms = models.CharField("同义词", max_length=300, unique=True)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "同义词组"
        verbose_name_plural = "同义词组"
        ordering = ["terms"]

    def __str__(self) -> str:
        return " / ".join(self.term_list)

    @property
    def term_list(self) -> list[str]:
        return [t for t in self.terms.split() if t]


class QAPair(models.Model):
    """One 政策问答: a department's answer, linked to the policy (records) it rests on."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        NEEDS_REVIEW = "needs_review", "待复核"
        ARCHIVED = "archived", "已停用"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="qa_pairs", verbose_name="答复部门")
    question = models.CharField("问题", max_length=300)
    answer = models.TextField("答复")
    sources = models.ManyToManyField("disclosure.Record", blank=True, related_name="qa_pairs",
                                     verbose_name="政策依据")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    review_reason = models.TextField("待复核原因", blank=True)
    origin_message = models.ForeignKey("interaction.Message", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+", verbose_name="来源来信",
                                       help_text="由常见问题整理而来时，所依据的已公开答复")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政策问答"
        verbose_name_plural = "政策问答"
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return f"/search/qa/{self.pk}/"


class UnansweredQuestion(models.Model):
    """A question the 问答库 could not answer, forwarded by the asker for staff to answer."""

    class Status(models.TextChoices):
        OPEN = "open", "待答复"
        ANSWERED = "answered", "已转为问答"
        DISMISSED = "dismissed", "不予处理"

    question = models.TextField("问题")
    best_confidence = models.FloatField("最高匹配度", default=0.0)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name="承办部门")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    asked_at = models.DateTimeField("提问时间", auto_now_add=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="处理人")
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    note = models.TextField("处理说明", blank=True)
    qa = models.ForeignKey(QAPair, null=True, blank=True, on_delete=models.SET_NULL, related_name="from_questions",
                           verbose_name="形成的问答")

    class Meta:
        verbose_name = "待答复问题"
        verbose_name_plural = "待答复问题"
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        return self.question[:50]
