"""Staff pages for units (公开办管理员): the list and each unit's 条例第二十条第（二）项 public information.

Views only read and call action functions; who may see what is decided in zhengwu.org.access.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from zhengwu.audit import labels
from zhengwu.audit.models import AuditEvent
from zhengwu.core.forms import errors_to_form

from . import actions as org_actions
from .decorators import office_admin_required
from .forms import UnitInfoForm
from .models import Unit


@office_admin_required
def unit_list(request):
    units = Unit.objects.select_related("parent").order_by("sort_order", "id")
    return render(request, "staff/unit_list.html", {"units": units})


@office_admin_required
def unit_edit(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk)
    form = UnitInfoForm.for_unit(unit, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        try:
            org_actions.update_unit_info(unit, by=request.user, reason=reason, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已保存“{unit.name}”的公开信息。")
            return redirect("staff:unit_edit", pk=unit.pk)
    history = list(AuditEvent.objects.filter(target_type="org.unit", target_id=str(unit.pk))[:50])
    for event in history:
        event.action_label, event.rows = labels.action_label(event.action), labels.change_rows(event)
    return render(request, "staff/unit_edit.html", {"unit": unit, "form": form, "history": history},
                  status=400 if form.errors else 200)
