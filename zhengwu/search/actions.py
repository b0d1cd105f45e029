"""Every write to the 问答库, the dictionary, synonyms and the unanswered-question queue.

Each function checks permissions and rules first, changes nothing on failure (transaction.atomic,
ValidationError/PermissionDenied with a Chinese message) and writes the audit log. `by=None` is the system
(demo loaders, signal receivers); the public forwards questions with `by=None` too.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhengwu import pii
from zhengwu.audit.log import record_event
from zhengwu.core.text import has_markup
from zhengwu.org import access
from zhengwu.org.models import Unit

from .models import DictionaryTerm, QAPair, SynonymGroup, UnansweredQuestion

_WORD = re.compile(r"^[\u3400-\u9fffA-Za-z0-9]+$")
QUESTION_MAX = 500


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def _is_system(by) -> bool:
    return by is None


def _actor(by):
    return None if _is_system(by) else by


def _no_tags(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if has_markup(value):
        raise ValidationError({field: f"{label}不能包含 HTML 标签或脚本，请只填写文字。"})
    return value


def _snapshot(qa: QAPair) -> dict:
    return {"question": qa.question, "answer": qa.answer, "status": qa.status, "unit": qa.unit_id,
            "sources": sorted(qa.sources.values_list("pk", flat=True)) if qa.pk else []}


def _check_sources(sources: Iterable) -> list:
    from zhengwu.disclosure.models import Record

    records = list(sources or ())
    records = [r if isinstance(r, Record) else Record.objects.filter(pk=r).first() for r in records]
    if any(r is None for r in records):
        raise ValidationError({"sources": "所选政策依据不存在。"})
    for record in records:
        if record.status != Record.Status.PUBLISHED:
            raise ValidationError({"sources": f"《{record.title}》尚未发布，不能作为政策依据。"})
        if record.validity in (Record.Validity.EXPIRED, Record.Validity.REPEALED):
            raise ValidationError({"sources": f"《{record.title}》已{record.get_validity_display()}，不能作为政策依据。"})
    return records


def _clean_qa(question: str, answer: str) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    try:
        question = _no_tags(question, "question", "问题")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        answer = _no_tags(answer, "answer", "答复")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not errors.get("question") and not question:
        errors["question"] = ["请填写问题。"]
    elif len(question) > 300:
        errors["question"] = ["问题不能超过300个字。"]
    if not errors.get("answer") and not answer:
        errors["answer"] = ["请填写答复。"]
    if not errors and (pii.scan(question) or pii.scan(answer)):
        errors["answer"] = ["问答中含有身份证号或手机号等个人信息，请去除后再保存。"]
    if errors:
        raise ValidationError(errors)
    return question, answer


# --- 政策问答 ---------------------------------------------------------------------------------------------

@transaction.atomic
def create_qa(*, by, unit: Unit, question: str, answer: str, sources: Iterable = (), publish: bool = False) -> QAPair:
    """A department's Q&A pair, linked to the published, valid records it rests on."""
    if not _is_system(by):
        _require(access.can_edit_unit_content(by, unit), "您没有为该部门维护政策问答的权限。")
    question, answer = _clean_qa(question, answer)
    records = _check_sources(sources)
    if publish and not records:
        raise ValidationError({"sources": "发布的问答须至少关联一份政策依据。"})
    qa = QAPair.objects.create(unit=unit, question=question, answer=answer, created_by=_actor(by),
                               status=QAPair.Status.PUBLISHED if publish else QAPair.Status.DRAFT)
    qa.sources.set(records)
    record_event(actor=by, action="qa_create", target=qa, after=_snapshot(qa), unit=unit)
    return qa


def faq_candidates(by):
    """常见问题: published 公开答复 of the units `by` keeps Q&A for, not yet turned into a 政策问答 pair."""
    from zhengwu.interaction.models import Message

    taken = QAPair.objects.filter(origin_message__isnull=False).values("origin_message_id")
    qs = Message.objects.public().exclude(pk__in=taken).select_related("reply_unit")
    if not access.is_office_admin(by):
        qs = qs.filter(reply_unit__in=access.visible_units(by))
    return qs.order_by("-replied_date", "-id")


@transaction.atomic
def qa_from_message(message, *, by, question: str, answer: str, sources: Iterable = (),
                    publish: bool = False) -> QAPair:
    """A 常见问题 kept as a 政策问答 pair: staff reword the masked letter and reply of a published 公开答复 of
    their unit; the pair remembers its letter, so a letter becomes one pair at most."""
    from zhengwu.interaction.models import Message

    message = Message.objects.select_for_update(of=("self",)).filter(pk=message.pk).first()
    if message is None or not Message.objects.public().filter(pk=message.pk).exists():
        raise ValidationError("只有已公开的答复可以整理为政策问答。")
    if QAPair.objects.filter(origin_message=message).exists():
        raise ValidationError("这件来信已经整理为政策问答。")
    qa = create_qa(by=by, unit=message.reply_unit, question=question, answer=answer, sources=sources,
                   publish=publish)
    qa.origin_message = message
    qa.save(update_fields=["origin_message"])
    record_event(actor=by, action="qa_from_message", target=qa, after={"origin_message": message.serial},
                 unit=qa.unit)
    return qa


