"""Staff and public form plumbing shared by every app's views."""
from __future__ import annotations

from django.core.exceptions import ValidationError


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
