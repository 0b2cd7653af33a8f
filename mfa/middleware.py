"""The sign-in check: after the password, a user with a device gives a code, and one who must have a device enrols.

Runs after django-otp's OTPMiddleware (which marks the request's user verified when their session holds a device
that checked a code). Until then the user reaches only the two-factor pages themselves and signing out; everything
else, the Django admin included, redirects to them (an htmx request is told to redirect the whole page).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from mfa import access, selectors

# A session of a user who needs no device and had none when it was checked: not asked again on every request. (A
# device they set up later verifies the session that set it up; their other, older sessions carry on as before until
# they sign out, and every new sign-in checks again.)
NO_DEVICE_KEY = "mfa_optional_no_device"

# Pages a signed-in but unverified user may still open.
OPEN_VIEWS = {"mfa:verify", "mfa:enrol", "mfa:backup_codes_new", "logout"}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if getattr(view_func, "login_required", True) is False:  # login_not_required: sign-in, health check
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if user.is_verified():
            return None
        required = access.is_required(user=user)
        if not required and request.session.get(NO_DEVICE_KEY) == user.pk:
            return None
        if selectors.has_device(user=user):
            name = "mfa:verify"
        elif required:
            name = "mfa:enrol"
        else:
            request.session[NO_DEVICE_KEY] = user.pk
            return None
        htmx = bool(getattr(request, "htmx", False))
        next_url = request.get_full_path() if request.method == "GET" and not htmx else "/"
        url = f"{reverse(name)}?{urlencode({'next': next_url})}"
        if htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
