"""Reading ids and names out of URLs and query strings, so that bad input is a 4xx, never a 500.

`str.isdigit()` accepts "²" and "٣", and `int()` refuses more than 4,300 digits — both used to end in a server
error; a 51,000-letter host name ended in SQLite's "LIKE pattern too complex". An id is 1–18 ASCII digits (it
fits a 64-bit column); a host name is at most 253 ASCII letters, digits, dots and hyphens (RFC 1035).
"""
from __future__ import annotations

import re

MAX_ID_DIGITS = 18
_ID = re.compile(rf"[0-9]{{1,{MAX_ID_DIGITS}}}")
_HOSTNAME = re.compile(r"[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?")


def ascii_id(value) -> int | None:
    """The id written in `value`, or None when it is not 1–18 ASCII digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value < 10 ** MAX_ID_DIGITS else None
    text = str(value or "").strip()
    return int(text) if _ID.fullmatch(text) else None


def is_hostname(value) -> bool:
    return bool(_HOSTNAME.fullmatch(str(value or "").strip()))


def bounded_int(value, *, default: int, low: int, high: int) -> int:
    """A page number and the like: `default` unless an id-shaped value, then clamped to [low, high]."""
    number = ascii_id(value)
    return default if number is None else max(low, min(number, high))
