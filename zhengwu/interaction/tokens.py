"""One-time submission tokens for the public forms: a re-post of the same form (back button, double click,
a replayed request) is refused instead of saving a second letter.

A token is issued with the form and kept in the session (at most `KEEP` per session); it is spent only by a
successful submission, so a form sent back with errors can be corrected and sent again.
"""
from __future__ import annotations

import secrets

SESSION_KEY = "interaction_tokens"
SPENT_KEY = "interaction_spent_tokens"
KEEP = 20


def issue(request) -> str:
    token = secrets.token_urlsafe(16)
    tokens = request.session.get(SESSION_KEY, [])[-(KEEP - 1):]
    request.session[SESSION_KEY] = [*tokens, token]
    return token


def state(request, token: str) -> str:
    """"valid", "spent" (already used for a submission) or "unknown" (forged or expired)."""
    if token and token in request.session.get(SESSION_KEY, []):
        return "valid"
    if token and token in request.session.get(SPENT_KEY, []):
        return "spent"
    return "unknown"


def spend(request, token: str) -> None:
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]
    request.session[SPENT_KEY] = [*request.session.get(SPENT_KEY, [])[-(KEEP - 1):], token]
