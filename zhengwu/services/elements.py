"""The national 实施清单 vocabularies as data, each with the document that defines it.

- 事项类型: the seven types of 《国务院关于加快推进全国一体化在线政务服务平台建设的指导意见》(国发〔2018〕27号) and
  the 《全国一体化在线政务服务平台 政务服务事项基本目录及实施清单》 standard (GB/T 42447-2023 uses the same list):
  行政许可、行政给付、行政确认、行政裁决、行政奖励、其他行政权力、公共服务.
- 网上办理深度 Ⅰ–Ⅳ: 《"互联网+政务服务"技术体系建设指南》(国办函〔2016〕108号) 第三部分 (政务服务事项
  网上办理深度): 一级 网上公开办事指南; 二级 在线预约、表格下载; 三级 网上预审 (到现场不超过1次);
  四级 全程网办 (0次跑动).
- 材料可信等级 A–D: 国办函〔2016〕108号 (申请材料的电子化程度与可信度分级), from 电子证照/共享数据 (A) to
  申请人自备的纸质材料 (D).
"""
from __future__ import annotations

from dataclasses import dataclass

DEPTH_SOURCE = "《“互联网+政务服务”技术体系建设指南》（国办函〔2016〕108号）——政务服务事项网上办理深度"
TRUST_SOURCE = "《“互联网+政务服务”技术体系建设指南》（国办函〔2016〕108号）——申请材料可信等级"
TYPE_SOURCE = "《国务院关于加快推进全国一体化在线政务服务平台建设的指导意见》（国发〔2018〕27号）及政务服务事项实施清单标准"


@dataclass(frozen=True)
class Level:
    value: int
    roman: str
    name: str
    description: str
    max_visits: int | None


ONLINE_DEPTHS: tuple[Level, ...] = (
    Level(1, "Ⅰ", "一级（网上公开）", "网上提供办事指南、表格样表，申请人到现场办理。", None),
    Level(2, "Ⅱ", "二级（在线预约）", "在一级基础上提供表格下载、在线预约，到现场办理。", None),
    Level(3, "Ⅲ", "三级（网上预审）", "在线提交申请材料并预审，申请人到现场不超过1次。", 1),
    Level(4, "Ⅳ", "四级（全程网办）", "申请、受理、审查、决定、送达全程网上办理，到办事大厅0次。", 0),
)


def depth(value: int) -> Level:
    for level in ONLINE_DEPTHS:
        if level.value == value:
            return level
    raise ValueError(f"网上办理深度只能是1至4级，收到：{value}")


DEPTH_CHOICES = [(lv.value, f"{lv.roman} {lv.name}") for lv in ONLINE_DEPTHS]


@dataclass(frozen=True)
class Trust:
    code: str
    name: str
    description: str


TRUST_LEVELS: tuple[Trust, ...] = (
    Trust("A", "A级", "电子证照或部门共享数据，可直接调用，无需申请人提交。"),
    Trust("B", "B级", "政府部门核发的材料，经在线核验可信。"),
    Trust("C", "C级", "第三方机构出具或申请人提交的电子材料，需人工核验。"),
    Trust("D", "D级", "申请人自备的纸质材料，需窗口核验原件。"),
)
TRUST_CHOICES = [(t.code, f"{t.name}：{t.description}") for t in TRUST_LEVELS]
