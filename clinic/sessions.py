"""The session limits, enforced on every request (accesslog.sessions holds the rules and the stamps).

Placed after AuthenticationMiddleware and MessageMiddleware: a session past its idle (HARMONY_IDLE_MINUTES) or
absolute (HARMONY_SESSION_MAX_HOURS) limit is signed out before any view runs, with a message on the login page.
Without JavaScript this is the whole mechanism; the warning dialog (static/js/idle-timeout.js) only adds a chance to
stay signed in.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import resolve_url

from accesslog import sessions

MESSAGES = {
    sessions.IDLE: "You were signed out after {minutes} minutes without activity. Please sign in again.",
    sessions.ABSOLUTE: "You were signed out {hours} hours after signing in. Please sign in again.",
}


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            reason = sessions.expired(request.session, sessions.now())
            if reason is not None:
                return self._sign_out(request, reason)
        response = self.get_response(request)
        user = getattr(request, "user", None)  # the view may have signed someone in or out
        if user is not None and user.is_authenticated and not getattr(request, "harmony_session_passive", False):
            sessions.touch(request)
        return response

    def _sign_out(self, request, reason):
        logout(request)
        rules = sessions.limits()
        messages.info(request, MESSAGES[reason].format(minutes=rules.idle // 60, hours=rules.absolute // 3600))
        login_url = resolve_url(settings.LOGIN_URL)
        if request.headers.get("HX-Request"):
            return HttpResponse(status=204, headers={"HX-Redirect": login_url})
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"signed_out": True, "login_url": login_url}, status=401)
        if request.method == "GET":
            return redirect_to_login(request.get_full_path(), login_url)
        return redirect_to_login("/", login_url)
