"""Two-factor pages: the code after the password, enrolment with its QR code, backup codes, the account page,
re-authentication, and the admins' reset of a user's devices."""

from __future__ import annotations

import functools
from base64 import b32encode
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from clinic.formtools import add_service_errors
from mfa import access, reauth, selectors, services
from mfa.events import security_event
from mfa.forms import CodeForm, EnrolForm, PasswordCodeForm, ResetForm
from mfa.qr import qr_svg

NEW_CODES_KEY = "mfa_new_backup_codes"
RESET_REAUTH_MESSAGE = "Confirm it is you before resetting someone's two-factor sign-in."


def _next(request) -> str:
    value = request.POST.get("next") or request.GET.get("next")
    return reauth.safe_next(request, value, default=reverse(settings.LOGIN_REDIRECT_URL))


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of signing in: a code from the app, or a backup code."""
    user = request.user
    next_url = _next(request)
    if user.is_verified():
        return redirect(next_url)
    if not selectors.has_device(user=user):
        return redirect(_with_next("mfa:enrol", next_url) if access.is_required(user=user) else next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.code_check(user=user, code=form.cleaned_data["code"])
        if device is None:
            security_event(request, "mfa_verify_failed")
            form.add_error("code", services.CODE_WRONG)
        else:
            otp_login(request, device)
            used_backup = isinstance(device, StaticDevice)
            security_event(request, "mfa_verified", method="backup_code" if used_backup else "app")
            if used_backup:
                left = selectors.backup_codes_left(user=user)
                messages.warning(
                    request,
                    f"You signed in with a backup code; {left} left. Each works once: make new ones on your account "
                    "page when they run low.",
                )
            return redirect(next_url)
    return render(request, "mfa/verify.html", {"form": form, "next": next_url})


def _secret_groups(device) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Set up the authenticator app: scan the QR code (or type the key), then enter the code it shows."""
    user = request.user
    next_url = _next(request)
    if selectors.has_device(user=user):
        messages.info(request, "Two-factor sign-in is already set up for you.")
        return redirect("mfa:account")
    device = services.totp_enrolment(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.totp_confirm(user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            security_event(request, "mfa_enrol_failed")
            add_service_errors(form, exc)
        else:
            otp_login(request, device)
            security_event(request, "mfa_enrolled")
            request.session[NEW_CODES_KEY] = codes
            return redirect(_with_next("mfa:backup_codes_new", next_url))
    context = {
        "form": form,
        "next": next_url,
        "qr": qr_svg(device.config_url),
        "secret": _secret_groups(device),
        "required": access.is_required(user=user),
    }
    return render(request, "mfa/enrol.html", context)


@never_cache
@require_GET
def backup_codes_new(request):
    """The new backup codes, shown this once (the session forgets them as the page is drawn)."""
    codes = request.session.pop(NEW_CODES_KEY, None)
    if not codes:
        messages.info(request, "Backup codes are shown once, when they are made. Make new ones here if you need to.")
        return redirect("mfa:account")
    return render(request, "mfa/backup_codes.html", {"codes": codes, "next": _next(request)})


def _account_context(request, **forms) -> dict:
    user = request.user
    has_device = selectors.has_device(user=user)
    return {
        "has_device": has_device,
        "device": selectors.app_device(user=user) if has_device else None,
        "required": access.is_required(user=user),
        "codes_left": selectors.backup_codes_left(user=user) if has_device else 0,
        "can_turn_off": has_device and access.can_turn_off(user=user),
        "can_reset": access.can_reset_devices(user=user),
        "regenerate_form": forms.get("regenerate_form") or CodeForm(prefix="regenerate"),
        "turn_off_form": forms.get("turn_off_form") or PasswordCodeForm(prefix="off", with_code=True),
    }


@never_cache
@require_GET
def account(request):
    return render(request, "mfa/account.html", _account_context(request))


@never_cache
@require_POST
def backup_codes_regenerate(request):
    """New backup codes, with a current code from the app (the old codes stop working)."""
    form = CodeForm(request.POST, prefix="regenerate")
    if form.is_valid():
        try:
            services.second_factor_require(user=request.user, code=form.cleaned_data["code"], field="code")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not selectors.has_device(user=request.user):
                raise PermissionDenied
            request.session[NEW_CODES_KEY] = services.backup_codes_generate(user=request.user)
            security_event(request, "mfa_backup_codes_regenerated")
            return redirect("mfa:backup_codes_new")
    return render(request, "mfa/account.html", _account_context(request, regenerate_form=form), status=400)


@never_cache
@require_POST
def turn_off(request):
    if not access.can_turn_off(user=request.user):
        raise PermissionDenied
    form = PasswordCodeForm(request.POST, prefix="off", with_code=True)
    if form.is_valid():
        try:
            services.two_factor_turn_off(
                user=request.user, password=form.cleaned_data["password"], code=form.cleaned_data.get("otp_code")
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            security_event(request, "mfa_turned_off")
            messages.success(request, "Two-factor sign-in is off. You can turn it on again here at any time.")
            return redirect("mfa:account")
    return render(request, "mfa/account.html", _account_context(request, turn_off_form=form), status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def reauthenticate(request):
    """The password again (and a current code for a user with a device), before a sensitive step: valid 5 minutes."""
    user = request.user
    next_url = _next(request)
    with_code = selectors.has_device(user=user)
    form = PasswordCodeForm(request.POST or None, with_code=with_code)
    if request.method == "POST" and form.is_valid():
        # authenticate() (not check_password) so a wrong password here counts towards the sign-in lockout (axes).
        checked = authenticate(request, username=user.get_username(), password=form.cleaned_data["password"])
        if checked is None or checked.pk != user.pk:
            security_event(request, "reauth_failed", reason="password")
            form.add_error("password", "That is not your password.")
        else:
            try:
                services.second_factor_require(user=user, code=form.cleaned_data.get("otp_code"))
            except ValidationError as exc:
                security_event(request, "reauth_failed", reason="code")
                add_service_errors(form, exc)
            else:
                reauth.mark(request)
                security_event(request, "reauthenticated")
                return redirect(next_url)
    minutes = reauth.window_seconds() // 60
    return render(request, "mfa/reauth.html", {"form": form, "next": next_url, "minutes": minutes})


def _require_reset_access(user) -> None:
    if not access.can_reset_devices(user=user):
        raise PermissionDenied


@never_cache
@require_GET
def reset_list(request):
    _require_reset_access(request.user)
    users = get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "username")
    rows = [
        {**row, "can_reset": access.can_reset_devices_of(user=request.user, target=row["user"])}
        for row in selectors.staff_status(users=users)
    ]
    return render(request, "mfa/reset_list.html", {"rows": rows, "resets": selectors.resets()})


def _reset_back(request, pk):
    return reverse("mfa:reset_user", args=[pk])


def _reset_target(request, pk):
    _require_reset_access(request.user)
    target = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    if not access.can_reset_devices_of(user=request.user, target=target):
        raise PermissionDenied
    return target


def _reset_access_first(view):
    """Who may reset whose devices is decided before asking to re-authenticate (a 403 needs no password)."""

    @functools.wraps(view)
    def wrapped(request, pk):
        _reset_target(request, pk)
        return view(request, pk)

    return wrapped


@never_cache
@require_http_methods(["GET", "POST"])
@_reset_access_first
@reauth.recent_auth_required(back=_reset_back, message=RESET_REAUTH_MESSAGE)
def reset_user(request, pk):
    target = _reset_target(request, pk)
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.devices_reset(user=target, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            security_event(
                request, "mfa_reset", target=target.get_username(), devices=entry.devices_removed, entry=entry.pk
            )
            messages.success(
                request,
                f"Two-factor sign-in is reset for {target.get_full_name() or target.get_username()}: "
                "they set it up again at their next sign-in.",
            )
            return redirect("mfa:reset_list")
    context = {"form": form, "target": target, "has_device": selectors.has_device(user=target)}
    return render(request, "mfa/reset_user.html", context)
