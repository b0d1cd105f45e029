"""The 一件事一次办 editor in the workbench: the 政务服务管理机构 (公开办管理员, the approving stage of the 事项 chain)
lists, creates and changes life events, their 事项 and 情形 questions; actions.save_life_event checks and saves the
whole 一件事 in one transaction, and the public 导办 uses it at once (decision 1508)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from zhengwu.core.forms import errors_to_form
from zhengwu.org import access
from zhengwu.org.decorators import staff_required

from . import actions
from .forms import EntryFormSet, LifeEventForm, OptionFormSet, QuestionFormSet
from .models import LifeEvent, Material, Service

EFFECTS = ("include_services", "exclude_services", "include_materials", "exclude_materials")


def _require_office(user) -> None:
    if not access.is_office_admin(user):
        raise PermissionDenied("一件事由政务服务管理机构（公开办管理员）维护。")


@staff_required
def life_event_list(request):
    _require_office(request.user)
    events = LifeEvent.objects.annotate(n_services=Count("entries", distinct=True),
                                        n_questions=Count("questions", distinct=True))
    return render(request, "services/staff_life_events.html", {"events": events})


def _catalog() -> tuple[list, dict[int, Service]]:
    """Every 事项 once per page, grouped by 实施主体 for the select (one query, not one per row)."""
    services = list(Service.objects.select_related("unit").only("code", "name", "is_active", "unit__name"))
    groups: dict[str, list] = {}
    for s in services:
        groups.setdefault(s.unit.name, []).append((s.pk, f"{s.name}（{s.code}）" + ("" if s.is_active else "（已停用）")))
    return list(groups.items()), {s.pk: s for s in services}


def _event_service_ids(request, event: LifeEvent | None) -> list[int]:
    """The 事项 an option may name: those of the saved 一件事 and those chosen on the posted form."""
    ids = list(event.entries.values_list("service_id", flat=True)) if event is not None else []
    if request.method == "POST":
        for key, value in request.POST.items():
            if key.startswith("e-") and key.endswith("-service") and value.isdigit() and int(value) not in ids:
                ids.append(int(value))
    return ids


def _initial(event: LifeEvent) -> tuple[dict, list[dict], list[tuple[dict, list[dict]]]]:
    entries = [{"service": e.service_id, "always": e.always} for e in event.entries.all()]
    questions = []
    for q in event.questions.prefetch_related(*(f"options__{k}" for k in EFFECTS)):
        options = [{"id": o.pk, "text": o.text, **{k: [x.pk for x in getattr(o, k).all()] for k in EFFECTS}}
                   for o in q.options.all()]
        questions.append(({"id": q.pk, "text": q.text}, options))
    data = {f: getattr(event, f) for f in LifeEventForm.Meta.fields}
    return data, entries, questions


def _forms(request, event, catalog, by_pk):
    """The page's form, 事项 rows, and each 情形 question with its option rows (bound on POST)."""
    ids = _event_service_ids(request, event)
    service_choices = [(pk, by_pk[pk].name) for pk in ids if pk in by_pk]
    materials = sorted(Material.objects.filter(service_id__in=ids).select_related("service"),
                       key=lambda m: (ids.index(m.service_id), m.order, m.pk))
    material_choices = [(m.pk, f"{m.name}（{m.service.name}{'，情形必要' if m.necessity == 'conditional' else ''}）")
                        for m in materials]
    kwargs = {"service_choices": service_choices, "material_choices": material_choices}
    if request.method == "POST":
        form = LifeEventForm(request.POST, instance=LifeEvent())
        entry_fs = EntryFormSet(request.POST, prefix="e", form_kwargs={"service_choices": catalog})
        question_fs = QuestionFormSet(request.POST, prefix="q")
        option_fss = [OptionFormSet(request.POST, prefix=f"q-{i}-o", form_kwargs=kwargs)
                      for i in range(len(question_fs.forms))]
    else:
        data, entries, questions = _initial(event) if event else ({"is_active": True}, [], [])
        form = LifeEventForm(initial=data)
        entry_fs = EntryFormSet(initial=entries, prefix="e", form_kwargs={"service_choices": catalog})
        question_fs = QuestionFormSet(initial=[q for q, _ in questions], prefix="q")
        option_fss = [OptionFormSet(initial=questions[i][1] if i < len(questions) else None, prefix=f"q-{i}-o",
                                    form_kwargs=kwargs) for i in range(len(question_fs.forms))]
    for n, f in enumerate(entry_fs.forms, start=1):  # rows on one line lose the list's numbers: the label says it
        f.fields["service"].label = f"第{n}个事项"
    return form, entry_fs, question_fs, option_fss, {m.pk: m for m in materials}, bool(service_choices)


