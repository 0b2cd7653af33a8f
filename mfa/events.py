"""Security events of two-factor sign-in (enrolment, verification, failures, resets, re-authentication, exports).

They go to clinic.security.security_event when the project has it (who, what, when, from where, in one format for
every security event); until then to the "harmony.security" logger. No patient data is ever put in a message.
"""

from __future__ import annotations

import logging

logger = logging.getLogger("harmony.security")

try:  # the project's shared security log (issue 13); optional so this app works on its own
    from clinic.security import security_event as _project_event  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on what is merged
    _project_event = None


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def security_event(request, event: str, **details) -> None:
    if _project_event is not None:
        _project_event(request, event, **details)
        return
    user = getattr(request, "user", None) if request is not None else None
    who = user.get_username() if user is not None and user.is_authenticated else "-"
    extra = " ".join(f"{key}={value}" for key, value in sorted(details.items()))
    logger.info("%s user=%s ip=%s %s", event, who, _client_address(request), extra)
