"""Public pages: the letter form (captcha, one-time token, limit on successful submissions, specific errors tied to
their fields), 查询码 lookup and 满意度, public replies masked, statistics, 找错, 意见征集 and 访谈 moderation."""
import datetime as dt
import re

import pytest

from zhengwu.applications.captcha import SESSION_KEY
from zhengwu.interaction import actions
from zhengwu.interaction.models import Comment, Message, Status

from .factories import id_number, letter_data, replied

URL = "/hdjl/xzxx/"


def token_of(response) -> str:
    """The one-time token the page issued with its form (zhengwu.core.submission)."""
    return re.search(r'name="submission_token" value="([^"]+)"', response.content.decode()).group(1)


def form_post(client, url=URL, **over):
    token = token_of(client.get(url))
    data = {**letter_data(), "agrees_public": "1", "captcha": client.session[SESSION_KEY],
            "submission_token": token}
    data.update(over)
    return client.post(url, data)


@pytest.mark.django_db
def test_letter_gives_a_query_code_and_status_page(client, county):
    r = form_post(client)
    assert r.status_code == 302
    msg = Message.objects.get()
    done = client.get("/hdjl/done/").content.decode()
    assert msg.query_code in done
    page = client.get(f"/hdjl/cx/?code={msg.query_code.lower()}").content.decode()
    assert "待受理" in page and "2026" not in msg.writer_phone
    assert "13912345678" not in page and id_number() not in page


@pytest.mark.django_db
def test_errors_are_specific_and_tied_to_their_fields(client, county):
    r = form_post(client, writer_name="", writer_phone="12", title="", content="", kind="")
    assert r.status_code == 400
    html = r.content.decode()
    for text in ("请填写姓名。", "联系电话应为11位手机号码", "请填写标题。", "请填写来信内容。", "请选择诉求类型。"):
        assert text in html, text
    assert "<title>错误：" in html
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        for ref in described.split():
            assert f'id="{ref}"' in html, ref
    assert 'href="#id_writer_name"' in html and 'href="#id_kind"' in html and 'id="id_kind"' in html
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_wrong_captcha_script_and_oversize_save_nothing(client, county):
    r = form_post(client, captcha="999")
    assert r.status_code == 400 and "验证码不正确" in r.content.decode()
    r = form_post(client, content="<script>alert(1)</script>")
    assert "不能包含 HTML 标签或脚本" in r.content.decode()
    r = form_post(client, title="长" * 101)
    assert "标题不能超过100个字" in r.content.decode()
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_repost_of_the_same_token_shows_the_first_code(client, county):
    """A writer whose answer page never arrived sends again: the first 查询码, no second letter; a forged token
    files nothing."""
    token = token_of(client.get(URL))
    data = {**letter_data(), "agrees_public": "1", "submission_token": token}
    assert client.post(URL, {**data, "captcha": client.session[SESSION_KEY]}).status_code == 302
    first = Message.objects.get().query_code
    client.get(URL)  # a new captcha, but the old token
    r = client.post(URL, {**data, "captcha": "wrong"}, follow=True)
    assert first in r.content.decode()
    client.get(URL)
    r = client.post(URL, {**data, "submission_token": "forged", "captcha": client.session[SESSION_KEY]})
    assert r.status_code == 400 and "页面已过期或不完整" in r.content.decode()
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_only_successful_submissions_count_toward_the_limit(client, county, settings):
    settings.ZHENGWU_INTERACTION_SUBMIT_RATE = (2, 3600)
    for _ in range(4):
        form_post(client, captcha="999")
    assert form_post(client).status_code == 302
    assert form_post(client).status_code == 302
    r = form_post(client)
    assert r.status_code == 429 and "提交过于频繁" in r.content.decode()
    assert Message.objects.count() == 2


@pytest.mark.django_db
def test_unit_mailbox_needs_a_unit(client, county):
    r = form_post(client, url="/hdjl/bmxx/")
    assert "请选择写信的部门" in r.content.decode()
    r = form_post(client, url="/hdjl/bmxx/", mailbox_unit=county.department.pk)
    assert r.status_code == 302
    msg = Message.objects.get()
    assert (msg.channel, msg.mailbox_unit) == ("unit_mailbox", county.department)


@pytest.mark.django_db
def test_forged_code_finds_nothing(client, county):
    replied(county)
    r = client.get("/hdjl/cx/?code=ABCDEFGHJK")
    assert "未找到该查询码" in r.content.decode()
    r = client.post("/hdjl/cx/pj/", {"code": "ABCDEFGHJK", "satisfaction": "satisfied"})
    assert r.status_code == 404


