"""TOTP second factor and backup codes (django-otp): enrol, verify, remove, reset — every change audited.

Devices: one TOTP device per user (an authenticator app: 微信/支付宝 小程序、Google Authenticator、FreeOTP …) and
one static device holding ten single-use backup codes. The demo's static device (load_demo only) is separate and
named DEMO_DEVICE_NAME so nobody mistakes it for a real one.
"""
from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhengwu.audit.log import record_event
from zhengwu.core.ratelimit import client_ip

from . import policy

TOTP_NAME = "身份验证器"
BACKUP_NAME = "备用验证码"
DEMO_DEVICE_NAME = "演示专用（demo only，切勿用于生产）"
ENROLLED_SESSION_KEY = "zhengwu_2fa_enrolled"


def where(request) -> dict:
    return {"ip": client_ip(request), "path": request.path[:100]} if request is not None else {}


def has_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_any_device(user) -> bool:
    """A confirmed TOTP device or any static device (backup or demo codes) that can verify a login."""
    return has_totp(user) or StaticDevice.objects.filter(user=user, confirmed=True, token_set__isnull=False).exists()


def pending_totp(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (a fresh secret if none), shown as a QR code until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG (no script, no style: allowed by the strict CSP)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, title="扫描此二维码添加身份验证器")


def secret_base32(device: TOTPDevice) -> str:
    """The key for typing into an app by hand, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def _clean(token: str) -> str:
    return "".join((token or "").split()).lower()


def confirm_totp(request, user, token: str) -> list[str]:
    """Confirm the pending device with a code from the app; returns fresh backup codes (shown once)."""
    device = pending_totp(user)
    if not device.verify_token(_clean(token)):
        _failed(request, user, "enrol")
        raise ValidationError("验证码不正确或已过期，请在手机上查看最新的 6 位验证码后重新输入。")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(user)
        record_event(actor=user, action="otp_enrolled", target=user, after={"device": TOTP_NAME, **where(request)})
    mark_verified(request, device)
    return codes


def _new_backup_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.ZHENGWU_BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def regenerate_backup_codes(request, user) -> list[str]:
    if not has_totp(user):
        raise ValidationError("请先添加身份验证器，再生成备用验证码。")
    with transaction.atomic():
        codes = _new_backup_codes(user)
        record_event(actor=user, action="otp_backup_codes", target=user,
                     after={"count": len(codes), **where(request)})
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=BACKUP_NAME).count()


def _failed(request, user, stage: str) -> None:
    record_event(actor=user, action="otp_failed", target=user, after={"stage": stage, **where(request)})


def verify(request, user, token: str) -> bool:
    """Check a login's second factor: the TOTP code, else a backup (or demo) code, which is then used up."""
    token = _clean(token)
    if not token:
        raise ValidationError("请输入验证码。")
    totp_devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    if any(not d.verify_is_allowed()[0] for d in totp_devices):
        _failed(request, user, "login")
        raise ValidationError("验证码错误次数较多，请等待几秒后重新输入（每错一次，等待时间加倍）。")
    for device in totp_devices:
        if device.verify_token(token):
            mark_verified(request, device)
            return True
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            mark_verified(request, device)
            record_event(actor=user, action="otp_backup_used", target=user,
                         after={"device": device.name, "left": device.token_set.count(), **where(request)})
            return True
    _failed(request, user, "login")
    raise ValidationError("验证码不正确。请输入身份验证器上当前显示的 6 位数字，或一个未用过的备用验证码。")


def mark_verified(request, device) -> None:
    """This session has passed the second factor (django-otp's own session key)."""
    otp_login(request, device)
    request.session[ENROLLED_SESSION_KEY] = True


def is_verified(request) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def remove(request, user) -> None:
    """The user turns 2FA off — only where it is optional."""
    if policy.requires_second_factor(user):
        raise PermissionDenied("您的角色必须使用双因素认证，不能关闭；如手机丢失，请联系安全管理员重置。")
    with transaction.atomic():
        _delete_devices(user)
        record_event(actor=user, action="otp_removed", target=user, after=where(request))
    request.session.pop(ENROLLED_SESSION_KEY, None)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)


def _delete_devices(user) -> int:
    count = TOTPDevice.objects.filter(user=user).delete()[0]
    return count + StaticDevice.objects.filter(user=user).exclude(name=DEMO_DEVICE_NAME).delete()[0]


def reset(user, *, by, reason: str) -> int:
    """安全管理员 resets a user's 2FA (lost phone): the devices go, the user enrols again at the next login."""
    if not (reason or "").strip():
        raise ValidationError("请填写重置理由（如：已当面核实本人，手机丢失）。")
    if not isinstance(by, str) and not policy.is_security_admin(by):
        raise PermissionDenied("只有安全管理员可以重置双因素认证。")
    with transaction.atomic():
        removed = _delete_devices(user)
        record_event(actor=f"命令行（{by}）" if isinstance(by, str) else by, action="otp_reset",
                     target=user, after={"username": user.get_username(), "removed": removed}, reason=reason.strip())
    return removed
