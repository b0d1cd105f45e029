"""Every staff and API URL × every role (issue 10 item 9): generated from the URL resolver.

Unit 甲 (教育局) owns a draft record with an attachment, an 依申请公开 case, a 来信 assigned to it, its annual
report and its page in 单位管理; the county's 县政府办 owns a supervision task. Anonymous users and each unit role
held in unit 乙 (财政局: 信息员, 审核员, 依申请公开经办人, 领导) GET and POST every URL filled with those ids, and
must be refused: nothing of 甲 in the page, no audit event on 甲's objects, 甲's objects unchanged. County-wide
roles (系统管理员, 公开办管理员) act on every unit; for them the sweep asserts only that no URL answers 5xx.

A URL pattern the generator cannot fill must be in UNFILLED with a reason; a new pattern in neither place fails.
"""
from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Site

from zhengwu.applications.tests.factories import register
from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure import actions as disclosure
from zhengwu.disclosure.models import Record
from zhengwu.interaction.tests.factories import assigned
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import make_user
from zhengwu.portal.tests.data import docx_bytes
from zhengwu.services import actions as services
from zhengwu.services import change_workflow
from zhengwu.services.models import Service
from zhengwu.services.tests.factories import make_life_event, material, service_data
from zhengwu.supervision.models import Task
from zhengwu.supervision.tests.test_import import TABLE

pytestmark = pytest.mark.django_db

# Patterns with an object id the sweep does not build, and why they are safe to leave to their own tests.
UNFILLED = {
    "staff/applications/templates/<int:pk>/": "答复模板 are county-wide (no unit owns one), edited by 公开办 only "
                                              "(applications/tests/test_letters.py)",
    "staff/applications/<int:pk>/letters/<int:letter_id>/": "an issued letter belongs to its case; the case id is "
                                                             "checked first (the case's own URLs are swept)",
    "staff/interaction/participation/<str:kind>/<int:pk>/": "意见征集 comments and questions are public participation "
                                                            "moderated county-wide by 公开办 (no unit owns them)",
    "staff/interaction/participation/consultation/<int:pk>/feedback/": "as above: 意见征集 feedback is 公开办 work",
    "staff/search/qa/<int:pk>/": "the 政策问答 knowledge base is county-wide, 公开办 only (search/tests/test_qa.py)",
    "staff/search/questions/<int:pk>/": "questions forwarded by citizens are county-wide, 公开办 only",
    "staff/sitehealth/runs/<int:pk>/": "a check run needs the sites fetched over HTTP; 公开办 only "
                                       "(sitehealth/tests/test_views.py)",
    "staff/sitehealth/sites/<int:site_id>/run/": "starts a live check of a site; 公开办 only",
    "staff/workdays/overrides/<str:day>/remove/": "the working-day calendar is county-wide, 公开办 only "
                                                  "(workdays/tests/test_views.py)",
    "staff/workdays/years/<int:year>/revoke/": "as above",
    "staff/account/password/": "the signed-in user's own password (no other unit's object in it)",
}
# Every role is swept: as a role of unit 乙 (must not reach 甲's work) or as a county-wide role (acts on every unit
# by design: only "no 5xx" is checked). A role added to org.models.Role fails test_every_role_is_classified.
UNIT_ROLES = (Role.EDITOR, Role.REVIEWER, Role.HANDLER, Role.LEADER)
COUNTY_WIDE_ROLES = (Role.SYSADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.OFFICE_ADMIN)

# Reads across units that are the rule, not a leak (who, which URLs, why).
ALLOWED_READS = {
    (Role.LEADER.label, "staff/supervision/"): "领导 follow every unit's 督查 tasks (supervision/staff_views._may_see_all: "
                                   "the 县政府领导 supervise the whole county; read-only, they report only for "
                                   "their own unit)",
}
# Paths every staff member may open: their own account, the login flow, the API's description.
OWN = {"staff/login/", "staff/logout/", "staff/account/", "staff/account/2fa/verify/", "staff/account/2fa/setup/",
       "staff/account/backup-codes/", "staff/account/remove-2fa/", "staff/account/reset-2fa/",
       "api/v1/openapi.json", "api/v1/docs", "api/v1/"}


def patterns(resolver=None, prefix=""):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            yield from patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def routes() -> list[str]:
    return sorted({r for r in patterns() if r.startswith(("staff/", "api/"))})


