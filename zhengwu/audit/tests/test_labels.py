"""No audit action code reaches a page unlabelled: every code written anywhere in zhengwu/ has a Chinese label.

The walk reads the source (AST) for every ``record_event(action=...)`` call and the apps' audit wrappers
(``_audit(obj, by, "<code>", ...)``, disclosure's ``_transition(record, by, to, "<code>", ...)``). A code must be
a string literal there (or an ``a if c else b`` of literals); only the wrappers themselves pass a variable on.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from zhengwu.audit import labels

ROOT = Path(__file__).resolve().parents[2]
# wrapper name -> index of the positional argument that carries the action code
WRAPPERS = {"_audit": 2, "_transition": 3}


def _literals(node) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _literals(node.body), _literals(node.orelse)
        return a + b if a is not None and b is not None else None
    return None


def _name(func) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def action_codes() -> tuple[dict[str, list[str]], list[str]]:
    """(code -> where it is written, call sites whose code is not a literal)."""
    codes: dict[str, list[str]] = {}
    dynamic: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.relative_to(ROOT).parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        wrappers_here = {n.name: n for n in ast.walk(tree)
                         if isinstance(n, ast.FunctionDef) and n.name in WRAPPERS}
        inside_wrapper = {id(c) for w in wrappers_here.values() for c in ast.walk(w)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name, where = _name(node.func), f"{path.relative_to(ROOT)}:{node.lineno}"
            if name == "record_event":
                arg = next((k.value for k in node.keywords if k.arg == "action"), None)
            elif name in WRAPPERS and len(node.args) > WRAPPERS[name]:
                arg = node.args[WRAPPERS[name]]
            else:
                continue
            found = _literals(arg) if arg is not None else None
            if found is None:
                if id(node) not in inside_wrapper:
                    dynamic.append(where)
                continue
            for code in found:
                codes.setdefault(code, []).append(where)
    return codes, dynamic


def test_the_walk_finds_the_known_call_sites():
    codes, _ = action_codes()
    for code in ("publish", "approve_unit", "secrecy_review_failed", "application_close", "unit_update",
                 "workdays.year_confirmed", "question_answer"):
        assert code in codes, code
    assert len(codes) >= 60


def test_every_audit_action_code_has_a_chinese_label():
    codes, dynamic = action_codes()
    assert not dynamic, f"pass action codes as literals (or through a known wrapper): {dynamic}"
    missing = {c: codes[c] for c in labels.unlabelled(codes)}
    assert not missing, f"register labels in the app's AppConfig.ready: {missing}"
    for code in codes:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in labels.action_label(code)), code


@pytest.mark.django_db
def test_history_rows_show_names_not_ids(county):
    """"单位：— → 3" becomes the unit's name; a handler id becomes the person's name."""
    from zhengwu.audit.models import AuditEvent

    event = AuditEvent(action="update", before={"unit": None, "status": "draft"},
                       after={"unit": county.department.pk, "status": "unit_review", "handler": county.editor.pk})
    rows = {field: (old, new) for field, old, new in labels.change_rows(event)}
    assert rows["单位"] == (None, county.department.name)
    assert rows["状态"] == ("草稿", "待单位审核")
    assert rows["经办人"][1] == (county.editor.get_full_name() or county.editor.get_username())
