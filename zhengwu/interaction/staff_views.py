"""Staff pages of 互动交流: the dispatcher's and the units' queues with the 黄牌/红牌/3-month picture, the message
page with the workflow's buttons (and, beside refused ones, why), 12345 工单 entry and import, and moderation of
意见征集 comments and 访谈 questions. Views translate HTTP into `actions` calls; another unit's message is a 404."""
from __future__ import annotations

import csv
import datetime as dt
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengwu import pii
from zhengwu.org.decorators import staff_required

from . import actions, clock, dashboard, workflow
from .forms import (
    AcceptForm,
    AnswerForm,
    AssignForm,
    CallbackForm,
    ConsultationForm,
    ExtendForm,
    FeedbackForm,
    HotlineForm,
    ImportForm,
    InterviewForm,
    NoteForm,
    ReasonForm,
    RejectForm,
    ReplyForm,
    TranscriptForm,
)
from .models import DISPATCH_QUEUE, Comment, Consultation, Interview, InterviewQuestion, Message, Moderation, Status

QUEUES = {"dispatch": "待受理/待分办", "unit": "本单位办理中", "open": "全部未答复", "all": "全部"}

#: action name → (button label, form class, how the form's data become the action's call)
ACTIONS = {
    "accept": ("受理", AcceptForm, lambda m, by, d: actions.accept(m, by=by, kind=d["kind"], simple=d["simple"])),
    "reject": ("不予受理", RejectForm, lambda m, by, d: actions.reject(m, by=by, reason=d["reason"], note=d["note"])),
    "assign": ("分办", AssignForm, lambda m, by, d: actions.assign(m, by=by, unit=d["unit"], note=d["note"])),
    "transfer": ("转办", AssignForm, lambda m, by, d: actions.transfer(m, by=by, unit=d["unit"], note=d["note"])),
    "return": ("退回分办员", ReasonForm, lambda m, by, d: actions.return_to_dispatcher(m, by=by, reason=d["reason"])),
    "extend": ("延期", ExtendForm, lambda m, by, d: actions.extend(m, by=by, days=d["days"], reason=d["reason"],
                                                                   approver=d["approver"])),
    "reply": ("答复", ReplyForm, lambda m, by, d: actions.reply(m, by=by, text=d["text"])),
    "close": ("办结", None, lambda m, by, d: actions.close(m, by=by)),
    "callback": ("记录回访", CallbackForm, lambda m, by, d: actions.callback(m, by=by, satisfaction=d["satisfaction"],
                                                                         note=d["note"])),
    "supervise": ("督办", NoteForm, lambda m, by, d: actions.supervise(m, by=by, note=d["note"])),
    "publish": ("公开答复", None, lambda m, by, d: actions.publish(m, by=by)),
}


@staff_required
def queue(request):
    today = timezone.localdate()
    cal = clock.get_calendar()
    dispatcher = workflow.is_dispatcher(request.user)
    which = request.GET.get("q") or ("dispatch" if dispatcher else "unit")
    qs = Message.objects.visible_to(request.user).select_related("unit", "mailbox_unit")
    if which == "dispatch":
        qs = qs.filter(status__in=DISPATCH_QUEUE)
    elif which == "unit":
        qs = qs.filter(status=Status.ASSIGNED).exclude(unit__isnull=True)
        if not dispatcher:
            from zhengwu.org import access
            from zhengwu.org.models import Role

            qs = qs.filter(unit_id__in=access.unit_ids_with_role(request.user, Role.EDITOR, Role.REVIEWER,
                                                                 Role.HANDLER, Role.LEADER))
    elif which == "open":
        qs = qs.open()
    channel = request.GET.get("channel", "")
    if channel:
        qs = qs.filter(channel=channel)
    qs = qs.order_by("due_date", "-submitted_at") if which != "all" else qs.order_by("-submitted_at")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    from .models import Channel

    return render(request, "interaction/staff_queue.html", {
        "rows": [dashboard.annotate(m, today, cal) for m in page], "page": page, "which": which, "queues": QUEUES,
        "summary": dashboard.summary(request.user, today, cal), "dispatcher": dispatcher,
        "channels": Channel.choices, "channel": channel,
    })


def _get(request, pk: int) -> Message:
    return get_object_or_404(Message.objects.visible_to(request.user).select_related("unit", "mailbox_unit",
                                                                                     "reply_unit"), pk=pk)


