"""zhengwu generate_county --records N — a county at scale for benchmarks (issue 16).

The demo county (`load_demo`, without seeds or module demos) plus N published records built through the platform's
own actions (create → submit → 保密审查 → 审核 → publish), spread over five years and the county's columns the way
a real portal fills up: half in 通知公告, a tenth 行政规范性文件 for the 文件库, a few 有效性 changes by 立改废.
Commits in batches, so an interrupted run keeps what it made and a second run adds only the missing records.

About 14 ms of CPU a record, measured on the shared 2-core machine (31 ms before; so about 70 a second on a free
core, 200,000 in about 50 minutes; about 20 a second while other jobs load the machine): inside the run the search index is not written on each of a record's five saves but rebuilt
once at the end (indexer.deferred + reindex), cached pages are dropped once (invalidation.deferred), and each
unit's site is looked up once (site_profiles_memo). The actions themselves run unchanged, with their audit entries.
The review actions no longer compute the publication checks when they ask about another action (deferred
blockers in core.workflow.Options): 51 → 70 a second, the same run restarted with that change while another
benchmark loaded the other core.
"""
from __future__ import annotations

import datetime as dt
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from zhengwu.disclosure import actions
from zhengwu.disclosure.models import Category, Record
from zhengwu.search import indexer
from zhengwu.search.models import SearchEntry

SOURCE = "generate_county"
TOPICS = ("义务教育招生", "城区停车管理", "农村人居环境整治", "医疗保障待遇", "就业创业补贴", "防汛抗旱",
          "安全生产检查", "营商环境优化", "耕地保护", "养老服务补贴", "市场监管抽查", "河长制工作")
FORMS = ("关于{t}工作的通知", "关于开展{t}专项行动的公告", "{t}实施方案", "关于{t}有关事项的通知",
         "{t}情况通报", "关于做好{t}工作的意见")


class Command(BaseCommand):
    help = "生成一个规模化的示范县（基准测试用）：示范县 + N 条经完整审核流程发布的政府信息。"

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=20_000)
        parser.add_argument("--batch", type=int, default=200)
        parser.add_argument("--seed", type=int, default=16)

    def handle(self, *args, records, batch, seed, **options):
        from zhengwu.importer import demo
        from zhengwu.org.models import site_profiles_memo
        from zhengwu.portal import invalidation

        # One page-cache drop at the end, not one per record; each unit's site looked up once.
        with invalidation.deferred(), site_profiles_memo():
            result = demo.load(hooks=False, seeds=False)
            existing = Record.objects.filter(source__startswith=SOURCE).count()
            self._generate(result, existing, records, batch, random.Random(seed + existing))  # nosec B311
        self._reindex()

    def _generate(self, result, existing: int, total: int, batch: int, rng) -> None:
        portal = result.portal
        columns = [portal.column(key) for key in ("tzgg", "gzdt", "zcwj") if key in portal.pages]
        tzgg = portal.column("tzgg")
        units = [result.government, *result.departments()]
        categories = {c.number: c for c in Category.objects.all()}
        now = timezone.now()
        started = time.monotonic()
        made = existing
        while made < total:
            # The index is rebuilt once at the end (in publication order, as a reindex lays it out).
            with transaction.atomic(), indexer.deferred(sync=False):
                for _ in range(min(batch, total - made)):
                    made += 1
                    self._one(made, rng, units, tzgg, columns, now, categories)
            rate = (made - existing) / max(time.monotonic() - started, 1e-6)
            self.stdout.write(f"  {made}/{total}（{rate:.0f} 条/秒）")
        self.stdout.write(f"完成：本次新建 {made - existing} 条，共 {Record.objects.public().count()} 条已发布信息。")

    def _reindex(self) -> None:
        """Rebuild the index when it lacks records (this run's, or an interrupted run's)."""
        public = Record.objects.public().filter(disclosure_mode=Record.DisclosureMode.PROACTIVE).count()
        if SearchEntry.objects.filter(kind=SearchEntry.Kind.RECORD).count() == public:
            return
        started = time.monotonic()
        count = indexer.reindex()
        indexer.optimize()
        self.stdout.write(f"检索索引已重建：{count} 条（{time.monotonic() - started:.0f} 秒）。")

    def _one(self, n: int, rng, units, tzgg, columns, now, categories) -> None:
        unit = rng.choice(units)
        topic = rng.choice(TOPICS)
        published_at = now - dt.timedelta(days=rng.uniform(0, 5 * 365))
        written = timezone.localtime(published_at).date() - dt.timedelta(days=1)
        normative = n % 10 == 0
        fields = {"kind": Record.Kind.NORMATIVE if normative else Record.Kind.GENERAL,
                  "written_date": written, "summary": f"{topic}的有关安排。",
                  "body": "".join(f"<p>{topic}第{i}条：按照县委县政府部署，各单位认真落实{topic}各项要求。</p>"
                                  for i in range(1, 13))}
        if normative:
            fields["document_number"] = f"示政发〔{written.year}〕{n}号"
        title = rng.choice(FORMS).format(t=topic) + f"（第{n}号）"
        placed = [tzgg] if n % 2 == 0 else [rng.choice(columns)]
        record = actions.create_record(by=None, unit=unit, title=title, categories=(categories[rng.randint(1, 15)],),
                                       columns=placed, published_at=published_at, source=f"{SOURCE}:{n}", **fields)
        actions.submit(record, by=None)
        actions.record_secrecy_review(record, by=None, opinion="经审查，不涉及国家秘密。")
        if normative:
            actions.exempt_interpretation(record, by=None, reason="基准数据：解读另行发布")
        record = actions.approve(record, by=None)
        if record.status == Record.Status.OFFICE_REVIEW:
            record = actions.approve(record, by=None)
        if normative and n % 50 == 0:
            actions.set_validity(record, by=None, validity=Record.Validity.REPEALED, reason="基准数据：已废止")
