"""Password rules beyond Django's own (等保2.0 身份鉴别: 口令复杂度): character classes."""
from __future__ import annotations

import re

from django.core.exceptions import ValidationError

CLASSES = (("小写字母", r"[a-z]"), ("大写字母", r"[A-Z]"), ("数字", r"[0-9]"), ("符号", r"[^A-Za-z0-9]"))


class CharacterClassValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for _, pattern in CLASSES if re.search(pattern, password or ""))
        if found < self.min_classes:
            raise ValidationError(f"密码至少应包含小写字母、大写字母、数字、符号中的 {self.min_classes} 类。",
                                  code="password_too_simple")

    def get_help_text(self):
        return f"密码至少应包含小写字母、大写字母、数字、符号中的 {self.min_classes} 类。"
