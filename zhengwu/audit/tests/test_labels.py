"""No audit action code reaches a page unlabelled: every code written anywhere in zhengwu/ has a Chinese label.

The walk reads the source (AST) for every ``record_event(action=...)`` call and every module-level audit wrapper
(a function that passes its parameter on as the code, e.g. ``_audit(obj, by, "<code>")``). A code must be a
string literal there (or an ``a if c else b`` of literals); only the wrappers themselves pass a variable on.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from zhengwu.audit import labels

ROOT = Path(__file__).resolve().parents[2]


def _literals(node) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _literals(node.body), _literals(node.orelse)
        return a + b if a is not None and b is not None else None
    return None


def _name(func) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _param_template(node, params: list[str]) -> tuple[str, str, str] | None:
    """``action`` / ``f"prefix_{action}"`` where ``action`` is a parameter: (param, prefix, suffix)."""
    if isinstance(node, ast.Name) and node.id in params:
        return node.id, "", ""
    if isinstance(node, ast.JoinedStr):
        parts = node.values
        holes = [i for i, v in enumerate(parts) if isinstance(v, ast.FormattedValue)]
        if len(holes) == 1 and isinstance(parts[holes[0]].value, ast.Name) and parts[holes[0]].value.id in params:
            const = ["".join(v.value for v in side if isinstance(v, ast.Constant))
                     for side in (parts[:holes[0]], parts[holes[0] + 1:])]
            return parts[holes[0]].value.id, const[0], const[1]
    return None


def _code_arg(call: ast.Call, spec) -> ast.AST | None:
    """The argument carrying the code: ``action=`` of record_event, or a wrapper's parameter."""
    if spec is None:
        return next((k.value for k in call.keywords if k.arg == "action"), None)
    index, param = spec[0], spec[1]
    if len(call.args) > index:
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == param), None)


def _wrappers(trees: dict) -> tuple[dict, list]:
    """Wrappers by (app, name): an app's modules import each other's helpers (disclosure's actions/_common._audit).
    Returns ((app, name) -> (index, param, prefix, suffix), every (app, function))."""
    wrappers: dict[tuple[str, str], tuple[int, str, str, str]] = {}
    functions = [(path.relative_to(ROOT).parts[0], fn) for path, tree in trees.items()
                 for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef)]
    changed = True
    while changed:
        changed = False
        for app, fn in functions:
            if (app, fn.name) in wrappers:
                continue
            params = [a.arg for a in fn.args.args]
            for call in (c for c in ast.walk(fn) if isinstance(c, ast.Call)):
                name = _name(call.func)
                if name != "record_event" and (app, name) not in wrappers:
                    continue
                outer = wrappers.get((app, name))
                found = _param_template(_code_arg(call, outer), params)
                if found:
                    param, prefix, suffix = found
                    if outer:
                        prefix, suffix = outer[2] + prefix, suffix + outer[3]
                    wrappers[(app, fn.name)] = (params.index(param), param, prefix, suffix)
                    changed = True
                    break
    return wrappers, functions


def action_codes() -> tuple[dict[str, list[str]], list[str]]:
    """(code -> where it is written, call sites whose code is not a literal).

    A function that passes one of its parameters on as the code (``_audit(obj, by, action)`` calling
    ``record_event(action=f"consultation_{action}")``) is a wrapper: calls to it in the same app count with the
    wrapper's prefix/suffix. Wrappers of wrappers (disclosure's ``_transition``) are found the same way.
    """
    codes: dict[str, list[str]] = {}
    dynamic: list[str] = []
    trees = {path: ast.parse(path.read_text(), filename=str(path)) for path in sorted(ROOT.rglob("*.py"))
             if "tests" not in path.relative_to(ROOT).parts}
    wrappers, functions = _wrappers(trees)
    inside = {id(c) for app, fn in functions if (app, fn.name) in wrappers for c in ast.walk(fn)}
    for path, tree in trees.items():
        app = path.relative_to(ROOT).parts[0]
        for call in (c for c in ast.walk(tree) if isinstance(c, ast.Call)):
            name, where = _name(call.func), f"{path.relative_to(ROOT)}:{call.lineno}"
            if name != "record_event" and (app, name) not in wrappers:
                continue
            spec = wrappers.get((app, name))
            arg = _code_arg(call, spec)
            found = _literals(arg) if arg is not None else None
            if found is None:
                if id(call) not in inside:
                    dynamic.append(where)
                continue
            for code in found:
                full = f"{spec[2]}{code}{spec[3]}" if spec else code
                codes.setdefault(full, []).append(where)
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
