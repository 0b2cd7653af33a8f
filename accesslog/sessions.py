"""Session limits: an idle logout (HARMONY_IDLE_MINUTES, 30 by default) and an absolute one (12 hours from sign-in).

Two stamps live in the session itself (seconds since the epoch): when the user signed in and when the session was
last used. The middleware (clinic.sessions.SessionLimitsMiddleware) refuses a session past either limit before any
view runs, so the limits hold without JavaScript; static/js/idle-timeout.js only warns before the idle one.

"Last used" is written at most once a minute (`touch_every`), so an ordinary page costs no session or
UserSession write; the idle limit therefore holds to within a minute.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings

from accesslog.addresses import client_address
from accesslog.models import UserSession

SIGNED_IN = "harmony_signed_in"
LAST_SEEN = "harmony_last_seen"
SESSION_KEY = "harmony_session_key"  # the key the UserSession row carries, to follow Django's key rotation

IDLE = "idle"
ABSOLUTE = "absolute"


@dataclass(frozen=True)
class Limits:
    idle: int  # seconds without a request before the session ends
    absolute: int  # seconds after sign-in when it ends whatever the activity
    warning: int  # seconds before the idle logout when the page warns
    touch_every: int  # seconds between two writes of "last used"


def limits() -> Limits:
    return Limits(
        idle=int(getattr(settings, "HARMONY_IDLE_MINUTES", 30)) * 60,
        absolute=int(getattr(settings, "HARMONY_SESSION_MAX_HOURS", 12)) * 3600,
        warning=int(getattr(settings, "HARMONY_IDLE_WARNING_SECONDS", 120)),
        touch_every=60,
    )


def now() -> float:
    return time.time()


def _as_datetime(stamp: float) -> datetime:
    return datetime.fromtimestamp(stamp, tz=UTC)


def expired(session, at: float) -> str | None:
    """IDLE or ABSOLUTE when the session is past that limit, None while it holds (or has no stamps yet)."""
    rules = limits()
    signed_in, last_seen = session.get(SIGNED_IN), session.get(LAST_SEEN)
    if signed_in is not None and at - float(signed_in) >= rules.absolute:
        return ABSOLUTE
    if last_seen is not None and at - float(last_seen) >= rules.idle:
        return IDLE
    return None


def remaining(session, at: float) -> dict:
    """Seconds left before each limit, for the warning dialog."""
    rules = limits()
    signed_in = float(session.get(SIGNED_IN, at))
    last_seen = float(session.get(LAST_SEEN, at))
    idle_left = max(0, round(rules.idle - (at - last_seen)))
    absolute_left = max(0, round(rules.absolute - (at - signed_in)))
    return {
        "idle_seconds": idle_left,
        "absolute_seconds": absolute_left,
        "seconds": min(idle_left, absolute_left),
        "ends_by": ABSOLUTE if absolute_left <= idle_left else IDLE,
        "warning_seconds": rules.warning,
    }


def _user_agent(request) -> str:
    return request.headers.get("user-agent", "")[:300]


def started(request, user) -> None:
    """A user has just signed in on this request: stamp the session and list it among the user's sessions."""
    session = request.session
    if session.session_key is None:  # login() flushed a previous user's session: give the new one its key now
        session.save()
    at = now()
    session[SIGNED_IN] = session[LAST_SEEN] = at
    session[SESSION_KEY] = session.session_key
    UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "user_agent": _user_agent(request),
            "address": client_address(request),
            "signed_in_at": _as_datetime(at),
            "last_seen_at": _as_datetime(at),
        },
    )


def touch(request, *, force: bool = False) -> None:
    """The session was used: move "last used" on (at most once a minute unless `force`), follow a rotated key."""
    session = request.session
    key = session.session_key
    if key is None:
        return
    at = now()
    old_key = session.get(SESSION_KEY)
    last_seen = session.get(LAST_SEEN)
    due = force or last_seen is None or at - float(last_seen) >= limits().touch_every
    if old_key == key and not due:
        return
    if session.get(SIGNED_IN) is None:  # a session from before the limits existed: its limits start now
        session[SIGNED_IN] = at
    if due:
        session[LAST_SEEN] = at
    session[SESSION_KEY] = key
    fields = {"session_key": key, "last_seen_at": _as_datetime(float(session[LAST_SEEN]))}
    updated = UserSession.objects.filter(session_key=old_key or key).update(**fields)
    if not updated:
        UserSession.objects.update_or_create(
            session_key=key,
            defaults={
                "user": request.user,
                "user_agent": _user_agent(request),
                "address": client_address(request),
                "signed_in_at": _as_datetime(float(session[SIGNED_IN])),
                "last_seen_at": fields["last_seen_at"],
            },
        )


def ended(request) -> None:
    """The user signed out on this request: the session is about to be flushed; drop its row."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()