@staff_required
def detail(request, pk: int, forms: dict | None = None):
    msg = _get(request, pk)
    today = timezone.localdate()
    opts = workflow.options(msg, request.user, today)
    buttons = []
    for name, (label, form_class, _) in ACTIONS.items():
        if name not in opts:
            continue
        form = (forms or {}).get(name)
        if form is None and form_class is not None:
            form = form_class(initial={"kind": msg.kind}, prefix=name)
        relevant = opts.can(name) or not opts.blocked_by(name, "status")
        buttons.append({"name": name, "label": label, "form": form, "allowed": opts.can(name),
                        "blockers": opts.blockers(name), "relevant": relevant})
    identity = workflow.is_dispatcher(request.user) or workflow.is_handler(request.user, msg)
    if identity:
        actions.record_identity_view(msg, by=request.user)
    cal = clock.get_calendar()
    return render(request, "interaction/staff_detail.html", {
        "msg": msg, "info": dashboard.annotate(msg, today, cal), "buttons": buttons, "identity": identity,
        "masked_name": pii.mask_name(msg.writer_name), "masked_phone": pii.mask_mobile(msg.writer_phone)
        if len(msg.writer_phone) >= 11 else "***",
        "events": msg.events.select_related("unit").order_by("created_at", "id"),
        "attachments": msg.attachments.all(),
        "failed": any(f.errors for f in (forms or {}).values() if f is not None),  # the title says 错误：
    }, status=400 if forms else 200)


@staff_required
@require_POST
def act(request, pk: int, name: str):
    msg = _get(request, pk)
    if name not in ACTIONS:
        raise PermissionDenied("不支持的操作。")
    label, form_class, call = ACTIONS[name]
    form = form_class(request.POST, prefix=name) if form_class else None
    if form is not None and not form.is_valid():
        return detail(request, pk, forms={name: form})
    try:
        call(msg, request.user, form.cleaned_data if form else {})
    except ValidationError as exc:
        if form is None:
            for text in exc.messages:
                messages.error(request, text)
            return redirect("interaction_staff:detail", pk=pk)
        from zhengwu.core.forms import errors_to_form

        errors_to_form(form, exc, {"text": "text", "reason": "reason", "note": "note"})
        return detail(request, pk, forms={name: form})
    messages.success(request, f"已{label}。")
    if not Message.objects.visible_to(request.user).filter(pk=pk).exists():
        return redirect("interaction_staff:queue")
    return redirect("interaction_staff:detail", pk=pk)


# --- 12345 ---------------------------------------------------------------------------------------------

@staff_required
def hotline_new(request):
    if not workflow.is_dispatcher(request.user):
        raise PermissionDenied(workflow.NOT_DISPATCHER.message)
    form = HotlineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            msg = actions.register_hotline(by=request.user, row=form.as_row())
        except ValidationError as exc:
            from zhengwu.core.forms import errors_to_form

            errors_to_form(form, exc, {"kind": "kind", "unit": "unit"})
        else:
            messages.success(request, f"已登记工单 {msg.hotline_number}。")
            return redirect("interaction_staff:detail", pk=msg.pk)
    return render(request, "interaction/staff_hotline.html", {"form": form, "import_form": ImportForm()})


COLUMNS = ("工单编号", "来电时间", "诉求人", "电话", "诉求类型", "内容", "承办单位")