@transaction.atomic
def update_qa(qa: QAPair, *, by, question: str, answer: str, sources: Iterable | None = None) -> QAPair:
    qa = QAPair.objects.select_for_update().get(pk=qa.pk)
    if not _is_system(by):
        _require(access.can_edit_unit_content(by, qa.unit), "您没有修改该问答的权限。")
    question, answer = _clean_qa(question, answer)
    before = _snapshot(qa)
    records = _check_sources(sources) if sources is not None else None
    if records is not None and not records and qa.status == QAPair.Status.PUBLISHED:
        raise ValidationError({"sources": "发布的问答须至少关联一份政策依据。"})
    qa.question, qa.answer = question, answer
    qa.save()
    if records is not None:
        qa.sources.set(records)
    record_event(actor=by, action="qa_update", target=qa, before=before, after=_snapshot(qa), unit=qa.unit)
    return qa


@transaction.atomic
def publish_qa(qa: QAPair, *, by) -> QAPair:
    """Publish (or re-publish after 复核): every source must be published and still valid."""
    qa = QAPair.objects.select_for_update().get(pk=qa.pk)
    if not _is_system(by):
        _require(access.can_review_unit(by, qa.unit), "只有本部门审核员可以发布政策问答。")
    if qa.status == QAPair.Status.PUBLISHED:
        raise ValidationError("该问答已发布。")
    records = _check_sources(qa.sources.all())
    if not records:
        raise ValidationError({"sources": "发布的问答须至少关联一份政策依据。"})
    before = _snapshot(qa)
    qa.status, qa.review_reason = QAPair.Status.PUBLISHED, ""
    qa.save()
    record_event(actor=by, action="qa_publish", target=qa, before=before, after=_snapshot(qa), unit=qa.unit)
    return qa


@transaction.atomic
def archive_qa(qa: QAPair, *, by, reason: str) -> QAPair:
    qa = QAPair.objects.select_for_update().get(pk=qa.pk)
    if not _is_system(by):
        _require(access.can_review_unit(by, qa.unit), "只有本部门审核员可以停用政策问答。")
    if not (reason or "").strip():
        raise ValidationError("请填写停用理由。")
    before = _snapshot(qa)
    qa.status = QAPair.Status.ARCHIVED
    qa.save()
    record_event(actor=by, action="qa_archive", target=qa, before=before, after=_snapshot(qa), unit=qa.unit,
                 reason=reason.strip())
    return qa


def flag_qa_for_source(record) -> int:
    """A source became 失效/废止 or was taken down: hide its published Q&A and flag them for 复核.

    Called from the Record post_save receiver, so it runs in the same transaction as the change
    (zhengwu.disclosure.actions.set_validity, 立改废, unpublish).
    """
    from zhengwu.disclosure.models import Record

    if record.status == Record.Status.PUBLISHED and record.validity not in (Record.Validity.EXPIRED,
                                                                              Record.Validity.REPEALED):
        return 0
    if record.status != Record.Status.PUBLISHED:
        reason = f"政策依据《{record.title}》已撤下，请复核答复是否仍然适用。"
    else:
        reason = f"政策依据《{record.title}》已{record.get_validity_display()}，请复核答复并更新依据。"
    flagged = 0
    for qa in QAPair.objects.select_for_update().filter(sources=record, status=QAPair.Status.PUBLISHED):
        before = _snapshot(qa)
        qa.status, qa.review_reason = QAPair.Status.NEEDS_REVIEW, reason
        qa.save()
        record_event(actor=None, action="qa_flag", target=qa, before=before, after=_snapshot(qa), unit=qa.unit,
                     reason=reason)
        flagged += 1
    return flagged


# --- unanswered questions -----------------------------------------------------------------------------

@transaction.atomic
def forward_question(*, question: str, confidence: float = 0.0, by=None) -> UnansweredQuestion:
    """The asker forwards a question the 问答库 could not answer. Personal numbers are masked on the way in."""
    text = (question or "").strip()
    if not text:
        raise ValidationError({"question": "请填写您的问题。"})
    if len(text) > QUESTION_MAX:
        raise ValidationError({"question": f"问题不能超过{QUESTION_MAX}个字。"})
    text = pii.mask_text(re.sub(r"<[^>]*>", "", text)).strip()
    if not text:
        raise ValidationError({"question": "请填写您的问题。"})
    item = UnansweredQuestion.objects.create(question=text, best_confidence=max(0.0, min(1.0, confidence)))
    record_event(actor=_actor(by) or "公众", action="question_forward", target=item, after={"question": text})
    return item


