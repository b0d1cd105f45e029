"""Staff pages for the 问答库 (/staff/search/): the unanswered queue, Q&A pairs, dictionary and synonyms."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core.forms import ButtonForm, errors_to_form
from zhengwu.org import access
from zhengwu.org.decorators import staff_required
from zhengwu.org.models import Role, Unit

from . import actions, indexer
from .forms import ArchiveForm, DismissForm, QAForm, SynonymForm, TermForm
from .models import DictionaryTerm, QAPair, SynonymGroup, UnansweredQuestion


def editable_units(user):
    if access.is_office_admin(user):
        return Unit.objects.filter(is_active=True)
    return Unit.objects.filter(pk__in=access.unit_ids_with_role(user, Role.EDITOR, Role.REVIEWER), is_active=True)


def _visible_qa(user):
    qs = QAPair.objects.select_related("unit")
    if access.is_office_admin(user):
        return qs
    return qs.filter(unit__in=access.visible_units(user))


def _errors(request, exc: ValidationError, form=None) -> None:
    if form is not None and hasattr(exc, "error_dict"):
        errors_to_form(form, exc)
    else:
        for message in exc.messages:
            messages.error(request, message)


@staff_required
def dashboard(request):
    user = request.user
    return render(request, "search/staff/dashboard.html", {
        "questions": UnansweredQuestion.objects.filter(status=UnansweredQuestion.Status.OPEN)[:100],
        "flagged": _visible_qa(user).filter(status=QAPair.Status.NEEDS_REVIEW),
        "pairs": _visible_qa(user).exclude(status=QAPair.Status.NEEDS_REVIEW)[:200],
        "office_admin": access.is_office_admin(user),
    })


@staff_required
def qa_new(request):
    form = QAForm(request.POST or None, units=editable_units(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            qa = actions.create_qa(by=request.user, unit=d["unit"], question=d["question"], answer=d["answer"],
                                   sources=d["sources"])
        except ValidationError as exc:
            _errors(request, exc, form)
        else:
            messages.success(request, "问答已保存为草稿，审核员发布后对公众可见。")
            return redirect(f"/staff/search/qa/{qa.pk}/")
    return render(request, "search/staff/qa_form.html", {"form": form, "title": "新增政策问答"})


@staff_required
def faq(request):
    """常见问题: 公开答复 that can become 政策问答 pairs (titles masked: who wrote is not needed here)."""
    from zhengwu.interaction.masking import public_text

    items = [(m, public_text(m, m.title)) for m in actions.faq_candidates(request.user)[:200]]
    return render(request, "search/staff/faq.html", {"items": items})


@staff_required
def faq_new(request, pk: int):
    """A 政策问答 drafted from one 公开答复: the masked title and reply as a starting point."""
    from zhengwu.interaction.masking import public_text

    message = get_object_or_404(actions.faq_candidates(request.user), pk=pk)
    units = Unit.objects.filter(pk=message.reply_unit_id)
    initial = {"unit": message.reply_unit, "question": public_text(message, message.title)[:300],
               "answer": public_text(message, message.reply)}
    form = QAForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            qa = actions.qa_from_message(message, by=request.user, question=d["question"], answer=d["answer"],
                                         sources=d["sources"])
        except ValidationError as exc:
            _errors(request, exc, form)
        else:
            messages.success(request, "已整理为政策问答草稿，审核员发布后对公众可见。")
            return redirect(f"/staff/search/qa/{qa.pk}/")
    return render(request, "search/staff/qa_form.html", {"form": form, "title": "由常见问题整理政策问答",
                                                         "message": message})


@staff_required
def qa_edit(request, pk: int):
    qa = get_object_or_404(_visible_qa(request.user), pk=pk)
    initial = {"unit": qa.unit, "question": qa.question, "answer": qa.answer,
               "sources": "\n".join(r.document_number or str(r.pk) for r in qa.sources.all())}
    if request.method == "POST":
        op = request.POST.get("op", "save")
        if op == "publish":
            try:
                actions.publish_qa(qa, by=request.user)
            except ValidationError as exc:  # the page again, the refusal on the 发布 button (decision 1301)
                refused = ButtonForm(request.POST)
                errors_to_form(refused, exc)
                return render(request, "search/staff/qa_form.html", {
                    "form": QAForm(initial=initial, units=Unit.objects.filter(pk=qa.unit_id)), "qa": qa,
                    "title": "政策问答", "archive_form": ArchiveForm(), "publish_form": refused, "failed": True},
                    status=400)
            messages.success(request, "问答已发布。")
            return redirect(f"/staff/search/qa/{qa.pk}/")
        if op == "archive":
            archive = ArchiveForm(request.POST)
            if archive.is_valid():
                try:
                    actions.archive_qa(qa, by=request.user, reason=archive.cleaned_data["reason"])
                except ValidationError as exc:
                    errors_to_form(archive, exc)
                else:
                    messages.success(request, "问答已停用。")
                    return redirect("/staff/search/")
            return render(request, "search/staff/qa_form.html", {
                "form": QAForm(initial=initial, units=Unit.objects.filter(pk=qa.unit_id)), "qa": qa,
                "title": "政策问答", "archive_form": archive, "failed": True}, status=400)
        form = QAForm(request.POST, units=Unit.objects.filter(pk=qa.unit_id))
        if form.is_valid():
            d = form.cleaned_data
            try:
                actions.update_qa(qa, by=request.user, question=d["question"], answer=d["answer"], sources=d["sources"])
            except ValidationError as exc:
                _errors(request, exc, form)
            else:
                messages.success(request, "问答已保存。")
                return redirect(f"/staff/search/qa/{qa.pk}/")
    else:
        form = QAForm(initial=initial, units=Unit.objects.filter(pk=qa.unit_id))
    return render(request, "search/staff/qa_form.html", {"form": form, "qa": qa, "title": "政策问答",
                                                         "archive_form": ArchiveForm(), "failed": bool(form.errors)},
                  status=400 if form.errors else 200)


@staff_required
def question_detail(request, pk: int):
    """答复并收录 or 不予处理; only the posted form is bound, so a refused one alone shows its summary (1301)."""
    item = get_object_or_404(UnansweredQuestion, pk=pk)
    op = request.POST.get("op") if request.method == "POST" else None
    form = QAForm(request.POST if op and op != "dismiss" else None, units=editable_units(request.user),
                  initial={"question": item.question})
    dismiss = DismissForm(request.POST if op == "dismiss" else None)
    if op == "dismiss" and dismiss.is_valid():
        try:
            actions.dismiss_question(item, by=request.user, reason=dismiss.cleaned_data["reason"])
        except ValidationError as exc:
            errors_to_form(dismiss, exc, {"note": "reason"})
        else:
            messages.success(request, "已标记为不予处理。")
            return redirect("/staff/search/")
    elif op and op != "dismiss" and form.is_valid():
        d = form.cleaned_data
        publish = access.can_review_unit(request.user, d["unit"])
        try:
            qa = actions.answer_question(item, by=request.user, unit=d["unit"], question=d["question"],
                                         answer=d["answer"], sources=d["sources"], publish=publish)
        except ValidationError as exc:
            _errors(request, exc, form)
        else:
            messages.success(request, "已答复并收录为政策问答。" if publish else "已答复，问答待审核员发布。")
            return redirect(f"/staff/search/qa/{qa.pk}/")
    failed = form.errors or dismiss.errors
    return render(request, "search/staff/question.html", {"item": item, "form": form, "dismiss_form": dismiss,
                                                          "failed": failed}, status=400 if failed else 200)


@staff_required
def dictionary(request):
    if not access.is_office_admin(request.user):
        raise PermissionDenied("只有公开办管理员可以维护政务词典和同义词。")
    term_form, syn_form = TermForm(prefix="t"), SynonymForm(prefix="s")
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "add_term":
                term_form = TermForm(request.POST, prefix="t")
                if term_form.is_valid():
                    actions.add_term(by=request.user, **term_form.cleaned_data)
                    messages.success(request, "词条已增加。")
                    return redirect("/staff/search/dictionary/")
            elif op == "remove_term":
                actions.remove_term(get_object_or_404(DictionaryTerm, pk=request.POST.get("id")), by=request.user)
                messages.success(request, "词条已删除。")
                return redirect("/staff/search/dictionary/")
            elif op == "save_synonyms":
                syn_form = SynonymForm(request.POST, prefix="s")
                if syn_form.is_valid():
                    actions.save_synonyms(by=request.user, **syn_form.cleaned_data)
                    messages.success(request, "同义词组已保存，立即对检索生效。")
                    return redirect("/staff/search/dictionary/")
            elif op == "remove_synonyms":
                actions.remove_synonyms(get_object_or_404(SynonymGroup, pk=request.POST.get("id")), by=request.user)
                messages.success(request, "同义词组已删除。")
                return redirect("/staff/search/dictionary/")
        except ValidationError as exc:
            _errors(request, exc, term_form if op == "add_term" else syn_form if op == "save_synonyms" else None)
    return render(request, "search/staff/dictionary.html", {
        "terms": DictionaryTerm.objects.all(), "groups": SynonymGroup.objects.all(),
        "term_form": term_form, "syn_form": syn_form,
    })


@staff_required
@require_POST
def reindex(request):
    if not access.is_office_admin(request.user):
        raise PermissionDenied("只有公开办管理员可以重建索引。")
    count = indexer.reindex()
    from zhengwu.audit.log import record_event

    record_event(actor=request.user, action="search_reindex", target=request.user, target_type="search.index",
                 after={"entries": count})
    messages.success(request, f"索引已重建，共 {count} 条。")
    return redirect("/staff/search/dictionary/")
