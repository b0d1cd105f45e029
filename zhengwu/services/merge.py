"""一件事一次办 智能导办: turn a citizen's answers into one 一次告知单. Pure — no database.

The rules (衡南 政务服务要点: “最小颗粒化梳理业务办理情形…一次告知、一次表单”; 国办发〔2022〕32号 附件 一件事一次办):
- The 事项 that apply are the life event's 必办 事项, plus those an chosen option adds, minus those an chosen
  option removes (removal wins: an answer that makes a 事项 unnecessary is the point of asking).
- A 事项's material is asked when it is 必要 or 非必要; a 情形必要 material only when a chosen option adds it; a
  chosen option may remove any material (免交).
- A material needed by several 事项 is listed once (same name after normalising spaces and brackets), with every
  事项 it serves; copies are the largest asked. It can be skipped (电子证照/共享免提交, or 告知承诺) only if every
  事项 that asks for it allows that — one 事项 wanting the paper means bring the paper.
- Where and in which order: the 事项 in the life event's 办理顺序, each with its place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MaterialIn:
    id: int
    name: str
    necessity: str = "required"  # required | conditional | optional
    copies: int = 1
    form: str = "paper"
    exempt: str = ""  # "" | e_license | shared
    commitment: bool = False
    tolerance: bool = False


@dataclass(frozen=True)
class ServiceIn:
    code: str
    name: str
    always: bool = True
    location: str = ""
    unit: str = ""
    promised_limit_workdays: int | None = None
    materials: tuple[MaterialIn, ...] = ()


@dataclass(frozen=True)
class OptionIn:
    id: int
    text: str
    include_services: frozenset[str] = frozenset()
    exclude_services: frozenset[str] = frozenset()
    include_materials: frozenset[int] = frozenset()
    exclude_materials: frozenset[int] = frozenset()


@dataclass(frozen=True)
class QuestionIn:
    id: int
    text: str
    options: tuple[OptionIn, ...]


@dataclass
class MergedMaterial:
    name: str
    serves: list[str]
    copies: int
    forms: list[str]
    exempt: str
    commitment: bool
    tolerance: bool
    optional: bool
    ids: list[int] = field(default_factory=list)

    @property
    def skippable(self) -> bool:
        return bool(self.exempt) or self.commitment


@dataclass
class Checklist:
    services: list[ServiceIn]
    materials: list[MergedMaterial]
    answered: list[tuple[QuestionIn, OptionIn]]

    @property
    def to_submit(self) -> list[MergedMaterial]:
        return [m for m in self.materials if not m.skippable]

    @property
    def skippable(self) -> list[MergedMaterial]:
        return [m for m in self.materials if m.skippable]

    @property
    def codes(self) -> list[str]:
        return [s.code for s in self.services]


class AnswerError(ValueError):
    """An answer that does not fit the life event (question not asked, option not offered)."""


_SPACE = re.compile(r"\s+")


def material_key(name: str) -> str:
    return _SPACE.sub("", name).replace("（", "(").replace("）", ")")


def check_answers(questions: tuple[QuestionIn, ...] | list[QuestionIn], answers: dict[int, int]
                  ) -> list[tuple[QuestionIn, OptionIn]]:
    by_id = {q.id: q for q in questions}
    chosen = []
    for qid, oid in answers.items():
        question = by_id.get(qid)
        if question is None:
            raise AnswerError(f"问题 {qid} 不属于这件事，请重新选择。")
        option = next((o for o in question.options if o.id == oid), None)
        if option is None:
            raise AnswerError(f"选项 {oid} 不是问题“{question.text}”的选项。")
        chosen.append((question, option))
    order = {q.id: i for i, q in enumerate(questions)}
    return sorted(chosen, key=lambda qo: order[qo[0].id])


def merge(services: list[ServiceIn], questions: list[QuestionIn], answers: dict[int, int]) -> Checklist:
    chosen = check_answers(questions, answers)
    options = [o for _, o in chosen]
    add_s = set().union(*(o.include_services for o in options))
    drop_s = set().union(*(o.exclude_services for o in options))
    add_m = set().union(*(o.include_materials for o in options))
    drop_m = set().union(*(o.exclude_materials for o in options))
    applicable = [s for s in services if (s.always or s.code in add_s) and s.code not in drop_s]
    merged: dict[str, MergedMaterial] = {}
    per_key: dict[str, list[MaterialIn]] = {}
    for s in applicable:
        for m in s.materials:
            if m.id in drop_m:
                continue
            if m.necessity == "conditional" and m.id not in add_m:
                continue
            key = material_key(m.name)
            per_key.setdefault(key, []).append(m)
            if key not in merged:
                merged[key] = MergedMaterial(name=m.name.strip(), serves=[], copies=0, forms=[], exempt=m.exempt,
                                             commitment=True, tolerance=True, optional=True)
            item = merged[key]
            if s.code not in item.serves:
                item.serves.append(s.code)
            item.ids.append(m.id)
            item.copies = max(item.copies, m.copies)
            if m.form not in item.forms:
                item.forms.append(m.form)
    for key, item in merged.items():
        mats = per_key[key]
        exempts = {m.exempt for m in mats}
        item.exempt = exempts.pop() if len(exempts) == 1 else ""
        item.commitment = all(m.commitment for m in mats)
        item.tolerance = all(m.tolerance for m in mats)
        item.optional = all(m.necessity == "optional" for m in mats)
    return Checklist(services=applicable, materials=list(merged.values()), answered=chosen)


def parse_answers(text: str) -> dict[int, int]:
    """"q1:o1,q2:o3" (or "1:1,2:3") → {1: 1, 2: 3}; anything else is an AnswerError."""
    answers: dict[int, int] = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        q, sep, o = part.partition(":")
        q, o = q.strip().lstrip("qQ"), o.strip().lstrip("oO")
        if not sep or not q.isdigit() or not o.isdigit():
            raise AnswerError(f"无法识别的回答“{part}”，格式应为“问题编号:选项编号”，如 q1:o2。")
        if int(q) in answers:
            raise AnswerError(f"问题 {q} 回答了两次。")
        answers[int(q)] = int(o)
    return answers
