"""The 一次告知单 merge, checked under EVERY combination of answers (each question answered with any option, or left
unanswered) of one life event (开办餐饮店), against an oracle written the slow, obvious way."""
import itertools

import pytest

from zhengwu.services.merge import (
    AnswerError,
    MaterialIn,
    OptionIn,
    QuestionIn,
    ServiceIn,
    check_answers,
    merge,
    parse_answers,
)

M = MaterialIn
SERVICES = [
    ServiceIn("S1", "企业设立登记", True, "综合窗口1号", materials=(
        M(1, "居民身份证"), M(2, "住所（经营场所）证明", commitment=True), M(3, "公司章程", necessity="conditional"))),
    ServiceIn("S2", "食品经营许可", True, "综合窗口2号", materials=(
        M(4, "营业执照", exempt="e_license"), M(5, "居民 身份证", copies=2), M(6, "经营场所平面图", commitment=True),
        M(7, "从业人员健康证明", necessity="optional"))),
    ServiceIn("S3", "户外招牌设置备案", False, "城管窗口", materials=(M(8, "居民身份证"), M(9, "招牌设计效果图"))),
    ServiceIn("S4", "公众聚集场所投入使用前消防安全检查", False, "消防窗口", materials=(
        M(10, "经营场所平面图"), M(11, "消防设计审查意见", exempt="shared"))),
]
QUESTIONS = [
    QuestionIn(1, "经营主体类型", (OptionIn(11, "个体工商户", exclude_materials=frozenset({3})),
                                   OptionIn(12, "公司", include_materials=frozenset({3})))),
    QuestionIn(2, "经营面积", (OptionIn(21, "300平方米及以下"), OptionIn(22, "300平方米以上",
                                                                  include_services=frozenset({"S4"})))),
    QuestionIn(3, "门头招牌", (OptionIn(31, "不设置"), OptionIn(32, "设置招牌", include_services=frozenset({"S3"})),
                               OptionIn(33, "设置招牌，效果图已备案", include_services=frozenset({"S3"}),
                                        exclude_materials=frozenset({9})))),
]


def oracle(answers):
    chosen = [o for q in QUESTIONS for o in q.options if answers.get(q.id) == o.id]
    services = [s for s in SERVICES if s.always or any(s.code in o.include_services for o in chosen)]
    services = [s for s in services if not any(s.code in o.exclude_services for o in chosen)]
    rows = []  # (normalised name, service code, material)
    for s in services:
        for m in s.materials:
            if any(m.id in o.exclude_materials for o in chosen):
                continue
            if m.necessity == "conditional" and not any(m.id in o.include_materials for o in chosen):
                continue
            rows.append((m.name.replace(" ", ""), s.code, m))
    names = sorted({r[0] for r in rows})
    out = {}
    for n in names:
        mine = [r for r in rows if r[0] == n]
        out[n] = {
            "serves": sorted({r[1] for r in mine}),
            "copies": max(r[2].copies for r in mine),
            "skippable": all(r[2].exempt == mine[0][2].exempt and r[2].exempt for r in mine)
            or all(r[2].commitment for r in mine),
        }
    return [s.code for s in services], out


ALL = list(itertools.product(*[[None, *[o.id for o in q.options]] for q in QUESTIONS]))


@pytest.mark.parametrize("combo", ALL, ids=["-".join(str(x) for x in c) for c in ALL])
def test_every_combination_matches_the_oracle(combo):
    answers = {q.id: o for q, o in zip(QUESTIONS, combo, strict=True) if o is not None}
    result = merge(SERVICES, QUESTIONS, answers)
    codes, materials = oracle(answers)
    assert result.codes == codes
    got = {m.name.replace(" ", ""): {"serves": sorted(m.serves), "copies": m.copies, "skippable": m.skippable}
           for m in result.materials}
    assert got == materials
    names = [m.name.replace(" ", "") for m in result.materials]
    assert len(names) == len(set(names)), "every material once"
    assert {m.name for m in result.to_submit} | {m.name for m in result.skippable} == {m.name for m in
                                                                                       result.materials}


def test_hand_checked_combination():
    """公司, 400㎡, 设置招牌: 4 事项; 身份证 once for S1, S2, S3 with 2 copies; 平面图 must be brought (消防 wants it)."""
    r = merge(SERVICES, QUESTIONS, {1: 12, 2: 22, 3: 32})
    assert r.codes == ["S1", "S2", "S3", "S4"]
    by = {m.name: m for m in r.materials}
    assert by["居民身份证"].serves == ["S1", "S2", "S3"] and by["居民身份证"].copies == 2
    assert by["经营场所平面图"].serves == ["S2", "S4"] and not by["经营场所平面图"].skippable
    assert by["公司章程"].serves == ["S1"]
    assert {m.name for m in r.skippable} == {"住所（经营场所）证明", "营业执照", "消防设计审查意见"}
    small = merge(SERVICES, QUESTIONS, {1: 11, 2: 21, 3: 31})
    assert small.codes == ["S1", "S2"]
    assert {m.name for m in small.skippable} == {"住所（经营场所）证明", "营业执照", "经营场所平面图"}


def test_answers_that_do_not_fit_are_refused():
    with pytest.raises(AnswerError, match="不属于这件事"):
        check_answers(QUESTIONS, {9: 11})
    with pytest.raises(AnswerError, match="不是问题“经营面积”的选项"):
        check_answers(QUESTIONS, {2: 11})
    assert parse_answers("q1:o12, q2:o22") == {1: 12, 2: 22}
    assert parse_answers("") == {}
    for bad in ("q1", "q1:x", "1:2,1:3"):
        with pytest.raises(AnswerError):
            parse_answers(bad)
