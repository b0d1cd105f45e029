"""Public pages of 互动交流 (no account): write to the 县长信箱 or a 部门信箱, follow a letter by 查询码 and rate
the answer, the 公开答复 list and pages (personal data masked), statistics, 我为政府网站找错, 意见征集 and 在线访谈.

Every form has the captcha of zhengwu.applications, the per-IP budgets of decision 1301 (successful submissions
and failed ones counted apart) and a one-time token (zhengwu.core.submission: a re-post shows the first result, no
second letter); nothing typed by the public is shown before staff approve it.
"""
from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from zhengwu.applications import captcha
from zhengwu.core import submission
from zhengwu.core.forms import errors_to_form

from . import actions, clock, masking, stats, workflow
from .forms import CodeForm, CommentForm, LetterForm, QuestionForm, RateForm, RehandleForm, SiteErrorForm
from .models import Channel, Consultation, Interview, Message, Moderation

DONE_KEY = "interaction_done_code"
LIMITED = "提交过于频繁，请一小时后再试。"


def submit_limit() -> tuple[int, int]:
    from django.conf import settings

    return tuple(getattr(settings, "ZHENGWU_INTERACTION_SUBMIT_RATE", (10, 3600)))


def _submit(request, form, name: str, create: Callable[[dict], str]) -> tuple[str | None, int]:
    """The shared public-POST checks (captcha.guarded_submit) with the 互动交流 budget."""
    return captcha.guarded_submit(request, form, name, create, limit=submit_limit(), limited=LIMITED)


def _form_page(request, template: str, form, name: str, ctx: dict, status: int = 200):
    """The page with its form, a fresh captcha question in the label and a new one-time token."""
    form.ask(captcha.new_challenge(request), again=form.is_bound)
    return render(request, template, {"form": form, "submission_token": submission.new_token(name), **ctx},
                  status=status)


def _done(request, code: str):
    request.session[DONE_KEY] = code
    return redirect("interaction_public:done")


def index(request):
    today = timezone.localdate()
    return render(request, "interaction/index.html", {
        "latest": Message.objects.public().select_related("reply_unit").order_by("-replied_date", "-id")[:8],
        "consultations": Consultation.objects.public().order_by("-start_date")[:5],
        "interviews": Interview.objects.filter(published=True).order_by("-scheduled_at")[:3],
        "today": today,
    })


LETTER, SITE_ERROR, COMMENT, QUESTION = "hdjl_letter", "hdjl_site_error", "hdjl_comment", "hdjl_question"


def write(request, channel: str):
    unit_choice = channel == Channel.UNIT_MAILBOX
    title = "县长信箱" if channel == Channel.COUNTY_MAILBOX else "部门信箱"
    ctx = {"title": title, "channel": channel, "limit": clock.time_limit(channel, "consult").workdays}
    if request.method != "POST":
        initial = {}
        if unit_choice and request.GET.get("unit", "").isdigit():
            initial["mailbox_unit"] = request.GET["unit"]
        return _form_page(request, "interaction/write.html", LetterForm(initial=initial, unit_choice=unit_choice),
                          LETTER, ctx)
    form = LetterForm(request.POST, request.FILES, unit_choice=unit_choice)
    code, status = _submit(request, form, LETTER, lambda d: actions.submit_letter(
        channel=channel, data=form.data_for_action(), files=[(f.name, f.read()) for f in d["attachments"]],
        mailbox_unit=d.get("mailbox_unit")).query_code)
    if code:
        return _done(request, code)
    return _form_page(request, "interaction/write.html", form, LETTER, ctx, status=status)


def done(request):
    code = request.session.pop(DONE_KEY, None)
    if not code:
        return redirect("interaction_public:index")
    return render(request, "interaction/done.html", {"code": code})


def _find(code: str) -> Message | None:
    return Message.objects.select_related("unit", "reply_unit").filter(query_code=actions.normalise_code(code)).first()


def status(request):
    form = CodeForm(request.GET or None)
    msg = None
    not_found = False
    if form.is_valid():
        count, window = captcha.lookup_limit()
        if captcha.rate_limited(request, "interaction_lookup", limit=count, window=window):
            form.add_error(None, "查询过于频繁，请稍后再试。")
        else:
            msg = _find(form.cleaned_data["code"])
            not_found = msg is None
    return render(request, "interaction/status.html", _status_ctx(request, form, msg, not_found))


def _status_ctx(request, form, msg, not_found=False, rate_form=None, rehandle_form=None) -> dict:
    ctx = {"form": form, "msg": msg, "not_found": not_found}
    if msg is not None:
        today = timezone.localdate()
        opts = workflow.options(msg, workflow.WRITER, today)
        ctx.update({
            "events": msg.events.filter(public=True).order_by("created_at", "id"),
            "reply": masking.public_text(msg, msg.reply),
            "title": masking.public_text(msg, msg.title),
            "level": clock.warning_level(msg.due_date, today) if msg.clock_running else "",
            "can_rate": opts.can("rate"), "can_rehandle": opts.can("rehandle"),
            "rate_form": rate_form or RateForm(initial={"code": msg.query_code}),
            "rehandle_form": rehandle_form or RehandleForm(initial={"code": msg.query_code}),
        })
    return ctx


