"""Staff and public form plumbing shared by every app's views."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    """A browser date picker. ``<input type="date">`` accepts only ISO ``YYYY-MM-DD`` values; the zh-hans locale's
    ``2026/12/02`` would leave it empty and the form would fail with 必需字段."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # "format": Django's own argument name
        super().__init__(attrs=attrs, format=format)


def errors_to_form(form, exc: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Show an action's ValidationError on the form: per-field messages on their fields (renamed by
    ``field_map`` where the action's names differ), the rest as non-field errors."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            target = field_map.get(key, key)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
