"""办事服务 public pages (/bsfw/): 办事指南, 事项 by unit / 主题 / 一件事, the 智能导办 (a plain GET form, no
JavaScript needed) with its 一次告知单, 网上一事一评 and the public 好差评 statistics."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zhengwu.applications import captcha
from zhengwu.org.models import Unit

from . import actions, checklist, documents, elements, merge, rating_metrics
from .forms import GuideRatingForm, SituationForm
from .models import Audience, LifeEvent, Material, Rating, Service, Theme

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(content: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def index(request):
    units = (Unit.objects.filter(services__is_active=True).annotate(n=Count("services", filter=Q(
        services__is_active=True))).order_by("sort_order", "id"))
    theme_counts = dict(Service.objects.public().values_list("theme").annotate(n=Count("id")))
    themes = [(code, label, theme_counts[code]) for code, label in Theme.choices if theme_counts.get(code)]
    events = LifeEvent.objects.filter(is_active=True)
    return render(request, "services/index.html", {
        "units": units, "themes": themes,
        "person_events": [e for e in events if e.audience == Audience.PERSON],
        "legal_events": [e for e in events if e.audience == Audience.LEGAL],
    })


def _service_list(request, title: str, services, crumb: str):
    return render(request, "services/service_list.html", {
        "title": title, "crumb": crumb, "services": services.select_related("unit")})


def by_unit(request, code):
    unit = get_object_or_404(Unit, code=code)
    return _service_list(request, f"{unit.name}政务服务事项", Service.objects.public().of_unit(unit), unit.name)


def by_theme(request, theme):
    labels = dict(Theme.choices)
    if theme not in labels:
        raise Http404
    return _service_list(request, f"主题：{labels[theme]}", Service.objects.public().filter(theme=theme),
                         labels[theme])


def _service(code) -> Service:
    qs = Service.objects.public().select_related("unit").prefetch_related(
        Prefetch("materials", queryset=Material.objects.order_by("order", "id")), "basis_records")
    return get_object_or_404(qs, code=code)


def guide(request, code):
    service = _service(code)
    form = GuideRatingForm()
    return _guide(request, service, form)


def _changed(fields: list[str]) -> str:
    """A version's changed elements in words (申请材料 for the material list)."""
    names = []
    for f in fields:
        if f == "materials":
            names.append("申请材料")
        elif f in {x.name for x in Service._meta.fields} | {"basis_records"}:
            names.append(str(Service._meta.get_field(f).verbose_name))
    return "、".join(names)


def _guide(request, service, form, status=200, thanks=False):
    versions = [(v, _changed(v.changed_fields)) for v in
                service.versions.only("number", "changed_at", "note", "changed_fields")[:5]]
    ctx = {
        "service": service, "rows": documents.guide_rows(service), "depth": elements.depth(service.online_depth),
        "depth_source": elements.DEPTH_SOURCE, "versions": versions,
        "basis_records": [r for r in service.basis_records.all() if r.is_published],
        "events": LifeEvent.objects.filter(is_active=True, entries__service=service).distinct(),
        "form": form, "thanks": thanks,
    }
    form.ask(captcha.new_challenge(request), again=form.is_bound)
    return render(request, "services/guide.html", ctx, status=status)


def guide_docx(request, code):
    service = _service(code)
    return _docx(documents.guide_docx(service), f"{service.name}办事指南.docx")


THANKS_KEY = "bsfw_rated"


def rate_guide(request, code):
    service = _service(code)
    if request.method != "POST":
        return redirect("services_public:guide", code=code)
    form = GuideRatingForm(request.POST)
    count, window = captcha.submit_limit()
    if captcha.rate_limited(request, "bsfw_rate", limit=count, window=window):
        form.is_valid()
        form.add_error(None, "提交过于频繁，请稍后再试。")
        return _guide(request, service, form, status=429)
    answer_ok = captcha.check(request, request.POST.get("captcha", ""))
    if form.is_valid():
        if not answer_ok:
            form.add_error("captcha", "验证码不正确，请计算新的题目后重新填写。")
        else:
            d = form.cleaned_data
            try:
                actions.rate(by=None, target=Rating.Target.GUIDE, channel="online", service=service,
                             level=d["level"], reason=d["reason"], real_name=d["real_name"],
                             rater_name=d["rater_name"], rater_phone=d["rater_phone"])
            except ValidationError as exc:
                from zhengwu.core.forms import errors_to_form

                errors_to_form(form, exc, {})
            else:
                return _guide(request, service, GuideRatingForm(), thanks=True)
    return _guide(request, service, form, status=400)


def life_events(request):
    events = LifeEvent.objects.filter(is_active=True).annotate(n=Count("entries"))
    return render(request, "services/life_events.html", {
        "person_events": [e for e in events if e.audience == Audience.PERSON],
        "legal_events": [e for e in events if e.audience == Audience.LEGAL]})


def life_event(request, pk, fmt=None):
    event = get_object_or_404(LifeEvent, pk=pk, is_active=True)
    services, questions = checklist.load(event)
    asked = any(k == "show" or k[:1] == "q" for k in request.GET)
    form = SituationForm(questions, request.GET if asked else None)
    result = None
    if form.is_bound and not form.is_valid():
        return render(request, "services/life_event.html", {"event": event, "questions": questions, "form": form},
                      status=400)
    answers = form.answers() if form.is_bound else {}
    if "show" in request.GET or answers:
        result = merge.merge(services, questions, answers)
    if fmt == "docx":
        result = result or merge.merge(services, questions, {})
        return _docx(documents.checklist_docx(event, result), f"{event.name}一次告知单.docx")
    names = {s.code: s.name for s in services}
    return render(request, "services/life_event.html", {
        "event": event, "questions": questions, "form": form, "result": result, "names": names,
        "query": request.GET.urlencode()})


def rating_stats(request):
    today = timezone.localdate()
    year = int(request.GET.get("year") or today.year) if str(request.GET.get("year", "")).isdigit() or not \
        request.GET.get("year") else today.year
    rows = rating_metrics.monthly_by_unit(year)
    return render(request, "services/rating_stats.html", {"year": year, "rows": rows,
                                                           "levels": rating_metrics.LEVEL_LABELS})
