"""The 督查督办 staff forms on the form pattern (docs/decisions/1301-form-pattern.md): a bad 进展报送, 退回, 导入 or
别名 shows one error summary whose links reach real fields, 错误： in the title, specific messages, every problem
of a report in one round — and saves nothing (no report, no file, no audit event, the task as it was)."""
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengwu.applications.tests.test_form_pattern import assert_errors_wired, soup
from zhengwu.audit.models import AuditEvent
from zhengwu.supervision import actions
from zhengwu.supervision.models import Plan, ProgressReport, Task, UnitAlias

from .test_import import TABLE
from .test_staff_pages import plan_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(county):
    return plan_of(county, TABLE).tasks.get(number="1")  # lead 财政局, responsible 教育局 (county.department)


def media_files() -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_task_page_forms_are_django_forms_without_browser_validation(client, county, task):
    client.force_login(county.office_admin)
    page = soup(client.get(f"/staff/supervision/tasks/{task.pk}/"))
    for action in ("report", "return", "remark"):
        form = page.select_one(f"form[action$='/do/{action}/']")
        if action == "return":
            assert form is None  # offered only once the lead unit has confirmed
            continue
        assert form.has_attr("novalidate"), action
    assert page.find(id="id_text")["aria-describedby"] == "id_text_helptext"
    assert not page.select(".error-summary") and not page.title.string.startswith("错误：")


def test_bad_progress_report_shows_every_problem_and_saves_nothing(client, county, task):
    client.force_login(county.editor)
    audit, status = AuditEvent.objects.count(), task.status
    r = client.post(f"/staff/supervision/tasks/{task.pk}/do/report/", {
        "unit": county.department.pk, "text": "", "happened_on": "十二月一日", "links": "xxgk/1/\nhttps://a.cn/",
        "file": SimpleUploadedFile("佐证.txt", "已公开。".encode())})
    assert r.status_code == 400
    page = soup(r)
    assert assert_errors_wired(page) == ["id_text", "id_happened_on", "id_links"]  # page order, one round
    assert "请填写进展情况。" in page.find(id="id_text_error").get_text()
    assert "完成/进展日期格式不正确，应为 年-月-日（如 2026-03-02）。" in page.find(id="id_happened_on_error").get_text()
    assert "佐证链接应以 http://、https:// 或 / 开头：xxgk/1/" in page.find(id="id_links_error").get_text()
    assert "请重新选择" in page.find(id="id_file_helptext").get_text()  # a file input is never re-filled
    assert page.find(id="id_links").get_text().strip() == "xxgk/1/\nhttps://a.cn/"  # what was typed stays
    assert not ProgressReport.objects.exists() and media_files() == [] and AuditEvent.objects.count() == audit
    task.refresh_from_db()
    assert task.status == status


def test_report_with_personal_data_is_refused_on_its_field(client, county, task):
    client.force_login(county.editor)
    r = client.post(f"/staff/supervision/tasks/{task.pk}/do/report/",
                    {"unit": county.department.pk, "text": "联系人手机 13812345678。"})
    assert r.status_code == 400
    page = soup(r)
    assert assert_errors_wired(page) == ["id_text"]
    assert "个人信息" in page.find(id="id_text_error").get_text()
    assert not ProgressReport.objects.exists()


def test_report_for_a_unit_not_offered_is_a_choice_error(client, county, task):
    client.force_login(county.editor)
    r = client.post(f"/staff/supervision/tasks/{task.pk}/do/report/",
                    {"unit": county.other_department.pk, "text": "已完成。"})
    assert r.status_code == 400
    assert assert_errors_wired(soup(r)) == ["id_unit"]
    assert not ProgressReport.objects.exists()


def test_good_report_still_saves(client, county, task):
    client.force_login(county.editor)
    r = client.post(f"/staff/supervision/tasks/{task.pk}/do/report/", {
        "unit": county.department.pk, "text": "已完成公开。", "happened_on": "2026-11-30", "links": " /xxgk/1/ \n",
        "file": SimpleUploadedFile("佐证.txt", "已公开。".encode())})
    assert r.status_code == 302
    report = ProgressReport.objects.get()
    assert report.links == ["/xxgk/1/"] and str(report.happened_on) == "2026-11-30" and report.file_name == "佐证.txt"


def test_empty_return_and_refused_confirm_show_the_summary(client, county, task):
    actions.report_progress(task, user=county.editor, unit=county.department, text="已完成。")
    actions.confirm_completion(task, user=county.office_admin)
    client.force_login(county.office_admin)
    audit = AuditEvent.objects.count()
    r = client.post(f"/staff/supervision/tasks/{task.pk}/do/return/", {"reason": "  "})
    assert r.status_code == 400
    page = soup(r)
    assert assert_errors_wired(page) == ["id_reason"]
    assert "退回时请写明理由。" in page.find(id="id_reason_error").get_text()
    task.refresh_from_db()
    assert task.status == Task.Status.CONFIRMED and AuditEvent.objects.count() == audit
    r = client.post(f"/staff/supervision/tasks/{task.pk}/do/confirm/")  # already confirmed: the rule's words
    assert r.status_code == 400
    page = soup(r)
    assert_errors_wired(page)
    assert "牵头单位已确认完成" in page.select_one("#error-summary").get_text()


def test_upload_errors_name_their_field(client, county):
    client.force_login(county.office_admin)
    r = client.post("/staff/supervision/import/", {"year": "26"})
    assert r.status_code == 400
    page = soup(r)
    assert assert_errors_wired(page) == ["id_file", "id_year"]
    assert "请选择任务分工文件" in page.find(id="id_file_error").get_text()
    assert "年度应为四位数字，如 2026。" in page.find(id="id_year_error").get_text()
    r = client.post("/staff/supervision/import/", {"file": SimpleUploadedFile("空.txt", "没有表格。".encode())})
    page = soup(r)
    assert r.status_code == 400 and assert_errors_wired(page) == ["id_file"]
    assert "没有找到任务分工表" in page.find(id="id_file_error").get_text()
    r = client.post("/staff/supervision/import/", {"confirm": "1"})  # nothing previewed: the summary says so
    assert r.status_code == 400 and "重新选择文件" in soup(r).select_one("#error-summary").get_text()
    assert not Plan.objects.exists()


def test_alias_error_shows_the_name_in_the_manual_form(client, county):
    plan_of(county, TABLE)
    client.force_login(county.office_admin)
    r = client.post("/staff/supervision/aliases/", {"name": "县新闻出版局", "unit": ""})
    assert r.status_code == 400
    page = soup(r)
    assert assert_errors_wired(page) == ["id_unit"]
    assert page.find(id="id_name")["value"] == "县新闻出版局" and not UnitAlias.objects.exists()
    r = client.post("/staff/supervision/aliases/", {"name": "", "unit": county.department.pk})
    assert assert_errors_wired(soup(r)) == ["id_name"] and not UnitAlias.objects.exists()
