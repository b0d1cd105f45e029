"""Public pages (no account): the application form (captcha + per-IP rate limit) and the status page by 查询码.

The status page shows the case's state, dates and public history only — nothing personal. The form carries a
one-time submission token (zhengwu.core.submission): posting it again after a lost answer shows the first 查询码.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from zhengwu.core import submission
from zhengwu.core.forms import errors_to_form

from . import actions, captcha, clock
from .forms import PublicApplicationForm, StatusQueryForm
from .models import Application

DONE_KEY = "yisq_done_code"
FORM = "yisq"


def apply(request):
    if request.method == "POST":
        form = PublicApplicationForm(request.POST)
        token = submission.read(request.POST, FORM)
        if token and (code := submission.previous_result(FORM, token)):
            # Already filed with this token (the answer page was lost): the same 查询码, no second case.
            request.session[DONE_KEY] = code
            return redirect("applications_public:done")
        count, window = captcha.submit_limit()
        if captcha.rate_limited(request, "yisq_submit", limit=count, window=window):
            form.is_valid()
            form.add_error(None, "提交过于频繁，请稍后再试。")
            return _form_page(request, form, status=429)
        answer_ok = captcha.check(request, request.POST.get("captcha", ""))
        if form.is_valid():
            if not answer_ok:
                form.add_error("captcha", "验证码不正确，请重新计算。")
            elif token is None or not token.fresh:
                form.add_error(None, submission.EXPIRED_MESSAGE)
            else:
                try:
                    outcome = submission.submit_once(FORM, token, lambda: actions.submit_online(
                        unit=form.cleaned_data["unit"], data=form.data_for_action()).query_code)
                except ValidationError as exc:
                    errors_to_form(form, exc)
                else:
                    request.session[DONE_KEY] = outcome.result
                    return redirect("applications_public:done")
    else:
        form = PublicApplicationForm()
    return _form_page(request, form)


def _form_page(request, form, status=200):
    ctx = {"form": form, "question": captcha.new_challenge(request), "submission_token": submission.new_token(FORM)}
    return render(request, "applications/public_form.html", ctx, status=status)


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
