"""Letters to the applicant (and the third party), from the staff-editable `LetterTemplate`s.

Every reply cites the exact article it rests on (OUTCOME_ARTICLES) and names the remedy: 行政复议 within
60 days (《中华人民共和国行政复议法》第二十条) to the body that has jurisdiction (同法第二十四条: a county department's
or a township's act → the county people's government; the county government's own act → the next level up, a
setting), or 行政诉讼 within 6 months (《中华人民共和国行政诉讼法》第四十六条). A letter's text is frozen when issued.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Template

from zhengwu import docx_out
from zhengwu.audit.log import record_event
from zhengwu.org.models import Unit

from . import outcomes
from .actions._common import _check_handler, _date, _event
from .models import Application, Consultation, Fee, Letter, LetterTemplate

TIAOLI = "《中华人民共和国政府信息公开条例》"

OUTCOME_ARTICLES: dict[str, str] = {
    "granted": f"{TIAOLI}第三十六条第（二）项",
    "partial": f"{TIAOLI}第三十七条",
    "withheld_state_secret": f"{TIAOLI}第十四条、第三十六条第（三）项",
    "withheld_law_prohibits": f"{TIAOLI}第十四条、第三十六条第（三）项",
    "withheld_three_safety": f"{TIAOLI}第十四条、第三十六条第（三）项",
    "withheld_third_party": f"{TIAOLI}第十五条、第三十二条、第三十六条第（三）项",
    "withheld_internal": f"{TIAOLI}第十六条第一款、第三十六条第（三）项",
    "withheld_process": f"{TIAOLI}第十六条第二款、第三十六条第（三）项",
    "withheld_enforcement_file": f"{TIAOLI}第十六条第二款、第三十六条第（三）项",
    "withheld_query": f"{TIAOLI}第三十六条第（三）项、第（七）项",
    "unable_not_held": f"{TIAOLI}第三十六条第（四）项",
    "unable_needs_creation": f"{TIAOLI}第三十八条",
    "unable_unclear_after_correction": f"{TIAOLI}第三十条",
    "not_processed_petition": f"{TIAOLI}第三十九条第一款",
    "not_processed_repeat": f"{TIAOLI}第三十六条第（六）项",
    "not_processed_publication": f"{TIAOLI}第三十九条第二款",
    "not_processed_excessive": f"{TIAOLI}第三十五条",
    "not_processed_confirm": f"{TIAOLI}第三十八条",
    "other_no_correction": f"{TIAOLI}第三十条",
    "other_fee_unpaid": f"{TIAOLI}第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "other_other": f"{TIAOLI}第三十六条第（七）项",
}
ALREADY_PUBLIC_ARTICLE = f"{TIAOLI}第三十六条第（一）项"
NOT_OUR_AGENCY_ARTICLE = f"{TIAOLI}第三十六条第（五）项"

OUTCOME_SENTENCES = {
    "other_no_correction": "本机关已告知{you}补正申请，{you}无正当理由逾期未补正，视为放弃申请。",
    "other_fee_unpaid": "本机关已向{you}发出收费通知，{you}逾期未按收费通知要求缴纳费用，视为放弃申请。",
    "other_other": "",
}

REPLY_TEMPLATE_BY_GROUP = {
    "granted": "reply_granted", "partial": "reply_partial", "withheld": "reply_withheld",
    "unable": "reply_unable", "not_processed": "reply_not_processed", "other": "reply_other",
}
KIND_LABELS = {"reply": "答复告知书", "correction": "补正告知书", "extension": "延期答复告知书",
               "consultation": "第三方意见征询函", "fee": "收费通知书"}


SENTENCE_ENDS = "。！？…”』」）)"
CLAUSE_PUNCTUATION = "。；，、：！？.;,: "


def addressee(app: Application) -> str:
    """How a letter speaks to the applicant: 您 to a natural person, 你单位 to a legal person or other organisation."""
    return "你单位" if app.is_organisation else "您"


def sentence(text: str) -> str:
    """Staff-typed text placed where a sentence ends gets its 。 (each line of a list too)."""
    lines = [line.rstrip() for line in (text or "").strip().splitlines()]
    return "\n".join(line if not line or line.endswith(tuple(SENTENCE_ENDS)) else line.rstrip("；;，,、：: ") + "。"
                     for line in lines)


def clause(text: str) -> str:
    """Staff-typed text placed inside a sentence (因……，) loses a trailing full stop."""
    return (text or "").strip().rstrip(CLAUSE_PUNCTUATION)


def letter_kind(template_key: str) -> str:
    return KIND_LABELS["reply" if template_key.startswith("reply") else template_key]


def download_name(app: Application, letter: Letter) -> str:
    """依申请公开-2026-000050-答复告知书.docx: the case and the kind of letter, not a database id."""
    return f"依申请公开-{app.serial}-{letter_kind(letter.template_key)}.docx"


def cn_date(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def review_body(unit: Unit) -> str:
    """行政复议法第二十四条: who hears a 行政复议 about this unit's reply."""
    if unit.kind == Unit.Kind.GOVERNMENT:
        return getattr(settings, "ZHENGWU_REVIEW_BODY_FOR_GOVERNMENT", "上一级人民政府")
    node = unit.parent
    while node is not None and node.kind != Unit.Kind.GOVERNMENT:
        node = node.parent
    return node.name if node else "本级人民政府"


def remedy_text(unit: Unit) -> str:
    court = getattr(settings, "ZHENGWU_COURT_NAME", "有管辖权的人民法院")
    return (f"如对本告知书不服，可以自收到本告知书之日起六十日内向{review_body(unit)}申请行政复议"
            f"（《中华人民共和国行政复议法》第二十条），或者自收到本告知书之日起六个月内向{court}提起行政诉讼"
            f"（《中华人民共和国行政诉讼法》第四十六条）。")


