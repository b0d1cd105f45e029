"""What the public may read of a message: personal data masked (去标识化) in every public field, the reply too.

- 身份证号, mobile numbers, bank cards: `zhengwu.pii.mask_text`.
- The writer's own name and phone wherever they were typed into the text: masked like `pii.mask_name`.
- Addresses: house numbers, building/unit/room numbers and village groups (…8号, 3栋2单元501室, 五组) are
  replaced by "*" so a street or village stays readable but a household cannot be found.
- Fixed-line numbers (0745-1234567) are masked too; a mobile scan alone would miss them.
"""
from __future__ import annotations

import re

from zhengwu import pii

_HOUSE = re.compile(r"[0-9０-９一二三四五六七八九十百零〇]+(?=\s*(?:号|栋|幢|单元|室|楼|组|户))")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")


def mask_public(text: str, *, names: tuple[str, ...] = (), phones: tuple[str, ...] = ()) -> str:
    if not text:
        return text
    out = pii.mask_text(text)
    for phone in phones:
        phone = (phone or "").strip()
        if len(phone) >= 7:
            out = out.replace(phone, phone[:3] + "*" * (len(phone) - 5) + phone[-2:])
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        out = out.replace(name, pii.mask_name(name))
    out = _LANDLINE.sub(lambda m: m.group(0)[:4] + "****" + m.group(0)[-2:], out)
    return _HOUSE.sub(lambda m: "*" * min(len(m.group(0)), 3), out)


def public_text(msg, text: str) -> str:
    """`text` (title, content or reply of `msg`) as the public sees it."""
    return mask_public(text, names=(msg.writer_name,), phones=(msg.writer_phone,))
