"""Search and 政策问答 JSON endpoints (mounted under /api/v1/ by zhengwu.api.api)."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Router, Schema

from zhengwu.applications import captcha
from zhengwu.core.params import bounded_int

from . import actions, engine, forwarding, qa

router = Router(tags=["搜索"])


class SearchItem(Schema):
    type: str
    title: str
    url: str
    document_number: str
    snippet: str
    published_date: dt.date | None
    validity: str
    validity_label: str
    type_label: str
    publisher: str
    pinned: bool


class FacetValue(Schema):
    value: str
    label: str
    count: int


class Link(Schema):
    label: str
    url: str


class SearchOut(Schema):
    count: int
    count_is_estimate: bool = False  # true: count is a lower bound (too many matches to count them all)
    items: list[SearchItem]
    page: int
    pages: int
    relaxed: bool
    missing_words: list[str] = []  # query words that found nothing and were left out of the search
    facets_are_sample: bool = False  # facet counts taken from the first matches only (see count_is_estimate)
    facets: dict[str, list[FacetValue]]
    suggestions: list[str]
    related: list[str]
    help: list[Link]


def help_links(q: str = "") -> list[dict]:
    """Never a dead end: where to go when search does not have it."""
    from urllib.parse import urlencode

    ask = "/search/qa/" + (f"?{urlencode({'q': q})}" if q else "")
    return [{"label": "问一问政策问答", "url": ask},
            {"label": "申请政府信息公开（依申请公开）", "url": "/yisq/"}]


def _int(value, default: int = 1) -> int:
    return bounded_int(value, default=default, low=1, high=10_000)


@router.get("/search", response=SearchOut, summary="全文检索",
            description="检索已公开的政府信息、政策解读、政策问答、栏目和机构。q 中含文号（任意括号写法）时该文件排在首位；"
                        "snippet 为已转义的 HTML，命中词以 <mark> 标出。")
def search(request, q: str = "", type: str = "", site: str = "", publisher: str = "", year: str = "",
           validity: str = "", page: str = "1"):
    filters = engine.make_filters(type=type, site=site, publisher=publisher, year=year, validity=validity)
    result = engine.search(q, filters=filters, page=_int(page))
    return {"count": result.count, "count_is_estimate": result.count_is_estimate, "items": [h.as_dict() for h in result.items], "page": result.page,
            "pages": result.pages, "relaxed": result.relaxed, "missing_words": result.missing,
            "facets_are_sample": result.facets_are_sample, "facets": result.facets,
            "suggestions": result.suggestions, "related": result.related, "help": help_links(result.query)}


class Source(Schema):
    title: str
    url: str
    document_number: str
    validity: str


class AnswerOut(Schema):
    id: int
    question: str
    answer: str
    url: str
    unit: str
    confidence: float
    sources: list[Source]


class AskOut(Schema):
    question: str
    answered: bool
    confidence: float
    threshold: float
    message: str
    answers: list[AnswerOut]
    help: list[Link]


@router.get("/qa", response=AskOut, summary="政策问答",
            description="返回最匹配的问答及其政策依据和匹配度（0–1）。低于阈值时 answered 为 false，可通过 POST /qa/forward 转交人工答复。")
def ask(request, q: str = ""):
    result = qa.ask(q)
    if result.answered:
        message = "以下答复来自各部门维护的政策问答库，请以政策原文为准。"
    elif not result.question:
        message = "请输入您想了解的问题。"
    else:
        message = "暂时无法准确回答这个问题。您可以把问题转交工作人员答复，或申请政府信息公开。"
    return {"question": result.question, "answered": result.answered, "confidence": result.confidence,
            "threshold": result.threshold, "message": message, "answers": [a.as_dict() for a in result.answers],
            "help": help_links()}


class ForwardIn(Schema):
    question: str
    captcha: str = ""


class ForwardOut(Schema):
    id: int
    message: str


class ErrorOut(Schema):
    message: str


class CaptchaOut(Schema):
    question: str


@router.get("/qa/captcha", response=CaptchaOut, summary="转交人工答复的验证码",
            description="返回一道算术题，答案保存在会话中（请保留 Cookie）；POST /qa/forward 的 captcha 填阿拉伯数字答案。"
                        "每道题只能用一次。")
def forward_captcha(request):
    return {"question": captcha.new_challenge(request)}


@router.post("/qa/forward", response={201: ForwardOut, 400: ErrorOut, 429: ErrorOut}, summary="转交人工答复",
             description="需先 GET /qa/captcha 取得验证码；每个 IP 每小时限 20 次。")
def forward(request, payload: ForwardIn):
    refused = forwarding.refusal(request, payload.captcha)
    if refused:
        return refused[0], {"message": refused[1]}
    try:
        item = actions.forward_question(question=payload.question, confidence=qa.ask(payload.question).confidence)
    except ValidationError as exc:
        return 400, {"message": "；".join(exc.messages)}
    return 201, {"id": item.pk, "message": "您的问题已转交工作人员，答复后将收录到政策问答库。"}
