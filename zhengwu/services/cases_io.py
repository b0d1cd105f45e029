"""办件 import from the 一体化平台 (CSV or .xlsx): 办件编号, 事项编码, 受理时间, 办结时间, 状态 [, 是否网上办件].

Every row is checked first (unknown 事项编码, unreadable time, 办结 before 受理, 办结 without 办结时间 …); any error
→ a Chinese message per row and nothing saved.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.utils import timezone

from . import actions
from .models import Case, Service

COLUMNS = [("number", "办件编号"), ("service", "事项编码"), ("accepted_at", "受理时间"), ("finished_at", "办结时间"),
           ("status", "状态")]
OPTIONAL = [("online", "是否网上办件")]
STATUS = {label: code for code, label in Case.Status.choices}
FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d")


def _time(value):
    if isinstance(value, dt.datetime):
        naive = value
    else:
        text = str(value or "").strip()
        if not text:
            return None
        for fmt in FORMATS:
            try:
                naive = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(text)
    return timezone.make_aware(naive) if timezone.is_naive(naive) else naive


def _table(content: bytes, filename: str) -> list[list]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        ws = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        return [list(r) for r in ws.iter_rows(values_only=True)]
    text = content.decode("utf-8-sig") if not content.startswith(b"\xff\xfe") else content.decode("utf-16")
    return list(csv.reader(io.StringIO(text)))


def parse(content: bytes, filename: str) -> list[dict]:  # noqa: C901 - one check per CSV/xlsx column, errors per row
    try:
        table = _table(content, filename)
    except Exception as exc:  # broad on purpose: any unreadable upload is the same user error
        raise ValidationError(["无法读取该文件，请上传 CSV（UTF-8）或 .xlsx 格式的办件数据。"]) from exc
    if not table:
        raise ValidationError(["文件为空。"])
    header = [str(h or "").strip() for h in table[0]]
    missing = [h for _, h in COLUMNS if h not in header]
    if missing:
        raise ValidationError([f"缺少“{h}”列。" for h in missing])
    idx = {f: header.index(h) for f, h in COLUMNS + OPTIONAL if h in header}
    services = {s.code: s for s in Service.objects.all()}
    rows, errors, seen = [], [], {}
    for n, raw in enumerate(table[1:], start=2):
        if all(str(v or "").strip() == "" for v in raw):
            continue
        cell = {f: (raw[i] if i < len(raw) else None) for f, i in idx.items()}
        where = f"第{n}行"
        number = str(cell["number"] or "").strip()
        if not number:
            errors.append(f"{where}：缺少办件编号。")
            continue
        where = f"第{n}行（{number}）"
        if number in seen:
            errors.append(f"{where}：办件编号与第{seen[number]}行重复。")
            continue
        seen[number] = n
        service = services.get(str(cell["service"] or "").strip())
        if service is None:
            errors.append(f"{where}：事项编码“{cell['service'] or ''}”不在事项清单中。")
        status = STATUS.get(str(cell["status"] or "").strip()) or (
            str(cell["status"] or "").strip() if str(cell["status"] or "").strip() in Case.Status.values else None)
        if status is None:
            errors.append(f"{where}：状态应为{'、'.join(STATUS)}之一。")
        try:
            accepted = _time(cell["accepted_at"])
            finished = _time(cell["finished_at"])
        except ValueError as exc:
            errors.append(f"{where}：时间“{exc}”无法识别，应为“2025-03-01 09:30”格式。")
            continue
        if accepted is None:
            errors.append(f"{where}：缺少受理时间。")
            continue
        if finished is not None and finished < accepted:
            errors.append(f"{where}：办结时间早于受理时间。")
        if status == Case.Status.DONE and finished is None:
            errors.append(f"{where}：已办结的办件须有办结时间。")
        if status == Case.Status.OPEN and finished is not None:
            errors.append(f"{where}：在办的办件不应有办结时间。")
        online = str(cell.get("online") or "").strip() in ("是", "1", "Y", "y", "True", "true")
        rows.append({"number": number, "service": service, "accepted_at": accepted, "finished_at": finished,
                     "status": status, "online": online})
    if errors:
        raise ValidationError(errors)
    return rows


def import_file(content: bytes, filename: str, *, by=None) -> list[Case]:
    return actions.import_cases(parse(content, filename), by=by)
