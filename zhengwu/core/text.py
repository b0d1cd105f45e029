"""Checks on free text typed by staff or the public."""
from __future__ import annotations

import re

HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


def has_markup(value: str) -> bool:
    """True when plain-text input carries an HTML tag or comment (script in any field is refused, not stored)."""
    return bool(HTML_TAG.search(value or ""))
