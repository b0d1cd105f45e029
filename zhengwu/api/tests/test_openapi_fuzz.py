"""Property-based test over the OpenAPI document: no generated request makes the API answer 5xx.

schemathesis generates requests from /api/v1/openapi.json and sends them in-process through the WSGI app
(same database transaction as the test). Examples per operation are bounded so the run stays under a minute.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from zhengwu.api.api import api
from zhengwu.disclosure.tests.factories import make_published
from zhengwu.wsgi import application

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Calls go straight to the WSGI app, so, as Django's test client does, the request signals must not close the
    database connection that holds the test's transaction (PostgreSQL then answers "the connection is closed")."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def published(county):
    return make_published(county.department, title="关于印发示范县教育发展规划的通知", document_number="示教发〔2026〕1号")


@schema.parametrize()
@settings(max_examples=30, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_server_error(case, published):
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query} → {response.status_code}"


BAD_INPUTS = [
    "/api/v1/documents?site=²",
    "/api/v1/documents?site=" + "9" * 5000,
    "/api/v1/documents?site=" + "a" * 51000,
    "/api/v1/documents/²",
    "/api/v1/documents/" + "9" * 5000,
    "/api/v1/documents?page=" + "9" * 5000,
    "/api/v1/documents?category=٣",
    "/api/v1/search?q=x&site=" + "a" * 51000 + "&publisher=²&page=" + "9" * 30,
]


@pytest.mark.parametrize("url", BAD_INPUTS, ids=lambda u: u[:40])
def test_bad_ids_and_sites_answer_4xx_in_chinese(client, published, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500 or (url.startswith("/api/v1/search") and response.status_code == 200)
    if response.status_code >= 400:
        message = response.json().get("detail", "")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
