"""Data the check needs from apps that may not exist yet: 留言 (互动回应差) and 办事指南 (服务不实用).

An app that holds such data registers a provider in its AppConfig.ready:
``register("messages", fn)`` with ``fn(site, as_of) -> [Message]``, or ``register("service_guides", fn)`` with
``fn(site, as_of) -> [Guide]``. Until one does, the indicator reports 不适用 instead of passing silently.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

_providers: dict[str, Callable] = {}


@dataclass(frozen=True)
class Message:
    title: str
    received_on: dt.date
    answered_on: dt.date | None = None


@dataclass(frozen=True)
class Guide:
    title: str
    elements: dict = field(default_factory=dict)  # 要素名称 -> text (empty = missing)


def register(kind: str, provider: Callable) -> None:
    _providers[kind] = provider


def unregister(kind: str) -> None:
    _providers.pop(kind, None)


def get(kind: str) -> Callable | None:
    return _providers.get(kind)
