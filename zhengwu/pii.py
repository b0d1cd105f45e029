"""Personal-information detection and masking (去标识化).

Used by the publication scan (a record cannot go out with an unmasked 身份证号, mobile number or bank card
number), by the audit log and logging filter (personal data is never logged), and by case lists (masked
wherever it is not needed).

- 身份证号: GB 11643-1999 18-digit number, the last character a MOD 11-2 check digit. Only numbers whose
  check digit and birth date are valid count, so ordinary long numbers (文号, amounts) are not flagged.
- Mobile numbers: 11 digits starting 1[3-9], optionally written with +86 / spaces / hyphens.
- Bank card numbers: 16–19 digits passing the Luhn check (ISO/IEC 7812), optionally grouped by spaces.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"

_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d[\s-]?\d{4}[\s-]?\d{4})(?!\d)")
_CARD_RE = re.compile(r"(?<!\d)(\d{4}(?:[ -]?\d{3,4}){3}(?:[ -]?\d{1,4})?)(?!\d)")


def id_number_is_valid(value: str) -> bool:
    """True when `value` is an 18-character 居民身份证号码 with a valid check digit and birth date."""
    value = (value or "").strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789X":
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != value[17]:
        return False
    try:
        _dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return True


def id_check_digit(first17: str) -> str:
    """The check character for the first 17 digits (handy to build valid test numbers)."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def luhn_is_valid(digits: str) -> bool:
    digits = re.sub(r"\D", "", digits or "")
    if not digits:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def mask_id_number(value: str) -> str:
    """110105199001011234 → 110105********1234 (keeps region and last four, as government portals do)."""
    value = value.strip()
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_mobile(value: str) -> str:
    digits = re.sub(r"\D", "", value)[-11:]
    return digits[:3] + "****" + digits[-4:]


def mask_card(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def mask_name(value: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***."""
    value = (value or "").strip()
    if len(value) <= 1:
        return value
    return value[0] + "*" * (len(value) - 1)


@dataclass(frozen=True)
class Finding:
    kind: str  # "id_number" | "mobile" | "bank_card"
    start: int
    end: int
    value: str

    @property
    def label(self) -> str:
        return {"id_number": "身份证号", "mobile": "手机号码", "bank_card": "银行卡号"}[self.kind]

    @property
    def masked(self) -> str:
        return {"id_number": mask_id_number, "mobile": mask_mobile, "bank_card": mask_card}[self.kind](self.value)


_SCAN_CACHED_CHARS = 50_000  # a record is scanned on every review check and audit entry; longer texts are not kept


def scan(text: str) -> list[Finding]:
    """Every unmasked personal number in `text`, left to right, without overlaps."""
    if not text:
        return []
    if len(text) <= _SCAN_CACHED_CHARS:
        return list(_scan_cached(text))
    return _scan(text)


@functools.lru_cache(maxsize=512)
def _scan_cached(text: str) -> tuple[Finding, ...]:
    return tuple(_scan(text))


def _scan(text: str) -> list[Finding]:
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in _ID_RE.finditer(text):
        if id_number_is_valid(m.group(1)):
            found.append(Finding("id_number", m.start(1), m.end(1), m.group(1)))
            taken.append((m.start(1), m.end(1)))
    for m in _CARD_RE.finditer(text):
        raw = m.group(1)
        digits = re.sub(r"\D", "", raw)
        if 16 <= len(digits) <= 19 and luhn_is_valid(digits) and free(m.start(1), m.end(1)):
            found.append(Finding("bank_card", m.start(1), m.end(1), raw))
            taken.append((m.start(1), m.end(1)))
    for m in _MOBILE_RE.finditer(text):
        if free(m.start(1), m.end(1)):
            found.append(Finding("mobile", m.start(1), m.end(1), m.group(1)))
            taken.append((m.start(1), m.end(1)))
    found.sort(key=lambda f: f.start)
    return found


def mask_text(text: str) -> str:
    """Replace every finding of `scan` by its masked form (the 去标识化 the system offers)."""
    if not text:
        return text
    out = []
    pos = 0
    for f in scan(text):
        out.append(text[pos : f.start])
        out.append(f.masked)
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def redact(value):
    """Mask personal numbers anywhere inside a JSON-like value (for audit logs and log lines)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: redact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    return value
