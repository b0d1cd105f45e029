"""After the password: the second factor, then an expired password — before any staff, API or admin page.

Sessions carry the state (set at login by zhengwu.security.events), so a verified staff request costs no query
here; the role check reuses the roles cache the staff views fill anyway.
"""
from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect

from . import passwords, policy, second_factor

GUARDED = ("/staff/", "/api/", "/cms/", "/django-admin/")
OPEN = ("/staff/login/", "/staff/logout/", "/staff/account/2fa/", "/cms/login/", "/cms/logout/",
        "/django-admin/login/", "/django-admin/logout/")
PASSWORD_PAGE = "/staff/account/password/"


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(GUARDED) and not path.startswith(OPEN) and request.user.is_authenticated:
            blocked = self._check(request, path)
            if blocked is not None:
                return blocked
        return self.get_response(request)

    def _check(self, request, path):
        user, session = request.user, request.session
        if not second_factor.is_verified(request) and (
                policy.path_requires_second_factor(path) or session.get(second_factor.ENROLLED_SESSION_KEY)
                or policy.requires_second_factor(user)):
            if path.startswith("/api/"):
                # Public endpoints keep working; the staff ones see no login until the code is entered (401).
                request.user = AnonymousUser()
                return None
            step = "verify" if second_factor.has_any_device(user) else "setup"
            return redirect(f"/staff/account/2fa/{step}/?next={quote(request.get_full_path())}")
        if session.get(passwords.EXPIRED_SESSION_KEY) and path != PASSWORD_PAGE:
            if path.startswith("/api/"):
                request.user = AnonymousUser()
                return None
            return redirect(f"{PASSWORD_PAGE}?next={quote(request.get_full_path())}")
        return None
