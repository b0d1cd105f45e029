"""Public pages of 互动交流 (no account): write to the 县长信箱 or a 部门信箱, follow a letter by 查询码 and rate
the answer, the 公开答复 list and pages (personal data masked), statistics, 我为政府网站找错, 意见征集 and 在线访谈.

Every form has the captcha of zhengwu.applications, a per-IP limit on successful submissions and a one-time
token (`tokens.py`); nothing typed by the public is shown before staff approve it.
"""
from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from zhengwu.applications import captcha
from zhengwu.core.forms import errors_to_form

from . import actions, clock, masking, stats, tokens, workflow
from .forms import CodeForm, CommentForm, LetterForm, QuestionForm, RateForm, RehandleForm, SiteErrorForm
from .models import Channel, Consultation, Interview, Message, Moderation

DONE_KEY = "interaction_done_code"


def submit_limit() -> tuple[int, int]:
    from django.conf import settings

    return tuple(getattr(settings, "ZHENGWU_INTERACTION_SUBMIT_RATE", (10, 3600)))


def _limit_key(request, bucket: str) -> str:
    return f"zhengwu:rate:{bucket}:{captcha.client_ip(request)}"


def _over_limit(request, bucket: str) -> bool:
    """Only successful submissions count, so a writer correcting mistakes is never locked out."""
    return (cache.get(_limit_key(request, bucket)) or 0) >= submit_limit()[0]


def _count_success(request, bucket: str) -> None:
    key = _limit_key(request, bucket)
    if not cache.add(key, 1, timeout=submit_limit()[1]):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=submit_limit()[1])


def _guarded_post(request, form, bucket: str):
    """Common checks of a public POST: rate limit, one-time token, captcha. Returns (ok, status)."""
    token = request.POST.get("token", "")
    valid = form.is_valid()
    if _over_limit(request, bucket):
        form.add_error(None, "提交过于频繁，请一小时后再试。")
        return False, 429
    token_state = tokens.state(request, token)
    if token_state == "spent":
        form.add_error(None, "该表单已经提交过，请勿重复提交。如需查询办理情况，请使用提交成功后获得的查询码。")
        return False, 409
    if token_state == "unknown":
        form.add_error(None, "页面已过期，请重新填写并提交。")
        return False, 400
    answer_ok = captcha.check(request, request.POST.get("captcha", ""))
    if not answer_ok and "captcha" not in form.errors:
        form.add_error("captcha", "验证码不正确，请按新的题目重新计算。")
    return valid and answer_ok and not form.errors, 200


def _form_page(request, template: str, form, ctx: dict, status: int = 200):
    form.link_errors()
    if "captcha" in form.fields:
        form.data = form.data.copy() if form.is_bound else form.data
        if form.is_bound:
            form.data["captcha"] = ""  # a fresh question gets an empty box
    return render(request, template, {"form": form, "question": captcha.new_challenge(request),
                                      "token": tokens.issue(request), **ctx}, status=status)


def index(request):
    today = timezone.localdate()
    return render(request, "interaction/index.html", {
        "latest": Message.objects.public().select_related("reply_unit").order_by("-replied_date", "-id")[:8],
        "consultations": Consultation.objects.public().order_by("-start_date")[:5],
        "interviews": Interview.objects.filter(published=True).order_by("-scheduled_at")[:3],
        "today": today,
    })


