"""A parsed task table turned into the import's result: the tasks with their deadlines read and their units
matched, in the shape ``import_tasks --json`` prints. Pure apart from reading the unit registry."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .deadlines import parse_deadline
from .tables import ParsedTable
from .units import UnitMatcher


class ImportProblem(ValueError):
    """The table cannot be imported as given (no year, no tasks): the message says what to supply."""


@dataclass
class Preview:
    plan: str
    year: int
    tasks: list[dict] = field(default_factory=list)
    unmatched_units: list[str] = field(default_factory=list)
    flagged_deadlines: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"plan": self.plan, "year": self.year,
                "tasks": [{k: t[k] for k in ("number", "group", "content", "lead_units", "responsible_units",
                                             "unit_ids", "deadline", "recurring", "cadence", "deadline_text")}
                          for t in self.tasks],
                "unmatched_units": self.unmatched_units}


def guess_year(*texts: str) -> int | None:
    for text in texts:
        m = re.search(r"(20\d{2})\s*年", text or "")
        if m:
            return int(m.group(1))
    return None


def preview(tables: list[ParsedTable], *, year: int | None = None, plan: str = "", file_name: str = "",
            matcher: UnitMatcher | None = None) -> Preview:
    title = plan or next((t.title for t in tables if t.title), "") or re.sub(r"\.[^.]+$", "", file_name)
    year = year or guess_year(title, *(t.title for t in tables), file_name)
    if not year:
        raise ImportProblem("无法从表名判断年度，请指定年度（--year）。")
    if not title:
        raise ImportProblem("请填写任务分工名称（--plan）。")
    matcher = matcher or UnitMatcher()
    result = Preview(plan=title, year=year)
    unmatched: dict[str, None] = {}
    multi = len([t for t in tables if t.tasks]) > 1
    for table in tables:
        for task in table.tasks:
            d = parse_deadline(task.deadline_text, year)
            ids: list[int] = []
            for name in task.lead_units + task.responsible_units:
                unit = matcher.match(name)
                if unit is None:
                    unmatched.setdefault(name)
                elif unit.pk not in ids:
                    ids.append(unit.pk)
            if d.flagged:
                result.flagged_deadlines.append(d.text)
            result.tasks.append({
                "number": task.number, "group": task.group, "content": task.content,
                "lead_units": task.lead_units, "responsible_units": task.responsible_units,
                "unit_ids": ids, "deadline": d.date.isoformat() if d.date else None, "recurring": d.recurring,
                "cadence": d.cadence or None, "deadline_text": d.text,
                # kept for saving, not part of the JSON shape
                "section": table.title if multi else "", "requirement": task.requirement, "notes": task.notes,
                "deadline_flagged": d.flagged,
                "lead_ids": _ids(matcher, task.lead_units), "responsible_ids": _ids(matcher, task.responsible_units),
            })
    result.unmatched_units = list(unmatched)
    return result


def _ids(matcher: UnitMatcher, names: list[str]) -> list[int]:
    out = []
    for name in names:
        unit = matcher.match(name)
        if unit is not None and unit.pk not in out:
            out.append(unit.pk)
    return out
