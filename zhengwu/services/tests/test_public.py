import io

import pytest
from docx import Document

from zhengwu.applications.captcha import SESSION_KEY
from zhengwu.services.models import Rating
from zhengwu.services.tests.factories import make_life_event, make_service, material

pytestmark = pytest.mark.django_db


def test_guide_page_reads_in_citizen_order_and_shows_its_version(client, county):
    s = make_service(county.department, name="义务教育转学", conditions="在本县就读的学生。",
                     materials=[material("学籍证明", copies=2)])
    r = client.get(f"/bsfw/sx/{s.code}/")
    html = r.content.decode()
    assert r.status_code == 200
    order = [html.index(h) for h in ("一、办理条件", "二、申请材料", "三、办理流程", "四、时限、收费、地点和电话", "五、设定依据")]
    assert order == sorted(order)
    assert "学籍证明" in html and "纸质，2份" in html and "第1版" in html and "承诺5个工作日" in html
    assert "portal.css" in html  # extends the portal base
    doc = Document(io.BytesIO(client.get(f"/bsfw/sx/{s.code}/zhinan.docx").content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "义务教育转学办事指南" in text and "一、办理条件" in text
    assert doc.tables[0].rows[1].cells[1].text == "学籍证明"
    assert client.get("/bsfw/sx/NOPE-1/").status_code == 404


def test_lists_per_unit_theme_and_life_event(client, county):
    _event, (s1, _s2, s3) = make_life_event(county)
    home = client.get("/bsfw/").content.decode()
    assert "开办餐饮店" in home and county.department.name in home
    assert s1.name in client.get(f"/bsfw/bm/{county.department.code}/").content.decode()
    assert s3.name not in client.get(f"/bsfw/bm/{county.department.code}/").content.decode()
    assert s1.name in client.get("/bsfw/zt/other/").content.decode()
    assert client.get("/bsfw/zt/nothing/").status_code == 404
    assert "开办餐饮店" in client.get("/bsfw/yjs/").content.decode()


def test_life_event_checklist_without_javascript(client, county):
    event, (_s1, _s2, _s3) = make_life_event(county)
    page = client.get(f"/bsfw/yjs/{event.pk}/").content.decode()
    assert "是否设置门头招牌" in page and "一次告知单</h2>" not in page
    q1, q2 = event.questions.order_by("order")
    yes1, yes2 = q1.options.get(text="是"), q2.options.get(text="否")
    r = client.get(f"/bsfw/yjs/{event.pk}/", {f"q{q1.pk}": yes1.pk, f"q{q2.pk}": yes2.pk, "show": 1})
    html = r.content.decode()
    assert r.status_code == 200
    assert html.count(">居民身份证</th>") == 1  # shared material listed once
    assert "个体工商户登记、食品经营许可" in html
    assert "户外招牌设置" in html and "健康证明" not in html
    assert "营业执照：电子证照" in html and "经营场所证明：告知承诺" in html
    docx = client.get(f"/bsfw/yjs/{event.pk}/gaozhidan.docx", {f"q{q1.pk}": yes1.pk})
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "一次告知单" in text and "户外招牌设置" in text


def test_forged_life_event_and_foreign_answers_are_refused(client, county):
    event, _ = make_life_event(county)
    assert client.get(f"/bsfw/yjs/{event.pk + 99}/").status_code == 404
    other_option = event.questions.first().options.first()
    r = client.get(f"/bsfw/yjs/{event.pk}/", {"q999999": other_option.pk})
    assert r.status_code == 400 and "不属于这件事" in r.content.decode()
    q2 = event.questions.order_by("order").last()
    r = client.get(f"/bsfw/yjs/{event.pk}/", {f"q{q2.pk}": other_option.pk})
    assert r.status_code == 400 and "不是问题" in r.content.decode()


def test_online_rating_of_a_guide(client, county):
    s = make_service(county.department)
    url = f"/bsfw/sx/{s.code}/"
    client.get(url)
    r = client.post(url + "pj/", {"level": 2, "reason": "", "captcha": client.session[SESSION_KEY]})
    html = r.content.decode()
    assert r.status_code == 400 and "<title>错误：" in html and "请写明差评原因" in html
    assert Rating.objects.count() == 0
    client.get(url)
    r = client.post(url + "pj/", {"level": 2, "reason": "材料清单与窗口要求不一致", "real_name": "on",
                                  "rater_name": "王建国", "rater_phone": "13800001234",
                                  "captcha": client.session[SESSION_KEY]})
    assert r.status_code == 200 and "感谢您的评价" in r.content.decode()
    rating = Rating.objects.get()
    assert rating.status == "pending" and rating.channel == "online" and rating.target == "guide"
    assert rating.real_name and rating.rater_name == "王建国"
    client.get(url)
    r = client.post(url + "pj/", {"level": 5, "captcha": "wrong"})
    assert r.status_code == 400 and Rating.objects.count() == 1
    assert "好差评" in client.get("/bsfw/hcp/").content.decode()