@pytest.fixture
def world(county):
    """Unit 甲's internal work, built through the action functions, each with a marker text."""
    c = county
    record = disclosure.create_record(by=c.editor, unit=c.department, title="甲单位内部草稿ZWMARKREC",
                                      categories=(1,), body="<p>ZWMARKREC 正文</p>")
    attachment = disclosure.add_attachment(record, by=c.editor, name="甲附件.docx", data=docx_bytes("甲"))
    app = register(c.department, by=c.office_admin, description="甲单位申请ZWMARKAPP的文件")
    message = assigned(c, content="甲单位来信ZWMARKMSG请处理")
    office = Client()
    office.force_login(c.office_admin)
    office.post("/staff/supervision/import/", {"file": SimpleUploadedFile("分工.txt", TABLE.encode()), "year": "2026"})
    office.post("/staff/supervision/import/", {"confirm": "1"})
    task = Task.objects.get(number="3")  # 县政府办's task: 财政局 is neither lead nor responsible
    event, _ = make_life_event(c)
    service = Service.objects.get(code="LE-S1")  # 甲's (county.department)
    change = services.save_change(by=c.editor, unit=c.department, data=service_data(code="ZW-X1", name="甲事项变更"),
                                  materials=[material()], note="甲单位的变更草稿ZWMARKSVC", service=service)
    ids = {
        "staff/records/": {"pk": record.pk, "attachment_pk": attachment.pk},
        "staff/applications/": {"pk": app.pk, "kind": "disclose"},
        "api/v1/applications/": {"case_id": app.pk},
        "staff/interaction/": {"pk": message.pk},
        "staff/supervision/tasks/": {"pk": task.pk},
        "staff/supervision/plans/": {"pk": task.plan_id},
        "staff/reports/": {"year": 2026, "code": c.department.code, "fmt": "html"},
        "staff/units/": {"pk": c.department.pk},
        "api/v1/annual-reports/": {"year": 2026, "unit_code": c.department.code},
        "api/v1/documents/": {"id": record.pk},
        # 三员 pages on 甲's 信息员: only the 系统管理员 / 安全管理员 (county-wide roles below) may act on them.
        "staff/accounts/": {"pk": c.editor.pk, "membership_id": c.editor.memberships.first().pk},
        "staff/security/sessions/": {"pk": c.editor.pk},
        "staff/sites/": {"pk": Site.objects.order_by("pk").first().pk},
        "staff/services/items/": {"pk": service.pk},
        "staff/services/changes/": {"pk": change.pk, "change_pk": change.pk},
        "staff/services/life-events/": {"pk": event.pk},
        "api/v1/life-events/": {"event_id": event.pk},
        "staff/search/faq/": {"pk": message.pk},
    }
    names = {
        "staff/records/": sorted(__import__("zhengwu.disclosure.views", fromlist=["ACTIONS"]).ACTIONS),
        "staff/applications/<int:pk>/do/": sorted(__import__("zhengwu.applications.staff_views",
                                                             fromlist=["RUNNERS"]).RUNNERS),
        "staff/applications/<int:pk>/sub/": ["consultation_reply", "payment", "waive", "appeal_decision"],
        "staff/interaction/": sorted(__import__("zhengwu.interaction.staff_views", fromlist=["ACTIONS"]).ACTIONS),
        "staff/supervision/": ["report", "confirm", "accept", "return", "remarks", "columns"],
        "staff/services/changes/": list(change_workflow.ACTIONS),
    }
    owned = {("disclosure.record", str(record.pk)), ("disclosure.attachment", str(attachment.pk)),
             ("applications.application", str(app.pk)), ("interaction.message", str(message.pk)),
             ("supervision.task", str(task.pk)), ("org.unit", str(c.department.pk)),
             ("services.servicechange", str(change.pk)), ("services.lifeevent", str(event.pk))}
    roles = {"anonymous": None}
    for code in UNIT_ROLES:
        roles[Role(code).label] = make_user(f"czj_{code}", c.other_department, code)
    return {"ids": ids, "names": names, "owned": owned, "roles": roles, "record": record, "app": app,
            "other_unit": c.other_department.pk, "handler": roles[Role.HANDLER.label].pk,
            "message": message, "task": task, "editor": c.editor, "change": change, "event": event,
            "markers": ("ZWMARKREC", "ZWMARKAPP", "ZWMARKMSG", "ZWMARKSVC", "做好解读")}


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
# What an action form usually asks for, so a POST that lacks a permission check would really write (an empty
# POST would only fail validation). Sent plain and with the action's name as prefix (interaction's forms).
PAYLOAD = {"comment": "同意。", "opinion": "经审查，不涉及国家秘密。", "reason": "越权测试", "text": "越权测试进展",
           "note": "越权测试", "remarks": "越权测试", "confirmed": "2026-03-03", "date": "2026-03-03",
           "kind": "consult", "simple": "on", "title": "越权修改的标题", "categories": "1", "body": "<p>越权</p>",
           "name": "越权单位名", "validity": "valid"}


