"""The house rules of docs/architecture.md, checked on the source: which app may import which.

Every directory under zhengwu/ must be classified below; a new capability app is added to DOMAIN (or to UI, if it
is a page-only app) when it lands — until then this test fails and says so.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # zhengwu/

# The floors, bottom to top. A domain app holds rules and data; UI apps show them; tools run them.
TOOLKIT = {"core", "ops"}  # shared plumbing; ops holds the models core.submission needs
DOMAIN = {"org", "audit", "workdays", "disclosure", "applications",
          # capability apps being added (checked as soon as their directory exists)
          "interaction", "services", "supervision",
          "security"}  # logins, lockouts, password rules: audited, below every page
# sitehealth checks the portal's sites (it reads portal pages), so it stands on the portal's floor.
UI = {"portal", "reports", "search", "workbench", "sitehealth"}
TOOLS = {"api", "importer"}
NOT_APPS = {"static", "templates", "locale", "__pycache__"}

# What each domain app may import besides itself, core and the plain modules (zhengwu.pii, zhengwu.docx_out).
ALLOWED = {"org": {"audit"}, "audit": set()}
FORBIDDEN_FOR_DOMAIN = UI
GUARDS = ("ModuleNotFoundError", "ImportError", "LookupError", "NoReverseMatch")


def _apps() -> list[str]:
    return sorted(p.name for p in ROOT.iterdir() if p.is_dir() and p.name not in NOT_APPS)


def _sources(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        rel = path.relative_to(ROOT / app).parts
        if "tests" in rel or "migrations" in rel:
            continue
        yield path, ast.parse(path.read_text(), filename=str(path))


def _imported_apps(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + ([f"{node.module}.{a.name}" for a in node.names] if node.module == "zhengwu"
                                     else [])
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "zhengwu" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_every_app_directory_is_classified():
    unknown = set(_apps()) - TOOLKIT - DOMAIN - UI - TOOLS
    assert not unknown, f"classify {sorted(unknown)} in {__file__} (see docs/architecture.md)"


@pytest.mark.parametrize("app", sorted(DOMAIN | TOOLKIT))
def test_lower_floors_never_import_upper_floors(app):
    if not (ROOT / app).is_dir():
        pytest.skip(f"{app} has not landed yet")
    own_floor = TOOLKIT if app in TOOLKIT else DOMAIN
    bad = []
    for path, tree in _sources(app):
        for other in _imported_apps(tree) - {app}:
            if app in TOOLKIT and other in DOMAIN | UI | TOOLS:
                bad.append((path.name, other))
            elif other in FORBIDDEN_FOR_DOMAIN | TOOLS:
                bad.append((path.name, other))
            elif app in ALLOWED and other in own_floor and other not in ALLOWED[app]:
                bad.append((path.name, other))
    assert not bad, f"{app} imports an app above it: {bad}"


def test_org_imports_only_audit_and_core():
    imported = set().union(*(_imported_apps(tree) for _, tree in _sources("org")))
    assert imported - {"org", "core", "audit", "pii"} == set()


@pytest.mark.parametrize("app", [a for a in _apps() if a not in NOT_APPS])
def test_no_soft_import_guards(app):
    """Project apps import each other plainly: no importlib, no `except ImportError` around a sibling app."""
    bad = []
    for path, tree in _sources(app):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name == "importlib" for a in node.names):
                bad.append((path.name, node.lineno, "importlib"))
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
                names |= {n.attr for n in ast.walk(node.type) if isinstance(n, ast.Attribute)}
                if names & set(GUARDS):
                    bad.append((path.name, node.lineno, sorted(names & set(GUARDS))))
    assert not bad, f"soft import guards in {app}: {bad}"


def test_the_checker_sees_a_forbidden_import():
    tree = ast.parse("from zhengwu.portal.models import ColumnPage\nfrom zhengwu import search\n")
    assert _imported_apps(tree) == {"portal", "search"}
