"""load_demo: every state, rule and category; idempotent; seeds findable by 文号; demo_login."""
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.models import Site

from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure import actions, doc_number
from zhengwu.disclosure.models import Attachment, Interpretation, Record, RecordRelation
from zhengwu.importer import demo
from zhengwu.importer.demo_data import DEMO_PASSWORD, SPECS
from zhengwu.importer.seeds import seed_files
from zhengwu.org import credit_code
from zhengwu.org.models import Membership, Role, SiteProfile, Unit
from zhengwu.security.second_factor import DEMO_DEVICE_NAME


def counts():
    return (Unit.objects.count(), get_user_model().objects.count(), Membership.objects.count(),
            Record.objects.count(), Interpretation.objects.count(), Attachment.objects.count(),
            RecordRelation.objects.count(), Site.objects.count())


@pytest.mark.django_db
def test_load_demo_twice(tmp_path):
    out = io.StringIO()
    call_command("load_demo", "--no-hooks", stdout=out)
    first = counts()
    again = demo.load(hooks=False)  # the command's second run, keeping the site structure it returns
    assert counts() == first
    assert again.created == 0
    portal = again.portal

    # Units: hierarchy, valid 统一社会信用代码 and public information.
    gov = Unit.objects.get(kind=Unit.Kind.GOVERNMENT)
    assert gov.name == "示范县人民政府"
    assert Unit.objects.filter(kind=Unit.Kind.DEPARTMENT, parent=gov).count() >= 6
    assert Unit.objects.filter(kind=Unit.Kind.TOWNSHIP, parent=gov).count() >= 3
    assert not Unit.objects.filter(kind=Unit.Kind.VILLAGE).exclude(parent__kind=Unit.Kind.TOWNSHIP).exists()
    for unit in Unit.objects.all():
        assert credit_code.is_valid(unit.credit_code), unit
        assert unit.functions and unit.leader_name and unit.address and unit.office_hours and unit.phone
    for name in ("示范县人民政府办公室", "示范县教育局", "示范县财政局", "示范县人力资源和社会保障局",
                 "示范县行政审批服务局", "示范县司法局"):
        assert Unit.objects.filter(name=name).exists()

    # Staff: one per role, the demo password works.
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    for role in Role.values:
        assert Membership.objects.filter(role=role).exists(), role
    assert SiteProfile.objects.get(unit__code="bsx").require_office_review is False
    client = Client()
    assert client.post("/staff/login/", {"username": "jyj_xxy", "password": DEMO_PASSWORD}).status_code == 302
    assert client.get("/staff/").status_code == 200

    # Every state, every 第二十条 category published, kinds, rules.
    assert set(Record.objects.values_list("status", flat=True)) == set(Record.Status.values)
    published = Record.objects.filter(status=Record.Status.PUBLISHED)
    for number in range(1, 16):
        assert published.filter(categories__number=number).exists(), number
    assert Record.objects.filter(source__startswith="示范数据：").count() == len(SPECS) >= 60
    assert published.filter(kind=Record.Kind.REGULATION).exists()
    assert Record.objects.get(document_number="示范市人民政府令第12号").validity == Record.Validity.AMENDED
    repealed = Record.objects.get(source="示范数据：nf_homestead")
    assert repealed.validity == Record.Validity.REPEALED
    assert repealed.incoming_relations.get().kind == RecordRelation.Kind.REPEALS
    assert Record.objects.get(source="示范数据：nf_parking").validity == Record.Validity.AMENDED
    for record in published.filter(kind=Record.Kind.NORMATIVE):
        assert len(actions.interpretation_forms(record)) >= 2 or record.interpretation_exempt_reason
    exempt = Record.objects.get(source="示范数据：nf_training")
    assert exempt.status == Record.Status.PUBLISHED and exempt.interpretation_exempt_by.username == "jyj_shy"
    blocked = Record.objects.get(source="示范数据：dibao_q3")
    assert blocked.status == Record.Status.UNIT_REVIEW
    assert any("身份证号" in p for p in actions.publication_blockers(blocked))
    masked = Record.objects.get(source="示范数据：relief_q3")
    assert masked.status == Record.Status.PUBLISHED and not actions.pii_findings(masked)
    assert "439001********" in masked.body and "139****1234" in masked.body
    assert Record.objects.get(source="示范数据：rejected_rsj").reviews.filter(decision="rejected").exists()

    # Work done by the demo staff through the review chain, audited.
    record = Record.objects.get(source="示范数据：final_prev")
    assert record.created_by.username == "czj_xxy"
    assert list(record.reviews.values_list("stage", "by__username")) == [
        ("submit", "czj_xxy"), ("secrecy", "czj_shy"), ("unit", "czj_shy"), ("office", "gkb")]
    assert AuditEvent.objects.filter(target_id=str(record.pk), action="publish", actor__username="gkb").exists()

    # Real attachments with their text extracted.
    for ext, needle in (("docx", "免申即享"), ("xlsx", "一般公共预算收入"), ("pdf", "一般公共预算收入安排")):
        attachment = Attachment.objects.filter(name__endswith=f".{ext}", text__contains=needle).first()
        assert attachment is not None, ext

    # Columns: every county column and the sub-sites' columns list something.
    for key in ("tzgg", "gzdt", "zcwj", "zcjd", "ghjh", "czzj", "rsxx", "zn", "zd", "zt_swgh", "zt_hqzc",
                "zt_ssjygk"):
        page = portal.column(key)
        listing = page.listing() if hasattr(page, "listing") else page.records()
        assert listing.exists(), key
    for code in ("zfb", "jyj", "spj", "cgz", "qsz", "bsx"):
        site = portal.site_of(code)
        for key in ("tzgg", "gzdt", "zn", "zd"):
            assert site.column(key).records().exists(), (code, key)

    # The real seeds, imported and findable by their 文号 however typed.
    if len(seed_files()) >= 5:
        for typed, publisher in (("中县政务公开202210", "中方县政务公开政务服务工作领导小组办公室"),
                                 ("清公開辦函[2021]3號", "衡南县政务公开政务服务领导小组办公室"),
                                 ("益赫政公【2020】4号", "益阳市赫山区政务公开政务服务领导小组"),
                                 ("槐政办发（2020）1号", "槐荫区政府办公室"),
                                 ("中县政务公开办发〔2021〕8号", "中方县政务公开政务服务工作领导小组办公室")):
            seed = published.get(document_number_key=doc_number.search_key(typed))
            assert seed.publisher_name == publisher
            assert set(seed.columns.values_list("pk", flat=True)) == {
                portal.column("tzgg").pk, portal.site_of("zfb").column("tzgg").pk}
        assert published.get(document_number="槐政办发〔2020〕1号").index_number == "11370104597024629Y-A/2020-3956126"

    assert Membership.objects.filter(user__username="ysq", role=Role.HANDLER).count() == 2
    out = io.StringIO()
    call_command("demo_login", "--port", "8123", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/staff/login/" in text and f"用户名 admin      密码 {DEMO_PASSWORD}" in text
    assert "切勿在生产环境使用" in text
    # The accounts that must use 2FA print a demo-only static code; the others need none.
    codes = dict(re.findall(r"用户名 (\w+)\s+密码 \S+\s+双因素验证码（演示专用）(\w+)", text))
    # the superuser, the 公开办管理员 and the three 三员 (系统、安全、审计管理员)
    assert set(codes) == {"admin", "gkb", "xtgly", "aqgly", "sjgly"}
    assert StaticDevice.objects.filter(name=DEMO_DEVICE_NAME).count() == 5


@pytest.mark.django_db
def test_demo_login_before_load():
    out = io.StringIO()
    call_command("demo_login", stdout=out)
    assert out.getvalue().strip() == "尚未加载示范数据，请先运行：zhengwu load_demo"


def test_hooks_are_plain_imports_run_in_order(monkeypatch):
    """Each capability's demo module is imported plainly (a missing one fails at import, never skipped)."""
    calls = []

    class Hook:
        def __init__(self, name):
            self.__name__ = name

        def load_demo(self, **kwargs):
            calls.append((self.__name__, sorted(kwargs)))

    monkeypatch.setattr(demo, "HOOKS", (Hook("zhengwu.first.demo"), Hook("zhengwu.second.demo")))
    monkeypatch.setattr(demo.Demo, "hook_units", lambda self: [])
    out = io.StringIO()
    demo.Demo(today=None, out=out, units={demo.data.GOVERNMENT[0]: None}).run_hooks()
    assert [c[0] for c in calls] == ["zhengwu.first.demo", "zhengwu.second.demo"]
    assert calls[0][1] == ["government", "today", "units"] and "加载 zhengwu.first.demo" in out.getvalue()
    assert all(callable(m.load_demo) for m in (demo.applications_demo, demo.search_demo, demo.reports_demo))


def test_credit_codes_and_id_number_are_valid():
    from zhengwu.pii import id_number_is_valid

    assert credit_code.is_valid(demo.demo_credit_code("11", 10))
    assert demo.org_code_check("12345678") in "0123456789X"
    assert id_number_is_valid(demo.demo_id_number())
