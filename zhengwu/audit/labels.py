"""The audit log's display vocabulary: every app registers its action codes, field names and value displays in its
``AppConfig.ready`` so the audit page and each case history show Chinese labels, never raw codes.

Action codes are a closed vocabulary: ``unlabelled(codes)`` lists the ones nobody registered (a test walks every
``record_event`` call site against it).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

_actions: dict[str, str] = {}
_fields: dict[str, str] = {}
_values: dict[str, Mapping[str, str] | Callable[[object], str | None]] = {}


def register(*, actions: Mapping[str, str] | None = None, fields: Mapping[str, str] | None = None,
             values: Mapping[str, Mapping[str, str] | Callable[[object], str | None]] | None = None) -> None:
    """Add labels; registering the same code twice with a different label is a programming error."""
    for target, new in ((_actions, actions), (_fields, fields)):
        for key, label in (new or {}).items():
            if key in target and target[key] != label:
                raise ValueError(f"audit label for {key!r} registered twice: {target[key]!r} / {label!r}")
            target[key] = label
    for key, display in (values or {}).items():
        known = _values.get(key)
        if callable(display) or known is None or callable(known):
            _values[key] = display if callable(display) or known is None else known
            continue
        # Two apps may share a field name ("status"): their code tables merge, a code keeps one label.
        for code, label in display.items():
            if known.get(code, label) != label:
                raise ValueError(f"audit value label for {key}={code!r} registered twice: {known[code]!r} / {label!r}")
        _values[key] = {**known, **display}


def action_label(code: str) -> str:
    return _actions.get(code, code)


def field_label(name: str) -> str:
    return _fields.get(name, name)


def value_label(name: str, value):
    """A stored value shown as staff read it (a status code as its Chinese name, a unit id as the unit's name)."""
    display = _values.get(name)
    if display is None or value is None or value == "":
        return value
    if callable(display):
        shown = display(value)
        return value if shown is None else shown
    return display.get(value, value) if isinstance(value, str) else value


def change_rows(event) -> list[tuple[str, object, object]]:
    """An audit event's before/after as (中文字段名, 旧值, 新值), codes and ids shown as staff read them."""
    return [(field_label(key), value_label(key, old), value_label(key, new)) for key, old, new in event.changes()]


def unlabelled(codes) -> list[str]:
    return sorted(c for c in set(codes) if c not in _actions)


def registered_actions() -> dict[str, str]:
    return dict(_actions)
