"""One JSON API, versioned, with its OpenAPI 3 document at /api/v1/openapi.json.

Each capability contributes a `router` in `zhengwu/<app>/api.py`; they are mounted here.
"""
import json

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from zhengwu.applications.api import router as applications_router
from zhengwu.disclosure.api import router as disclosure_router
from zhengwu.interaction.api import router as interaction_router
from zhengwu.reports.api import router as reports_router
from zhengwu.search.api import router as search_router
from zhengwu.services.api import router as services_router


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON as written (中文, not \\u escapes): readable in a browser and a third smaller."""

    def render(self, request, data, *, response_status):
        return json.dumps(data, cls=self.encoder_class, ensure_ascii=False)


# django-ninja's own English messages, as the API's users read them
NINJA_MESSAGES = {
    "Unauthorized": "未登录或登录已失效，请先登录工作台。",
    "Forbidden": "无权访问。",
    "Too many requests.": "请求过于频繁，请稍后再试。",
    "Not Found": "请求的资源不存在。",
    "Method not allowed": "不支持该请求方法。",
}

api = NinjaAPI(
    title="zhengwu 政务公开平台 API",
    version="1",
    description="政府信息、依申请公开、互动交流、政务服务、年度报告与搜索的 JSON 接口。",
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
    renderer=ChineseJSONRenderer(),
)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": NINJA_MESSAGES.get(exc.message, exc.message)},
                               status=exc.status_code)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": NINJA_MESSAGES["Not Found"]}, status=404)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc: NinjaValidationError):
    """Which parameter is wrong, in Chinese; the machine-readable pydantic errors stay under ``errors``."""
    names = sorted({str(e.get("loc", ["", "?"])[-1]) for e in exc.errors})
    return api.create_response(request, {"detail": f"请求参数不正确：{'、'.join(names)}。", "errors": exc.errors},
                               status=422)


for _router in (disclosure_router, applications_router, interaction_router, services_router, reports_router,
                search_router):
    api.add_router("/", _router)
