"""The 政府网站与政务新媒体检查指标 (国办秘函〔2019〕19号) as data: each indicator the platform can measure, its
threshold and its source. Checks (checks.py) read the numbers from here, never from literals, so a province that
tightens a threshold edits one line.

单项否决 (first part of the table): any one fails the site outright (不合格), and the scored part is not counted.
扣分指标 (second part): 100 points, deductions per finding capped per indicator; below 60 is 不合格.
Texts quoted from the indicator table as republished by inspecting offices (e.g. a 2022 Q4 self-check table
citing 国办秘函〔2019〕19号): "监测 2 周，首页无信息更新的，即单项否决"; "监测时间点前 2 周内的动态、要闻类栏目，
以及监测时间点前 6 个月内的通知公告、政策文件类一级栏目，累计超过（含）5 个未更新"; "空白栏目数量超过（含）5
个"; "监测时间点前 1 年内…存在超过 3 个月未回应有效留言的现象". Deduction points follow the second part's
pattern (per finding, capped); the platform-only items (有效性, 年度报告 deadline, response time) cite the rule
they come from instead.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SOURCE = "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    single_veto: bool
    source: str
    threshold: dict = field(default_factory=dict)
    points: float = 0          # deducted per finding (scored items)
    max_points: float = 0      # cap for this indicator
    needs: str = ""            # an app that must exist for the indicator to apply ("interaction", "services")


SINGLE_VETO = [
    Indicator("reachable", "站点无法访问", True, f"{SOURCE} 单项否决·站点无法访问",
              {"timeout_seconds": 15, "failure_ratio": 0.05}),
    Indicator("home_updated", "首页不更新", True, f"{SOURCE} 单项否决·首页不更新", {"days": 14}),
    Indicator("columns_updated", "栏目不更新", True, f"{SOURCE} 单项否决·栏目不更新（第1项）",
              {"news_days": 14, "notice_days": 183, "max_stale": 5,
               "news_words": ["动态", "要闻", "新闻"], "notice_words": ["通知", "公告", "公示", "政策文件", "文件"]}),
    Indicator("empty_columns", "空白栏目", True, f"{SOURCE} 单项否决·栏目不更新（第3项）", {"max_empty": 5}),
    Indicator("messages_answered", "互动回应差", True, f"{SOURCE} 单项否决·互动回应差（第2项）",
              {"window_days": 365, "unanswered_days": 92}, needs="interaction"),
    Indicator("guides_complete", "服务不实用", True, f"{SOURCE} 单项否决·服务不实用（办事指南要素）",
              {"elements": ["事项名称", "设定依据", "申请条件", "办理材料", "办理地点", "办理机构", "收费标准",
                            "办理时间", "联系电话", "办理流程"], "max_missing_elements": 3, "max_bad_guides": 5},
              needs="services"),
]

SCORED = [
    Indicator("links_home", "首页链接不可用", False, f"{SOURCE} 扣分指标·链接可用性", points=1, max_points=5),
    Indicator("links_other", "其他页面链接及附件不可用", False, f"{SOURCE} 扣分指标·链接可用性",
              points=0.1, max_points=5),
    Indicator("interpretation", "规范性文件未解读", False, f"{SOURCE} 扣分指标·解读回应（政策解读）",
              points=1, max_points=5),
    Indicator("validity", "文件未标注有效性", False,
              "文件库要求：规章、规范性文件“根据立改废情况动态更新效力状态”（中方县2021年政务公开任务分工第（十）项）",
              points=0.5, max_points=5),
    Indicator("annual_report", "年度报告未按时发布", False,
              "《政府信息公开条例》第五十条：每年1月31日前公布本行政机关上一年度政府信息公开工作年度报告",
              {"month": 1, "day": 31}, points=5, max_points=5),
    Indicator("identifiers", "网站标识缺失", False,
              f"{SOURCE} 扣分指标·网站标识（网站标识码、ICP备案编号、公安机关备案标识）", points=1, max_points=3),
    Indicator("error_report_link", "未设置“我为政府网站找错”入口", False,
              f"{SOURCE} 扣分指标·网站标识（“我为政府网站找错”监督举报入口）", points=1, max_points=1),
    Indicator("response_time", "首页响应慢", False,
              "平台自定阈值（站点无法访问指标以 15 秒为打不开，本项以 3 秒为慢）", {"slow_seconds": 3},
              points=1, max_points=2),
]

PASS_SCORE = 60
BY_CODE = {i.code: i for i in SINGLE_VETO + SCORED}