def read_rows(name: str, data: bytes) -> list[dict]:
    """The rows of a hotline export (CSV in UTF-8 or GB18030, or xlsx), keyed by the header row."""
    if name.lower().endswith(".xlsx"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # broad on purpose: any parser failure is an unreadable file
            raise ValidationError("无法读取该 xlsx 文件，文件可能已损坏。") from exc
        values = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    elif name.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError("CSV 文件编码无法识别，请另存为 UTF-8 或 GB18030 编码。")
        values = list(csv.reader(io.StringIO(text)))
    else:
        raise ValidationError("只能导入 CSV 或 xlsx 文件。")
    values = [r for r in values if any(c not in (None, "") for c in r)]
    if not values:
        raise ValidationError("文件是空的。")
    header = [str(c or "").strip() for c in values[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValidationError(f"第1行（表头）缺少列：{'、'.join(missing)}。")
    return [{h: (r[i] if i < len(r) else None) for i, h in enumerate(header)} for r in values[1:]]


@staff_required
def hotline_import(request):
    if not workflow.is_dispatcher(request.user):
        raise PermissionDenied(workflow.NOT_DISPATCHER.message)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_rows(upload.name, upload.read())
            done = actions.import_hotline(by=request.user, rows=rows)
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, f"已导入 {len(done)} 件工单。")
            return redirect(f"{reverse('interaction_staff:queue')}?q=all&channel=hotline")
    return render(request, "interaction/staff_hotline.html", {"form": HotlineForm(), "import_form": form,
                                                              "problems": problems},
                  status=400 if problems else 200)


# --- 意见征集 / 访谈 moderation ----------------------------------------------------------------------

def _participation(request, failed=None, status=200):
    """The page; `failed` is (kind, pk, bound form) of a 采纳情况/访谈回答 that failed, shown in its item with the
    error summary (docs/decisions/1301-form-pattern.md); every other item gets an unbound form with its own ids."""
    from zhengwu.org import access

    def form_for(kind, pk, form_class, prefix):
        if failed and failed[:2] == (kind, pk):
            return failed[2]
        return form_class(auto_id=f"{prefix}{pk}_%s")

    units = access.visible_units(request.user)
    consultations = list(Consultation.objects.filter(unit__in=units).select_related("unit"))
    for c in consultations:
        c.form = form_for("feedback", c.pk, FeedbackForm, "fb")
    questions = list(InterviewQuestion.objects.filter(interview__unit__in=units, status=Moderation.PENDING)
                     .select_related("interview"))
    for q in questions:
        q.form = form_for("question", q.pk, AnswerForm, "ans")
    return render(request, "interaction/staff_participation.html", {
        "consultations": consultations,
        "comments": Comment.objects.filter(consultation__unit__in=units, status=Moderation.PENDING)
        .select_related("consultation"),
        "interviews": Interview.objects.filter(unit__in=units).select_related("unit"),
        "questions": questions,
        "today": timezone.localdate(),
        "failed": failed[2] if failed else None,
    }, status=status)


@staff_required
def participation(request):
    return _participation(request)


@staff_required
@require_POST
def moderate(request, kind: str, pk: int):
    """通过/不予显示 a comment (buttons only) or a question with the guest's answer; a refused answer: the page again
    at 400 with the summary in that question's item, nothing saved."""
    from zhengwu.core.forms import errors_to_form

    if kind not in ("comment", "question"):
        raise Http404
    approve = request.POST.get("decision") == "approve"
    if kind == "comment":
        try:
            actions.moderate_comment(get_object_or_404(Comment, pk=pk), by=request.user, approve=approve)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, "已审核通过。" if approve else "已审核不予显示。")
        return redirect("interaction_staff:participation")
    q = get_object_or_404(InterviewQuestion, pk=pk)
    form = AnswerForm(request.POST, auto_id=f"ans{q.pk}_%s")
    if form.is_valid():
        try:
            actions.moderate_question(q, by=request.user, approve=approve, answer=form.cleaned_data["answer"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "已审核通过。" if approve else "已审核不予显示。")
            return redirect("interaction_staff:participation")
    return _participation(request, failed=("question", q.pk, form), status=400)


@staff_required
@require_POST
def feedback(request, pk: int):
    """公布意见采纳情况: an empty text or an unknown 正式文件 is the page again at 400 with both problems in the
    summary; nothing saved, nothing audited."""
    from zhengwu.core.forms import errors_to_form

    c = get_object_or_404(Consultation, pk=pk)
    form = FeedbackForm(request.POST, auto_id=f"fb{c.pk}_%s")
    valid = form.is_valid()
    try:
        final_record = actions.find_final_record(request.POST.get("final_record", "")[:100])
        if valid:
            actions.publish_feedback(c, by=request.user, feedback=form.cleaned_data["feedback"],
                                     final_record=final_record)
    except ValidationError as exc:
        errors_to_form(form, exc)
    if form.errors:
        return _participation(request, failed=("feedback", c.pk, form), status=400)
    messages.success(request, "已公布意见采纳情况。")
    return redirect("interaction_staff:participation")


# --- 意见征集 / 访谈 creation ----------------------------------------------------------------------

def _create_page(request, form, template: str, title: str, create, success: str):
    """A staff create form: the action decides (the 30-day rule, who may), its refusal lands on the fields."""
    from zhengwu.core.forms import errors_to_form

    if request.method == "POST" and form.is_valid():
        try:
            create(form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success)
            return redirect("interaction_staff:participation")
    return render(request, template, {"form": form, "title": title}, status=400 if form.errors else 200)


@staff_required
def consultation_new(request):
    """Open a 意见征集 on a draft (条例第十四条、第十五条): at least 30 days unless a reason is recorded."""
    form = ConsultationForm(request.POST or None, user=request.user,
                            initial={"start_date": timezone.localdate(),
                                     "end_date": timezone.localdate() + dt.timedelta(days=29)})
    return _create_page(request, form, "interaction/staff_create.html", "发布意见征集",
                        lambda d: actions.open_consultation(by=request.user, **d), "已发布意见征集。")


@staff_required
def interview_new(request):
    form = InterviewForm(request.POST or None, user=request.user)
    return _create_page(request, form, "interaction/staff_create.html", "预告在线访谈",
                        lambda d: actions.schedule_interview(by=request.user, **d), "已发布访谈预告。")


@staff_required
def transcript(request, pk: int):
    from zhengwu.org import access

    iv = get_object_or_404(Interview.objects.filter(unit__in=access.visible_units(request.user)), pk=pk)
    form = TranscriptForm(request.POST or None, initial={"transcript": iv.transcript})
    return _create_page(request, form, "interaction/staff_create.html", f"发布文字实录：{iv.title}",
                        lambda d: actions.publish_transcript(iv, by=request.user, transcript=d["transcript"]),
                        "已发布文字实录。")
