"""Demo data for search: the dictionary and synonyms (seeded by migration, re-ensured here) and 政策问答 pairs
linked to the demo records, built through the action functions. Idempotent. Called by `zhengwu load_demo`.
"""
from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhengwu.disclosure.models import Record
from zhengwu.org.models import Unit

from . import actions, indexer, segment
from .models import DictionaryTerm, QAPair, SynonymGroup, UnansweredQuestion

SOURCE_PREFIX = "示范数据："

# (unit code, question, answer, source keys of zhengwu.importer.demo_data)
QA_PAIRS = [
    ("zfb", "怎样申请政府信息公开？",
     "可通过县人民政府门户网站“依申请公开”栏目在线提交，也可到县政务服务中心一楼政务公开窗口或通过信函提交申请。"
     "申请须写明申请人姓名或名称、联系方式以及所需政府信息的名称、文号或便于查询的其他特征性描述。",
     ["guide_xzf", "guide_zfb"]),
    ("zfb", "政府信息公开申请多长时间答复？",
     "能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复，需要延长的经负责人同意可延长不超过20个工作日。",
     ["guide_xzf"]),
    ("mzj", "今年城乡低保标准是多少？",
     "城市低保标准为每人每月680元，农村低保标准为每人每年5700元，具体以县民政局发布的标准通知为准。",
     ["dibao_standard"]),
    ("mzj", "遇到突发困难可以申请临时救助吗？",
     "因意外事件、突发重大疾病等导致基本生活暂时出现严重困难的家庭或个人，可向户籍所在地乡镇（街道）申请临时救助。",
     ["relief_q3"]),
    ("jyj", "家庭经济困难学生有哪些资助政策？",
     "学前教育阶段减免保育教育费，义务教育阶段补助家庭经济困难寄宿生生活费，普通高中发放国家助学金并免除学杂费。"
     "请向就读学校提出申请。",
     ["aid_students"]),
    ("spj", "“一件事一次办”在哪里办理？",
     "到县政务服务中心“一件事一次办”综合窗口办理，实行一窗受理、集成服务；也可在政务服务网上申报。",
     ["news_spj"]),
    ("spj", "对政务服务不满意怎么评价？",
     "可以在办事窗口评价器、政务服务网或“好差评”二维码对服务作出评价，差评将在规定时限内回访整改。",
     ["nf_evaluation"]),
    ("zfb", "城区停车免费停放多长时间？",
     "根据县人民政府修改后的《示范县城区停车管理办法》，路内泊位免费停放时长为30分钟。",
     ["nf_parking_amend"]),
    ("zfb", "农村宅基地管理办法还有效吗？",
     "《示范县农村宅基地管理办法》已由县人民政府决定废止，现按省农村宅基地管理规定执行。",
     ["nf_homestead_repeal"]),
    ("czj", "县级财政预算在哪里公开？",
     "县级财政预算、决算和“三公”经费在县人民政府门户网站政府信息公开专栏的“财政预决算”栏目公开。",
     ["budget_year", "final_prev"]),
    ("yjj", "防汛应急响应启动后要注意什么？",
     "远离河道、山塘和地质灾害隐患点，服从转移安排，关注县防汛抗旱指挥部发布的预警信息。",
     ["flood_response"]),
    ("rsj", "公益性岗位招聘哪些人？",
     "面向就业困难人员招聘，具体条件、岗位和报名方式见县人力资源和社会保障局发布的招聘公告。",
     ["jobs_public"]),
]

DEMO_QUESTIONS = ["新生儿医保怎么办理参保？", "老年人乘车优待证在哪里办？"]


def _record(key: str) -> Record | None:
    return Record.objects.public().filter(source=f"{SOURCE_PREFIX}{key}").first()


@transaction.atomic
def load_demo(*, government: Unit, units: list[Unit], today: dt.date) -> None:
    for word, _freq in segment.file_dictionary():
        if not DictionaryTerm.objects.filter(word=word).exists():
            actions.add_term(by=None, word=word, note="内置")
    for group in segment.file_synonyms():
        if not SynonymGroup.objects.filter(terms=" ".join(group)).exists():
            actions.save_synonyms(by=None, terms=group, note="内置")
    by_code = {u.code: u for u in Unit.objects.all()}
    for code, question, answer, keys in QA_PAIRS:
        unit = by_code.get(code) or government
        sources = [r for r in (_record(k) for k in keys) if r is not None and r.validity in ("valid", "amended")]
        if not sources or QAPair.objects.filter(question=question).exists():
            continue
        actions.create_qa(by=None, unit=unit, question=question, answer=answer, sources=sources, publish=True)
    for question in DEMO_QUESTIONS:
        if not UnansweredQuestion.objects.filter(question=question).exists():
            actions.forward_question(question=question)
    indexer.reindex()
    indexer.optimize()
