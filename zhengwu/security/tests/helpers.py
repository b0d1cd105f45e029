"""Test helpers: sessions that have passed the second factor, as a real login with a code would leave them."""
from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from zhengwu.security import second_factor

TEST_DEVICE_NAME = "测试用（仅测试）"


def verified_device(user) -> StaticDevice:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=TEST_DEVICE_NAME, defaults={"confirmed": True})
    return device


def mark_session_verified(session, user) -> None:
    """Put into `session` what second_factor.mark_verified puts there after a correct code."""
    session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
    session[second_factor.ENROLLED_SESSION_KEY] = True
