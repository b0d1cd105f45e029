"""Catalog metrics, computed from the 事项清单 itself (formulas in docs/decisions/1503), each a share 0–1, None when
there is nothing to measure. The targets are the seeds' (衡南 政务服务要点、中方 2021 附件1): “网上可办率力争达到
100%”, “网上办理深度三级以上（含三级）事项比例达到85%以上”, “平均法定办理时限提速率达90%以上”, “办事材料…平均
再压减25%以上”.

- 网上可办率 = 网上可办的在用事项数 / 在用事项数
- 三级以上网办深度事项比例 = 网上办理深度三级或四级的在用事项数 / 在用事项数
- 平均承诺时限提速率 = 有法定时限（> 0）的在用事项的 (法定 − 承诺) / 法定 的算术平均
- 材料压减率 = (基准材料数 − 现需提交材料数) / 基准材料数; 现需提交 = 在用事项的材料, 电子证照或数据共享免提交的
  不计 (免提交就是压减); 基准 = 最近一次记录的 CatalogBaseline
"""
from __future__ import annotations

from dataclasses import dataclass

from .models import CatalogBaseline, Material, Service

TARGETS = {"online_rate": 1.0, "depth3_rate": 0.85, "speedup_rate": 0.90, "material_reduction_rate": 0.25}
LABELS = {"online_rate": "网上可办率", "depth3_rate": "三级以上网办深度事项比例",
          "speedup_rate": "平均承诺时限提速率", "material_reduction_rate": "材料压减率"}


def pct(value: float | None) -> str:
    return "—（无可计算对象）" if value is None else f"{value * 100:.1f}%"


def share(part: int, whole: int) -> float | None:
    return None if not whole else part / whole


def speedup(limits: list[tuple[int | None, int]]) -> float | None:
    """Mean of (法定 − 承诺)/法定 over the (legal, promised) pairs that have a legal limit."""
    rates = [(legal - promised) / legal for legal, promised in limits if legal]
    return sum(rates) / len(rates) if rates else None


def reduction(baseline: int | None, current: int) -> float | None:
    return None if not baseline else (baseline - current) / baseline


@dataclass(frozen=True)
class CatalogMetrics:
    online_rate: float | None
    depth3_rate: float | None
    speedup_rate: float | None
    material_reduction_rate: float | None
    counts: dict

    def rows(self) -> list[dict]:
        """For the dashboard: label, value, target and whether the target is met."""
        out = []
        for key, target in TARGETS.items():
            value = getattr(self, key)
            out.append({"key": key, "label": LABELS[key], "value": value, "text": pct(value), "target": target,
                        "target_text": pct(target), "met": value is not None and value >= target - 1e-9})
        return out


def compute(unit=None) -> CatalogMetrics:
    services = Service.objects.public()
    if unit is not None:
        services = services.filter(unit=unit)
    total = services.count()
    online = services.filter(online_available=True).count()
    depth3 = services.filter(online_depth__gte=3).count()
    limits = list(services.values_list("legal_limit_workdays", "promised_limit_workdays"))
    materials = Material.objects.filter(service__in=services)
    current = materials.filter(exempt="").count()
    baseline = CatalogBaseline.objects.first() if unit is None else None
    base = baseline.material_count if baseline else None
    return CatalogMetrics(
        share(online, total), share(depth3, total), speedup(limits), reduction(base, current),
        {"services": total, "online": online, "depth3": depth3,
         "with_legal_limit": sum(1 for legal, _ in limits if legal), "materials": materials.count(),
         "materials_to_submit": current, "baseline": base,
         "baseline_on": baseline.recorded_on if baseline else None})
