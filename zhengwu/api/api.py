"""One JSON API, versioned, with its OpenAPI 3 document at /api/v1/openapi.json.

Each capability contributes a `router` in `zhengwu/<app>/api.py`; they are mounted here.
"""
import importlib

from ninja import NinjaAPI

api = NinjaAPI(
    title="zhengwu 政务公开平台 API",
    version="1",
    description="政府信息、依申请公开、互动交流、年度报告与搜索的 JSON 接口。",
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)

for _app, _prefix in [
    ("disclosure", "/"),
    ("applications", "/"),
    ("interaction", "/"),
    ("reports", "/"),
    ("search", "/"),
]:
    try:
        _module = importlib.import_module(f"zhengwu.{_app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"zhengwu.{_app}.api":
            raise
        continue
    api.add_router(_prefix, _module.router)
