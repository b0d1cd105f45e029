"""zhengwu bench_search --docs N [--backend sqlite|postgres] [--json]

Builds a separate benchmark database (never the working one), loads N generated records, indexes them with
the production indexer, then times the production search (with facets, as the API runs it) for a query mix
— 文号 lookups, two-character terms, multi-word queries, long questions — and the same queries through a
naive `icontains` scan. Results go to bench/results/search-<backend>-<N>.json.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

RESULTS_DIR = Path(settings.BASE_DIR) / "bench" / "results"


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _summary(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": round(_percentile(values, 50), 2), "p95_ms": round(_percentile(values, 95), 2),
            "p99_ms": round(_percentile(values, 99), 2), "mean_ms": round(statistics.fmean(values), 2) if values else 0}


def _pg_url() -> str:
    if os.environ.get("ZHENGWU_BENCH_PG_URL"):
        return os.environ["ZHENGWU_BENCH_PG_URL"]
    current = os.environ.get("DATABASE_URL", "")
    if current.startswith("postgres"):
        return current.rsplit("/", 1)[0] + "/zhengwu_bench"
    return "postgresql://postgres@127.0.0.1:5432/zhengwu_bench"


def _build_file(backend: str, n: int) -> Path:
    """What a kept benchmark database was built with (--keep writes it, --reuse reads it)."""
    bench_dir = Path(settings.VAR_DIR) / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    return bench_dir / f"search-{backend}-{n}.build.json"


class Command(BaseCommand):
    help = "检索性能基准：生成语料、建索引，比较全文检索与 icontains 扫描。"

    def add_arguments(self, parser):
        parser.add_argument("--docs", type=int, default=200_000)
        parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
        parser.add_argument("--json", action="store_true", help="只输出 JSON 结果")
        parser.add_argument("--queries-per-kind", type=int, default=50)
        parser.add_argument("--scan-per-kind", type=int, default=5, help="每类查询用 icontains 扫描比较的条数")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
        parser.add_argument("--keep", action="store_true", help="保留基准数据库")
        parser.add_argument("--reuse", action="store_true",
                            help="沿用上次 --keep 保留的同规模基准数据库（只迁移、VACUUM 后计时，不重新生成和建索引）")
        parser.add_argument("--child", action="store_true", help="(internal) run inside the benchmark database")

    def handle(self, *args, **opts):
        if opts["child"]:
            return self.child(opts)
        return self.parent(opts)

    # --- parent: make a fresh database, migrate it, run the child against it ---------------------------

    def parent(self, opts):
        n, backend, reuse = opts["docs"], opts["backend"], opts["reuse"]
        build = _build_file(backend, n)
        if reuse and not build.exists():
            raise CommandError(f"没有可沿用的 {n} 条基准数据库（先用 --keep 建一次）：{build}")
        if not reuse:
            build.unlink(missing_ok=True)
        sqlite_path = build.parent / f"search-{n}.sqlite3"
        env = dict(os.environ)
        env["DATABASE_URL"] = self.sqlite_db(sqlite_path, reuse) if backend == "sqlite" else self.postgres_db(reuse)
        env.setdefault("ZHENGWU_VAR_DIR", str(settings.VAR_DIR))
        python = [sys.executable, "-m", "zhengwu"]
        if not opts["json"]:
            self.stdout.write(f"准备基准数据库（{backend}，{n} 条）…")
        subprocess.run([*python, "migrate", "--noinput", "-v0"], env=env, check=True)
        child = [*python, "bench_search", "--child", "--docs", str(n), "--backend", backend,
                 "--queries-per-kind", str(opts["queries_per_kind"]), "--scan-per-kind", str(opts["scan_per_kind"]),
                 "--workers", str(opts["workers"])]
        if opts["json"]:
            child.append("--json")
        if reuse:
            child.append("--reuse")
        if opts["keep"] or reuse:
            child.append("--keep")
        try:
            subprocess.run(child, env=env, check=True)
        finally:
            if not opts["keep"] and not reuse and backend == "sqlite":
                self.sqlite_db(sqlite_path, reuse=False)

    @staticmethod
    def sqlite_db(path: Path, reuse: bool) -> str:
        if not reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"

    @staticmethod
    def postgres_db(reuse: bool) -> str:
        """The benchmark database's URL, (re)created empty unless reused."""
        import psycopg

        url = _pg_url()
        base, name = url.rsplit("/", 1)
        if settings.DATABASES["default"].get("NAME") == name:
            raise CommandError("基准数据库不能是当前使用的数据库。")
        if not reuse:
            try:
                with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                    conn.execute(f'CREATE DATABASE "{name}"')
            except psycopg.Error as exc:
                raise CommandError(f"无法连接 PostgreSQL（{base}）：{exc}") from exc
        return url

    # --- child: load, index, query ---------------------------------------------------------------------

    def child(self, opts):
        from django.db import connection

        from zhengwu.search import engine, indexer, segment

        n, quiet = opts["docs"], opts["json"]

        def say(message):
            if not quiet:
                self.stdout.write(message)
                self.stdout.flush()

        build_file = _build_file(opts["backend"], n)
        if opts["reuse"]:
            build = json.loads(build_file.read_text(encoding="utf-8"))
            numbers = self.sample_numbers()
            indexer.optimize()  # what the new code's migrations changed, vacuumed as after a build
            say(f"沿用 {build['built_at']} 建立的基准数据库（{build['indexed']} 条）。")
        else:
            started = time.monotonic()
            numbers = self.load(n, say)
            load_s = time.monotonic() - started
            say(f"语料已写入：{n} 条，{load_s:.0f} 秒。建索引…")

            started = time.monotonic()
            indexed = indexer.reindex(workers=opts["workers"], batch=2000,
                                      progress=lambda c: say(f"  已索引 {c}") if c % 100_000 < 2000 else None)
            indexer.optimize()
            index_s = time.monotonic() - started
            say(f"索引完成：{indexed} 条，{index_s:.0f} 秒（{indexed / index_s:.0f} 条/秒）。")
            build = {"indexed": indexed, "load_seconds": round(load_s, 1), "index_seconds": round(index_s, 1),
                     "built_at": dt.datetime.now().isoformat(timespec="seconds")}
            if opts["keep"]:
                build_file.write_text(json.dumps(build, ensure_ascii=False) + "\n", encoding="utf-8")
        indexed = build["indexed"]

        from zhengwu.search.benchcorpus import Corpus

        queries = Corpus().queries(numbers, opts["queries_per_kind"])
        for _, q in queries:  # warm the caches the way a running server is warm
            engine.search(q)
        timings: dict[str, list[float]] = {}
        for kind, q in queries:
            t = time.perf_counter()
            engine.search(q)
            timings.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
        say("检索计时完成。icontains 扫描对比…")

        scans: dict[str, list[float]] = {}
        per_kind: dict[str, int] = {}
        for kind, q in queries:
            if per_kind.get(kind, 0) >= opts["scan_per_kind"]:
                continue
            per_kind[kind] = per_kind.get(kind, 0) + 1
            t = time.perf_counter()
            self.naive_scan(q)
            scans.setdefault(kind, []).append((time.perf_counter() - t) * 1000)

        all_t = [v for vs in timings.values() for v in vs]
        all_s = [v for vs in scans.values() for v in vs]
        usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result = {
            "docs": n,
            "backend": opts["backend"],
            "index_docs_per_s": round(indexed / build["index_seconds"], 1),
            "p50_ms": round(_percentile(all_t, 50), 2),
            "p95_ms": round(_percentile(all_t, 95), 2),
            "p99_ms": round(_percentile(all_t, 99), 2),
            "scan_p95_ms": round(_percentile(all_s, 95), 2),
            "speedup_vs_scan": round(_percentile(all_s, 95) / max(_percentile(all_t, 95), 1e-6), 1),
            "per_kind": {k: {**_summary(v), "scan": _summary(scans.get(k, []))} for k, v in timings.items()},
            "indexed_entries": indexed,
            "load_seconds": build["load_seconds"],
            "index_seconds": build["index_seconds"],
            "index_built_at": build["built_at"],
            "reused_index": bool(opts["reuse"]),
            "peak_memory_mb": round(max(usage, children) / 1024, 1),
            "peak_memory_main_mb": round(usage / 1024, 1),
            "segmenter": segment.engine_name(),
            "workers": opts["workers"],
            "database": f"{connection.vendor} {self.db_version()}",
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                        "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
            "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
            "note": "p*_ms: engine.search() with facets (as the API), after one warm-up pass; scan: naive icontains "
                    "over title/body/文号 (count + newest 10), first scan_per_kind queries of each kind.",
        }
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        out = RESULTS_DIR / f"search-{opts['backend']}-{n}.json"
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if quiet:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(f"\n{'类别':<10}{'p50':>9}{'p95':>9}{'p99':>9}{'扫描p95':>11}")
            for k, v in result["per_kind"].items():
                self.stdout.write(f"{k:<10}{v['p50_ms']:>9}{v['p95_ms']:>9}{v['p99_ms']:>9}{v['scan']['p95_ms']:>11}")
            self.stdout.write(f"总计 p50 {result['p50_ms']} ms  p95 {result['p95_ms']} ms  p99 {result['p99_ms']} ms；"
                              f"扫描 p95 {result['scan_p95_ms']} ms；快 {result['speedup_vs_scan']} 倍；"
                              f"索引 {result['index_docs_per_s']} 条/秒；峰值内存 {result['peak_memory_mb']} MB")
            self.stdout.write(f"结果已写入 {out}")

    def db_version(self) -> str:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
            return cursor.fetchone()[0]

    def sample_numbers(self) -> list[str]:
        """The 文号 `load()` sampled (every 97th record in insertion order), read back from a kept database."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT document_number FROM (SELECT document_number, ROW_NUMBER() OVER (ORDER BY id) - 1 "
                           "AS i FROM disclosure_record) r WHERE i % 97 = 0 ORDER BY i")
            return [row[0] for row in cursor.fetchall()]

    def load(self, n: int, say) -> list[str]:
        """Bulk-insert published records (benchmark data: bypasses the review chain on purpose)."""
        from django.db import transaction
        from django.utils import timezone

        from zhengwu.disclosure import doc_number
        from zhengwu.disclosure.models import Record
        from zhengwu.org.models import Unit
        from zhengwu.search.benchcorpus import ORGS, Corpus

        gov = Unit.objects.create(name="基准县人民政府", code="bench-gov", kind=Unit.Kind.GOVERNMENT)
        units = [Unit.objects.create(name=f"基准{name}", code=f"bench-{i}", kind=Unit.Kind.DEPARTMENT, parent=gov)
                 for i, name in enumerate(ORGS)]
        corpus = Corpus()
        today = timezone.localdate()
        numbers: list[str] = []
        batch: list[Record] = []
        tz = timezone.get_current_timezone()
        for i in range(n):
            d = corpus.record(i, today)
            parsed = doc_number.parse(d["document_number"])
            if i % 97 == 0:
                numbers.append(parsed.text)
            published = dt.datetime.combine(d["published"], dt.time(9, 0), tzinfo=tz)
            batch.append(Record(title=d["title"], unit=units[d["org"]], document_number=parsed.text,
                                document_number_key=parsed.key, body=d["body"], validity=d["validity"],
                                status=Record.Status.PUBLISHED, published_at=published, written_date=d["published"]))
            if len(batch) >= 5000:
                with transaction.atomic():
                    Record.objects.bulk_create(batch)
                batch = []
                if (i + 1) % 100_000 == 0:
                    say(f"  已写入 {i + 1}")
        if batch:
            with transaction.atomic():
                Record.objects.bulk_create(batch)
        return numbers

    def naive_scan(self, q: str) -> None:
        """What a site without a search index does: LIKE '%word%' over every row."""
        from django.db.models import Q

        from zhengwu.disclosure.models import Record

        qs = Record.objects.public()
        words = q.split() or [q]
        for word in words:
            qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word) | Q(document_number__icontains=word))
        qs.count()
        list(qs.order_by("-published_at").values_list("pk", "title")[:10])
