"""The shape every ``workflow.py`` returns: which actions a user may take on one object now, and why not.

A workflow module holds one pure function per case type (``options(obj, user, today) -> Options``). Action
functions call ``options(...).require("action")`` to refuse; views render the same ``Options`` to show buttons and
the reasons beside the ones that are refused. No rule lives in two places, and no code matches message text: a
refusal is identified by its ``Blocker.code``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

PERMISSION = "permission"  # the Blocker code for "not your object / not your role": raised as PermissionDenied


@dataclass(frozen=True)
class Blocker:
    code: str
    message: str


class Options:
    """action name -> the blockers that refuse it now (an empty tuple means allowed).

    ``add(..., later=f)``: ``f()`` returns more blockers, computed the first time that action is asked about.
    A check that costs queries (publication_checks: categories, PII scan, 解读) is then paid only by the actions
    that need it — an action function asks about one action, not all of them.
    """

    def __init__(self) -> None:
        self._actions: dict[str, tuple[Blocker, ...]] = {}
        self._later: dict[str, Callable[[], Iterable[Blocker | None]]] = {}

    def add(self, action: str, *blockers: Blocker | None,
            later: Callable[[], Iterable[Blocker | None]] | None = None) -> None:
        self._actions[action] = tuple(b for b in blockers if b is not None)
        self._later.pop(action, None)
        if later is not None:
            self._later[action] = later

    def _blockers(self, action: str) -> tuple[Blocker, ...] | None:
        if action in self._later:
            more = self._later.pop(action)()
            self._actions[action] += tuple(b for b in more if b is not None)
        return self._actions.get(action)

    @property
    def actions(self) -> dict[str, tuple[Blocker, ...]]:
        """Every action with all its blockers (the deferred ones computed)."""
        for action in list(self._later):
            self._blockers(action)
        return dict(self._actions)

    def __contains__(self, action: str) -> bool:
        return action in self._actions

    def can(self, action: str) -> bool:
        return self._blockers(action) == ()

    def blockers(self, action: str) -> tuple[Blocker, ...]:
        found = self._blockers(action)
        return (Blocker("unknown", "不支持的操作。"),) if found is None else found

    def blocked_by(self, action: str, code: str) -> bool:
        return any(b.code == code for b in self.blockers(action))

    @property
    def allowed(self) -> list[str]:
        return [a for a in list(self._actions) if self.can(a)]

    def require(self, action: str) -> None:
        """Raise the refusal for ``action``: PermissionDenied for a permission blocker, else ValidationError."""
        blockers = self.blockers(action)
        if not blockers:
            return
        for b in blockers:
            if b.code == PERMISSION:
                raise PermissionDenied(b.message)
        raise ValidationError([b.message for b in blockers])
