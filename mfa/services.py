"""Enrolment, verification, backup codes and recovery of two-factor sign-in, on django-otp's devices.

A user has at most one authenticator app (a TOTPDevice: RFC 6238, 6 digits, 30 s steps, one step of clock drift
either way) and one set of 10 backup codes (a StaticDevice; each code works once). django-otp refuses a TOTP code
already used (the step is remembered) and slows down guessing (1, 2, 4, 8 ... seconds after each failure).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp import devices_for_user, verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mfa import access, selectors
from mfa.models import DeviceReset

BACKUP_CODE_COUNT = 10
CODE_MISSING = "Enter the 6-digit code from your authenticator app, or one of your backup codes."
CODE_WRONG = "That code is not right, or has been used or has expired: enter the code your app shows now."
_SEPARATORS = re.compile(r"[\s-]+")


def normalise_code(code: str | None) -> str:
    """Codes as people type them: spaces and dashes dropped ("123 456", "abcd-efgh"), letters in lower case."""
    return _SEPARATORS.sub("", str(code or "")).lower()[:32]


def code_check(*, user, code: str | None) -> Device | None:
    """The confirmed device that accepts `code` (an app code, or a backup code, which is then used up), else None."""
    token = normalise_code(code)
    if not token or not (user and user.is_authenticated):
        return None
    model = TOTPDevice if token.isdigit() else StaticDevice
    for device in model.objects.devices_for_user(user, confirmed=True):
        verified = verify_token(user, device.persistent_id, token)
        if verified is not None:
            return verified
    return None


def second_factor_require(*, user, code: str | None, field: str = "otp_code") -> Device | None:
    """The re-check at a signature or a sensitive step: a user with a device must give a current code.

    Raises ValidationError on `field` when the code is missing or wrong; returns the device that accepted it, or
    None for a user without a device (who may not need one: mfa.access; the sign-in check sends those who do to
    enrol before they reach any signature).
    """
    if not selectors.has_device(user=user):
        return None
    if not normalise_code(code):
        raise ValidationError({field: CODE_MISSING}, code="otp_missing")
    device = code_check(user=user, code=code)
    if device is None:
        raise ValidationError({field: CODE_WRONG}, code="otp_wrong")
    return device


def totp_enrolment(*, user) -> TOTPDevice:
    """The authenticator app being set up: one unconfirmed device, kept while the page is reloaded."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=selectors.APP_DEVICE_NAME, confirmed=False)
    return device


def totp_confirm(*, user, code: str | None) -> tuple[TOTPDevice, list[str]]:
    """The first code from the app confirms it; earlier devices go, and 10 fresh backup codes are made (shown once)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
        if device is None:
            raise ValidationError({"code": "Start again: the set-up page shows a new code to scan."})
        token = normalise_code(code)
        if not token:
            raise ValidationError({"code": "Enter the 6-digit code your app shows."})
        if not device.verify_token(token):
            raise ValidationError({"code": "That code is not right: check the app shows Harmony and try the new code."})
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = backup_codes_generate(user=user)
    return device, codes


def backup_codes_generate(*, user) -> list[str]:
    """A new set of backup codes; the earlier ones stop working."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=selectors.BACKUP_DEVICE_NAME, defaults={"confirmed": True}
        )
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _remove_devices(user) -> int:
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    return removed


def two_factor_turn_off(*, user, password: str, code: str | None) -> int:
    """A user for whom it is optional turns it off, with their password and a current code."""
    if not access.can_turn_off(user=user):
        raise ValidationError("Two-factor sign-in is required for your role: it cannot be turned off.")
    if not password or not user.check_password(password):
        raise ValidationError({"password": "That is not your password."})
    second_factor_require(user=user, code=code, field="otp_code")
    with transaction.atomic():
        return _remove_devices(user)


def devices_reset(*, user, by, reason: str) -> DeviceReset:
    """An admin removes another user's devices (a lost phone); the user enrols again. Audited in DeviceReset."""
    if not access.can_reset_devices_of(user=by, target=user):
        raise ValidationError("You may not reset this user's two-factor sign-in.")
    entry = DeviceReset(user=user, reset_by=by, reason=(reason or "").strip())
    entry.full_clean(exclude=["devices_removed"])
    entry._history_user = by
    with transaction.atomic():
        entry.devices_removed = _remove_devices(user)
        entry.save()
    return entry
