"""Staff pages: upload with a preview (nothing saved until confirmed, nothing on error), the task page's actions
and refusals, the leader's view by unit."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengwu.supervision.models import Plan, Task

from .test_import import TABLE


@pytest.fixture
def office(client, county):
    client.force_login(county.office_admin)
    return client


def test_upload_preview_then_confirm(office, county):
    response = office.post("/staff/supervision/import/", {"file": SimpleUploadedFile("2026年分工.txt", TABLE.encode()),
                                                          "year": "2026", "plan": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "预览" in html and "县新闻出版局" in html and "确认导入全部 3 项任务" in html
    assert not Plan.objects.exists()
    response = office.post("/staff/supervision/import/", {"confirm": "1"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/plans/{plan.pk}/")
    assert plan.tasks.count() == 3
    page = office.get(f"/staff/supervision/plans/{plan.pk}/").content.decode()
    assert "按单位" in page and county.department.name in page


def test_upload_errors_save_nothing(office):
    response = office.post("/staff/supervision/import/", {"file": SimpleUploadedFile("空.txt", "没有表格。".encode())})
    assert response.status_code == 400 and "没有找到任务分工表" in response.content.decode()
    response = office.post("/staff/supervision/import/", {"confirm": "1"})
    assert response.status_code == 400 and "重新选择文件" in response.content.decode()
    assert not Plan.objects.exists()


def test_upload_is_for_the_office_only(client, county):
    client.force_login(county.editor)
    assert client.get("/staff/supervision/import/").status_code == 403


def test_task_page_report_and_refusals(client, office, county):
    office.post("/staff/supervision/import/", {"file": SimpleUploadedFile("2026年分工.txt", TABLE.encode())})
    office.post("/staff/supervision/import/", {"confirm": "1"})
    task = Task.objects.get(number="1")  # lead 财政局, responsible 教育局
    client.force_login(county.editor)
    page = client.get(f"/staff/supervision/tasks/{task.pk}/").content.decode()
    assert "报送进展" in page and "只有牵头单位" not in page
    response = client.post(f"/staff/supervision/tasks/{task.pk}/do/report/", {"unit": county.department.pk, "text": ""})
    assert response.status_code == 400 and "请填写进展情况" in response.content.decode()
    client.post(f"/staff/supervision/tasks/{task.pk}/do/report/",
                {"unit": county.department.pk, "text": "已完成公开。", "links": "/xxgk/1/"})
    assert task.reports.get().unit == county.department
    assert client.post(f"/staff/supervision/tasks/{task.pk}/do/accept/").status_code == 403
    other = Task.objects.get(number="3")  # 县政府办 + unmatched unit: not the 教育局's
    assert client.get(f"/staff/supervision/tasks/{other.pk}/").status_code == 403
    index = client.get("/staff/supervision/").content.decode()
    assert "本单位的督办任务" in index and "公开预决算" in index
