"""A generated corpus of government-style records and a query mix, for `zhengwu bench_search`.

Text is composed from the project's own phrase lists. Topics follow a Zipf-like distribution (a few
subjects — 政务公开, 教育, 社会保险 — are common, most are rare), so a two-character term such as 社保
hits a realistic few per cent of documents, and 文号 are unique per issuing office, year and serial.
Deterministic for a given seed.
"""
from __future__ import annotations

import datetime as dt
import random

ORGS = ["县政府办", "县教育局", "县人社局", "县医保局", "县住建局", "县农业农村局", "县卫健委", "县民政局",
        "县财政局", "县自然资源局", "县生态环境局", "县应急管理局", "县市场监管局", "县交通运输局", "县水利局",
        "县文旅广体局", "县行政审批局", "县公安局", "县司法局", "县退役军人事务局"]
CODES = ["政办发", "教发", "人社发", "医保发", "建发", "农发", "卫健发", "民发", "财发", "自然资发", "环发",
         "应急发", "市监发", "交发", "水发", "文旅发", "审批发", "公发", "司发", "退役发"]
PREFIXES = ["槐", "衡", "赫", "中", "益", "湘", "岳", "邵", "常", "娄", "郴", "永", "怀", "吉", "张", "株",
            "潭", "韶", "冷", "耒"]

TOPICS = [
    ("政务公开", ["政务公开", "政府信息公开", "主动公开", "依申请公开", "政策解读", "政府网站", "政务新媒体",
              "基层政务公开", "标准化规范化", "年度报告", "公开目录", "回应关切"]),
    ("教育", ["义务教育", "学前教育", "招生入学", "学生资助", "教师队伍", "校园安全", "课后服务", "校车",
            "学籍管理", "营养改善计划"]),
    ("社会保险", ["社会保险", "社保", "养老保险", "失业保险", "工伤保险", "转移接续", "参保缴费", "待遇领取",
              "社保卡", "城乡居民"]),
    ("医疗保障", ["医疗保障", "医保", "异地就医", "门诊统筹", "大病保险", "医疗救助", "定点医药机构", "报销比例"]),
    ("住房", ["住房公积金", "公积金", "保障性住房", "棚户区改造", "老旧小区改造", "不动产登记", "物业管理",
            "房屋征收"]),
    ("农业农村", ["乡村振兴", "高标准农田", "耕地保护", "种粮补贴", "农村人居环境", "农产品质量", "动物防疫",
              "农民合作社"]),
    ("营商环境", ["营商环境", "放管服", "一件事一次办", "跨省通办", "证明事项告知承诺制", "好差评",
              "双随机一公开", "企业开办", "惠企政策", "减税降费"]),
    ("民政", ["最低生活保障", "低保", "特困人员", "临时救助", "养老服务", "残疾人两项补贴", "婚姻登记",
            "殡葬改革"]),
    ("应急", ["防汛抗旱", "森林防火", "安全生产", "应急预案", "地质灾害", "隐患排查", "应急演练"]),
    ("生态环境", ["大气污染防治", "河长制", "水污染防治", "秸秆禁烧", "环境影响评价", "生态保护红线"]),
    ("财政", ["财政预决算", "预决算", "三公经费", "政府采购", "专项资金", "债务管理", "绩效评价"]),
    ("卫生健康", ["疫苗接种", "家庭医生", "公共卫生", "爱国卫生", "传染病防控", "妇幼健康"]),
    ("交通", ["农村公路", "道路运输", "公交线路", "交通安全", "治超"]),
    ("就业", ["就业创业", "职业技能培训", "创业担保贷款", "农民工工资", "公益性岗位"]),
    ("市场监管", ["食品安全", "药品安全", "特种设备", "计量检定", "价格监督", "营业执照"]),
]
TOPIC_WEIGHTS = [1.0 / (i + 1) ** 0.9 for i in range(len(TOPICS))]

