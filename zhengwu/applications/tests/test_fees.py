"""国办函〔2020〕109号 tiers at every boundary."""
from decimal import Decimal

import pytest

from zhengwu.applications import fees


def month_total(n):
    """Fee for the whole month of n 件 (the sum the applicant pays over the month)."""
    return fees.per_item(0, n).amount


@pytest.mark.parametrize("n,total", [
    (10, 0), (11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300), (35, 3000),
])
def test_per_item_boundaries(n, total):
    assert month_total(n) == Decimal(total)


def test_per_item_counts_the_month_cumulatively():
    # the 11th 件 of the month costs 100, the 31st 200, the 41st 300
    assert fees.per_item(10, 1).amount == 100
    assert fees.per_item(30, 1).amount == 200
    assert fees.per_item(40, 1).amount == 300
    calc = fees.per_item(9, 3)
    assert calc.amount == 200 and calc.quantity == 12
    assert "第 10–10 件" in calc.text and "第 11–12 件：2 件 × 100 元/件 = 200 元" in calc.text


@pytest.mark.parametrize("pages,amount", [
    (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740),
])
def test_per_page_boundaries(pages, amount):
    assert fees.per_page(pages).amount == Decimal(amount)


def test_calculation_is_shown():
    calc = fees.per_page(201)
    assert calc.lines == ["本次提供 201 页。", "第 1–30 页：30页以下（含30页），不收费。",
                          "第 31–100 页：70 页 × 10 元/页 = 700 元", "第 101–200 页：100 页 × 20 元/页 = 2000 元",
                          "第 201–201 页：1 页 × 40 元/页 = 40 元", "合计：2740.00 元"]
    assert "第五条" in calc.rule