def payload(path: str, world) -> dict:
    data = {**PAYLOAD, "unit": world["other_unit"], "handler": world["handler"]}
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return {**data, **{f"{name}-{k}": v for k, v in data.items()}}


def fill(route: str, world) -> list[str] | None:
    """Concrete paths for `route` (one per action name where it takes one), or None if it has no filler."""
    params = PARAM.findall(route)
    if not params:
        return ["/" + route]
    prefix = max((p for p in world["ids"] if route.startswith(p)), key=len, default=None)
    values = dict(world["ids"].get(prefix, {}))
    paths = []
    name_prefix = max((p for p in world["names"] if route.startswith(p)), key=len, default=None)
    names = world["names"].get(name_prefix, [None]) if "<" in route and ("name>" in route) else [None]
    for name in names:
        values["name"] = name
        if any(values.get(key) is None for _conv, key in params):
            return None
        paths.append("/" + PARAM.sub(lambda m: str(values[m.group(2)]), route))
    return paths


def test_every_role_is_classified():
    assert set(Role.values) == set(UNIT_ROLES) | set(COUNTY_WIDE_ROLES)


def test_every_staff_and_api_pattern_is_swept_or_listed(world):
    unfilled = [r for r in routes() if fill(r, world) is None and r not in UNFILLED]
    assert unfilled == [], f"new URL patterns: fill them in world()/fill() or list them in UNFILLED: {unfilled}"
    stale = [r for r in UNFILLED if r not in routes()]
    assert stale == [], f"UNFILLED names patterns that no longer exist: {stale}"


def snapshot(world) -> tuple:
    world["record"].refresh_from_db()
    world["app"].refresh_from_db()
    world["message"].refresh_from_db()
    world["task"].refresh_from_db()
    world["editor"].refresh_from_db()
    world["change"].refresh_from_db()
    world["event"].refresh_from_db()
    return (world["editor"].is_active, world["editor"].memberships.count(), world["change"].status,
            world["change"].note, world["event"].name, world["event"].questions.count(), world["record"].status, world["record"].title, world["record"].attachments.count(),
            world["app"].status, world["app"].handler_id, world["message"].status, world["message"].unit_id,
            world["task"].status, world["task"].reports.count(), Record.objects.count())


def owned_events(world) -> int:
    return sum(AuditEvent.objects.filter(target_type=t, target_id=i).count() for t, i in world["owned"])


def test_no_cross_unit_read_or_write_for_any_role(world):
    before, events = snapshot(world), owned_events(world)
    leaks: list[str] = []
    swept = 0
    for role, user in world["roles"].items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        for route in routes():
            if route in UNFILLED:
                continue
            for path in fill(route, world):
                if route in OWN and path.endswith(("logout/",)):
                    continue
                for method in ("get", "post"):
                    response = getattr(client, method)(path, payload(path, world) if method == "post" else {})
                    swept += 1
                    if response.status_code >= 500:
                        leaks.append(f"{role} {method.upper()} {path}: {response.status_code}")
                        continue
                    body = response.content.decode("utf-8", "replace")
                    seen = [m for m in world["markers"] if m in body]
                    if seen and not any(role == who and route.startswith(where) for who, where in ALLOWED_READS):
                        leaks.append(f"{role} {method.upper()} {path}: shows {seen}")
            after = snapshot(world), owned_events(world)
            if after != (before, events):  # a write on 甲's objects: name the request that made it
                leaks.append(f"{role} {route}: changed unit 甲's objects or wrote an audit event on them")
                before, events = after
    assert leaks == [], "\n".join(leaks)
    assert swept > 500


@pytest.mark.parametrize("code", COUNTY_WIDE_ROLES)
def test_county_wide_roles_sweep_answers_no_5xx(world, county, code):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(f"county_{code}", county.government, code))
    errors = []
    for route in routes():
        if route in UNFILLED:
            continue
        for path in fill(route, world):
            if path.endswith("logout/"):
                continue
            response = client.get(path)
            if response.status_code >= 500:
                errors.append(f"GET {path}: {response.status_code}")
    assert errors == []
