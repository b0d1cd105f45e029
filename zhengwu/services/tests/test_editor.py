"""The 事项 editor through the records' review chain: 信息员 drafts and submits, 审核员 passes, the office approves and
the guide shows the new version; bad elements are refused in Chinese with nothing saved; each step only by its role."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied

from zhengwu.applications.tests.test_form_pattern import assert_errors_wired, soup
from zhengwu.audit.models import AuditEvent
from zhengwu.services import actions
from zhengwu.services.models import ServiceChange
from zhengwu.services.tests.factories import make_service, material, service_data

pytestmark = pytest.mark.django_db


def post_data(service, **changes) -> dict:
    data = {k: v for k, v in actions.snapshot(service).items() if k not in ("materials", "unit", "basis_records")}
    data.update(changes)
    out = {k: ("" if v is None else v) for k, v in data.items() if not isinstance(v, bool)}
    out.update({k: "on" for k, v in data.items() if isinstance(v, bool) and v})
    mats = list(service.materials.all())
    out.update({"m-TOTAL_FORMS": str(len(mats)), "m-INITIAL_FORMS": "0", "m-MIN_NUM_FORMS": "0",
                "m-MAX_NUM_FORMS": "1000"})
    for i, m in enumerate(mats):
        out.update({f"m-{i}-name": m.name, f"m-{i}-source": m.source, f"m-{i}-form": m.form,
                    f"m-{i}-copies": m.copies, f"m-{i}-necessity": m.necessity, f"m-{i}-exempt": m.exempt,
                    f"m-{i}-trust_level": m.trust_level})
    return out


def test_change_goes_through_the_chain_and_the_guide_shows_the_version(client, county):
    s = make_service(county.department, name="食品经营许可", legal_limit_workdays=20, promised_limit_workdays=10)
    client.force_login(county.editor)
    assert "食品经营许可" in client.get("/staff/services/items/").content.decode()
    form = client.get(f"/staff/services/items/{s.pk}/edit/")
    assert form.status_code == 200 and 'value="10"' in form.content.decode()
    r = client.post(f"/staff/services/items/{s.pk}/edit/",
                    {**post_data(s, promised_limit_workdays=5), "note": "承诺时限由10个工作日压缩至5个工作日", "submit": "1"})
    change = ServiceChange.objects.get()
    assert r.status_code == 302 and change.status == "unit_review"
    s.refresh_from_db()
    assert s.promised_limit_workdays == 10  # nothing takes effect before review
    page = client.get(f"/staff/services/changes/{change.pk}/").content.decode()
    assert "承诺办结时限" in page and "审核通过" not in page  # the 信息员 cannot approve
    with pytest.raises(PermissionDenied):
        actions.approve_change(change, by=county.editor)

    client.force_login(county.reviewer)
    client.post(f"/staff/services/changes/{change.pk}/do/approve/")
    change.refresh_from_db()
    assert change.status == "office_review" and change.unit_reviewer == county.reviewer
    with pytest.raises(PermissionDenied):
        actions.approve_change(change, by=county.reviewer)

    client.force_login(county.office_admin)
    client.post(f"/staff/services/changes/{change.pk}/do/approve/")
    change.refresh_from_db()
    s.refresh_from_db()
    assert change.status == "applied" and change.applied_version == s.version == 2
    assert s.promised_limit_workdays == 5
    guide = client.get(f"/bsfw/sx/{s.code}/").content.decode()
    assert "第2版" in guide and "承诺时限由10个工作日压缩至5个工作日" in guide and "变更：承诺办结时限（工作日）" in guide
    assert list(AuditEvent.objects.filter(target_type="services.servicechange").values_list("action", flat=True)
                .order_by("id")) == ["service_change_save", "service_change_submit", "service_change_approve",
                                     "service_change_approve"]


def test_bad_elements_are_refused_in_chinese_and_nothing_saved(client, county):
    s = make_service(county.department, legal_limit_workdays=20, promised_limit_workdays=10)
    client.force_login(county.editor)
    r = client.post(f"/staff/services/items/{s.pk}/edit/", {**post_data(s, promised_limit_workdays=30), "note": "改"})
    assert r.status_code == 400
    assert "承诺办结时限（30个工作日）不得超过法定办结时限（20个工作日）" in r.content.decode()
    r = client.post(f"/staff/services/items/{s.pk}/edit/", post_data(s, promised_limit_workdays=5))
    assert r.status_code == 400 and "变更说明" in r.content.decode()
    assert not ServiceChange.objects.exists()


def test_reject_returns_to_the_editor_with_the_reason_and_other_units_are_refused(client, county):
    s = make_service(county.department)
    change = actions.save_change(by=county.editor, unit=county.department, note="新增材料",
                                 data=service_data(code=s.code, name=s.name),
                                 materials=[material(), material("户口簿")], service=s)
    change = actions.submit_change(change, by=county.editor)
    client.force_login(county.reviewer)
    r = client.post(f"/staff/services/changes/{change.pk}/do/reject/", {"comment": " "})
    assert r.status_code == 400 and "退回时请写明理由" in r.content.decode()
    page = soup(r)  # the form pattern (decision 1301): the summary links to the reason box, nothing moved
    assert assert_errors_wired(page) == ["id_comment"]
    status = change.status
    change.refresh_from_db()
    assert change.status == status
    r = client.post(f"/staff/services/changes/{change.pk}/do/submit/")  # already submitted: the rule, in the summary
    assert r.status_code == 400 and soup(r).select_one("#error-summary") and soup(r).title.string.startswith("错误：")
    client.post(f"/staff/services/changes/{change.pk}/do/reject/", {"comment": "户口簿可通过数据共享获取，请标注免提交。"})
    change.refresh_from_db()
    assert change.status == "rejected"
    client.force_login(county.editor)
    assert "户口簿可通过数据共享获取" in client.get(f"/staff/services/changes/{change.pk}/").content.decode()
    assert client.get(f"/staff/services/changes/{change.pk}/edit/").status_code == 200
    client.force_login(county.other_editor)
    assert client.get(f"/staff/services/changes/{change.pk}/").status_code == 403
    assert client.get(f"/staff/services/items/{s.pk}/edit/").status_code == 403


def test_new_service_through_the_chain(county):
    change = actions.save_change(by=county.editor, unit=county.department, note="新增事项",
                                 data=service_data(code="NEW-0001", name="新增测试事项"), materials=[material()])
    for by in (county.editor, county.reviewer, county.office_admin):
        change = (actions.submit_change if by == county.editor else actions.approve_change)(change, by=by)
    assert change.status == "applied" and change.service.code == "NEW-0001" and change.service.version == 1


class _FormValues(HTMLParser):
    """What a browser sends back for the page's form: every input, checked box, selected option and textarea."""

    def __init__(self, html: str):
        super().__init__()
        self.values: dict[str, str] = {}
        self.select = self.textarea = None
        self.feed(html)

    def _input(self, a: dict) -> None:
        if a.get("type") in ("checkbox", "radio"):
            if "checked" in a:
                self.values[a["name"]] = a.get("value", "on")
        elif a.get("type") != "submit":
            self.values[a["name"]] = a.get("value", "")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            self._input(a)
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and ("selected" in a or self.select not in self.values):
            self.values[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.values[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data if self.values[self.textarea] else data.lstrip("\n")


def test_the_rendered_form_posted_back_with_one_change_is_accepted(client, county):
    s = make_service(county.department, legal_limit_workdays=20, promised_limit_workdays=10,
                     materials=[material(), material("营业执照", source="government", exempt="e_license", trust_level="A")])
    client.force_login(county.editor)
    values = _FormValues(client.get(f"/staff/services/items/{s.pk}/edit/").content.decode()).values
    values.pop("csrfmiddlewaretoken", None)
    assert values["m-TOTAL_FORMS"] == "4"  # two materials and two empty rows
    values.update({"hours": "工作日 9:00-17:00", "note": "调整办理时间"})
    r = client.post(f"/staff/services/items/{s.pk}/edit/", values)
    assert r.status_code == 302, r.content.decode()[:3000]
    change = ServiceChange.objects.get()
    assert change.data["hours"] == "工作日 9:00-17:00"
    assert [m["name"] for m in change.materials] == ["居民身份证", "营业执照"]
    assert change.materials[1]["exempt"] == "e_license"


def test_change_page_shows_the_differences_in_words(client, county):
    s = make_service(county.department, type="public_service", online_available=True, promised_limit_workdays=5)
    change = actions.save_change(by=county.editor, unit=county.department, note="调整", service=s, materials=[material()],
                                 data=service_data(code=s.code, name=s.name, type="benefit", online_available=False,
                                                   online_depth=2, promised_limit_workdays=5))
    client.force_login(county.editor)
    page = client.get(f"/staff/services/changes/{change.pk}/").content.decode()
    assert "<td>公共服务</td><td>行政给付</td>" in page and "<td>是</td><td>否</td>" in page
    assert "承诺办结时限" not in page  # unchanged elements are not listed
