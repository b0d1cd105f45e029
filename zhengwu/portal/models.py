"""Portal pages (Wagtail): home, columns (栏目), 文件库, the 政府信息公开专栏 and its four parts.

Records are not pages (docs/decisions/0001): a column lists published `disclosure.Record` rows placed in it
through `Record.columns`, plus those its optional rules select. The same row may appear in a department
site's column and in a county column (数据同源).
"""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django import forms
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from zhengwu.core.dates import local_date
from zhengwu.core.params import ascii_id
from zhengwu.disclosure import doc_number
from zhengwu.disclosure.models import Attachment, Category, Interpretation, Record
from zhengwu.org.models import Unit

PER_PAGE = 20


def published_records():
    """Everything the public may read: published and 主动公开 (only such records can be published)."""
    return Record.objects.public().select_related("unit", "topic")


def listed_records():
    """Published records for a list: without their bodies (a list shows title, date, unit, 文号)."""
    return published_records().defer("body", "secrecy_opinion", "nondisclosure_reason", "pii_override_reason",
                                     "interpretation_exempt_reason")


def site_unit_ids(site) -> set[int] | None:
    """Units a site speaks for: its SiteProfile unit and every unit below it. None = no profile (all units)."""
    from zhengwu.org.models import SiteProfile

    if site is None:
        return None
    profile = SiteProfile.objects.filter(site=site).select_related("unit").first()
    return profile.unit.descendant_ids() if profile else None


SPARSE_COLUMN = 500  # placements up to which a column is listed by ids rather than by walking the date index
MAX_PAGES = 50  # deeper than 1,000 items a list sends people to search (issue 16: ?page=1200 took 2.3 s)
SEARCH_FILTERS = {"validity": "validity", "year": "year"}  # list filter -> search filter of the same meaning


