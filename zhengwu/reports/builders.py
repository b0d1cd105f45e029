"""Assemble one unit's annual report for one year from the data: six sections, three tables, checks."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from zhengwu.org.models import Unit

from . import consistency, grid, tables
from . import format2021 as fmt
from .models import AnnualReport


@dataclass
class Narrative:
    overview: str = ""
    problems: str = ""
    other_matters: str = ""
    from_year: int | None = None  # the year the text was taken from when it is last year's, offered as a start


def narrative_for(unit: Unit, year: int) -> Narrative:
    """This year's saved text, else the latest earlier year's text as a starting point (nothing is saved)."""
    report = AnnualReport.objects.filter(unit=unit, year=year).first()
    if report:
        return Narrative(report.overview, report.problems, report.other_matters)
    previous = AnnualReport.objects.filter(unit=unit, year__lt=year).order_by("-year").first()
    if previous:
        return Narrative(previous.overview, previous.problems, previous.other_matters, from_year=previous.year)
    return Narrative()


@dataclass
class ReportData:
    unit: Unit
    year: int
    narrative: Narrative
    proactive: tables.ProactiveFigures
    applications: tables.ApplicationsTable
    appeals: list[int]
    fees_count: int
    fees_amount: Decimal
    case_problems: list[tables.CaseProblem] = field(default_factory=list)
    failures: list[consistency.Failure] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.unit.name}{self.year}年政府信息公开工作年度报告"

    @property
    def is_consistent(self) -> bool:
        return not self.failures

    @property
    def fees_text(self) -> str:
        return (f"本年度共收取政府信息公开信息处理费{self.fees_count}件，金额{grid.format_number(self.fees_amount)}元"
                "（依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号））。")

    def proactive_grid(self) -> grid.Grid:
        return grid.proactive_grid(self.proactive.block_values())

    def applications_grid(self) -> grid.Grid:
        return grid.applications_grid(self.applications.values)

    def appeals_grid(self) -> grid.Grid:
        return grid.appeals_grid(self.appeals)

    def sections(self) -> list[dict]:
        """The six sections in order, each with its title and, for narrative ones, the text paragraphs."""
        texts = {"overview": self.narrative.overview, "problems": self.narrative.problems}
        out = []
        for key, title in fmt.SECTIONS:
            section = {"key": key, "title": title}
            if key in texts:
                section["paragraphs"] = _paragraphs(texts[key])
            if key == "other":
                section["paragraphs"] = [self.fees_text, *_paragraphs(self.narrative.other_matters)]
            out.append(section)
        return out

    def to_json(self) -> dict:
        columns = self.applications.columns
        return {
            "year": self.year,
            "unit": {"code": self.unit.code, "name": self.unit.name},
            "sections": {
                "overview": {"title": fmt.SECTION_TITLES["overview"], "text": self.narrative.overview},
                "proactive": {"title": fmt.SECTION_TITLES["proactive"]},
                "applications": {"title": fmt.SECTION_TITLES["applications"]},
                "appeals": {"title": fmt.SECTION_TITLES["appeals"]},
                "problems": {"title": fmt.SECTION_TITLES["problems"], "text": self.narrative.problems},
                "other": {"title": fmt.SECTION_TITLES["other"], "text": self.narrative.other_matters,
                          "information_processing_fees": {"count": self.fees_count,
                                                          "amount_yuan": float(self.fees_amount)}},
            },
            "tables": {
                "applications": {
                    "columns": columns,
                    # each row names its place in the national format's hierarchy (三、本年度办理结果 →
                    # （三）不予公开 → 3.…), so "3.其他" is not ambiguous to a machine reading it
                    "rows": [{"label": row.label, **({"parent": row.parent} if row.parent else {}),
                              **({"group": row.group} if row.group else {}),
                              "values": list(self.applications.values[row.key])}
                             for row in self.applications.rows],
                },
                "proactive": {
                    "blocks": [
                        {"heading": block.heading, "columns": [fmt.PROACTIVE_CONTENT_HEADER, *block.columns],
                         "rows": [{"label": label, "values": [_json_number(v) for v in vals]}
                                  for (_, label), vals in zip(block.rows, self.proactive.block_values()[block.key],
                                                              strict=True)]}
                        for block in fmt.PROACTIVE_BLOCKS
                    ],
                },
                "appeals": {
                    "columns": [label for _, _, label in fmt.appeal_columns()],
                    "rows": [{"label": "件数", "values": list(self.appeals)}],
                },
            },
        }


def _json_number(v):
    return float(v) if isinstance(v, Decimal) else v


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").splitlines() if p.strip()]


def build(unit: Unit, year: int, narrative: Narrative | None = None) -> ReportData:
    """The report of `unit` on `year`, covering the unit and every unit below it."""
    unit_ids = unit.descendant_ids()
    apps = tables.applications(unit_ids, year)
    appeals = tables.appeals(unit_ids, year)
    problems = tables.application_problems(unit_ids, year)
    count, amount = tables.fees_collected(unit_ids, year)
    data = ReportData(unit=unit, year=year, narrative=narrative or narrative_for(unit, year),
                      proactive=tables.proactive(unit_ids, year), applications=apps, appeals=appeals,
                      fees_count=count, fees_amount=amount, case_problems=problems)
    data.failures = consistency.check(apps, appeals, problems)
    return data