@pytest.mark.django_db
def test_writer_rates_then_asks_for_rehandling(client, county):
    msg = replied(county)
    page = client.get(f"/hdjl/cx/?code={msg.query_code}").content.decode()
    assert "评价答复" in page and "申请重新办理" not in page
    r = client.post("/hdjl/cx/pj/", {"code": msg.query_code, "satisfaction": ""})
    assert r.status_code == 400 and "请选择满意、基本满意或不满意" in r.content.decode()
    r = client.post("/hdjl/cx/pj/", {"code": msg.query_code, "satisfaction": "unsatisfied"})
    assert r.status_code == 302
    msg.refresh_from_db()
    assert msg.satisfaction == "unsatisfied"
    r = client.post("/hdjl/cx/cb/", {"code": msg.query_code, "reason": "路灯还是不亮"})
    assert r.status_code == 302
    msg.refresh_from_db()
    assert msg.status == Status.ASSIGNED and msg.rehandle_count == 1


@pytest.mark.django_db
def test_public_reply_pages_mask_every_field(client, county):
    msg = replied(county, title="李四反映13912345678路灯", content=f"我是李四，身份证{id_number()}，住新村五组12号。")
    assert client.get(f"/hdjl/dfgk/{msg.pk}/").status_code == 404  # not before the office publishes
    assert msg.title not in client.get("/hdjl/dfgk/").content.decode()
    actions.publish(msg, by=county.office_admin)
    listing = client.get("/hdjl/dfgk/").content.decode()
    page = client.get(f"/hdjl/dfgk/{msg.pk}/").content.decode()
    for html in (listing, page):
        assert "13912345678" not in html and "李四" not in html
    for secret in (id_number(), "12号", "五组"):
        assert secret not in page
    assert "已安排维修" in page and "教育局" in page and "5个工作日" in page


@pytest.mark.django_db
def test_statistics_page(client, county):
    msg = replied(county)
    actions.rate(msg, satisfaction="satisfied")
    html = client.get("/hdjl/tj/?year=2026").content.decode()
    assert "2026年来信办理统计" in html and "按期答复率 100.0%" in html and "示范县教育局" in html


@pytest.mark.django_db
def test_footer_names_the_page_for_site_error(client, county):
    html = client.get("/hdjl/").content.decode()
    assert 'href="/hdjl/zc/?page=/hdjl/"' in html
    token = token_of(client.get("/hdjl/zc/?page=/xxgk/12/"))
    r = client.post("/hdjl/zc/", {"page_url": "/xxgk/12/", "content": "附件打不开", "captcha": client.session[SESSION_KEY],
                                  "submission_token": token})
    assert r.status_code == 302
    msg = Message.objects.get()
    assert (msg.channel, msg.page_url, msg.time_limit_workdays) == ("site_error", "/xxgk/12/", 1)


@pytest.mark.django_db
def test_consultation_comment_shown_only_after_moderation(client, county):
    today = dt.date.today()
    c = actions.open_consultation(by=county.editor, unit=county.department, title="示范县学前教育发展规划（征求意见稿）",
                                  draft="草案正文", explanation="起草说明正文", start_date=today - dt.timedelta(days=1),
                                  end_date=today + dt.timedelta(days=30))
    url = f"/hdjl/yjzj/{c.pk}/"
    token = token_of(client.get(url))
    r = client.post(url, {"name": "赵六", "phone": "13600001111", "content": "建议13600001111多建普惠园",
                          "captcha": client.session[SESSION_KEY], "submission_token": token})
    assert r.status_code == 200 and "经审核后显示" in r.content.decode()
    assert "多建普惠园" not in client.get(url).content.decode()
    actions.moderate_comment(Comment.objects.get(), by=county.reviewer, approve=True)
    html = client.get(url).content.decode()
    assert "多建普惠园" in html and "13600001111" not in html and "赵六" not in html


@pytest.mark.django_db
def test_comment_reposted_with_its_token_is_saved_once(client, county):
    today = dt.date.today()
    c = actions.open_consultation(by=county.editor, unit=county.department, title="示范县学前教育发展规划（征求意见稿）",
                                  draft="草案正文", explanation="起草说明正文", start_date=today - dt.timedelta(days=1),
                                  end_date=today + dt.timedelta(days=30))
    url = f"/hdjl/yjzj/{c.pk}/"
    data = {"name": "赵六", "content": "建议多建普惠园", "submission_token": token_of(client.get(url))}
    assert "经审核后显示" in client.post(url, {**data, "captcha": client.session[SESSION_KEY]}).content.decode()
    client.get(url)
    r = client.post(url, {**data, "captcha": client.session[SESSION_KEY]})
    assert r.status_code == 200 and "感谢您的意见" in r.content.decode()
    assert Comment.objects.count() == 1
