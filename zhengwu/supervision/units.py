"""Unit names as task tables write them, matched to the unit registry.

Order: the registry's full name or 简称 exactly; then a name the office mapped before (UnitAlias); then the
abbreviation rule. Tables write 县发改局 for 示范县发展和改革局: with the county's name and the level word (县/区/市)
taken off both, the written name's characters must appear in order in the registry name, start on its first
character and end on its last (局 = 局), and exactly one unit may fit. A few abbreviations that drop or change
characters are listed in ``ALIASES``. Anything else is returned unmatched for the office to map once.
"""
from __future__ import annotations

import re

from zhengwu.org.models import Unit

from .models import UnitAlias

# written core -> registry core, for abbreviations the character rule cannot see
ALIASES = {
    "政务中心": "政务服务中心",
    "政府办": "人民政府办公室",
    "政府办公室": "人民政府办公室",
    "政务公开办": "人民政府办公室",
    "交通局": "交通运输局",
    "文旅局": "文化旅游广电体育局",
    "卫计局": "卫生健康局",
    "人社局": "人力资源和社会保障局",
    "发改局": "发展和改革局",
}

_LEVEL = re.compile(r"^(县|区|市|省|州|旗)")


def _core(name: str, county_prefixes: tuple[str, ...]) -> str:
    name = re.sub(r"\s+", "", name)
    for prefix in county_prefixes:
        if prefix and name.startswith(prefix):
            name = name[len(prefix):]
            break
    else:
        name = _LEVEL.sub("", name)
    return name


def _is_abbreviation(short: str, full: str) -> bool:
    if not short or not full or short[0] != full[0] or short[-1] != full[-1] or len(short) > len(full):
        return False
    it = iter(full)
    return all(ch in it for ch in short)


class UnitMatcher:
    """Loads the registry once; ``match(name)`` -> Unit or None."""

    def __init__(self, units=None):
        self.units = list(units if units is not None else Unit.objects.filter(is_active=True))
        governments = [u for u in self.units if u.kind == Unit.Kind.GOVERNMENT]
        prefixes = []
        for g in governments:
            base = g.name.replace("人民政府", "")
            prefixes.append(base)
        self.prefixes = tuple(sorted(set(prefixes), key=len, reverse=True))
        self.exact = {}
        for u in self.units:
            self.exact.setdefault(u.name, u)
            if u.short_name:
                self.exact.setdefault(u.short_name, u)
        self.aliases = {a.name: a.unit for a in UnitAlias.objects.select_related("unit")}
        self.cores = [(u, _core(u.name, self.prefixes)) for u in self.units]

    def match(self, name: str) -> Unit | None:
        name = re.sub(r"\s+", "", name)
        if name in self.exact:
            return self.exact[name]
        if name in self.aliases:
            return self.aliases[name]
        core = _core(name, self.prefixes)
        target = ALIASES.get(core)
        if target:
            hits = [u for u, c in self.cores if c == target]
            if len(hits) == 1:
                return hits[0]
        hits = [u for u, c in self.cores if c == core] or [u for u, c in self.cores if _is_abbreviation(core, c)]
        return hits[0] if len(hits) == 1 else None


def unmatched_names(tasks, matcher: UnitMatcher | None = None) -> dict[str, int]:
    """Unit names as written in ``tasks`` that match no unit, with how many tasks write each (most first):
    what the office still has to map once. Collective notes (县直相关单位…) are kept apart and never listed."""
    matcher = matcher or UnitMatcher()
    counts: dict[str, int] = {}
    for task in tasks:
        names = {re.sub(r"\s+", "", n) for n in [*task.lead_units_text, *task.responsible_units_text]}
        for name in names:
            if name and matcher.match(name) is None:
                counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