def _row_errors(form, entry_fs, question_fs, option_fss) -> bool:
    """Copy every row's message into the page's summary (the rows are not Django forms of their own there)."""
    ok = True
    for label, fs in [("包含的事项", entry_fs), ("情形问题", question_fs)] + [
            (f"第{i}个情形问题的选项", ofs) for i, ofs in enumerate(option_fss, start=1)]:
        if fs.is_valid():
            continue
        ok = False
        for n, errors in enumerate(fs.errors, start=1):
            for messages_ in errors.values():
                form.add_error(None, [f"{label}第{n}行：{m}" for m in messages_])
        for m in fs.non_form_errors():
            form.add_error(None, f"{label}：{m}")
    return ok


def _rows(entry_fs, question_fs, option_fss, by_pk, materials_by_pk):
    """The action's shapes from the rows: blank and deleted rows left out, ids turned into 事项 and materials."""
    entries = [(by_pk[f.cleaned_data["service"]], f.cleaned_data["always"]) for f in entry_fs.forms
               if f.cleaned_data.get("service") and not f.cleaned_data.get("DELETE")]
    questions = []
    for qf, ofs in zip(question_fs.forms, option_fss, strict=True):
        if qf.cleaned_data.get("DELETE"):
            continue
        options = [o.cleaned_data for o in ofs.forms if not o.cleaned_data.get("DELETE") and not o.is_blank()]
        text = qf.cleaned_data.get("text") or ""
        if not text.strip() and not options:
            continue
        questions.append({"id": qf.cleaned_data.get("id"), "text": text, "options": [{
            "id": o["id"], "text": o["text"],
            "include_services": [by_pk[x] for x in o["include_services"]],
            "exclude_services": [by_pk[x] for x in o["exclude_services"]],
            "include_materials": [materials_by_pk[x] for x in o["include_materials"]],
            "exclude_materials": [materials_by_pk[x] for x in o["exclude_materials"]]} for o in options]})
    return entries, questions


@staff_required
def life_event_edit(request, pk=None):
    """New 一件事, or the whole of 一件事 `pk`: elements, 事项 in 办理顺序, 情形 questions and their options."""
    _require_office(request.user)
    event = get_object_or_404(LifeEvent, pk=pk) if pk else None
    catalog, by_pk = _catalog()
    form, entry_fs, question_fs, option_fss, materials_by_pk, has_services = _forms(request, event, catalog, by_pk)
    status = 200
    if request.method == "POST":
        form_ok = form.is_valid()
        rows_ok = _row_errors(form, entry_fs, question_fs, option_fss)
        if rows_ok and not form_ok:  # the rows' problems in the same round as the form's (decision 1301, 4)
            entries, questions = _rows(entry_fs, question_fs, option_fss, by_pk, materials_by_pk)
            for problems in actions.life_event_errors({"name": "-"}, entries, questions).values():
                form.add_error(None, problems)
        if rows_ok and form_ok:
            entries, questions = _rows(entry_fs, question_fs, option_fss, by_pk, materials_by_pk)
            data = {f: form.cleaned_data[f] for f in LifeEventForm.Meta.fields}
            try:
                saved = actions.save_life_event(by=request.user, data=data, entries=entries, questions=questions,
                                                life_event=event)
            except ValidationError as exc:
                errors_to_form(form, exc, {"entries": None, "questions": None})
            else:
                messages.success(request, f"已保存“{saved.name}”，办事服务的智能导办已按新的情形提问。")
                return redirect("services_staff:life_event_edit", pk=saved.pk)
        status = 400
    return render(request, "services/staff_life_event_form.html", {
        "event": event, "form": form, "entry_fs": entry_fs, "question_fs": question_fs,
        "questions": list(zip(question_fs.forms, option_fss, strict=True)), "has_services": has_services}, status=status)
