"""Public pages (no account): the application form (captcha + per-IP rate limit) and the status page by 查询码.

The status page shows the case's state, dates and public history only — nothing personal. The form carries a
one-time submission token (zhengwu.core.submission): posting it again after a lost answer shows the first 查询码.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from zhengwu.core import submission

from . import actions, captcha, clock
from .forms import PublicApplicationForm, StatusQueryForm
from .models import Application

DONE_KEY = "yisq_done_code"
FORM = "yisq"


def _show(request, form, *, status: int = 200, again: bool = False):
    """The form with a fresh captcha question; its answer box is always empty (ClearedInput)."""
    form.ask(captcha.new_challenge(request), again=again)
    return render(request, "applications/public_form.html",
                  {"form": form, "submission_token": submission.new_token(FORM)}, status=status)


def _domain_errors(form) -> None:
    """When the form itself fails (a required field left empty), also show what the action would refuse in the
    fields already filled in, so a person fixes everything in one round instead of meeting new errors next time."""
    try:
        actions.clean_application(form.data)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field in form.fields and field not in form.errors:
                form.add_error(field, messages)


def apply(request):
    """Rate limit (decision 1301): only successful submissions count toward ZHENGWU_YISQ_SUBMIT_RATE; failed ones
    have their own, much larger budget (ZHENGWU_YISQ_FAILED_RATE), so a person who keeps making mistakes is
    not locked out while a script guessing the captcha still is. A re-posted one-time token (the answer page was
    lost) gets the first submission's 查询码, no second case."""
    if request.method != "POST":
        return _show(request, PublicApplicationForm())
    form = PublicApplicationForm(request.POST)
    code, status = captcha.guarded_submit(
        request, form, FORM, lambda data: actions.submit_online(unit=data["unit"], data=form.data_for_action()).query_code,
        limit=captcha.submit_limit(), limited="提交过于频繁，请稍后再试。", invalid=_domain_errors)
    if code:
        request.session[DONE_KEY] = code
        return redirect("applications_public:done")
    return _show(request, form, status=429 if status == 429 else 200, again=True)


def done(request):
    code = request.session.pop(DONE_KEY, None)
    if not code:
        return redirect("applications_public:apply")
    return render(request, "applications/public_done.html", {"code": code})


def status(request):
    form = StatusQueryForm(request.GET or None)
    app = None
    not_found = False
    if form.is_valid():
        count, window = captcha.lookup_limit()
        if captcha.rate_limited(request, "yisq_lookup", limit=count, window=window):
            form.add_error(None, "查询过于频繁，请稍后再试。")
        else:
            code = form.cleaned_data["code"].strip().upper().replace("-", "").replace(" ", "")
            app = Application.objects.select_related("unit").filter(query_code=code).first()
            not_found = app is None
    ctx = {"form": form, "app": app, "not_found": not_found}
    if app is not None:
        ctx["events"] = app.events.filter(public=True).order_by("created_at", "id")
        ctx["level"] = clock.warning_level(app.due_date, timezone.localdate()) if app.is_open else ""
    return render(request, "applications/public_status.html", ctx)
