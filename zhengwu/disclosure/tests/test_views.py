"""The staff workbench for government information, driven through the test client as staff would."""
from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure.models import Attachment, Record, RecordRelation, ReviewDecision
from zhengwu.disclosure.tests.factories import make_published, make_record
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import make_user
from zhengwu.pii import id_check_digit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """The default PBKDF2 costs about a second per test user on a busy 2-core runner."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

PASSWORD = "zhengwu-test-pass"


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def record_post(unit, **overrides) -> dict:
    data = {
        "unit": unit.pk, "kind": "general", "title": "关于做好2026年冬季校园安全工作的通知",
        "document_number": "示教发[2026]３号", "categories": ["11"], "written_date": "2026-11-20",
        "validity": "valid", "disclosure_mode": "proactive", "summary": "冬季校园安全。",
        "body": "<p>各学校：</p><p>请做好冬季安全工作。</p>",
    }
    data.update(overrides)
    return data


def page_text(response) -> str:
    return response.content.decode()


def login(client, user):
    client.force_login(user)
    return client


def act(client, record, name, **data):
    return client.post(reverse("disclosure:action", args=[record.pk, name]), data, follow=True)


# --- the whole review chain through the web UI ---------------------------------------------------------

def test_full_review_flow_through_the_web(client, county):
    # The 信息员 logs in through the Chinese login page.
    response = client.get("/staff/", follow=True)
    assert "工作人员登录" in page_text(response)
    response = client.post("/staff/login/", {"username": "jyj_xxy", "password": "wrong-password"})
    assert response.status_code == 400 and "用户名或密码不正确" in page_text(response)
    response = client.post("/staff/login/", {"username": "jyj_xxy", "password": PASSWORD}, follow=True)
    assert "本单位草稿与退回信息" in page_text(response)

    data = record_post(county.department)
    data["attachments"] = [upload("通知.docx", docx_bytes("附件正文：冬季安全。"))]
    response = client.post(reverse("disclosure:create"), data, follow=True)
    assert response.status_code == 200, page_text(response)
    record = Record.objects.get()
    assert record.document_number == "示教发〔2026〕3号"  # normalised on save
    assert record.status == Record.Status.DRAFT
    assert record.attachments.get().text == "附件正文：冬季安全。"
    assert "尚未完成保密审查" in page_text(response)  # publication_blockers shown on the record page

    response = act(client, record, "submit")
    assert "已提交单位审核" in page_text(response)
    client.logout()

    login(client, county.reviewer)
    response = client.get("/staff/")
    assert record.title in page_text(response)  # in the 单位审核 queue
    response = act(client, record, "secrecy", **{"secrecy-passed": "1", "secrecy-opinion": "经审查，不涉及国家秘密。"})
    assert "保密审查已通过" in page_text(response)
    response = act(client, record, "approve", **{"approve-comment": "同意。"})
    assert "已提交公开办审核" in page_text(response)
    record.refresh_from_db()
    assert record.status == Record.Status.OFFICE_REVIEW
    client.logout()

    login(client, county.office_admin)
    response = client.get("/staff/")
    assert "待公开办审核" in page_text(response) and record.title in page_text(response)
    response = act(client, record, "approve", **{"approve-comment": "同意公开。"})
    record.refresh_from_db()
    assert record.status == Record.Status.PUBLISHED
    assert record.index_number and record.index_number.startswith(county.department.credit_code + "-")
    assert record.index_number in page_text(response)

    actions_logged = set(AuditEvent.objects.filter(target_type="disclosure.record", target_id=str(record.pk))
                         .values_list("action", flat=True))
    assert {"create", "attachment_add", "submit", "secrecy_review", "approve_unit", "publish"} <= actions_logged
    assert [d.stage for d in record.reviews.all()] == ["submit", "secrecy", "unit", "office"]

    history = client.get(reverse("disclosure:history", args=[record.pk]))
    for label in ("新建", "提交审核", "保密审查通过", "单位审核通过", "发布", "状态：草稿 → 待单位审核",
                  "状态：待公开办审核 → 已发布"):
        assert label in page_text(history)
    log = client.get("/staff/audit/", {"unit": county.department.pk, "action": "publish"})
    assert log.status_code == 200 and record.title in page_text(log)
    assert "共 1 条记录" in page_text(log)


def test_returned_item_shows_on_the_editors_dashboard(client, county):
    record = make_record(county.department, by=county.editor, title="待退回的通知")
    login(client, county.editor)
    act(client, record, "submit")
    client.logout()
    login(client, county.reviewer)
    response = act(client, record, "reject", **{"reject-comment": ""})
    assert "退回时请填写退回意见" in page_text(response)
    record.refresh_from_db()
    assert record.status == Record.Status.UNIT_REVIEW
    act(client, record, "reject", **{"reject-comment": "请补充附件。"})
    client.logout()
    login(client, county.editor)
    response = client.get("/staff/")
    text = page_text(response)
    assert "待退回的通知" in text and "已退回" in text and "请补充附件。" in text


# --- permissions matrix --------------------------------------------------------------------------------

def test_another_units_records_are_invisible_and_unchangeable(client, county):
    draft = make_record(county.department, by=county.editor, title="教育局内部草稿")
    in_review = make_record(county.department, by=county.editor, title="教育局审核中")
    from zhengwu.disclosure import actions

    actions.submit(in_review, by=county.editor)
    for user in (county.other_editor, county.other_reviewer):
        login(client, user)
        assert "教育局内部草稿" not in page_text(client.get(reverse("disclosure:list")))
        assert "教育局" not in page_text(client.get("/staff/"))
        for record in (draft, in_review):
            assert client.get(reverse("disclosure:detail", args=[record.pk])).status_code == 404
            assert client.get(reverse("disclosure:edit", args=[record.pk])).status_code == 404
            assert client.get(reverse("disclosure:history", args=[record.pk])).status_code == 404
            assert client.post(reverse("disclosure:edit", args=[record.pk]),
                               record_post(county.department, title="篡改")).status_code == 404
            for name in ("submit", "withdraw", "approve", "reject", "publish", "mask", "secrecy"):
                response = client.post(reverse("disclosure:action", args=[record.pk, name]),
                                       {"reject-comment": "x", "secrecy-opinion": "x", "secrecy-passed": "1"})
                assert response.status_code == 404, name
            response = client.post(reverse("disclosure:attachment_add", args=[record.pk]),
                                   {"files": [upload("a.txt", b"hello")]})
            assert response.status_code == 404
        # Creating a record in another unit is refused by the form (the unit is not offered).
        response = client.post(reverse("disclosure:create"), record_post(county.department, title="冒名发布"))
        assert response.status_code == 400
        client.logout()
    draft.refresh_from_db()
    in_review.refresh_from_db()
    assert draft.title == "教育局内部草稿" and draft.status == Record.Status.DRAFT
    assert in_review.status == Record.Status.UNIT_REVIEW
    assert not Attachment.objects.exists()
    assert not Record.objects.filter(title__in=["篡改", "冒名发布"]).exists()


def test_leader_is_read_only(client, county):
    own = make_record(county.government, title="县政府草稿")
    login(client, county.leader)
    dashboard = page_text(client.get("/staff/"))
    assert "公开情况统计" in dashboard and "新建政府信息" not in dashboard
    assert client.get(reverse("disclosure:create")).status_code == 403
    detail = client.get(reverse("disclosure:detail", args=[own.pk]))
    assert detail.status_code == 200
    assert "/do/" not in page_text(detail) and "修改信息" not in page_text(detail)
    assert client.get(reverse("disclosure:edit", args=[own.pk])).status_code == 403
    for name in ("submit", "publish", "mask"):
        response = client.post(reverse("disclosure:action", args=[own.pk, name]))
        assert response.status_code == 403
        assert "权限" in page_text(response)
    assert client.get("/staff/units/").status_code == 403
    assert client.get("/staff/audit/").status_code == 403
    own.refresh_from_db()
    assert own.status == Record.Status.DRAFT


def test_reviewer_approves_only_own_unit(client, county):
    # A 审核员 of 教育局 who is also 信息员 of 财政局 can see 财政局's records but not approve them.
    make_user("dual", county.department, Role.REVIEWER)
    from django.contrib.auth import get_user_model

    from zhengwu.org.models import Membership

    dual = get_user_model().objects.get(username="dual")
    Membership.objects.create(user=dual, unit=county.other_department, role=Role.EDITOR)
    from zhengwu.disclosure import actions

    other = make_record(county.other_department, title="财政局待审核")
    actions.submit(other, by=None)
    own = make_record(county.department, title="教育局待审核")
    actions.submit(own, by=None)
    login(client, dual)
    response = client.post(reverse("disclosure:action", args=[other.pk, "approve"]), {"approve-comment": ""})
    assert response.status_code == 403 and "审核员" in page_text(response)
    other.refresh_from_db()
    assert other.status == Record.Status.UNIT_REVIEW
    act(client, own, "approve")
    own.refresh_from_db()
    assert own.status == Record.Status.OFFICE_REVIEW


def test_editor_cannot_change_a_record_under_review(client, county):
    from zhengwu.disclosure import actions

    record = make_record(county.department, by=county.editor)
    actions.submit(record, by=county.editor)
    login(client, county.editor)
    response = client.get(reverse("disclosure:edit", args=[record.pk]))
    assert response.status_code == 403 and "请先撤回" in page_text(response)
    response = client.post(reverse("disclosure:attachment_add", args=[record.pk]),
                           {"files": [upload("a.txt", b"hello")]})
    assert response.status_code == 403
    assert not Attachment.objects.exists()


# --- bad input -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("overrides, message", [
    ({"document_number": "随便写的号码"}, "文号“随便写的号码”格式不正确"),
    ({"title": "<script>alert(1)</script>通知"}, "标题不能包含 HTML 标签或脚本"),
    ({"categories": []}, "请至少选择一个条例第二十条公开类别"),
    ({"disclosure_mode": "not_disclosed", "nondisclosure_reason": ""}, "必须填写理由"),
    ({"written_date": "2026-13-45"}, "日期"),
])
def test_bad_record_input_is_refused_in_chinese_and_nothing_saved(client, county, overrides, message):
    login(client, county.editor)
    response = client.post(reverse("disclosure:create"), record_post(county.department, **overrides))
    assert response.status_code == 400
    text = page_text(response)
    assert "提交的内容有问题" in text and message in text
    assert not Record.objects.exists()
    assert not AuditEvent.objects.exclude(action="login").exists()  # the staff login itself is audited


def test_bad_attachments_are_refused_and_nothing_saved(client, county, settings):
    login(client, county.editor)
    data = record_post(county.department, attachments=[upload("病毒.exe", b"MZ...")])
    response = client.post(reverse("disclosure:create"), data)
    assert response.status_code == 400
    assert "附件“病毒.exe”的类型不允许上传" in page_text(response)

    settings.ZHENGWU_ATTACHMENT_MAX_BYTES = 1024 * 1024
    data = record_post(county.department, attachments=[upload("大文件.pdf", b"%PDF" + b"0" * (1024 * 1024 + 1))])
    response = client.post(reverse("disclosure:create"), data)
    assert response.status_code == 400 and "附件“大文件.pdf”过大" in page_text(response)

    # Right extension, unreadable content: the record created in the same request is rolled back too.
    data = record_post(county.department, attachments=[upload("good.txt", b"ok"), upload("坏.docx", b"not a docx")])
    response = client.post(reverse("disclosure:create"), data)
    assert response.status_code == 400 and "无法读取附件“坏.docx”" in page_text(response)
    assert not Record.objects.exists() and not Attachment.objects.exists()

    record = make_record(county.department, by=county.editor)
    response = client.post(reverse("disclosure:attachment_add", args=[record.pk]),
                           {"files": [upload("ok.txt", b"fine"), upload("x.exe", b"MZ")]}, follow=True)
    assert "附件“x.exe”的类型不允许上传" in page_text(response)
    assert not record.attachments.exists()
    response = client.post(reverse("disclosure:attachment_add", args=[record.pk]),
                           {"files": [upload("说明.txt", "说明文字".encode()), upload("表.docx", docx_bytes("表格"))]},
                           follow=True)
    assert "已上传 2 个附件" in page_text(response)
    assert record.attachments.count() == 2


def test_edit_normalises_and_refuses_bad_number_without_saving(client, county):
    record = make_record(county.department, by=county.editor, document_number="示教发〔2026〕1号")
    login(client, county.editor)
    url = reverse("disclosure:edit", args=[record.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, record_post(county.department, title="新标题", document_number="第几号"))
    assert response.status_code == 400 and "格式不正确" in page_text(response)
    record.refresh_from_db()
    assert record.title != "新标题"
    response = client.post(url, record_post(county.department, title="新标题", document_number="示教发【２０２６】２号"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.title, record.document_number) == ("新标题", "示教发〔2026〕2号")


# --- the other record actions --------------------------------------------------------------------------

def id_number() -> str:
    first17 = "43012419800101123"
    return first17 + id_check_digit(first17)


def test_pii_findings_masking_and_override(client, county):
    number = id_number()
    record = make_record(county.department, by=county.editor, title="低保名单公示",
                         body=f"<p>申请人身份证号{number}，电话13912345678。</p>")
    login(client, county.editor)
    page = page_text(client.get(reverse("disclosure:detail", args=[record.pk])))
    assert "个人信息检查" in page and "身份证号" in page and "139****5678" in page
    assert number not in page and "13912345678" not in page
    assert "发现未去标识化的个人信息" in page  # among publication_blockers
    response = act(client, record, "mask")
    assert "已对 2 处个人信息去标识化" in page_text(response)
    record.refresh_from_db()
    assert number not in record.body and "139****5678" in record.body

    other = make_record(county.department, by=county.editor, title="公示", body=f"<p>{number}</p>")
    client.logout()
    login(client, county.reviewer)
    response = act(client, other, "override", **{"override-reason": ""})
    assert "请填写理由" in page_text(response)
    response = act(client, other, "override", **{"override-reason": "法定公示须公开证件号。"})
    assert "已放行个人信息" in page_text(response)
    other.refresh_from_db()
    assert other.pii_override_reason == "法定公示须公开证件号。"


def test_normative_document_interpretations_relations_validity_unpublish(client, county):
    from zhengwu.disclosure import actions

    old = make_record(county.department, title="示范县教育收费管理办法", kind="normative",
                      document_number="示教规〔2020〕1号", categories=(1,))
    actions.exempt_interpretation(old, by=None, reason="2020年旧文件，导入时无解读。")
    actions.record_secrecy_review(old, by=None, opinion="不涉密。")
    actions.publish(old, by=None)
    login(client, county.editor)
    data = record_post(county.department, kind="normative", title="示范县教育收费管理办法（修订）",
                       document_number="示教规〔2026〕1号", categories=["1"])
    client.post(reverse("disclosure:create"), data)
    new = Record.objects.get(document_number="示教规〔2026〕1号")
    page = page_text(client.get(reverse("disclosure:detail", args=[new.pk])))
    assert "至少2种形式的政策解读（现有0种）" in page

    response = act(client, new, "relation", **{"relation-kind": "repeals", "relation-target_query": "示教规[2020]1号"})
    assert "已登记：本文件废止《示范县教育收费管理办法》" in page_text(response)
    assert RecordRelation.objects.filter(source=new, target=old, applied_at__isnull=True).exists()
    response = act(client, new, "relation", **{"relation-kind": "amends", "relation-target_query": "不存在的文件"})
    assert "没有找到" in page_text(response)

    response = act(client, new, "interpretation", **{"interp-form": "text", "interp-title": "一图读懂", "interp-schedule": "on"})
    assert "已添加文字解读" in page_text(response)
    response = act(client, new, "interpretation", **{"interp-form": "video", "interp-title": "视频解读",
                                                     "interp-schedule": "on"})
    assert "视频或 H5 解读请填写链接" in page_text(response)
    act(client, new, "interpretation", **{"interp-form": "video", "interp-title": "视频解读",
                                          "interp-link": "https://example.org/v.mp4", "interp-schedule": "on"})
    assert new.interpretations.count() == 2
    page = page_text(client.get(reverse("disclosure:detail", args=[new.pk])))
    assert "政策解读（现有" not in page

    act(client, new, "submit")
    client.logout()
    login(client, county.office_admin)
    act(client, new, "secrecy", **{"secrecy-passed": "1", "secrecy-opinion": "不涉密。"})
    act(client, new, "approve")
    act(client, new, "approve")
    new.refresh_from_db()
    old.refresh_from_db()
    assert new.status == Record.Status.PUBLISHED
    assert old.validity == Record.Validity.REPEALED
    assert set(new.interpretations.values_list("status", flat=True)) == {"published"}

    response = act(client, new, "validity", **{"validity-validity": "expired", "validity-reason": ""})
    assert "请填写变更有效性的依据" in page_text(response)
    act(client, new, "validity", **{"validity-validity": "expired", "validity-reason": "有效期届满。"})
    new.refresh_from_db()
    assert new.validity == Record.Validity.EXPIRED
    response = act(client, new, "unpublish", **{"unpublish-reason": "内容需更正。"})
    assert "已从所有网站撤下" in page_text(response)
    new.refresh_from_db()
    assert new.status == Record.Status.UNPUBLISHED
    assert AuditEvent.objects.filter(action="unpublish", reason="内容需更正。").exists()


def test_exempt_interpretation_and_secrecy_failure(client, county):
    record = make_record(county.department, by=county.editor, kind="normative", categories=(1,))
    from zhengwu.disclosure import actions

    actions.submit(record, by=county.editor)
    login(client, county.reviewer)
    response = act(client, record, "exempt", **{"exempt-reason": "内部管理规定，无需解读。"})
    assert "已登记免于解读" in page_text(response)
    response = act(client, record, "secrecy", **{"secrecy-passed": "0", "secrecy-opinion": "第三段涉及工作秘密。"})
    assert "保密审查未通过" in page_text(response)
    record.refresh_from_db()
    assert record.status == Record.Status.DRAFT
    assert record.reviews.filter(stage="secrecy", decision=ReviewDecision.Decision.REJECTED).exists()


def test_list_filters(client, county):
    make_record(county.department, by=county.editor, title="春季开学通知", document_number="示教发〔2026〕5号")
    make_published(county.department, title="秋季开学通知", document_number="示教发〔2025〕9号")
    make_record(county.department, by=county.editor, title="收费管理规定", kind="normative", categories=(1,))
    login(client, county.editor)
    url = reverse("disclosure:list")

    def titles(**params):
        text = page_text(client.get(url, params))
        return {t for t in ("春季开学通知", "秋季开学通知", "收费管理规定") if t in text}

    assert titles() == {"春季开学通知", "秋季开学通知", "收费管理规定"}
    assert titles(status="published") == {"秋季开学通知"}
    assert titles(kind="normative") == {"收费管理规定"}
    assert titles(document_number="示教发[2026]５号") == {"春季开学通知"}
    assert titles(q="开学") == {"春季开学通知", "秋季开学通知"}
    assert titles(validity="repealed") == set()


def test_columns_offered_from_the_portal_and_saved(client, county):
    """发布栏目 lists the portal's ColumnPage columns of every site; one record placed in two sites' columns."""
    from zhengwu.portal.setup import ensure_portal

    structure = ensure_portal(government=county.government, departments=[county.department],
                              townships=[county.township])
    county_column = structure.column("tzgg")
    dept_column = structure.site_of(county.department).column("tzgg")
    login(client, county.editor)
    form_page = page_text(client.get(reverse("disclosure:create")))
    assert f'value="{county_column.pk}"' in form_page and f'value="{dept_column.pk}"' in form_page
    assert "› 通知公告" in form_page
    data = record_post(county.department, columns=[county_column.pk, dept_column.pk])
    response = client.post(reverse("disclosure:create"), data)
    assert response.status_code == 302
    record = Record.objects.get()
    assert set(record.columns.values_list("pk", flat=True)) == {county_column.pk, dept_column.pk}
    edit = page_text(client.get(reverse("disclosure:edit", args=[record.pk])))
    assert f'value="{county_column.pk}" id="id_columns_' in edit and "checked" in edit
    # The record page names each column with its site, not "通知公告、通知公告".
    detail = page_text(client.get(reverse("disclosure:detail", args=[record.pk])))
    assert f"{county.government.name} › 通知公告" in detail and f"{county.department.name} › 通知公告" in detail
    assert "通知公告、通知公告" not in detail


def test_relation_target_chosen_among_several_matches(client, county):
    a = make_record(county.department, title="示范县学生资助管理办法", kind="normative", categories=(1,))
    b = make_record(county.department, title="示范县校车管理办法", kind="normative", categories=(1,))
    hidden = make_record(county.other_department, title="示范县财政资金管理办法（草稿）", kind="normative",
                         categories=(1,))
    source = make_record(county.department, title="关于修改有关管理办法的决定", kind="normative", categories=(1,))
    login(client, county.editor)
    response = client.post(reverse("disclosure:action", args=[source.pk, "relation"]),
                           {"relation-kind": "amends", "relation-target_query": "管理办法"})
    page = page_text(response)
    assert response.status_code == 200 and "找到多个文件" in page
    assert a.title in page and b.title in page and hidden.title not in page
    assert not RecordRelation.objects.exists()
    response = client.post(reverse("disclosure:action", args=[source.pk, "relation"]),
                           {"relation-kind": "amends", "relation-target_id": hidden.pk}, follow=True)
    assert "没有找到" in page_text(response) and not RecordRelation.objects.exists()
    response = client.post(reverse("disclosure:action", args=[source.pk, "relation"]),
                           {"relation-kind": "amends", "relation-target_id": b.pk}, follow=True)
    assert "本文件修改《示范县校车管理办法》" in page_text(response)
    assert RecordRelation.objects.get().target == b


def test_summary_shown_once_when_the_body_opens_with_it(client, county):
    """The 摘要 is not repeated above a body whose first paragraph is the same text."""
    summary = "为做好2026年春季学期开学工作，现将有关事项通知如下。"
    same = make_published(county.department, summary=summary, body=f"<p>{summary}</p><p>一、做好校园安全检查。</p>")
    page = client.get(same.get_absolute_url()).content.decode()
    assert page.count(summary) == 1
    other = make_published(county.department, title="关于开展校园安全检查的通知", summary="部署开学前校园安全检查。",
                           body="<p>各中小学校：</p><p>现部署开学前校园安全检查。</p>")
    page = client.get(other.get_absolute_url()).content.decode()
    assert '<p class="lead">部署开学前校园安全检查。</p>' in page
