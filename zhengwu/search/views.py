"""Public search and 政策问答 pages. Thin: they call engine/qa/actions and render."""
from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from zhengwu.applications import captcha
from zhengwu.core.forms import errors_to_form
from zhengwu.org.models import Unit

from . import actions, engine, forwarding, qa
from .api import _int, help_links
from .forms import ForwardForm
from .models import QAPair, SearchEntry

FILTER_NAMES = ("type", "publisher", "year", "validity", "site")
ASK_QUERY_CHARS = 200


def _shortened(request, limit: int):
    """Over-long input is cut (the engine reads no further) so the page address stays short."""
    q = request.GET.get("q", "")
    if len(q) <= limit:
        return None
    params = request.GET.copy()
    params["q"] = q[:limit]
    return redirect(f"{request.path}?{params.urlencode()}")


def search_page(request):
    if response := _shortened(request, engine.max_query_chars()):
        return response
    q = request.GET.get("q", "")
    chosen = {name: request.GET.get(name, "") for name in FILTER_NAMES}
    filters = engine.make_filters(**chosen)
    result = engine.search(q, filters=filters, page=_int(request.GET.get("page"))) if q.strip() else None

    def link(**change):
        params = {"q": q, **chosen, **change}
        return "?" + urlencode({k: v for k, v in params.items() if v})

    facet_groups = []
    if result:
        titles = {"type": "类型", "publisher": "发布机构", "year": "年份", "validity": "有效性"}
        for name, values in result.facets.items():
            options = [{"label": v["label"], "count": v["count"], "url": link(**{name: v["value"], "page": ""}),
                        "current": chosen[name] == v["value"]} for v in values]
            if options:
                facet_groups.append({"name": name, "title": titles[name], "options": options,
                                     "clear": link(**{name: "", "page": ""}) if chosen[name] else ""})
    pages = {}
    if result and result.pages > 1:
        pages = {"prev": link(page=result.page - 1) if result.page > 1 else "",
                 "next": link(page=result.page + 1) if result.page < result.pages else ""}
    return render(request, "search/search.html", {
        "q": q, "result": result, "facet_groups": facet_groups, "pages": pages, "sample_size": engine.count_cap(),
        "help_links": help_links(q.strip()),
        "related_links": [(w, "?" + urlencode({"q": w})) for w in (result.related if result else [])],
        "suggestion_links": [(w, "?" + urlencode({"q": w})) for w in (result.suggestions if result else [])],
        "hot_links": [(w, "?" + urlencode({"q": w})) for w in engine.hot_terms()],
    })


@require_http_methods(["GET", "POST"])
def ask_page(request):
    """问答 and, when no answer is close enough, 转交人工答复; a refused forward shows the page again with the error
    summary and a new captcha (decision 1301), nothing filed."""
    if request.method == "POST":
        form, status = ForwardForm(request.POST), 400
        refused = forwarding.refusal(request, request.POST.get("captcha", ""))  # counted on every attempt
        if form.is_valid() and not refused:
            question = form.cleaned_data["question"]
            try:
                actions.forward_question(question=question, confidence=qa.ask(question).confidence)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, "您的问题已转交工作人员。答复后将收录到政策问答库，欢迎稍后再来查询。")
                return redirect("/search/qa/")
        if refused:
            status = refused[0]
            if status != 400:
                form.add_error(None, refused[1])
            elif not form.has_error("captcha"):  # an empty box already says 请填写验证码的计算结果
                form.add_error("captcha", refused[1])
        q = request.POST.get("question", "")[:ASK_QUERY_CHARS]
        result = qa.ask(q) if q.strip() else None
        form.ask(captcha.new_challenge(request), again=True)
        return render(request, "search/ask.html", {"q": q, "result": result, "help_links": help_links(),
                                                   "form": form}, status=status)
    if response := _shortened(request, ASK_QUERY_CHARS):
        return response
    q = request.GET.get("q", "")
    result = qa.ask(q) if q.strip() else None
    form = None
    if result and not result.answered:
        form = ForwardForm(initial={"question": q})
        form.ask(captcha.new_challenge(request))
    return render(request, "search/ask.html", {"q": q, "result": result, "help_links": help_links(), "form": form})


def qa_detail(request, pk: int):
    item = get_object_or_404(QAPair.objects.select_related("unit"), pk=pk, status=QAPair.Status.PUBLISHED)
    sources = item.sources.public()
    return render(request, "search/qa_detail.html", {"item": item, "sources": sources})


def unit_detail(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk, is_active=True)
    if not SearchEntry.objects.filter(kind=SearchEntry.Kind.UNIT, object_id=unit.pk).exists():
        raise Http404
    return render(request, "search/unit_detail.html", {"unit": unit})