def outcome_article(app: Application) -> str:
    if app.final_outcome == "unable_not_held" and app.referred_agency:
        return NOT_OUR_AGENCY_ARTICLE
    if app.final_outcome == "granted" and app.already_public:
        return ALREADY_PUBLIC_ARTICLE
    return OUTCOME_ARTICLES.get(app.final_outcome, TIAOLI)


def template_key_for(app: Application, kind: str) -> str:
    if kind == "reply":
        if not app.final_outcome:
            raise ValidationError("本申请尚未作出办理结果，不能生成答复告知书。")
        return REPLY_TEMPLATE_BY_GROUP[outcomes.BY_CODE[app.final_outcome].group]
    if kind not in KIND_LABELS:
        raise ValidationError("文书类型不正确。")
    return kind


def context_for(app: Application, kind: str, *, date: dt.date, consultation: Consultation | None = None,
                fee: Fee | None = None) -> dict:
    """Variables a template may use. Raises a Chinese ValidationError when the case lacks the letter's facts."""
    unit = app.unit
    ctx = {
        "unit_name": unit.name, "unit_address": unit.address, "unit_phone": unit.phone,
        "applicant_name": app.applicant_name, "serial": app.serial, "description": app.description,
        "received_date": cn_date(app.received_date), "date": cn_date(date), "due_date": cn_date(app.due_date),
        "remedy": remedy_text(unit), "reason": sentence(app.outcome_reason), "referred_agency": app.referred_agency,
        "already_public": app.already_public, "you": addressee(app),
    }
    if kind == "reply":
        o = outcomes.BY_CODE[app.final_outcome]
        ctx.update(article=outcome_article(app), outcome_label=outcomes.choice_label(o),
                   outcome_short=o.label.split(".", 1)[-1], outcome_sentence=OUTCOME_SENTENCES.get(o.code, "").format(you=ctx["you"]))
    elif kind == "correction":
        c = getattr(app, "correction", None)
        if c is None:
            raise ValidationError("本申请没有补正记录，不能生成补正告知书。")
        ctx.update(article=f"{TIAOLI}第三十条", correction_items=sentence(c.items), correction_deadline=cn_date(c.deadline))
    elif kind == "extension":
        e = getattr(app, "extension", None)
        if e is None:
            raise ValidationError("本申请没有延期记录，不能生成延期答复告知书。")
        ctx.update(article=f"{TIAOLI}第三十三条第二款", extension_days=e.days, extension_reason=clause(e.reason))
    elif kind == "consultation":
        c = consultation or app.consultations.filter(kind=Consultation.Kind.THIRD_PARTY).last()
        if c is None:
            raise ValidationError("本申请没有征求第三方意见的记录，不能生成征询函。")
        article = f"{TIAOLI}第三十二条" if c.kind == Consultation.Kind.THIRD_PARTY else f"{TIAOLI}第三十四条"
        ctx.update(article=article, party_name=c.party_name, consultation_deadline=cn_date(c.reply_deadline))
    elif kind == "fee":
        f = fee or app.fees.exclude(status=Fee.FeeStatus.WAIVED).last()
        if f is None:
            raise ValidationError("本申请没有收费记录，不能生成收费通知书。")
        ctx.update(article=f"{TIAOLI}第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
                           + ("第四条" if f.method == Fee.Method.PER_ITEM else "第五条"),
                   fee_method=f.get_method_display(), fee_amount=f"{f.amount:.2f}", fee_calculation=sentence(f.calculation),
                   fee_deadline=cn_date(f.pay_deadline))
    return ctx


def render(app: Application, kind: str, *, date: dt.date, **extra) -> tuple[str, str, str]:
    """(template key, title, body text) — used for the preview and when issuing."""
    key = template_key_for(app, kind)
    template = LetterTemplate.objects.filter(key=key).first()
    if template is None:
        raise ValidationError(f"文书模板“{key}”不存在，请联系公开办管理员。")
    ctx = context_for(app, kind, date=date, **extra)
    body = Template("{% autoescape off %}" + template.body + "{% endautoescape %}").render(Context(ctx))
    return key, template.title, body.strip()


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]


@transaction.atomic
def issue(app: Application, *, by, kind: str, date: dt.date | str | None = None, **extra) -> Letter:
    """Freeze a letter's text and number it (the case history and audit log note it)."""
    app = Application.objects.select_related("unit").get(pk=app.pk)
    _check_handler(by, app)
    date = _date(date, "date", "文书日期") if date else clock_today()
    key, title, body = render(app, kind, date=date, **extra)
    n = app.letters.count() + 1
    number = f"{app.unit.display_name}依申〔{date.year}〕{app.pk}-{n}号"
    letter = Letter.objects.create(application=app, template_key=key, title=title, number=number, body=body,
                                   issued_date=date)
    _event(app, by, "letter", f"出具《{title}》（{number}）。", date=date)
    record_event(actor=by, action="application_letter", target=app, after={"letter": number, "template": key},
                 unit=app.unit)
    return letter


def clock_today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def to_docx(letter: Letter, unit: Unit) -> bytes:
    """The letter as a .docx (python-docx): title, number, paragraphs, unit name and date at the foot."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = docx_out.official_document(letter.title)
    num = doc.add_paragraph(letter.number)
    num.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text in paragraphs(letter.body):
        for line in text.split("\n"):
            doc.add_paragraph(line)
    for text in (unit.name, cn_date(letter.issued_date)):
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return docx_out.to_bytes(doc)

