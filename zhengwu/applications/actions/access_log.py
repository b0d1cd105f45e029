"""Reads that are audited (等保2.0 安全审计; 个人信息保护法第五十一条): a staff member shown an applicant's unmasked
identity, and every export of cases or letters. Nothing personal goes into the event itself."""
from __future__ import annotations

from dataclasses import dataclass

from zhengwu.audit.log import record_event

from ..models import Application, Letter


@dataclass
class _Export:
    """The audit target of an export of many cases (no row of its own)."""

    pk: str

    def __str__(self) -> str:
        return "依申请公开案件导出"


def record_identity_view(app: Application, *, by, where: str) -> None:
    """`by` was shown the applicant's 证件号码, phone and address (the case page, the staff API)."""
    record_event(actor=by, action="application_identity_view", target=app, unit=app.unit, after={"where": where})


def record_cases_export(*, by, fmt: str, rows: int) -> None:
    record_event(actor=by, action="application_export", target=_Export(fmt), target_type="applications.export",
                 after={"format": fmt, "rows": rows})


def record_letter_export(letter: Letter, *, by, fmt: str) -> None:
    app = letter.application
    record_event(actor=by, action="application_letter_export", target=app, unit=app.unit,
                 after={"letter": letter.number, "format": fmt})
