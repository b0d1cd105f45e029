"""Rate limits in the shared (database) cache; X-Forwarded-For believed only from ZHENGWU_TRUSTED_PROXIES."""
from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory

from zhengwu.applications import captcha
from zhengwu.core import ratelimit
from zhengwu.search.models import UnansweredQuestion

pytestmark = pytest.mark.django_db


def _request(remote="203.0.113.9", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_forwarded_for_is_ignored_unless_from_a_trusted_proxy(settings):
    settings.ZHENGWU_TRUSTED_PROXIES = []
    assert ratelimit.client_ip(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"
    settings.ZHENGWU_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert ratelimit.client_ip(_request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"
    # a client forging the header in front of two trusted hops: the first untrusted hop from the right counts
    assert ratelimit.client_ip(_request("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3")) == "198.51.100.7"
    assert ratelimit.client_ip(_request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"


def test_limits_live_in_the_database_cache():
    assert caches["default"].__class__.__name__ == "DatabaseCache"
    request = _request()
    assert [ratelimit.hit(request, "t", limit=2, window=60) for _ in range(3)] == [False, False, True]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM zhengwu_cache")
        assert cursor.fetchone()[0] >= 1
    assert ratelimit.hit(_request("198.51.100.1"), "t", limit=2, window=60) is False


def test_sixty_anonymous_forwards_in_a_row_are_limited(client):
    statuses = []
    for n in range(60):
        client.get("/api/v1/qa/captcha")
        response = client.post("/api/v1/qa/forward", {"question": f"第{n}个问题：低保怎么申请？",
                                                      "captcha": client.session[captcha.SESSION_KEY]},
                               content_type="application/json")
        statuses.append(response.status_code)
    assert statuses[:20] == [201] * 20
    assert set(statuses[20:]) == {429}
    assert "过于频繁" in response.json()["message"]
    assert UnansweredQuestion.objects.count() == 20


def test_forward_needs_the_captcha(client):
    response = client.post("/api/v1/qa/forward", {"question": "低保怎么申请？"}, content_type="application/json")
    assert response.status_code == 400 and "验证码" in response.json()["message"]
    client.get("/api/v1/qa/captcha")
    response = client.post("/api/v1/qa/forward", {"question": "低保怎么申请？", "captcha": "999"},
                           content_type="application/json")
    assert response.status_code == 400
    response = client.post("/search/qa/", {"question": "低保怎么申请？"})
    assert response.status_code == 400 and "请填写验证码的计算结果" in response.content.decode()
    response = client.post("/search/qa/", {"question": "低保怎么申请？", "captcha": "999"})
    assert response.status_code == 400 and "验证码不正确" in response.content.decode()
    assert UnansweredQuestion.objects.count() == 0