ACTIONS = ["做好", "加强", "进一步规范", "开展", "印发", "调整", "公布", "推进", "实施", "落实"]
FORMS = ["的通知", "的实施意见", "的实施方案", "管理办法", "工作要点", "的公告", "的通告", "的批复", "考核办法"]
GENERIC = [
    "各乡镇人民政府、街道办事处，县直机关各单位：",
    "为深入贯彻落实上级有关决策部署，结合我县实际，现就有关事项通知如下。",
    "各单位要高度重视，加强组织领导，明确责任分工，确保各项工作落到实处。",
    "县人民政府将把此项工作纳入年度绩效考核，对工作不力的单位予以通报。",
    "本办法自发布之日起施行，有效期五年。",
    "请各地各部门认真贯彻执行，执行中遇到的问题及时向县人民政府办公室反映。",
    "要坚持以人民为中心的发展思想，切实增强群众获得感。",
    "各牵头单位于每季度末报送工作进展情况。",
    "加强政策宣传解读，及时回应社会关切，营造良好氛围。",
    "严格落实信息公开保密审查制度，做到应公开尽公开。",
]
TEMPLATES = [
    "关于{t}工作，{u}要严格按照有关规定组织实施，做好{t}的日常管理。",
    "进一步完善{t}相关制度，推动{t}与{t2}协同推进。",
    "群众办理{t}业务，可通过政务服务网或到县政务服务中心窗口办理。",
    "到{y}年底，全县{t}工作取得明显成效，{t2}水平显著提升。",
    "对{t}中发现的问题，由{u}牵头督促整改，整改情况向社会公开。",
    "{u}负责{t}的统筹协调，各相关部门按职责分工负责。",
]
QUESTIONS = [
    "社保关系怎么转移到外省", "异地就医怎么备案报销", "公积金提取需要哪些材料", "孩子上小学怎么报名入学",
    "低保申请条件是什么", "企业开办需要多长时间", "不动产登记去哪里办理", "怎么申请创业担保贷款",
    "老旧小区改造包括哪些内容", "种粮补贴什么时候发放", "残疾人两项补贴怎么申请", "森林防火期有哪些规定",
    "如何申请政府信息公开", "三公经费在哪里公开", "食品安全问题怎么投诉", "家庭医生签约有什么好处",
]


class Corpus:
    def __init__(self, seed: int = 20260101):
        self.rng = random.Random(seed)
        self.serials: dict[tuple[int, int], int] = {}

    def record(self, i: int, today: dt.date) -> dict:
        rng = self.rng
        topic_idx = rng.choices(range(len(TOPICS)), TOPIC_WEIGHTS)[0]
        _, terms = TOPICS[topic_idx]
        org = rng.randrange(len(ORGS))
        prefix = PREFIXES[i % len(PREFIXES)]
        days_ago = int(rng.triangular(0, 365 * 14, 0))
        published = today - dt.timedelta(days=days_ago)
        year = published.year
        serial = self.serials.get((org, year), 0) + 1 + (i % 3)
        self.serials[(org, year)] = serial
        number = f"{prefix}{CODES[org]}〔{year}〕{serial}号"
        t = rng.choice(terms)
        title = f"{prefix}{ORGS[org][1:]}关于{rng.choice(ACTIONS)}{year}年{t}{rng.choice(terms)}{rng.choice(FORMS)}"
        sentences = [GENERIC[0]] + [rng.choice(GENERIC[1:]) for _ in range(2)]
        for _ in range(rng.randint(3, 8)):
            tpl = rng.choice(TEMPLATES)
            sentences.append(tpl.format(t=rng.choice(terms), t2=rng.choice(terms), u=ORGS[org], y=year + 1))
        if rng.random() < 0.15:  # cross-topic mentions
            sentences.append(rng.choice(TEMPLATES).format(
                t=rng.choice(TOPICS[rng.randrange(len(TOPICS))][1]), t2=t, u=ORGS[org], y=year))
        validity = "valid"
        if days_ago > 365 * 5 and rng.random() < 0.3:
            validity = rng.choice(["expired", "repealed", "amended"])
        return {"title": title, "document_number": number, "body": "".join(f"<p>{s}</p>" for s in sentences),
                "published": published, "validity": validity, "org": org}

    def queries(self, numbers: list[str], per_kind: int) -> list[tuple[str, str]]:
        rng = random.Random(7)
        out: list[tuple[str, str]] = []
        styles = [lambda n: n, lambda n: n.replace("〔", "[").replace("〕", "]"),
                  lambda n: n.replace("〔", "【").replace("〕", "】第"), lambda n: n.replace("〔", "(").replace("〕", ")"),
                  lambda n: "请问" + n.replace("〔", "（").replace("〕", "）") + "还有效吗"]
        for k in range(per_kind):
            out.append(("docnum", styles[k % len(styles)](rng.choice(numbers))))
        shorts = ["社保", "医保", "低保", "校车", "公积金", "就业", "防汛", "耕地", "疫苗", "预算", "采购", "救助"]
        for k in range(per_kind):
            out.append(("short", shorts[k % len(shorts)]))
        for k in range(per_kind):
            a, b = rng.sample(TOPICS, 1)[0][1], None
            words = rng.sample(a, 2)
            if k % 3 == 0:
                b = rng.choice(["通知", "办法", "2024", "县教育局", "工作要点"])
            out.append(("multi", " ".join(words + ([b] if b else []))))
        for k in range(per_kind):
            out.append(("question", QUESTIONS[k % len(QUESTIONS)]))
        return out
