"""API errors speak Chinese and JSON is UTF-8 as written, not \\u escapes."""
import pytest

pytestmark = pytest.mark.django_db


def test_unauthorized_is_chinese_and_utf8(client):
    r = client.get("/api/v1/applications")
    assert r.status_code == 401
    assert "Unauthorized" not in r.content.decode()
    assert "未登录".encode() in r.content and b"\\u" not in r.content
    assert r.json()["detail"].startswith("未登录")


def test_bad_parameter_names_it_in_chinese(client):
    r = client.get("/api/v1/annual-reports?year=abc")
    assert r.status_code == 422
    body = r.json()
    assert "参数" in body["detail"] and "year" in body["detail"] and b"\\u" not in r.content


def test_not_found_is_chinese(client):
    r = client.get("/api/v1/documents/999999")
    assert r.status_code == 404 and b"\\u" not in r.content
    assert r.json()["detail"] == "没有找到该政府信息。" and "没有找到".encode() in r.content
    r = client.get("/api/v1/no-such-endpoint")
    assert "Not Found" not in r.content.decode()
