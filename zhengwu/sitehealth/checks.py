"""The self-check of one site against indicators.py, as the inspectors would run it, from the platform's own data.

This app checks the portal's sites, so it sits on the portal's floor: it reads portal pages (ColumnPage listings,
the same rules the public sees) and disclosure records, and requests the site's own pages through Django's test
client (the WSGI stack the public request goes through, without a network hop). ``as_of`` evaluates the site as it
stood that day: a record counts if its 发布日期 is on or before it, a column if it existed then. Reachability,
links and identifiers can only be measured now; their details say so for a past ``as_of``.

Indicators that need an app the platform may not run yet (留言 for 互动回应差, 办事指南 for 服务不实用) read their
data from providers registered in ``sources``: with no provider, the indicator reports 不适用 (ok = None).
"""
from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from django.db.models import Max
from django.test import Client
from django.utils import timezone

from zhengwu.core.dates import local_date
from zhengwu.disclosure.models import Attachment, Interpretation, Record
from zhengwu.portal.models import ColumnPage, HomePage, report_year, site_unit_ids

from . import sources
from .indicators import BY_CODE, PASS_SCORE, SINGLE_VETO

MAX_LINKS = 300
# The reading switches and the 找错 link stand on every page with that page in their query: one tool each, so one
# link to check, not one per page (they were two thirds of a crawl's requests).
PAGE_TOOLS = ("/wza/font/", "/wza/care/", "/hdjl/zc/")


def end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min),
                               timezone.get_default_timezone())


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "img", "link", "script"):
                self.hrefs.append(attrs[key])

    def handle_data(self, data):
        self.text.append(data)


@dataclass
class Fetch:
    url: str
    status: int
    seconds: float
    html: str = ""


@dataclass
class SiteCheck:
    site: object
    as_of: dt.date
    single_veto: list[dict] = field(default_factory=list)
    deductions: list[dict] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(max(0.0, 100 - sum(d["points"] for d in self.deductions)), 1)

    @property
    def verdict(self) -> str:
        failed = any(item["ok"] is False for item in self.single_veto)
        return "不合格" if failed or self.score < PASS_SCORE else "合格"

    def as_json(self) -> dict:
        return {"site": self.site.hostname, "as_of": self.as_of.isoformat(), "verdict": self.verdict,
                "single_veto": self.single_veto, "score": self.score, "deductions": self.deductions}


