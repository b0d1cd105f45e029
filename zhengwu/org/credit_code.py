"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a MOD 31 check character."""
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def check_char(first17: str) -> str:
    total = sum(_CHARS.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHARS[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    code = (code or "").strip().upper()
    if len(code) != 18 or any(c not in _CHARS for c in code):
        return False
    return check_char(code[:17]) == code[17]


def make(first17: str) -> str:
    """Complete a 17-character prefix with its check character (demo data and tests)."""
    return first17 + check_char(first17)
