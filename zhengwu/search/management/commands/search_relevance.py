"""zhengwu search_relevance [--backend sqlite|postgres] [--json] [--here]

Scores the ranking (MRR, nDCG@10) over the demo data with the judged set in zhengwu/search/data/relevance.json.
By default builds a fresh database with `load_demo` (never touching the working one); --here scores the
current database (after `make demo`). Writes bench/results/relevance-<backend>.json.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

RESULTS_DIR = Path(settings.BASE_DIR) / "bench" / "results"


class Command(BaseCommand):
    help = "检索相关性评测（MRR、nDCG@10），基于示范数据。"

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--here", action="store_true", help="评测当前数据库（需已加载示范数据）")
        parser.add_argument("--child", action="store_true", help="(internal)")

    def handle(self, *args, **opts):
        if opts["here"] or opts["child"]:
            return self.run_here(opts)
        env = dict(os.environ)
        backend = opts["backend"]
        if backend == "sqlite":
            path = Path(settings.VAR_DIR) / "bench" / "relevance.sqlite3"
            path.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            env["DATABASE_URL"] = f"sqlite:///{path}"
        else:
            import psycopg

            from .bench_search import _pg_url

            base = _pg_url().rsplit("/", 1)[0]
            try:
                with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                    conn.execute('DROP DATABASE IF EXISTS "zhengwu_relevance"')
                    conn.execute('CREATE DATABASE "zhengwu_relevance"')
            except psycopg.Error as exc:
                raise CommandError(f"无法连接 PostgreSQL（{base}）：{exc}") from exc
            env["DATABASE_URL"] = f"{base}/zhengwu_relevance"
        env["ZHENGWU_VAR_DIR"] = str(Path(settings.VAR_DIR) / "bench" / "relevance-var")
        Path(env["ZHENGWU_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
        python = [sys.executable, "-m", "zhengwu"]
        subprocess.run([*python, "migrate", "--noinput", "-v0"], env=env, check=True)
        subprocess.run([*python, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        child = [*python, "search_relevance", "--child", "--backend", backend] + (["--json"] if opts["json"] else [])
        subprocess.run(child, env=env, check=True)

    def run_here(self, opts):
        from django.db import connection

        from zhengwu.search import relevance

        result = {"backend": connection.vendor, **relevance.score()}
        if opts["child"]:
            RESULTS_DIR.mkdir(parents=True, exist_ok=True)
            name = "postgres" if connection.vendor == "postgresql" else "sqlite"
            (RESULTS_DIR / f"relevance-{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n",
                                                               encoding="utf-8")
        if opts["json"]:
            self.stdout.write(json.dumps({k: v for k, v in result.items() if k != "per_query"}, ensure_ascii=False))
            return
        for row in result["per_query"]:
            if row["rr"] < 1:
                self.stdout.write(f"  {row['q']}: RR {row['rr']} nDCG@10 {row['ndcg10']}")
        if result["skipped"]:
            self.stdout.write(f"缺少期望结果（未计入）：{'、'.join(result['skipped'])}")
        self.stdout.write(f"相关性（{result['queries']} 条查询）：MRR {result['mrr']}，nDCG@10 {result['ndcg10']}")
