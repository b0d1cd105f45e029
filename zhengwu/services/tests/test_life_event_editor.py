"""The 一件事 editor in the workbench: the office defines a life event and its 情形 there, the public 导办 asks it at
once and its 一次告知单 follows the answers; bad input is refused in Chinese with nothing saved; only the office edits."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhengwu.audit import labels
from zhengwu.audit.models import AuditEvent
from zhengwu.services import actions
from zhengwu.services.models import LifeEvent, Option
from zhengwu.services.tests.factories import make_life_event, make_service, material

pytestmark = pytest.mark.django_db


class FormValues(HTMLParser):
    """What a browser sends back for the page's form, every value of a name (checkbox lists post several)."""

    def __init__(self, html: str):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self.select = self.textarea = None
        self.selected = False
        self.feed(html)

    def _add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") != "submit":
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self._add(a["name"], a.get("value", "on") if a.get("type") in ("checkbox", "radio") else
                          a.get("value", ""))
        elif tag == "select":
            self.select, self.first, self.selected = a.get("name"), None, False
        elif tag == "option" and self.select:
            if self.first is None:
                self.first = a.get("value", "")
            if "selected" in a:
                self.selected = True
                self._add(self.select, a.get("value", ""))
        elif tag == "textarea":
            self.textarea = a.get("name")
            self._add(self.textarea, "")

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            if not self.selected:
                self._add(self.select, self.first or "")
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea][-1] += data if self.values[self.textarea][-1] else data.lstrip("\n")