class Checker:
    def __init__(self, site, as_of: dt.date | None = None):
        self.site = site
        self.today = timezone.localdate()
        self.as_of = as_of or self.today
        self.cutoff = end_of(self.as_of)
        self.root = HomePage.objects.filter(pk=site.root_page_id).first()
        self.client = Client(HTTP_HOST=site.hostname if site.hostname != "*" else "localhost")
        self._fetched: dict[str, Fetch] = {}
        self._tools: dict[str, str] = {}  # page tool path → the first link to it met
        self.unit_ids = site_unit_ids(site)

    # ---- helpers
    def fetch(self, url: str) -> Fetch:
        if url not in self._fetched:
            start = time.perf_counter()
            try:
                response = self.client.get(url, follow=True)
                status = response.status_code
                body = response.content.decode("utf-8", "replace") if "html" in response.get(
                    "Content-Type", "") else ""
            except Exception:  # a page that raises is a page the public cannot open
                status, body = 500, ""
            self._fetched[url] = Fetch(url, status, time.perf_counter() - start, body)
        return self._fetched[url]

    def path_of(self, page) -> str | None:
        parts = page.get_url_parts()
        return parts[2] if parts else None

    def columns(self):
        if self.root is None:
            return []
        return [c for c in ColumnPage.objects.descendant_of(self.root).live().order_by("path")
                if c.first_published_at is None or local_date(c.first_published_at) <= self.as_of]

    def last_update(self, column: ColumnPage) -> dt.date | None:
        listing = column.listing().filter(published_at__lt=self.cutoff)
        newest = listing.aggregate(m=Max("published_at"))["m"]
        return local_date(newest) if newest else None

    def records(self):
        qs = Record.objects.filter(status=Record.Status.PUBLISHED, published_at__lt=self.cutoff)
        if self.unit_ids is not None:
            qs = qs.filter(unit_id__in=self.unit_ids)
        return qs

    def _now_note(self) -> list[str]:
        return [] if self.as_of == self.today else [f"按检查当日（{self.today}）的访问结果"]

    # ---- single veto
    def check_reachable(self, ind) -> dict:
        urls = ["/", *[p for p in map(self.path_of, self.columns()) if p][:50]]
        failures = [u for u in urls if self.fetch(u).status >= 400
                    or self.fetch(u).seconds >= ind.threshold["timeout_seconds"]]
        ratio = len(failures) / len(urls)
        ok = self.root is not None and self.fetch("/").status < 400 and ratio < ind.threshold["failure_ratio"]
        details = [f"无法访问：{u}（{self.fetch(u).status}）" for u in failures] + self._now_note()
        if self.root is None:
            details.insert(0, "站点没有首页")
        return {"ok": ok, "details": details}

    def check_home_updated(self, ind) -> dict:
        since = self.as_of - dt.timedelta(days=ind.threshold["days"])
        home_columns = [c for c in self.columns() if c.show_on_home and not c.is_special
                        and c.get_parent().pk == self.root.pk] if self.root else []
        dates = [d for d in (self.last_update(c) for c in home_columns) if d]
        newest = max(dates) if dates else None
        ok = newest is not None and newest > since
        return {"ok": ok, "details": [f"首页最近更新：{newest or '从未'}（要求 {ind.threshold['days']} 天内有更新）"]}

    def _kind_of(self, column, ind) -> str:
        title = column.title
        if any(w in title for w in ind.threshold["news_words"]):
            return "news"
        if any(w in title for w in ind.threshold["notice_words"]) and column.get_parent().pk == self.root.pk:
            return "notice"  # the indicator counts 一级栏目 of 通知公告/政策文件
        return ""

    def check_columns_updated(self, ind) -> dict:
        stale = []
        for column in self.columns():
            kind = self._kind_of(column, ind)
            if not kind:
                continue
            days = ind.threshold["news_days" if kind == "news" else "notice_days"]
            last = self.last_update(column)
            if last is None or last <= self.as_of - dt.timedelta(days=days):
                stale.append(f"{column.title}：最近更新 {last or '从未'}（要求 {days} 天内）")
        return {"ok": len(stale) < ind.threshold["max_stale"], "details": stale}

    def check_empty_columns(self, ind) -> dict:
        empty = [c.title for c in self.columns() if self.last_update(c) is None]
        return {"ok": len(empty) < ind.threshold["max_empty"],
                "details": [f"空白栏目：{t}" for t in empty]}

    def check_messages_answered(self, ind) -> dict:
        provider = sources.get("messages")
        if provider is None:
            return {"ok": None, "details": ["不适用：平台未启用互动交流（留言）功能"]}
        since = self.as_of - dt.timedelta(days=ind.threshold["window_days"])
        late = self.as_of - dt.timedelta(days=ind.threshold["unanswered_days"])
        overdue = [m for m in provider(self.site, self.as_of) if since <= m.received_on <= late
                   and (m.answered_on is None or m.answered_on > self.as_of)]
        return {"ok": not overdue, "details": [f"超过3个月未回应：{m.title}（{m.received_on}）" for m in overdue]}

    def check_guides_complete(self, ind) -> dict:
        provider = sources.get("service_guides")
        if provider is None:
            return {"ok": None, "details": ["不适用：平台未启用政务服务（办事指南）功能"]}
        guides = provider(self.site, self.as_of)
        if not guides:
            return {"ok": None, "details": ["本站点未发布办事事项（如由县级政务服务平台统一提供办事服务，请核实入口链接）"]}
        bad = []
        for guide in guides:
            missing = [e for e in ind.threshold["elements"] if not guide.elements.get(e)]
            if len(missing) > ind.threshold["max_missing_elements"]:
                bad.append(f"{guide.title}：缺少{'、'.join(missing)}")
        return {"ok": len(bad) < ind.threshold["max_bad_guides"], "details": bad}

    # ---- scored
    def _internal(self, base: str, href: str) -> str | None:
        if href.startswith(("mailto:", "tel:", "javascript:", "#", "data:")):
            return None
        parts = urlsplit(urljoin("http://" + (self.site.hostname or "localhost") + base, href))
        if parts.hostname not in (self.site.hostname, "localhost", "testserver"):
            return None
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path in PAGE_TOOLS:
            return self._tools.setdefault(parts.path, url)
        if parts.query == "print=1":  # the same page in print layout
            return parts.path
        return url

    def _links_on(self, url: str) -> list[str]:
        parser = _Links()
        parser.feed(self.fetch(url).html)
        return [u for u in (self._internal(url, h) for h in parser.hrefs) if u]

    def score_links(self) -> list[dict]:
        home_links = list(dict.fromkeys(self._links_on("/")))
        broken_home = [u for u in home_links[:MAX_LINKS] if self.fetch(u).status >= 400]
        pages = [p for p in map(self.path_of, self.columns()) if p][:30]
        crawled = list(self.records().order_by("-published_at")[:20])
        pages += [r.get_absolute_url() for r in crawled]
        other = []
        for page in pages:
            other += [u for u in self._links_on(page) if u not in home_links]
        other = list(dict.fromkeys(other))[:MAX_LINKS]
        broken_other = [u for u in other if self.fetch(u).status >= 400]
        # attachments of the pages not crawled: their files must exist (the crawl already tried the others' links)
        others = Attachment.objects.filter(record__in=self.records()).exclude(record__in=[r.pk for r in crawled])
        for att in others.only("file", "name"):
            if not att.file or not att.file.storage.exists(att.file.name):
                broken_other.append(f"附件：{att.name}")
        out = []
        for code, broken in (("links_home", broken_home), ("links_other", broken_other)):
            if broken:
                out.append(self._deduct(code, len(broken), [f"不可用：{unquote(u)}" for u in broken] + self._now_note()))
        return out

    def score_interpretation(self) -> list[dict]:
        published = Interpretation.objects.filter(status=Interpretation.Status.PUBLISHED,
                                                  published_at__lt=self.cutoff).values("record_id")
        missing = (self.records().filter(kind=Record.Kind.NORMATIVE).exclude(pk__in=published)
                   .filter(interpretation_exempt_by__isnull=True))
        titles = list(missing.values_list("title", flat=True)[:50])
        return [self._deduct("interpretation", len(titles), [f"未解读：{t}" for t in titles])] if titles else []

    def score_validity(self) -> list[dict]:
        docs = self.records().filter(kind__in=[Record.Kind.REGULATION, Record.Kind.NORMATIVE])
        wrong = list(docs.filter(validity="").values_list("title", flat=True)) + list(
            docs.filter(validity=Record.Validity.VALID, expiry_date__lt=self.as_of).values_list("title", flat=True))
        return [self._deduct("validity", len(wrong), [f"有效性未标注或已过有效期仍标“有效”：{t}" for t in wrong])
                ] if wrong else []

    def score_annual_report(self) -> list[dict]:
        ind = BY_CODE["annual_report"]
        deadline = dt.date(self.as_of.year, ind.threshold["month"], ind.threshold["day"])
        if self.as_of <= deadline:
            deadline = dt.date(self.as_of.year - 1, ind.threshold["month"], ind.threshold["day"])
        covered = deadline.year - 1
        reports = self.records().filter(kind=Record.Kind.ANNUAL_REPORT, published_at__lt=end_of(deadline))
        if self.profile_unit_id is not None:
            reports = reports.filter(unit_id=self.profile_unit_id)
        if any(report_year(r) == covered for r in reports):
            return []
        return [self._deduct("annual_report", 1, [f"{covered}年度报告未在{deadline:%Y年%m月%d日}前发布"])]

    @property
    def profile_unit_id(self):
        profile = getattr(self.site, "profile", None)
        return profile.unit_id if profile else None

    def score_identifiers(self) -> list[dict]:
        html = self.fetch("/").html
        text = re.sub(r"<[^>]+>", "", html)
        missing = [name for name, pattern in (("网站标识码", r"网站标识码\s*[:：]\s*\w+"), ("ICP备案编号", r"ICP备"),
                                              ("公安机关备案标识", r"公网安备"))
                   if not re.search(pattern, text)]
        out = [self._deduct("identifiers", len(missing), [f"首页未显示{m}" for m in missing])] if missing else []
        if "找错" not in text:
            out.append(self._deduct("error_report_link", 1, ["首页未设置“我为政府网站找错”入口"]))
        return out

    def score_response_time(self) -> list[dict]:
        ind = BY_CODE["response_time"]
        seconds = self.fetch("/").seconds
        if seconds <= ind.threshold["slow_seconds"]:
            return []
        return [self._deduct("response_time", 1, [f"首页响应 {seconds:.1f} 秒", *self._now_note()])]

    def _deduct(self, code: str, findings: int, details: list[str]) -> dict:
        ind = BY_CODE[code]
        return {"indicator": ind.name, "code": code, "points": round(min(ind.max_points, ind.points * findings), 1),
                "details": details, "source": ind.source}

    def run(self) -> SiteCheck:
        result = SiteCheck(site=self.site, as_of=self.as_of)
        for ind in SINGLE_VETO:
            item = getattr(self, f"check_{ind.code}")(ind)
            result.single_veto.append({"indicator": ind.name, "code": ind.code, "ok": item["ok"],
                                       "details": item["details"], "source": ind.source})
        for name in ("links", "interpretation", "validity", "annual_report", "identifiers", "response_time"):
            result.deductions += getattr(self, f"score_{name}")()
        return result


def check_site(site, as_of: dt.date | None = None) -> SiteCheck:
    return Checker(site, as_of).run()