def _writer_post(request, form_class, apply, form_key: str):
    form = form_class(request.POST)
    code_form = CodeForm({"code": request.POST.get("code", "")})
    msg = _find(request.POST.get("code", ""))
    if msg is None:
        code_form.is_valid()
        return render(request, "interaction/status.html", {"form": code_form, "not_found": True}, status=404)
    count, window = captcha.lookup_limit()
    if captcha.rate_limited(request, "interaction_lookup", limit=count, window=window):
        form.add_error(None, "操作过于频繁，请稍后再试。")
    elif form.is_valid():
        try:
            apply(msg, form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(f"{reverse('interaction_public:status')}?code={msg.query_code}")
    code_form.is_valid()
    return render(request, "interaction/status.html", _status_ctx(request, code_form, msg, **{form_key: form}),
                  status=400)


def rate(request):
    if request.method != "POST":
        return redirect("interaction_public:status")
    return _writer_post(request, RateForm, lambda m, d: actions.rate(m, satisfaction=d["satisfaction"],
                                                                     comment=d["comment"]), "rate_form")


def rehandle(request):
    if request.method != "POST":
        return redirect("interaction_public:status")
    return _writer_post(request, RehandleForm, lambda m, d: actions.rehandle(m, reason=d["reason"]),
                        "rehandle_form")


def _public_row(msg: Message) -> dict:
    return {"msg": msg, "title": masking.public_text(msg, msg.title)}


def replies(request):
    qs = Message.objects.public().select_related("reply_unit").order_by("-replied_date", "-id")
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    from .models import Kind

    return render(request, "interaction/replies.html", {"page": page, "rows": [_public_row(m) for m in page],
                                                        "kinds": Kind.choices, "kind": kind})


def reply_detail(request, pk: int):
    msg = get_object_or_404(Message.objects.public().select_related("reply_unit"), pk=pk)
    return render(request, "interaction/reply_detail.html", {
        "msg": msg, "title": masking.public_text(msg, msg.title), "content": masking.public_text(msg, msg.content),
        "reply": masking.public_text(msg, msg.reply),
    })


def statistics(request):
    years = stats.years()
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and int(year) in years else years[0]
    return render(request, "interaction/statistics.html", {"stats": stats.yearly(year), "years": years})


def site_error(request):
    page_url = request.GET.get("page", "") or request.POST.get("page_url", "")
    if request.method != "POST":
        return _form_page(request, "interaction/site_error.html", SiteErrorForm(initial={"page_url": page_url}),
                          SITE_ERROR, {})
    form = SiteErrorForm(request.POST)
    code, status = _submit(request, form, SITE_ERROR, lambda d: actions.report_site_error(
        page_url=d["page_url"], data={k: d[k] for k in ("content", "writer_name", "writer_phone")}).query_code)
    if code:
        return _done(request, code)
    return _form_page(request, "interaction/site_error.html", form, SITE_ERROR, {}, status=status)


# --- 意见征集 / 在线访谈 ------------------------------------------------------------------------------

def consultations(request):
    today = timezone.localdate()
    qs = Consultation.objects.public().select_related("unit").annotate(
        shown=Count("comments", filter=Q(comments__status=Moderation.APPROVED))).order_by("-start_date")
    return render(request, "interaction/consultations.html", {"items": qs, "today": today})


def _participate(request, template: str, form_class, name: str, ctx: dict, create: Callable[[dict], str]):
    """A comment on a 意见征集 or a question for an 访谈: saved as 待审核, thanked, shown after moderation."""
    if request.method != "POST":
        return _form_page(request, template, form_class(), name, ctx)
    form = form_class(request.POST)
    key, status = _submit(request, form, name, create)
    if key:
        return _form_page(request, template, form_class(), name, {**ctx, "thanks": True})
    return _form_page(request, template, form, name, ctx, status=status)


def consultation(request, pk: int):
    c = get_object_or_404(Consultation.objects.public().select_related("unit", "final_record"), pk=pk)
    today = timezone.localdate()
    ctx = {"c": c, "today": today, "is_open": c.is_open(today),
           "comments": [{"c": x, "content": masking.mask_public(x.content, names=(x.name,), phones=(x.phone,)),
                         "name": _masked_name(x.name)} for x in c.comments.filter(status=Moderation.APPROVED)]}
    return _participate(request, "interaction/consultation.html", CommentForm, COMMENT, ctx,
                        lambda d: str(actions.submit_comment(c, data=d, today=today).pk))


def _masked_name(name: str) -> str:
    from zhengwu import pii

    return pii.mask_name(name)


def interviews(request):
    return render(request, "interaction/interviews.html",
                  {"items": Interview.objects.filter(published=True).select_related("unit")})


def interview(request, pk: int):
    iv = get_object_or_404(Interview.objects.filter(published=True).select_related("unit"), pk=pk)
    ctx = {"iv": iv, "accepting": timezone.now() <= iv.questions_close_at,
           "questions": [{"q": q, "content": masking.mask_public(q.content), "answer": masking.mask_public(q.answer)}
                         for q in iv.questions.filter(status=Moderation.APPROVED)]}
    return _participate(request, "interaction/interview.html", QuestionForm, QUESTION, ctx,
                        lambda d: str(actions.submit_question(iv, data=d).pk))