class CappedPaginator(Paginator):
    """Pages up to MAX_PAGES; the last one says where the rest is (search, with the same filters).

    `bounded` counts no further than one item past the cap: a list's count then costs the same at 200k records as
    at 2k, and the page says "超过 1000 条" instead of a number nobody can page to."""

    def __init__(self, *args, bounded: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.bounded = bounded

    @cached_property
    def count(self):
        if not self.bounded:
            return super().count
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def cap(self) -> int:
        return MAX_PAGES * self.per_page

    @property
    def count_exceeds_cap(self) -> bool:
        return self.bounded and self.count > self.cap

    @property
    def num_pages(self):
        return min(super().num_pages, MAX_PAGES)

    @property
    def capped(self) -> bool:
        return self.count > self.cap


def paginate(request, queryset, per_page: int = PER_PAGE, *, bounded: bool = True):
    paginator = CappedPaginator(queryset, per_page, bounded=bounded)
    page = paginator.get_page(request.GET.get("page") if request is not None else 1)
    page.capped = paginator.capped and page.number == paginator.num_pages
    if page.capped and request is not None:
        from urllib.parse import urlencode

        query = {search: request.GET[name] for name, search in SEARCH_FILTERS.items() if request.GET.get(name)}
        page.search_url = "/search/" + ("?" + urlencode(query) if query else "")
    return page


class PortalPage(Page):
    """Common fields of our pages: a stable key used by `portal.setup` and the demo to find a column."""

    column_key = models.SlugField("栏目代号", max_length=50, blank=True,
                                  help_text="稳定的栏目代号（如 tzgg），供系统和导入程序定位栏目；同一站点内唯一。")
    intro = models.TextField("栏目说明", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, FieldPanel("column_key")]

    class Meta:
        abstract = True


class RecordRules(models.Model):
    """Optional rules selecting records into a listing, on top of explicit placement (Record.columns).

    Rules of different kinds combine with AND; values within one kind with OR. No rule = placement only.
    """

    rule_categories = ParentalManyToManyField(Category, blank=True, verbose_name="第二十条类别",
                                              related_name="+")
    rule_topic = models.ForeignKey("disclosure.Topic", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="主题分类")
    rule_units = ParentalManyToManyField(Unit, blank=True, verbose_name="发布机构", related_name="+")
    rule_include_sub_units = models.BooleanField("含下级单位", default=True)
    rule_kinds = models.CharField("信息类型", max_length=200, blank=True,
                                  help_text="逗号分隔的信息类型代码，如 regulation,normative")

    rule_panels = [MultiFieldPanel([FieldPanel("rule_categories", widget=forms.CheckboxSelectMultiple),
                                    FieldPanel("rule_topic"), FieldPanel("rule_units"),
                                    FieldPanel("rule_include_sub_units"), FieldPanel("rule_kinds")],
                                   heading="自动收录规则（可选）")]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return getattr(self, "title", "") or super().__str__()

    @property
    def kind_list(self) -> list[str]:
        return [k.strip() for k in (self.rule_kinds or "").split(",") if k.strip()]

    def clean(self):
        super().clean()
        bad = [k for k in self.kind_list if k not in Record.Kind.values]
        if bad:
            raise ValidationError({"rule_kinds": f"未知的信息类型代码：{'、'.join(bad)}。可用：{'、'.join(Record.Kind.values)}"})

    def rule_q(self) -> Q | None:
        """The rule part of the listing, or None when no rule is set."""
        parts = []
        if self.pk:
            cat_ids = [c.pk for c in self.rule_categories.all()]
            if cat_ids:
                parts.append(Q(Exists(Record.categories.through.objects.filter(
                    category_id__in=cat_ids, record_id=OuterRef("pk")))))
            unit_ids: set[int] = set()
            for unit in self.rule_units.all():
                unit_ids |= unit.descendant_ids() if self.rule_include_sub_units else {unit.pk}
            if unit_ids:
                parts.append(Q(unit_id__in=unit_ids))
        if self.rule_topic_id:
            parts.append(Q(topic_id=self.rule_topic_id))
        if self.kind_list:
            parts.append(Q(kind__in=self.kind_list))
        if not parts:
            return None
        q = parts[0]
        for part in parts[1:]:
            q &= part
        return q

    def records(self):
        """Published records of this listing, newest 发布日期 first, bodies left out.

        A column with many records is an EXISTS per row, so SQLite walks the (status, -published_at) index newest
        first and stops after one page, instead of sorting every full row of an `id IN (…)` set (issue 16: 77.6 →
        1.3 ms). A column with few placements is listed by their ids: the walk would read the whole index to find
        them (an empty column on the home page scanned every published record)."""
        rule = self.rule_q()
        placements = Record.columns.through.objects.filter(page_id=self.pk)
        few = sparse_placements(self.pk) if rule is None else None
        if few is not None:
            return listed_records().filter(pk__in=few).order_by("-published_at", "-id")
        placed = Q(Exists(placements.filter(record_id=OuterRef("pk"))))
        return listed_records().filter(placed | rule if rule is not None else placed).order_by(
            "-published_at", "-id")


_SPARSE: dict[tuple, list[int] | None] = {}  # (column id, content version) -> its few record ids, None = many


def sparse_placements(page_id: int) -> list[int] | None:
    """The ids placed in a column when there are at most SPARSE_COLUMN of them, else None; kept per worker under
    the content version, which every placement change bumps (portal.invalidation), so the home page does not pay
    one more query per column block."""
    from .invalidation import lists_version

    key = (page_id, lists_version())
    if key not in _SPARSE:
        if len(_SPARSE) > 1024:
            _SPARSE.clear()
        ids = list(Record.columns.through.objects.filter(page_id=page_id)
                   .values_list("record_id", flat=True)[:SPARSE_COLUMN + 1])
        _SPARSE[key] = ids if len(ids) <= SPARSE_COLUMN else None
    return _SPARSE[key]


class ColumnPageForm(WagtailAdminPageForm):
    """Kinds as checkboxes in the admin, stored comma-separated."""

    rule_kinds = forms.MultipleChoiceField(label="信息类型", required=False, choices=Record.Kind.choices,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and isinstance(self.instance.rule_kinds, str):
            self.initial["rule_kinds"] = self.instance.kind_list

    def clean_rule_kinds(self):
        return ",".join(self.cleaned_data.get("rule_kinds") or [])


class ColumnFeed(Feed):
    """RSS 2.0 of a column's newest published records."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return kwargs["column"]

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.get_url(self.request)

    def description(self, obj):
        return obj.intro or f"{obj.title}栏目最新信息"

    def items(self, obj):
        return obj.listing()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        record = item.record if isinstance(item, Interpretation) else item
        parts = [f"发布机构：{record.publisher_display}"]
        if getattr(item, "document_number", ""):
            parts.append(f"文号：{item.document_number}")
        if getattr(item, "summary", ""):
            parts.append(item.summary)
        return "；".join(parts)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at


class ColumnPage(RoutablePageMixin, RecordRules, PortalPage):
    """栏目: a listing of published records (or 政策解读); also used for 专题专栏 (`is_special`)."""

    class Content(models.TextChoices):
        RECORDS = "records", "政府信息"
        INTERPRETATIONS = "interpretations", "政策解读"

    content = models.CharField("栏目内容", max_length=20, choices=Content.choices, default=Content.RECORDS)
    is_special = models.BooleanField("专题专栏", default=False, help_text="如十四五规划、惠企政策、双随机一公开")
    show_on_home = models.BooleanField("在首页显示最新信息", default=True)
    per_page = models.PositiveSmallIntegerField("每页条数", default=PER_PAGE)

    base_form_class = ColumnPageForm
    content_panels = [*PortalPage.content_panels, FieldPanel("content"), FieldPanel("is_special"), FieldPanel("show_on_home"), FieldPanel("per_page"), *RecordRules.rule_panels]
    subpage_types = ["portal.ColumnPage"]
    parent_page_types = ["portal.HomePage", "portal.ColumnPage"]
    template = "portal/column_page.html"

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"

    def listing(self):
        if self.content == self.Content.INTERPRETATIONS:
            return interpretation_listing(self)
        return self.records()

    @path("")
    def index(self, request):
        page_obj = paginate(request, self.listing(), self.per_page or PER_PAGE)
        children = self.get_children().live()
        return self.render(request, context_overrides={"page_obj": page_obj, "children": children})

    @path("rss/", name="rss")
    def rss(self, request):
        return ColumnFeed()(request, column=self)


def interpretation_listing(column: ColumnPage):
    """政策解读 of published records, selected by the column's rules applied to the policy they interpret."""
    published = Interpretation.objects.filter(status=Interpretation.Status.PUBLISHED)
    if column.rule_q() is not None:
        published = published.filter(record__in=column.records().values("pk"))
    else:  # a join on the record's status, not `IN (every published record)` (78 ms at 20k records)
        published = published.filter(record__status=Record.Status.PUBLISHED)
    return published.select_related("record", "record__unit").order_by("-published_at", "-id")


class HomePage(PortalPage):
    """A site's root: newest records of its columns, quick links to 专栏, 文件库 and 专题."""

    subpage_types = ["portal.ColumnPage", "portal.LibraryPage", "portal.DisclosureIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = None
    template = "portal/home_page.html"

    class Meta:
        verbose_name = "站点首页"
        verbose_name_plural = "站点首页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        columns = (ColumnPage.objects.child_of(self).live().filter(show_on_home=True, is_special=False)
                   .prefetch_related("rule_categories", "rule_units").order_by("path"))
        context["blocks"] = [{"page": column, "items": list(column.listing()[:6])} for column in columns]
        context["specials"] = list(ColumnPage.objects.descendant_of(self).live().filter(is_special=True).order_by("path"))
        context["disclosure_index"] = DisclosureIndexPage.objects.child_of(self).live().first()
        context["library"] = LibraryPage.objects.child_of(self).live().first()
        return context


class LibraryPage(PortalPage):
    """文件库 of 规章 and 行政规范性文件, following 立改废: every row shows its 有效性."""

    scope_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="限定单位", help_text="留空则收录所有单位的文件（含下级单位）")

    content_panels = [*PortalPage.content_panels, FieldPanel("scope_unit")]
    subpage_types: list = []
    parent_page_types = ["portal.HomePage"]
    template = "portal/library_page.html"

    class Meta:
        verbose_name = "文件库"
        verbose_name_plural = "文件库"

    def documents(self):
        qs = listed_records().filter(kind__in=[Record.Kind.REGULATION, Record.Kind.NORMATIVE])
        if self.scope_unit_id:
            qs = qs.filter(unit_id__in=self.scope_unit.descendant_ids())
        return qs

    def publishers(self, docs=None) -> list[str]:
        """Every 发布机构 a listed document shows (its 署名, else its unit): city 规章 (转载) included."""
        docs = docs if docs is not None else self.documents()
        order: dict[str, tuple] = {}
        for signed, unit_name, sort in docs.values_list("publisher_name", "unit__name", "unit__sort_order"):
            key = (1, 0) if signed else (0, sort)  # the platform's units in their order, then other signatures
            name = signed or unit_name
            order[name] = min(order.get(name, key), key)
        return sorted(order, key=lambda n: (*order[n], n))

    def filtered(self, params):
        """Apply the public filters: 标题/关键词, 有效性, 发布机构, 年份 (成文日期), 文号 (exact after normalisation)."""
        qs = self.documents()
        words = (params.get("q") or "").split()[:5]
        for word in words:
            qs = qs.filter(Q(title__icontains=word[:50]) | Q(summary__icontains=word[:50]))
        validity = params.get("validity", "")
        if validity in Record.Validity.values:
            qs = qs.filter(validity=validity)
        publisher = (params.get("publisher") or "").strip()[:100]
        if publisher:
            qs = qs.filter(Q(publisher_name=publisher) | Q(publisher_name="", unit__name=publisher))
        unit = params.get("unit", "")
        if ascii_id(unit) is not None:  # older links name the unit by id
            qs = qs.filter(unit_id=ascii_id(unit))
        year = params.get("year", "")
        if ascii_id(year) is not None and len(year) == 4:
            qs = qs.filter(written_date__year=int(year))
        number = (params.get("wh") or "").strip()
        if number:
            key = doc_number.search_key(number)
            qs = qs.filter(document_number_key=key) if key else qs.filter(document_number__icontains=number)
        return qs.order_by("-published_at", "-id")

    def filter_options(self, docs):
        """The 发布机构 and 年份 choices: computed once per change of public records (they cost 60–130 ms at
        50k records), kept under a version that portal.invalidation bumps."""
        from django.core.cache import cache

        from .invalidation import lists_version

        key = f"portal:library-options:{self.pk}:{lists_version()}"
        cached = cache.get(key)
        if cached is None:
            years = sorted({d.year for d in docs.exclude(written_date=None).dates("written_date", "year")},
                           reverse=True)
            cached = (self.publishers(docs), years)
            cache.set(key, cached, 24 * 3600)
        return cached

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        params = request.GET
        docs = self.documents()
        context["page_obj"] = paginate(request, self.filtered(params), bounded=False)  # 共 N 件: from an index
        context["publishers"], context["years"] = self.filter_options(docs)
        context["validities"] = Record.Validity.choices
        context["filters"] = {k: params.get(k, "") for k in ("q", "validity", "publisher", "year", "wh")}
        query = params.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class DisclosureIndexPage(PortalPage):
    """政府信息公开专栏: exactly four parts (指南, 制度, 法定主动公开内容, 年度报告), one of each."""

    subpage_types = ["portal.GuidePage", "portal.SystemPage", "portal.StatutoryContentPage",
                     "portal.AnnualReportIndexPage"]
    parent_page_types = ["portal.HomePage"]
    template = "portal/disclosure_index_page.html"

    PART_MODELS = ("GuidePage", "SystemPage", "StatutoryContentPage", "AnnualReportIndexPage")

    class Meta:
        verbose_name = "政府信息公开专栏"
        verbose_name_plural = "政府信息公开专栏"

    def parts(self):
        """The four parts in their fixed order."""
        children = {type(p).__name__: p for p in self.get_children().live().specific()}
        return [children[name] for name in self.PART_MODELS if name in children]

    def missing_parts(self) -> list[str]:
        present = {type(p).__name__ for p in self.get_children().specific()}
        return [name for name in self.PART_MODELS if name not in present]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["parts"] = self.parts()
        return context


class _DisclosurePart(RecordRules, PortalPage):
    subpage_types: list = []
    parent_page_types = ["portal.DisclosureIndexPage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True


class GuidePage(_DisclosurePart):
    """政府信息公开指南; its 更新日期 is the page's last publication date (条例第十二条)."""

    body = RichTextField("指南正文", blank=True)
    content_panels = [*PortalPage.content_panels, FieldPanel("body"), *RecordRules.rule_panels]
    template = "portal/guide_page.html"

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"

    @property
    def updated_date(self) -> dt.date | None:
        return local_date(self.last_published_at)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_obj"] = paginate(request, self.records())
        return context


class SystemPage(_DisclosurePart):
    """政府信息公开制度: the rules the organ works by (申请处理, 保密审查, 发布协调 …)."""

    body = RichTextField("说明", blank=True)
    content_panels = [*PortalPage.content_panels, FieldPanel("body"), *RecordRules.rule_panels]
    template = "portal/system_page.html"

    class Meta:
        verbose_name = "政府信息公开制度"
        verbose_name_plural = "政府信息公开制度"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_obj"] = paginate(request, self.records())
        return context


class StatutoryContentPage(RoutablePageMixin, _DisclosurePart):
    """法定主动公开内容: the 15 categories of 条例第二十条, each with its records, and 机构职能 of each unit."""

    template = "portal/statutory_content_page.html"
    content_panels = PortalPage.content_panels

    class Meta:
        verbose_name = "法定主动公开内容"
        verbose_name_plural = "法定主动公开内容"

    def scoped_records(self):
        qs = published_records()
        unit_ids = site_unit_ids(self.get_site())
        return qs.filter(unit_id__in=unit_ids) if unit_ids is not None else qs

    def units(self):
        unit_ids = site_unit_ids(self.get_site())
        qs = Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.VILLAGE)
        if unit_ids is not None:
            qs = qs.filter(pk__in=unit_ids)
        return qs.order_by("sort_order", "id")

    @path("")
    def index(self, request):
        counts = dict(
            Record.categories.through.objects.filter(record__in=self.scoped_records().values("pk"))
            .values_list("category_id").annotate(n=models.Count("record_id")).values_list("category_id", "n")
        )
        categories = [(c, counts.get(c.pk, 0)) for c in Category.objects.order_by("number")]
        return self.render(request, context_overrides={"categories": categories, "units": self.units()})

    @path("lb/<int:number>/", name="category")
    def category(self, request, number):
        category = Category.objects.filter(number=number).first()
        if category is None:
            from django.http import Http404

            raise Http404("没有这个类别")
        records = self.scoped_records().filter(
            pk__in=Record.categories.through.objects.filter(category=category).values("record_id")
        ).order_by("-published_at", "-id")
        return self.render(request, template="portal/statutory_category.html",
                           context_overrides={"category": category, "page_obj": paginate(request, records),
                                              "units": self.units() if number == 2 else None})


class AnnualReportIndexPage(_DisclosurePart):
    """政府信息公开工作年度报告: published records of kind annual_report, by year, with their attachments."""

    template = "portal/annual_report_index_page.html"
    content_panels = PortalPage.content_panels + RecordRules.rule_panels

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"

    def reports(self):
        qs = self.records().filter(kind=Record.Kind.ANNUAL_REPORT)
        return qs.prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))

    def by_year(self) -> OrderedDict:
        """Reports grouped by the year reported on (成文日期's year is the next year; we use the title's
        year when it names one, else 成文日期 − 1)."""
        groups: OrderedDict[int, list] = OrderedDict()
        for report in sorted(self.reports(), key=lambda r: (-report_year(r), r.unit.sort_order, r.pk)):
            groups.setdefault(report_year(report), []).append(report)
        return groups

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["years"] = self.by_year()
        return context


def report_year(record: Record) -> int:
    """The year an annual report covers: the first 4-digit year in its title (…2025年度…), else the year
    before it was written (reports are due by 31 January of the next year, 条例第五十条)."""
    import re

    m = re.search(r"(20\d{2})\s*年", record.title)
    if m:
        return int(m.group(1))
    base = record.written_date or local_date(record.published_at) or timezone.localdate()
    return base.year - 1
