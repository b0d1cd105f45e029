"""Password rules beyond Django's own (等保2.0 身份鉴别: 口令复杂度、定期更换): character classes, password age."""
from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import PasswordRecord

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


EXPIRED_SESSION_KEY = "zhengwu_password_expired"


class PasswordChangeRecorder:
    """Not a rule: Django calls ``password_changed`` on every validator whenever a password is set and saved
    (set_password, create_user, createsuperuser, the change form), which is where the change date is kept."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk:
            PasswordRecord.objects.update_or_create(user=user, defaults={"changed_at": timezone.now()})

    def get_help_text(self):
        days = int(getattr(settings, "ZHENGWU_PASSWORD_MAX_AGE_DAYS", 0) or 0)
        return f"密码每 {days} 天需要更换一次。" if days > 0 else ""


def password_expired(user) -> bool:
    """Older than ZHENGWU_PASSWORD_MAX_AGE_DAYS (0 = never). No record yet counts from the account's creation."""
    days = int(getattr(settings, "ZHENGWU_PASSWORD_MAX_AGE_DAYS", 0) or 0)
    if days <= 0 or not user.has_usable_password():
        return False
    record = PasswordRecord.objects.filter(user=user).values_list("changed_at", flat=True).first()
    changed = record or user.date_joined
    return timezone.now() - changed > dt.timedelta(days=days)
