"""Staff pages: queues and the clock picture, the message page's buttons and refusals, 12345 entry and import."""
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengwu.interaction.models import Message, Status

from .factories import assigned, letter

CSV_HEADER = "工单编号,来电时间,诉求人,电话,诉求类型,内容,承办单位\n"


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_dispatcher_queue_and_dashboard_counts(client, county):
    today = dt.date.today()
    old = letter((today - dt.timedelta(days=100)).isoformat())
    risk = letter((today - dt.timedelta(days=80)).isoformat())
    fresh = letter(today.isoformat())
    html = login(client, county.office_admin).get("/staff/interaction/").content.decode()
    for m in (old, risk, fresh):
        assert m.serial in html
    assert 'id="veto"><strong class="card card-red">1<' in html
    assert 'id="risk">1<' in html
    assert "互动交流" in html  # the staff nav entry


@pytest.mark.django_db
def test_queue_query_count_is_pinned(client, county, django_assert_max_num_queries):
    for _ in range(5):
        letter()
    login(client, county.office_admin)
    with django_assert_max_num_queries(14):
        assert client.get("/staff/interaction/?q=all").status_code == 200


@pytest.mark.django_db
def test_other_units_message_is_not_found(client, county):
    msg = assigned(county)
    assert login(client, county.other_editor).get(f"/staff/interaction/{msg.pk}/").status_code == 404
    r = client.post(f"/staff/interaction/{msg.pk}/act/reply/", {"reply-text": "越权"})
    assert r.status_code == 404
    assert Message.objects.get(pk=msg.pk).reply == ""


@pytest.mark.django_db
def test_detail_shows_buttons_and_reasons_and_acts(client, county):
    msg = letter()
    login(client, county.office_admin)
    html = client.get(f"/staff/interaction/{msg.pk}/").content.decode()
    assert "受理" in html and "13912345678" in html  # the dispatcher sees the writer
    r = client.post(f"/staff/interaction/{msg.pk}/act/accept/", {"accept-kind": "consult"})
    assert r.status_code == 302
    r = client.post(f"/staff/interaction/{msg.pk}/act/assign/", {"assign-unit": ""})
    assert r.status_code == 400 and "请选择承办单位" in r.content.decode()
    client.post(f"/staff/interaction/{msg.pk}/act/assign/", {"assign-unit": county.department.pk, "assign-note": "请办"})
    html = client.get(f"/staff/interaction/{msg.pk}/").content.decode()
    assert "只有承办单位的工作人员可以办理本件" in html  # the office cannot reply for the unit
    login(client, county.editor)
    r = client.post(f"/staff/interaction/{msg.pk}/act/reply/", {"reply-text": "<script>x</script>"})
    assert r.status_code == 400 and "不能包含 HTML" in r.content.decode()
    r = client.post(f"/staff/interaction/{msg.pk}/act/reply/", {"reply-text": "已安排维修。"})
    assert r.status_code == 302
    assert Message.objects.get(pk=msg.pk).status == Status.REPLIED


@pytest.mark.django_db
def test_hotline_entry_form(client, county):
    login(client, county.office_admin)
    r = client.post("/staff/interaction/hotline/", {"hotline_number": "RX1", "called_at": "2026-09-30T09:15",
                                                  "writer_name": "王五", "writer_phone": "13700001111",
                                                  "kind": "consult", "content": "医保报销咨询", "unit": ""})
    assert r.status_code == 302
    msg = Message.objects.get()
    assert (msg.channel, msg.time_limit_workdays, msg.due_date) == ("hotline", 2, dt.date(2026, 10, 9))
    assert login(client, county.editor).get("/staff/interaction/hotline/").status_code == 403


@pytest.mark.django_db
def test_csv_import_names_each_bad_row_and_imports_nothing(client, county):
    login(client, county.office_admin)
    body = CSV_HEADER + "A1,2026-09-30 09:15,王五,13700001111,投诉,占道经营,示范县教育局\n" \
                        "A2,2026-09-30,赵六,123,咨询,医保,\n"
    f = SimpleUploadedFile("gd.csv", body.encode("gb18030"), content_type="text/csv")
    r = client.post("/staff/interaction/hotline/import/", {"file": f})
    assert r.status_code == 400 and "第3行：联系电话应为11位" in r.content.decode()
    assert not Message.objects.exists()
    body = body.replace(",123,", ",13600001111,")
    f = SimpleUploadedFile("gd.csv", body.encode("utf-8"), content_type="text/csv")
    assert client.post("/staff/interaction/hotline/import/", {"file": f}).status_code == 302
    assert Message.objects.count() == 2


@pytest.mark.django_db
def test_xlsx_import_and_missing_columns(client, county):
    import openpyxl

    login(client, county.office_admin)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工单编号", "来电时间", "诉求人", "电话", "诉求类型", "内容", "承办单位"])
    sheet.append(["X1", dt.datetime(2026, 9, 30, 9, 15), "王五", "13700001111", "求助", "低保申请", "示范县财政局"])
    buf = io.BytesIO()
    book.save(buf)
    f = SimpleUploadedFile("gd.xlsx", buf.getvalue())
    assert client.post("/staff/interaction/hotline/import/", {"file": f}).status_code == 302
    msg = Message.objects.get()
    assert (msg.kind, msg.unit, msg.time_limit_workdays) == ("help", county.other_department, 10)
    f = SimpleUploadedFile("gd.csv", "工单编号,内容\nA,B\n".encode())
    r = client.post("/staff/interaction/hotline/import/", {"file": f})
    assert "缺少列：来电时间、诉求人、电话、诉求类型、承办单位" in r.content.decode()


@pytest.mark.django_db
def test_staff_forms_say_which_field_is_missing(client, county):
    msg = assigned(county)
    r = login(client, county.editor).post(f"/staff/interaction/{msg.pk}/act/reply/", {"reply-text": ""})
    html = r.content.decode()
    assert r.status_code == 400 and "请填写答复内容。" in html and "这个字段是必填项" not in html
    msg.refresh_from_db()
    assert msg.status == Status.ASSIGNED and not msg.reply
