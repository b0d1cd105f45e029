"""The alias page (unmatched unit names mapped once, decision 1601), the 季度通报 page and its audited publication
as a draft record with the A4 .docx, and the query counts of the hot staff pages, pinned at a size where an N+1
would show (many tasks, several plans)."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure.models import Record
from zhengwu.supervision import actions
from zhengwu.supervision.importing import preview
from zhengwu.supervision.models import Task, UnitAlias
from zhengwu.supervision.tables import read_file

from .test_import import TABLE

pytestmark = pytest.mark.django_db


def table(n: int, start: int = 1) -> str:
    rows = ["序号\t具体内容\t牵头单位\t责任单位\t完成时限"]
    rows += [f"{i}\t公开预决算第{i}项。\t县财政局\t县教育局、县新闻出版局{i % 3}\t年底前" for i in range(start, start + n)]
    return "\n".join(rows) + "\n"


def plan_of(county, text: str, title: str = ""):
    found = preview(read_file("分工.txt", text.encode()), year=2026, plan=title, file_name="分工.txt")
    return actions.import_plan(found, user=county.office_admin, source_name="分工.txt")


def test_alias_page_lists_unmatched_names_and_maps_them(client, county):
    plan = plan_of(county, TABLE)
    client.force_login(county.office_admin)
    page = client.get("/staff/supervision/aliases/").content.decode()
    assert '<th scope="row">县新闻出版局</th>' in page and '<th scope="row">县发改局</th>' in page
    assert '<th scope="row">县直相关单位' not in page and '<th scope="row">县财政局</th>' not in page
    r = client.post("/staff/supervision/aliases/", {"name": "县新闻出版局", "unit": ""})
    assert r.status_code == 400 and "请选择对应的单位" in r.content.decode() and not UnitAlias.objects.exists()
    r = client.post("/staff/supervision/aliases/", {"name": "县新闻出版局", "unit": county.other_department.pk})
    assert r.status_code == 302
    assert UnitAlias.objects.get().unit == county.other_department
    task = plan.tasks.get(number="3")
    assert county.other_department in task.responsible_units.all()  # the open task gained the unit
    assert AuditEvent.objects.filter(action="supervision_alias").exists()
    page = client.get("/staff/supervision/aliases/").content.decode()
    assert '<th scope="row">县新闻出版局</th>' not in page and "<td>县新闻出版局</td>" in page


def test_alias_page_is_for_the_office(client, county):
    client.force_login(county.editor)
    assert client.get("/staff/supervision/aliases/").status_code == 403
    assert client.post("/staff/supervision/aliases/", {"name": "县新闻出版局",
                                                        "unit": county.department.pk}).status_code == 403
    assert not UnitAlias.objects.exists()


def test_quarter_report_page_download_and_publication(client, county):
    plan = plan_of(county, TABLE)
    client.force_login(county.office_admin)
    url = f"/staff/supervision/plans/{plan.pk}/report/"
    page = client.get(url, {"quarter": "2026Q1"}).content.decode()
    assert "季度通报（2026Q1）" in page and "落实情况的通报" in page and county.department.name in page
    docx = client.get(url, {"quarter": "2026Q1", "format": "docx"})
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats") and docx.content[:2] == b"PK"
    r = client.post(url, {"quarter": "2099Q1"})  # a quarter not begun is refused: in the button's summary
    assert r.status_code == 400 and not Record.objects.exists() and "<title>错误：" in r.content.decode()
    assert "2099Q1 尚未开始，不能通报。" in r.content.decode().split('id="error-summary"', 1)[1]
    r = client.post(url, {"quarter": "季度"})
    assert not Record.objects.exists()
    r = client.post(url, {"quarter": "2026Q1"})
    record = Record.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/{record.pk}/edit/")
    assert record.status == Record.Status.DRAFT and record.unit == county.office
    assert record.attachments.get().name.endswith(".docx")
    assert AuditEvent.objects.filter(action="supervision_publish_report", after__report_quarter="2026Q1").exists()


def test_quarter_report_publication_is_for_the_office(client, county):
    plan = plan_of(county, TABLE)
    client.force_login(county.leader)
    url = f"/staff/supervision/plans/{plan.pk}/report/"
    assert "生成通报信息" not in client.get(url).content.decode()  # the leader reads it
    assert client.post(url, {"quarter": "2026Q1"}).status_code == 403
    client.force_login(county.editor)
    assert client.get(url).status_code == 403
    assert not Record.objects.exists()


@pytest.fixture
def busy(county):
    """Two plans, 40 tasks, reports on some: an N+1 query on tasks, units or plans would show."""
    plan = plan_of(county, table(30), "2026年政务公开重点任务分工")
    plan_of(county, table(10), "2026年政务服务重点任务分工")
    for task in plan.tasks.all()[:5]:
        actions.report_progress(task, user=county.editor, unit=county.department, text="已完成。", links=["/xxgk/1/"])
    return plan


# task and aliases: one more each since their forms are Django forms (the unit <select> reads its own list).
@pytest.mark.parametrize(("page", "most"), [("index", 13), ("plan", 17), ("task", 20), ("aliases", 12),
                                            ("report", 12)])
def test_hot_pages_query_count_is_pinned(client, county, busy, page, most, django_assert_max_num_queries):
    task = busy.tasks.order_by("order").first()
    url = {"index": "/staff/supervision/", "plan": f"/staff/supervision/plans/{busy.pk}/",
           "task": f"/staff/supervision/tasks/{task.pk}/", "aliases": "/staff/supervision/aliases/",
           "report": f"/staff/supervision/plans/{busy.pk}/report/?quarter=2026Q1"}[page]
    client.force_login(county.office_admin)
    client.get(url)  # session and caches warm
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200
    assert Task.objects.count() == 40


def test_upload_page_still_works_with_the_alias_link(client, county):
    client.force_login(county.office_admin)
    assert "单位别名" in client.get("/staff/supervision/").content.decode()
    r = client.post("/staff/supervision/import/", {"file": SimpleUploadedFile("2026年分工.txt", TABLE.encode())})
    assert r.status_code == 200
