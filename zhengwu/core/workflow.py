"""The shape every ``workflow.py`` returns: which actions a user may take on one object now, and why not.

A workflow module holds one pure function per case type (``options(obj, user, today) -> Options``). Action
functions call ``options(...).require("action")`` to refuse; views render the same ``Options`` to show buttons and
the reasons beside the ones that are refused. No rule lives in two places, and no code matches message text: a
refusal is identified by its ``Blocker.code``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError

PERMISSION = "permission"  # the Blocker code for "not your object / not your role": raised as PermissionDenied


@dataclass(frozen=True)
class Blocker:
    code: str
    message: str


@dataclass
class Options:
    """action name -> the blockers that refuse it now (an empty tuple means allowed)."""

    actions: dict[str, tuple[Blocker, ...]] = field(default_factory=dict)

    def add(self, action: str, *blockers: Blocker | None) -> None:
        self.actions[action] = tuple(b for b in blockers if b is not None)

    def can(self, action: str) -> bool:
        return action in self.actions and not self.actions[action]

    def blockers(self, action: str) -> tuple[Blocker, ...]:
        return self.actions.get(action, (Blocker("unknown", "不支持的操作。"),))

    def blocked_by(self, action: str, code: str) -> bool:
        return any(b.code == code for b in self.blockers(action))

    @property
    def allowed(self) -> list[str]:
        return [a for a, b in self.actions.items() if not b]

    def require(self, action: str) -> None:
        """Raise the refusal for ``action``: PermissionDenied for a permission blocker, else ValidationError."""
        blockers = self.blockers(action)
        if not blockers:
            return
        for b in blockers:
            if b.code == PERMISSION:
                raise PermissionDenied(b.message)
        raise ValidationError([b.message for b in blockers])
