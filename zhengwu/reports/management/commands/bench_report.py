"""zhengwu bench_report --applications N [--old-commit REV] — the annual report at scale (issue 16: ≤ 2 s, ≤ 300 MB).

Adds N 依申请公开 applications of one year to the current database (bulk rows with the distribution of a busy
county: every applicant column, every 办理结果, some carried over; a benchmark shortcut — the report only reads
them), then builds the county's report (all tables, the consistency check and the HTML export) in a fresh child
process, so its peak memory is the report's own. With --old-commit the same child runs that commit's code on the
same data, side by side. Results go to bench/results/report-<N>.json.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

RESULTS_DIR = Path(settings.BASE_DIR) / "bench" / "results"
YEAR = 2025
PREFIX = "BENCH-"


def _ensure_applications(n: int) -> int:
    from zhengwu.applications import outcomes
    from zhengwu.applications.models import ApplicantType, Application, Channel, DeliveryMethod, IdType, Medium
    from zhengwu.org.models import Unit

    have = Application.objects.filter(serial__startswith=PREFIX).count()
    units = list(Unit.objects.exclude(kind=Unit.Kind.VILLAGE).values_list("pk", flat=True))
    rng = random.Random(have)  # nosec B311 - benchmark data
    codes = list(outcomes.BY_CODE)
    types = ApplicantType.values
    start = dt.date(YEAR, 1, 1)
    batch = []
    for i in range(have, n):
        received = start + dt.timedelta(days=rng.randint(-40, 364))
        closed = received + dt.timedelta(days=rng.randint(1, 30)) if rng.random() < 0.9 else None
        batch.append(Application(
            unit_id=rng.choice(units), query_code=f"B{i:015d}", serial=f"{PREFIX}{i:08d}", channel=Channel.values[0],
            submitted_at=dt.datetime.combine(received, dt.time(9), tzinfo=dt.UTC),
            applicant_type=rng.choice(types), applicant_name="某某", id_type=IdType.ID_CARD, id_number="",
            phone="", address="", description="基准数据", delivery_method=DeliveryMethod.values[0],
            medium=Medium.values[0], received_date=received, clock_start=received,
            due_date=received + dt.timedelta(days=30), status="closed" if closed else "processing",
            final_outcome=rng.choice(codes) if closed else "", closed_date=closed))
        if len(batch) == 5000:
            Application.objects.bulk_create(batch)
            batch = []
    if batch:
        Application.objects.bulk_create(batch)
    return Application.objects.count()


def _vm(field: str) -> float:
    """VmRSS / VmHWM of this process in MB (Linux). The peak is VmHWM, not getrusage's ru_maxrss: that one survives
    exec, so a child started by a parent that had just created 100,000 applications reported the parent's 238 MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def measure() -> dict:
    """In the child: build and render the county's report once; time and peak memory of this process."""
    from zhengwu.org.models import Unit
    from zhengwu.reports import builders, exporters, tables

    government = Unit.objects.filter(kind=Unit.Kind.GOVERNMENT, parent__isnull=True).first()
    list(Unit.objects.all()[:1])  # connection and model loading before the baseline
    base_rss = _vm("VmRSS")
    started = time.perf_counter()
    data = builders.build(government, YEAR)
    html = exporters.render(data, "html")
    total = time.perf_counter() - started
    started = time.perf_counter()
    problems = tables.application_problems(government.descendant_ids(), YEAR)
    check = time.perf_counter() - started
    return {"report_s": round(total, 3), "application_problems_s": round(check, 3), "problems": len(problems),
            "html_bytes": len(html), "peak_rss_mb": _vm("VmHWM"),
            "rss_before_mb": base_rss, "rss_after_mb": _vm("VmRSS"),
            "note": "peak_rss_mb is the whole process (Django + Wagtail imports included)"}


class Command(BaseCommand):
    help = "年度报告性能基准：N 件依申请公开申请下生成县级年度报告的时间和内存。"

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=100_000)
        parser.add_argument("--old-commit", default="")

    def handle(self, *args, applications, old_commit, **options):
        from zhengwu.importer import demo

        demo.load(hooks=False, seeds=False)
        total = _ensure_applications(applications)
        runs = {"new": self._child({}, cwd=str(settings.BASE_DIR))}
        if old_commit:
            with tempfile.TemporaryDirectory() as tmp:
                archive = subprocess.run(["git", "-C", str(settings.BASE_DIR), "archive", old_commit, "zhengwu"],
                                         capture_output=True, check=True).stdout
                subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
                runs["old"] = self._child({"PYTHONPATH": tmp}, cwd=tmp)
        if "old" in runs:
            runs["speedup"] = round(runs["old"]["report_s"] / max(runs["new"]["report_s"], 1e-6), 2)
            runs["same_html_size"] = runs["old"]["html_bytes"] == runs["new"]["html_bytes"]
        report = {"benchmark": "annual_report", "applications": total, "year": YEAR, "old_commit": old_commit,
                  "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                  "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                              "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]},
                  "targets": {"report_s": 2.0, "peak_rss_mb": 300}, "results": runs}
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        out = RESULTS_DIR / f"report-{applications}.json"
        out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(json.dumps(runs, ensure_ascii=False))
        self.stdout.write(f"写入 {out}")

    def _child(self, env: dict, *, cwd: str) -> dict:
        """This module's `measure` run as a script (an old commit has no bench_report): PYTHONPATH decides which
        zhengwu it imports."""
        import inspect

        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "measure_report.py"
            script.write_text("\n".join([
                "import datetime as dt, json, os, time", "from pathlib import Path",
                "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'zhengwu.settings')",
                "import django", "django.setup()", f"YEAR = {YEAR}",
                inspect.getsource(_vm), inspect.getsource(measure), "print(json.dumps(measure()))"]), encoding="utf-8")
            out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True, cwd=cwd,
                                 env={**os.environ, **env, "LOG_LEVEL": "ERROR"}).stdout
        return json.loads(out.strip().splitlines()[-1])
