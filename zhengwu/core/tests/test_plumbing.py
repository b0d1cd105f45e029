import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from zhengwu.audit import labels
from zhengwu.core.forms import errors_to_form
from zhengwu.core.text import has_markup
from zhengwu.core.workflow import PERMISSION, Blocker, Options


def test_options_allow_refuse_and_raise_by_code():
    o = Options()
    o.add("accept")
    o.add("reply", Blocker("not_accepted", "尚未受理。"), None)
    o.add("delete", Blocker(PERMISSION, "无权删除。"))
    assert o.can("accept") and not o.can("reply") and not o.can("nothing")
    assert o.allowed == ["accept"]
    assert o.blocked_by("reply", "not_accepted")
    o.require("accept")
    with pytest.raises(ValidationError, match="尚未受理"):
        o.require("reply")
    with pytest.raises(PermissionDenied, match="无权删除"):
        o.require("delete")
    with pytest.raises(ValidationError, match="不支持"):
        o.require("nothing")


def test_deferred_blockers_are_computed_when_asked_once():
    calls = []

    def costly():
        calls.append(1)
        return [Blocker("pii", "含个人信息。"), None]

    o = Options()
    o.add("submit")
    o.add("publish", Blocker(PERMISSION, "无权发布。"), later=costly)
    assert o.can("submit") and "publish" in o and "nothing" not in o and calls == []
    assert [b.code for b in o.blockers("publish")] == [PERMISSION, "pii"] and calls == [1]
    assert o.blocked_by("publish", "pii") and not o.can("publish") and calls == [1]
    o.add("approve", later=lambda: [])
    assert o.actions == {"submit": (), "publish": o.blockers("publish"), "approve": ()} and calls == [1]
    assert o.allowed == ["submit", "approve"]


class _Form(forms.Form):
    name = forms.CharField(required=False)


def test_errors_to_form_maps_fields_and_keeps_the_rest():
    f = _Form(data={})
    f.is_valid()
    errors_to_form(f, ValidationError({"applicant_name": "请填写姓名。", "other": "别的问题。"}),
                   {"applicant_name": "name"})
    assert f.errors["name"] == ["请填写姓名。"] and f.non_field_errors() == ["别的问题。"]


def test_markup_check():
    assert has_markup("<script>x</script>") and has_markup("a <!-- b -->") and not has_markup("1 < 2 且 3 > 2")


def test_audit_label_registry():
    labels.register(actions={"core_test_event": "测试事件"}, values={"core_test_unit": lambda v: f"单位{v}"})
    assert labels.action_label("core_test_event") == "测试事件"
    assert labels.value_label("core_test_unit", 3) == "单位3"
    assert labels.unlabelled(["core_test_event", "zz_unknown"]) == ["zz_unknown"]
    with pytest.raises(ValueError):
        labels.register(actions={"core_test_event": "别的"})
