"""Content-Security-Policy on every response (django-csp), with the admin front ends' looser policy scoped.

The portal and the workbench load scripts and styles only from static files (no inline code), so they get
settings.CONTENT_SECURITY_POLICY. Wagtail's /cms/ and Django's /django-admin/ ship inline scripts and styles
we do not control: under ZHENGWU_ADMIN_CSP_PREFIXES the policy is ZHENGWU_ADMIN_CSP (decision 1006).
"""
from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ScopedCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (not report_only and parts.config is None
                and request.path_info.startswith(tuple(settings.ZHENGWU_ADMIN_CSP_PREFIXES))):
            parts.config = settings.ZHENGWU_ADMIN_CSP
        return parts