def write(request, channel: str):
    unit_choice = channel == Channel.UNIT_MAILBOX
    title = "县长信箱" if channel == Channel.COUNTY_MAILBOX else "部门信箱"
    ctx = {"title": title, "channel": channel, "limit": clock.time_limit(channel, "consult").workdays}
    if request.method != "POST":
        initial = {}
        if unit_choice and request.GET.get("unit", "").isdigit():
            initial["mailbox_unit"] = request.GET["unit"]
        return _form_page(request, "interaction/write.html", LetterForm(initial=initial, unit_choice=unit_choice), ctx)
    form = LetterForm(request.POST, request.FILES, unit_choice=unit_choice)
    ok, status = _guarded_post(request, form, "interaction_submit")
    if ok:
        files = [(f.name, f.read()) for f in form.cleaned_data["attachments"]]
        try:
            msg = actions.submit_letter(channel=channel, data=form.data_for_action(), files=files,
                                        mailbox_unit=form.cleaned_data.get("mailbox_unit"))
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            tokens.spend(request, request.POST.get("token", ""))
            _count_success(request, "interaction_submit")
            request.session[DONE_KEY] = msg.query_code
            return redirect("interaction_public:done")
        status = 400
    return _form_page(request, "interaction/write.html", form, ctx, status=status if status != 200 else 400)


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
    form.link_errors()
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
    form.link_errors()
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
    ctx = {}
    if request.method != "POST":
        return _form_page(request, "interaction/site_error.html", SiteErrorForm(initial={"page_url": page_url}), ctx)
    form = SiteErrorForm(request.POST)
    ok, status = _guarded_post(request, form, "interaction_submit")
    if ok:
        d = form.cleaned_data
        try:
            msg = actions.report_site_error(page_url=d["page_url"], data={
                "content": d["content"], "writer_name": d["writer_name"], "writer_phone": d["writer_phone"]})
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            tokens.spend(request, request.POST.get("token", ""))
            _count_success(request, "interaction_submit")
            request.session[DONE_KEY] = msg.query_code
            return redirect("interaction_public:done")
    return _form_page(request, "interaction/site_error.html", form, ctx, status=status if status != 200 else 400)


# --- 意见征集 / 在线访谈 ------------------------------------------------------------------------------

def consultations(request):
    today = timezone.localdate()
    qs = Consultation.objects.public().select_related("unit").annotate(
        shown=Count("comments", filter=Q(comments__status=Moderation.APPROVED))).order_by("-start_date")
    return render(request, "interaction/consultations.html", {"items": qs, "today": today})


def consultation(request, pk: int):
    c = get_object_or_404(Consultation.objects.public().select_related("unit", "final_record"), pk=pk)
    today = timezone.localdate()
    ctx = {"c": c, "today": today, "is_open": c.is_open(today),
           "comments": [{"c": x, "content": masking.mask_public(x.content, names=(x.name,), phones=(x.phone,)),
                         "name": _masked_name(x.name)} for x in c.comments.filter(status=Moderation.APPROVED)]}
    if request.method == "POST":
        form = CommentForm(request.POST)
        ok, status = _guarded_post(request, form, "interaction_comment")
        if ok:
            try:
                actions.submit_comment(c, data=form.cleaned_data, today=today)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                tokens.spend(request, request.POST.get("token", ""))
                _count_success(request, "interaction_comment")
                ctx["thanks"] = True
                return _form_page(request, "interaction/consultation.html", CommentForm(), ctx)
        return _form_page(request, "interaction/consultation.html", form, ctx, status=status if status != 200 else 400)
    return _form_page(request, "interaction/consultation.html", CommentForm(), ctx)


def _masked_name(name: str) -> str:
    from zhengwu import pii

    return pii.mask_name(name)


def interviews(request):
    return render(request, "interaction/interviews.html",
                  {"items": Interview.objects.filter(published=True).select_related("unit")})


def interview(request, pk: int):
    iv = get_object_or_404(Interview.objects.filter(published=True).select_related("unit"), pk=pk)
    now = timezone.now()
    ctx = {"iv": iv, "accepting": now <= iv.questions_close_at,
           "questions": [{"q": q, "content": masking.mask_public(q.content), "answer": masking.mask_public(q.answer)}
                         for q in iv.questions.filter(status=Moderation.APPROVED)]}
    if request.method == "POST":
        form = QuestionForm(request.POST)
        ok, status = _guarded_post(request, form, "interaction_question")
        if ok:
            try:
                actions.submit_question(iv, data=form.cleaned_data)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                tokens.spend(request, request.POST.get("token", ""))
                _count_success(request, "interaction_question")
                ctx["thanks"] = True
                return _form_page(request, "interaction/interview.html", QuestionForm(), ctx)
        return _form_page(request, "interaction/interview.html", form, ctx, status=status if status != 200 else 400)
    return _form_page(request, "interaction/interview.html", QuestionForm(), ctx)

