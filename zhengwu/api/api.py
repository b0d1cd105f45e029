"""One JSON API, versioned, with its OpenAPI 3 document at /api/v1/openapi.json.

Each capability contributes a `router` in `zhengwu/<app>/api.py`; they are mounted here.
"""
from ninja import NinjaAPI

from zhengwu.applications.api import router as applications_router
from zhengwu.disclosure.api import router as disclosure_router
from zhengwu.interaction.api import router as interaction_router
from zhengwu.reports.api import router as reports_router
from zhengwu.search.api import router as search_router

api = NinjaAPI(
    title="zhengwu 政务公开平台 API",
    version="1",
    description="政府信息、依申请公开、互动交流、年度报告与搜索的 JSON 接口。",
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)

for _router in (disclosure_router, applications_router, interaction_router, reports_router, search_router):
    api.add_router("/", _router)
