"""One's own sessions (list, sign out one, sign out everywhere else, the idle warning's status and keep-alive), and
the full list of who opened a patient's records."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accesslog import access, selectors, services, sessions
from accesslog.models import UserSession

PAGE_SIZE = 50


@login_required
@require_GET
def session_list(request):
    current = request.session.session_key
    rows = list(selectors.active_sessions(user=request.user, now=timezone.now()))
    rows.sort(key=lambda s: s.session_key != current)  # this browser first
    rules = sessions.limits()
    return render(
        request,
        "accesslog/sessions.html",
        {
            "rows": rows,
            "current_key": current,
            "others": sum(1 for s in rows if s.session_key != current),
            "idle_minutes": rules.idle // 60,
            "absolute_hours": rules.absolute // 3600,
        },
    )


@login_required
@require_POST
def session_end(request, code):
    row = get_object_or_404(UserSession, code=code, user=request.user)
    if row.session_key == request.session.session_key:
        logout(request)
        messages.info(request, "You are signed out.")
        return redirect("login")
    services.session_end(session_key=row.session_key)
    messages.success(request, "That session is signed out.")
    return redirect("accesslog:sessions")


@login_required
@require_POST
def session_end_others(request):
    count = services.sessions_end_for_user(user=request.user, keep=request.session.session_key)
    if count:
        messages.success(request, f"Signed out of {count} other session{'s' if count != 1 else ''}.")
    else:
        messages.info(request, "There were no other sessions to sign out.")
    return redirect("accesslog:sessions")


@login_required
@require_GET
def session_status(request):
    """How long before this session ends; asking does not count as activity."""
    request.harmony_session_passive = True
    return JsonResponse(sessions.remaining(request.session, sessions.now()))


@login_required
@require_POST
def session_keep_alive(request):
    """ "Stay signed in": counts as activity now (the absolute limit still holds)."""
    request.harmony_session_passive = True  # touched here, at once, not at most once a minute
    sessions.touch(request, force=True)
    return JsonResponse(sessions.remaining(request.session, sessions.now()))


@permission_required(access.VIEW_PERM, raise_exception=True)
@require_GET
def patient_accesses(request, code):
    """Everyone who opened this patient's records, newest first. The log names the patient by code only; an unknown
    code (or a patient nobody has opened, which cannot be: the patient page that links here writes an entry) is a
    404."""
    entries = selectors.patient_accesses(patient_code=code)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    if not page.object_list:
        raise Http404("No access entries for this record.")
    return render(request, "accesslog/patient_accesses.html", {"patient_code": code, "page": page})