@transaction.atomic
def answer_question(item: UnansweredQuestion, *, by, unit: Unit, question: str, answer: str,
                    sources: Iterable = (), publish: bool = True) -> QAPair:
    """Staff answer a queued question: the answer becomes a new Q&A pair, the question is closed."""
    item = UnansweredQuestion.objects.select_for_update().get(pk=item.pk)
    if item.status != UnansweredQuestion.Status.OPEN:
        raise ValidationError("该问题已处理。")
    if publish and not _is_system(by):
        _require(access.can_review_unit(by, unit), "只有本部门审核员可以直接发布问答；信息员请保存为草稿。")
    qa = create_qa(by=by, unit=unit, question=question or item.question, answer=answer, sources=sources,
                   publish=publish)
    before = {"status": item.status}
    item.status, item.qa, item.unit = UnansweredQuestion.Status.ANSWERED, qa, unit
    item.handled_by, item.handled_at = _actor(by), timezone.now()
    item.save()
    record_event(actor=by, action="question_answer", target=item, before=before,
                 after={"status": item.status, "qa": qa.pk}, unit=unit)
    return qa


@transaction.atomic
def dismiss_question(item: UnansweredQuestion, *, by, reason: str) -> UnansweredQuestion:
    item = UnansweredQuestion.objects.select_for_update().get(pk=item.pk)
    if not _is_system(by):
        _require((access.is_staff_member(by) and not access.is_leader(by)) or access.is_office_admin(by),
                 "您没有处理待答复问题的权限。")
    if item.status != UnansweredQuestion.Status.OPEN:
        raise ValidationError("该问题已处理。")
    if not (reason or "").strip():
        raise ValidationError({"note": "请填写不予处理的理由（如重复提问、与政务无关）。"})
    before = {"status": item.status}
    item.status, item.note = UnansweredQuestion.Status.DISMISSED, reason.strip()
    item.handled_by, item.handled_at = _actor(by), timezone.now()
    item.save()
    record_event(actor=by, action="question_dismiss", target=item, before=before, after={"status": item.status},
                 reason=reason.strip())
    return item


# --- dictionary and synonyms (公开办) ---------------------------------------------------------------------

def _changed() -> None:
    from . import segment

    segment.invalidate()
    transaction.on_commit(segment.invalidate)


def _require_office(by) -> None:
    if not _is_system(by):
        _require(access.is_office_admin(by), "只有公开办管理员可以维护政务词典和同义词。")


def _clean_word(word: str) -> str:
    from .segment import normalize

    word = normalize((word or "").strip())
    if not word:
        raise ValidationError({"word": "请填写词条。"})
    if len(word) > 40 or not _WORD.match(word):
        raise ValidationError({"word": f"词条“{word[:40]}”只能由汉字、字母或数字组成，且不超过40个字。"})
    return word


@transaction.atomic
def add_term(*, by, word: str, note: str = "") -> DictionaryTerm:
    _require_office(by)
    word = _clean_word(word)
    if DictionaryTerm.objects.filter(word=word).exists():
        raise ValidationError({"word": f"词条“{word}”已存在。"})
    term = DictionaryTerm.objects.create(word=word, note=_no_tags(note, "note", "说明")[:200], created_by=_actor(by))
    record_event(actor=by, action="dictionary_add", target=term, after={"word": word})
    _changed()
    return term


@transaction.atomic
def remove_term(term: DictionaryTerm, *, by) -> None:
    _require_office(by)
    record_event(actor=by, action="dictionary_remove", target=term, before={"word": term.word})
    term.delete()
    _changed()


def _clean_terms(terms) -> str:
    if isinstance(terms, str):
        terms = re.split(r"[\s,，、/／]+", terms)
    cleaned: list[str] = []
    for t in terms:
        if (t or "").strip():
            word = _clean_word(t)
            if word not in cleaned:
                cleaned.append(word)
    if len(cleaned) < 2:
        raise ValidationError({"terms": "同义词组至少需要两个不同的词，如“社会保险 社保”。"})
    return " ".join(cleaned)


@transaction.atomic
def save_synonyms(*, by, terms, group: SynonymGroup | None = None, note: str = "") -> SynonymGroup:
    """Create or change a synonym group (first word canonical). Takes effect for queries at once."""
    _require_office(by)
    value = _clean_terms(terms)
    clash = SynonymGroup.objects.filter(terms=value).exclude(pk=group.pk if group else None)
    if clash.exists():
        raise ValidationError({"terms": "相同的同义词组已存在。"})
    before = {"terms": group.terms} if group else None
    if group is None:
        group = SynonymGroup(created_by=_actor(by))
    group.terms, group.note = value, _no_tags(note, "note", "说明")[:200]
    group.save()
    record_event(actor=by, action="synonyms_save", target=group, before=before, after={"terms": value})
    _changed()
    return group


@transaction.atomic
def remove_synonyms(group: SynonymGroup, *, by) -> None:
    _require_office(by)
    record_event(actor=by, action="synonyms_remove", target=group, before={"terms": group.terms})
    group.delete()
    _changed()
