"""信息处理费 (《政府信息公开信息处理费管理办法》，国办函〔2020〕109号), computed with the calculation shown.

第三条: 按件计收 or 按量计收, never both for one application; both 超额累进 (marginal tiers).
第四条 按件计收 (per applicant, cumulative within one natural month):
  ≤ 10件 free; the part 11–30件 100元/件; from 31件 each further band of 10件 adds 100元/件
  (31–40 200元/件, 41–50 300元/件, …).
第五条 按量计收 (paper copies, e-mail, copied electronic data; per application):
  ≤ 30页 free; 31–100页 10元/页; 101–200页 20元/页; ≥ 201页 40元/页.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

PER_ITEM_RULE = "《政府信息公开信息处理费管理办法》第四条（按件计收，同一申请人一个自然月内累计，超额累进）"
PER_PAGE_RULE = "《政府信息公开信息处理费管理办法》第五条（按量计收，超额累进）"


@dataclass(frozen=True)
class Band:
    low: int   # first unit in the band (inclusive)
    high: int | None  # last unit (inclusive); None = open
    rate: Decimal


@dataclass
class FeeCalculation:
    method: str
    quantity: int  # 件 (cumulative this month, including this application) or 页
    amount: Decimal  # for this application only
    lines: list[str]
    rule: str

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


PAGE_BANDS = [Band(1, 30, Decimal(0)), Band(31, 100, Decimal(10)), Band(101, 200, Decimal(20)),
              Band(201, None, Decimal(40))]


def item_rate(n: int) -> Decimal:
    """Rate of the n-th 件 of the month (第四条)."""
    if n <= 10:
        return Decimal(0)
    if n <= 30:
        return Decimal(100)
    return Decimal(100) * (2 + (n - 31) // 10)


def _marginal(units: range, rate_of) -> tuple[Decimal, list[tuple[int, int, Decimal]]]:
    """Sum rates over `units`, grouped into runs of equal rate: (amount, [(from, to, rate), …])."""
    runs: list[tuple[int, int, Decimal]] = []
    total = Decimal(0)
    for n in units:
        rate = rate_of(n)
        total += rate
        if runs and runs[-1][2] == rate and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n, rate)
        else:
            runs.append((n, n, rate))
    return total, runs


def per_item(count_before: int, count_this: int = 1) -> FeeCalculation:
    """按件计收: the applicant had `count_before` 件 this natural month; this application adds `count_this`."""
    if count_before < 0 or count_this < 1:
        raise ValueError("件数不正确。")
    first, last = count_before + 1, count_before + count_this
    amount, runs = _marginal(range(first, last + 1), item_rate)
    lines = [f"本自然月该申请人此前已累计 {count_before} 件，本次 {count_this} 件（第 {first}–{last} 件）。"]
    for a, b, rate in runs:
        n = b - a + 1
        if rate == 0:
            lines.append(f"第 {a}–{b} 件：累计10件以下（含10件），不收费。")
        else:
            lines.append(f"第 {a}–{b} 件：{n} 件 × {rate:.0f} 元/件 = {rate * n:.0f} 元")
    lines.append(f"合计：{amount:.2f} 元")
    return FeeCalculation("per_item", last, amount, lines, PER_ITEM_RULE)


def page_rate(n: int) -> Decimal:
    for band in PAGE_BANDS:
        if n >= band.low and (band.high is None or n <= band.high):
            return band.rate
    raise ValueError(n)


def per_page(pages: int) -> FeeCalculation:
    """按量计收 for one application of `pages` 页."""
    if pages < 0:
        raise ValueError("页数不正确。")
    amount, runs = _marginal(range(1, pages + 1), page_rate)
    lines = [f"本次提供 {pages} 页。"]
    for a, b, rate in runs:
        n = b - a + 1
        if rate == 0:
            lines.append(f"第 {a}–{b} 页：30页以下（含30页），不收费。")
        else:
            lines.append(f"第 {a}–{b} 页：{n} 页 × {rate:.0f} 元/页 = {rate * n:.0f} 元")
    lines.append(f"合计：{amount:.2f} 元")
    return FeeCalculation("per_page", pages, amount, lines, PER_PAGE_RULE)
