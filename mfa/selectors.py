"""Reads of a user's two-factor devices."""

from __future__ import annotations

from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from mfa.models import DeviceReset

APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def has_device(*, user) -> bool:
    """A confirmed authenticator app (backup codes alone do not count: they come with the app)."""
    return bool(user and user.is_authenticated) and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_any_device(*, user) -> bool:
    return bool(user and user.is_authenticated) and user_has_device(user)


def app_device(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def backup_codes_left(*, user) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device is not None else 0


def staff_status(*, users) -> list[dict]:
    """Each user with whether they have a device, for the reset page."""
    with_app = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    return [{"user": user, "has_device": user.pk in with_app} for user in users]


def resets(*, limit: int = 50):
    return DeviceReset.objects.select_related("user", "reset_by")[:limit]
