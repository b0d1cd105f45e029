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
    # The 问答 page's example question (search/ask.html placeholder) must itself be answered.
    ("rsj", "社保关系怎么转移到外省？",
     "转往外省就业的，向新就业地社会保险经办机构提出转移申请，也可通过国家社会保险公共服务平台或“掌上12333”在线申请；"
     "县社会保险经办机构收到联系函后15个工作日内办结转出手续，无需回本县办理。",
     ["insurance_transfer"]),
    ("zfb", "惠企政策怎么兑现？",
     "按《示范县惠企政策兑现办法》，政策实行清单管理，符合条件的实行“免申即享”，其余可在县政务服务网“惠企政策”专区在线申报。",
     ["nf_huiqi"]),
    ("jyj", "校外培训机构有哪些管理规定？",
     "按县教育局《关于规范校外培训机构管理的实施办法》，校外培训机构须依法取得办学许可，规范办学行为，减轻义务教育阶段学生"
     "过重的校外培训负担。",
     ["nf_training"]),
    ("rsj", "公务员考试录用的职位和条件在哪里看？",
     "县人力资源和社会保障局发布的考试录用公务员职位表列明了职位、名额和报考条件，详见公告附件。",
     ["civil_exam"]),
    ("bsx", "耕地地力保护补贴每亩多少钱？",
     "白水乡本年度耕地地力保护补贴标准为每亩105元，通过“一卡通”直接发放到户。",
     ["subsidy_bsx"]),
    ("qsz", "农村危房改造对象怎么确定？",
     "经村民小组评议、村委会审核后在镇政府公示，公示无异议的确定为农村危房改造对象。",
     ["repair_qsz"]),
    ("czj", "行政事业性收费项目在哪里查？",
     "县财政局公布行政事业性收费目录清单，清单之外的收费一律不得执行。",
     ["fees_year"]),
    ("spj", "县里有哪些政务服务事项可以办理？",
     "县行政审批服务局公布的政务服务事项清单列明了全县可办理的事项，共计1326项。",
     ["permit_list"]),
    ("yjj", "发生地质灾害怎么应对？",
     "县人民政府制定了《示范县突发地质灾害应急预案》，发现险情要立即撤离危险区并报告当地政府或县应急管理局。",
     ["plan_geo"]),
    ("scjgj", "“双随机、一公开”抽查结果在哪里公示？",
     "县市场监督管理局在“双随机一公开”专题公示抽查计划和抽查结果，发现的问题均已责令整改。",
     ["random_plan", "random_result"]),
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
