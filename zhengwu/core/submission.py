"""One-time submission tokens for public forms: a citizen whose answer page never arrived (network cut, server
killed) and who presses 提交 again gets the first submission's 查询码, not a second case.

How a public form uses it (applications/public_views.py is the model):

    FORM = "yisq"                                     # one short name per form
    token = submission.read(request.POST, FORM)       # None when missing or forged
    if token and (code := submission.previous_result(FORM, token)):
        ...                                           # already filed: show `code` again, check nothing else
    ...                                               # captcha, rate limit, form validation
    outcome = submission.submit_once(FORM, token, lambda: actions.submit_xxx(...).query_code)
    ...                                               # outcome.result is the 查询码 (outcome.replayed: a retry)

and the template renders `{% include "core/submission_token.html" %}` with `submission_token` =
`submission.new_token(FORM)` in its context. Tokens are signed (only this site's count) and fresh for MAX_AGE; the
claim is a row with a unique token written in the same transaction as the case, so two racing POSTs with one token
file once (the second waits for the first's commit and then reads its result).
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core import signing
from django.db import IntegrityError, transaction

FIELD = "submission_token"
MAX_AGE = 2 * 24 * 3600  # a form left open for two days is filled in again
EXPIRED_MESSAGE = "页面已过期或不完整，请核对后重新提交。"


@dataclass(frozen=True)
class Token:
    value: str
    fresh: bool  # issued within MAX_AGE: may file a new submission (an old one may still fetch its result)


@dataclass(frozen=True)
class Outcome:
    result: str
    replayed: bool  # True: this token had already filed; result is the first submission's


def _salt(form: str) -> str:
    return f"zhengwu.submission.{form}"


def new_token(form: str) -> str:
    return signing.dumps(secrets.token_urlsafe(18), salt=_salt(form), compress=False)


def read(data, form: str) -> Token | None:
    """The token posted with the form, or None when it is missing or was not issued by this site for this form."""
    raw = (data.get(FIELD) or "").strip()
    if not raw or len(raw) > 200:
        return None
    try:
        value = signing.loads(raw, salt=_salt(form), max_age=MAX_AGE)
        fresh = True
    except signing.SignatureExpired:
        value, fresh = signing.loads(raw, salt=_salt(form)), False
    except signing.BadSignature:
        return None
    return Token(value=str(value), fresh=fresh) if isinstance(value, str) else None


def previous_result(form: str, token: Token) -> str | None:
    from zhengwu.ops.models import SubmissionToken

    return SubmissionToken.objects.filter(form=form, token=token.value).values_list("result", flat=True).first()


def submit_once(form: str, token: Token, create: Callable[[], str]) -> Outcome:
    """Run `create` (the form's action function, returning the submission's key) once per token.

    The claim and the case commit together: if `create` fails, nothing is saved and the token can be used again.
    """
    from zhengwu.ops.models import SubmissionToken

    try:
        with transaction.atomic():
            SubmissionToken.objects.create(token=token.value, form=form, result="")
            result = create()
            SubmissionToken.objects.filter(token=token.value).update(result=result)
        return Outcome(result=result, replayed=False)
    except IntegrityError:
        earlier = previous_result(form, token)
        if earlier is None:  # the conflict was inside `create`, not on the token
            raise
        return Outcome(result=earlier, replayed=True)
