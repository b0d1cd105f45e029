"""Validation of a 事项's elements — one place, used by the editor, the import and the actions.

Each rule names where it comes from:
- 承诺时限 ≤ 法定时限: 《国务院关于加快推进“互联网+政务服务”工作的指导意见》(国发〔2016〕55号) and 《优化营商环境条例》
  第三十五条 — 承诺时限 are a shortening of the 法定时限, never longer.
- 行政许可 needs a 设定依据: 《中华人民共和国行政许可法》第十四条至第十七条 (only laws, 行政法规, 国务院决定 and
  地方性法规/省级政府规章 within their limits may set a 许可) and 《国务院办公厅关于全面实行行政许可事项清单管理的通知》
  (国办发〔2022〕2号) — every 许可 in the 清单 lists its 设定依据.
- Every material names its source: 《优化营商环境条例》第三十五条 (公开…申请材料…) and 国办发〔2022〕2号 (申请材料
  逐项明确来源渠道).
- A 收费 事项 states its 标准 and 依据: 《优化营商环境条例》第二十五条 (收费实行目录清单管理，清单之外不得收费).
- 全程网办 = 网上办理深度 Ⅳ (elements.ONLINE_DEPTHS, 国办函〔2016〕108号), which is 网上可办 by definition.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_.]{3,63}$")
REQUIRED = {
    "code": "请填写事项编码。",
    "name": "请填写事项名称。",
    "type": "请选择事项类型。",
    "location": "请填写办理地点。",
    "hours": "请填写办理时间。",
    "consult_phone": "请填写咨询电话。",
    "complaint_phone": "请填写监督投诉电话。",
}
TYPE_LABELS = {"license", "benefit", "confirmation", "adjudication", "reward", "other_power", "public_service"}


def service_errors(data: Mapping, materials: Sequence[Mapping] = (), *, has_basis_records: bool = False  # noqa: C901 - one check per 事项 field rule, all reported together
                   ) -> dict[str, list[str]]:
    """Errors by field name (``materials`` for material rows); empty when the 事项 is valid."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field, message in REQUIRED.items():
        if not str(data.get(field) or "").strip():
            add(field, message)
    code = str(data.get("code") or "").strip()
    if code and not CODE_RE.match(code):
        add("code", "事项编码只能由字母、数字、连字符组成，长度4至64位。")
    if data.get("type") and data["type"] not in TYPE_LABELS:
        add("type", "事项类型应为行政许可、行政给付、行政确认、行政裁决、行政奖励、其他行政权力或公共服务之一。")

    legal, promised = data.get("legal_limit_workdays"), data.get("promised_limit_workdays")
    if promised is None or promised == "":
        add("promised_limit_workdays", "请填写承诺办结时限（工作日）。")
    elif legal not in (None, "") and int(promised) > int(legal):
        add("promised_limit_workdays",
            f"承诺办结时限（{promised}个工作日）不得超过法定办结时限（{legal}个工作日）。")

    if data.get("type") == "license" and not str(data.get("basis_text") or "").strip() and not has_basis_records:
        add("basis_text", "行政许可事项必须填写设定依据（《行政许可法》第十四条至第十七条）。")

    if data.get("charges_fee"):
        if not str(data.get("fee_standard") or "").strip():
            add("fee_standard", "收费事项请填写收费标准。")
        if not str(data.get("fee_basis") or "").strip():
            add("fee_basis", "收费事项请填写收费依据（收费实行目录清单管理）。")

    depth = data.get("online_depth")
    if depth in (None, "") or int(depth) not in (1, 2, 3, 4):
        add("online_depth", "网上办理深度应为一至四级。")
    elif data.get("fully_online") and int(depth) != 4:
        add("fully_online", "全程网办事项的网上办理深度应为四级。")
    if depth not in (None, "") and int(depth) >= 3 and not data.get("online_available"):
        add("online_available", "网上办理深度三级及以上的事项应为网上可办。")

    for i, m in enumerate(materials, start=1):
        name = str(m.get("name") or "").strip()
        label = f"第{i}项材料" + (f"“{name}”" if name else "")
        if not name:
            add("materials", f"{label}：请填写材料名称。")
        if not str(m.get("source") or "").strip():
            add("materials", f"{label}：请填写来源渠道。")
        copies = m.get("copies")
        if copies not in (None, "") and int(copies) < 1:
            add("materials", f"{label}：份数至少为1。")
        if m.get("exempt") and m.get("trust_level") not in (None, "", "A", "B"):
            add("materials", f"{label}：免提交的材料须为电子证照或共享数据（可信等级A或B）。")
    return errors


def flat_messages(errors: Mapping[str, list[str]]) -> list[str]:
    return [m for msgs in errors.values() for m in msgs]
