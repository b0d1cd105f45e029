"""`python -m zhengwu.ops.dep_audit`: pip-audit over requirements.lock, for `make lint`.

Known vulnerabilities fail the run. When no advisory database answers (this machine's package index is a local mirror
without PyPI's JSON API, and OSV is not reachable), pip-audit itself exits 0 having audited nothing, so we say so and
skip instead of reporting a pass. ZHENGWU_PIP_AUDIT_ARGS adds options, e.g. `-s osv --osv-url URL` for a local OSV
mirror or `--cache-dir DIR` for a cached one.
"""
from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

NETWORK_ERRORS = ("ConnectionError", "NameResolutionError", "Max retries exceeded", "Timeout", "timed out",
                  "Temporary failure in name resolution", "Network is unreachable")
LOCK = Path(__file__).resolve().parents[2] / "requirements.lock"


def verdict(report: dict | None, stderr: str = "") -> tuple[int, str]:
    """(exit code, message) from pip-audit's JSON report (None when pip-audit crashed, e.g. no network)."""
    if report is None:
        last = (stderr.strip().splitlines()[-1:] or ["no output"])[0][:200]
        if any(marker in stderr for marker in NETWORK_ERRORS):
            return 0, f"pip-audit skipped: no advisory database reachable ({last})"
        return 1, f"pip-audit failed: {last}"
    deps = report.get("dependencies", [])
    audited = [d for d in deps if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    if vulnerable:
        lines = [f"  {d['name']} {d.get('version', '')}: " + ", ".join(
            f"{v['id']} (fixed in {', '.join(v.get('fix_versions') or ['?'])})" for v in d["vulns"]) for d in vulnerable]
        return 1, "pip-audit: known vulnerabilities in requirements.lock:\n" + "\n".join(lines)
    if not audited:
        return 0, (f"pip-audit skipped: no advisory database reachable "
                   f"({len(deps)} of {len(deps)} locked packages could not be looked up)")
    note = f" ({len(deps) - len(audited)} could not be looked up)" if len(audited) < len(deps) else ""
    return 0, f"pip-audit: {len(audited)} locked packages audited, no known vulnerabilities{note}"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        cmd = [sys.executable, "-m", "pip_audit", "-r", str(LOCK), "--no-deps", "--disable-pip", "--progress-spinner",
               "off", "-f", "json", "-o", str(out), *shlex.split(os.environ.get("ZHENGWU_PIP_AUDIT_ARGS", ""))]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)  # nosec B603
        except subprocess.TimeoutExpired:
            code, message = 0, "pip-audit skipped: the advisory database did not answer within 10 minutes"
        else:
            try:
                report = json.loads(out.read_text()) if out.exists() and out.stat().st_size else None
            except json.JSONDecodeError:
                report = None
            code, message = verdict(report, proc.stderr)
    print(message)
    return code


if __name__ == "__main__":
    sys.exit(main())