def form_of(client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    values = FormValues(response.content.decode()).values
    values.pop("csrfmiddlewaretoken", None)
    return values


def option_pk(event, question_text, option_text) -> tuple[int, int]:
    q = event.questions.get(text=question_text)
    return q.pk, q.options.get(text=option_text).pk


def checklist(client, event, *answers) -> str:
    params = {f"q{q}": o for q, o in answers}
    r = client.get(f"/bsfw/yjs/{event.pk}/", {**params, "show": 1})
    assert r.status_code == 200
    return r.content.decode().split('id="gzd"', 1)[1]


def test_create_in_the_editor_and_the_public_guide_asks_it(client, county):
    birth = make_service(county.department, name="出生医学证明办理", code="BIRTH-1", materials=[material("居民身份证")])
    hukou = make_service(county.other_department, name="外地户籍新生儿落户", code="BIRTH-2",
                         materials=[material("户口迁移证明"), material("结婚证")])
    client.force_login(county.office_admin)
    assert "一件事一次办维护" in client.get("/staff/services/").content.decode()
    values = form_of(client, "/staff/services/life-events/new/")
    values.update({"name": ["新生儿出生"], "audience": ["person"], "theme": ["birth"],
                   "e-0-service": [str(birth.pk)], "e-0-always": ["on"], "e-1-service": [str(hukou.pk)],
                   "q-0-text": ["父母是否外地户籍"], "q-0-o-0-text": ["否"], "q-0-o-1-text": ["是"],
                   "q-0-o-1-include_services": [str(hukou.pk)]})
    r = client.post("/staff/services/life-events/new/", values)
    assert r.status_code == 302, r.content.decode()[:2000]
    event = LifeEvent.objects.get(name="新生儿出生")
    assert event.theme == "birth" and r["Location"] == f"/staff/services/life-events/{event.pk}/edit/"
    audit = AuditEvent.objects.get(target_type="services.lifeevent")
    assert audit.action == "life_event_create" and audit.action in labels.registered_actions()
    assert audit.after["questions"] == ["父母是否外地户籍：否 / 是（增加事项外地户籍新生儿落户）"]

    page = client.get(f"/bsfw/yjs/{event.pk}/").content.decode()
    assert "父母是否外地户籍" in page
    local, outside = option_pk(event, "父母是否外地户籍", "否"), option_pk(event, "父母是否外地户籍", "是")
    assert "外地户籍新生儿落户" not in checklist(client, event, local)
    html = checklist(client, event, outside)
    assert "外地户籍新生儿落户" in html and ">户口迁移证明</th>" in html and ">居民身份证</th>" in html
    assert "新生儿出生" in client.get("/staff/services/life-events/").content.decode()


def test_editing_an_option_changes_the_checklist(client, county):
    event, (_s1, s2, s3) = make_life_event(county)
    sign_yes = option_pk(event, "是否设置门头招牌", "是")
    before = checklist(client, event, sign_yes)
    assert "户外招牌设置" in before and "健康证明" not in before
    client.force_login(county.office_admin)
    url = f"/staff/services/life-events/{event.pk}/edit/"
    values = form_of(client, url)
    assert values["q-0-o-1-include_services"] == [str(s3.pk)]  # the saved effect is shown checked
    health = s2.materials.get(name="健康证明")
    values["q-0-o-1-include_services"] = []
    values["q-0-o-1-include_materials"] = [str(health.pk)]
    r = client.post(url, values)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert option_pk(event, "是否设置门头招牌", "是") == sign_yes  # a bookmarked 导办 link keeps working
    after = checklist(client, event, sign_yes)
    assert "户外招牌设置" not in after and ">健康证明</th>" in after
    audit = AuditEvent.objects.get(target_type="services.lifeevent", action="life_event_update")
    assert "增加事项户外招牌设置" in audit.before["questions"][0] and "增加材料健康证明" in audit.after["questions"][0]


def _unchanged(event) -> dict:
    return actions.life_event_snapshot(LifeEvent.objects.get(pk=event.pk))


def test_an_option_naming_a_service_not_in_the_event_is_refused_and_nothing_saved(client, county):
    event, (_s1, _s2, s3) = make_life_event(county)
    before = _unchanged(event)
    client.force_login(county.office_admin)
    url = f"/staff/services/life-events/{event.pk}/edit/"
    values = form_of(client, url)
    assert values["e-2-service"] == [str(s3.pk)]
    values.update({"e-2-DELETE": ["on"], "name": ["开办饭店"]})  # the option still adds 户外招牌设置
    r = client.post(url, values)
    html = r.content.decode()
    assert r.status_code == 400 and "错误：" in html
    assert "情形问题“是否设置门头招牌”的选项“是”所列事项“户外招牌设置”不在这件事包含的事项中" in html
    assert _unchanged(event) == before and not AuditEvent.objects.filter(action="life_event_update").exists()

    stranger = make_service(county.other_department, name="无关事项")
    other_material = stranger.materials.get()
    with pytest.raises(ValidationError) as exc:
        actions.save_life_event(by=county.office_admin, data={"name": "开办餐饮店"}, entries=[(s3, True)],
                                questions=[{"text": "是否连锁", "options": [
                                    {"text": "是", "exclude_services": [stranger]},
                                    {"text": "否", "include_materials": [other_material]}]}], life_event=event)
    assert exc.value.message_dict["questions"] == [
        "情形问题“是否连锁”的选项“是”所列事项“无关事项”不在这件事包含的事项中，请先把它加入包含的事项。",
        "情形问题“是否连锁”的选项“否”所列材料“居民身份证”不属于这件事包含的事项。"]
    assert _unchanged(event) == before


def test_a_question_without_options_is_refused(client, county):
    event, _ = make_life_event(county)
    before = _unchanged(event)
    client.force_login(county.office_admin)
    url = f"/staff/services/life-events/{event.pk}/edit/"
    values = form_of(client, url)
    values["q-2-text"] = ["经营面积是否超过150平方米"]  # the blank question row, its option rows left empty
    r = client.post(url, values)
    assert r.status_code == 400
    assert "情形问题“经营面积是否超过150平方米”没有选项，请至少填写两个选项。" in r.content.decode()
    values["q-2-o-0-text"] = ["是"]
    assert "只有一个选项" in client.post(url, values).content.decode()
    assert _unchanged(event) == before


def test_an_empty_name_is_refused(client, county):
    s = make_service(county.department)
    client.force_login(county.office_admin)
    values = form_of(client, "/staff/services/life-events/new/")
    values.update({"name": ["  "], "e-0-service": [str(s.pk)], "e-0-always": ["on"],
                   "q-0-text": ["是否外地户籍"], "q-0-o-0-text": ["是"]})
    r = client.post("/staff/services/life-events/new/", values)
    html = r.content.decode()
    assert r.status_code == 400 and "请填写一件事名称。" in html
    assert "只有一个选项" in html  # the rows' problems in the same round
    with pytest.raises(ValidationError) as exc:
        actions.save_life_event(by=county.office_admin, data={"name": ""}, entries=[], questions=[])
    assert exc.value.message_dict == {"name": ["请填写一件事名称。"], "entries": ["一件事至少包含一个事项。"]}
    assert not LifeEvent.objects.exists()


def test_only_the_office_edits_life_events(client, county):
    event, (s1, _s2, _s3) = make_life_event(county)
    before = _unchanged(event)
    client.force_login(county.office_admin)
    values = form_of(client, f"/staff/services/life-events/{event.pk}/edit/")
    values["name"] = ["改名"]
    for user in (county.other_editor, county.editor, county.reviewer):
        client.force_login(user)
        assert client.get("/staff/services/life-events/").status_code == 403
        assert client.get(f"/staff/services/life-events/{event.pk}/edit/").status_code == 403
        assert client.post(f"/staff/services/life-events/{event.pk}/edit/", values).status_code == 403
        assert "一件事一次办维护" not in client.get("/staff/services/").content.decode()
    with pytest.raises(PermissionDenied):
        actions.save_life_event(by=county.other_editor, data={"name": "改名"}, entries=[(s1, True)], questions=[],
                                life_event=event)
    assert _unchanged(event) == before


def test_the_rendered_form_posted_back_unchanged_is_accepted(client, county):
    event, _ = make_life_event(county)
    before = _unchanged(event)
    client.force_login(county.office_admin)
    url = f"/staff/services/life-events/{event.pk}/edit/"
    values = form_of(client, url)
    assert values["e-TOTAL_FORMS"] == ["6"] and values["q-TOTAL_FORMS"] == ["3"]  # three blank rows, one question
    ids = sorted(Option.objects.filter(question__life_event=event).values_list("pk", flat=True))
    r = client.post(url, values)
    assert r.status_code == 302, r.content.decode()[:3000]
    assert _unchanged(event) == before
    assert sorted(Option.objects.filter(question__life_event=event).values_list("pk", flat=True)) == ids
    assert not AuditEvent.objects.filter(action="life_event_update").exists()  # nothing changed, nothing logged


def test_list_page_query_count_does_not_grow_with_events(client, county, django_assert_max_num_queries):
    make_life_event(county)
    s = make_service(county.department)
    for i in range(5):
        actions.save_life_event(by=None, data={"name": f"一件事{i}"}, entries=[(s, True)], questions=[
            {"text": "是否外地户籍", "options": [{"text": "是"}, {"text": "否"}]}])
    client.force_login(county.office_admin)
    with django_assert_max_num_queries(7):
        html = client.get("/staff/services/life-events/").content.decode()
    assert html.count("/edit/\">修改") == 6 and "<td>3</td><td>2</td>" in html
