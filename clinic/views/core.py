from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clinic.roles import CATALOG_ADMIN, FRONT_DESK, PRACTITIONER, role_names


def home(request):
    """Send each role to the page it starts its day on."""
    roles = role_names(request.user)
    if PRACTITIONER in roles or FRONT_DESK in roles:
        return redirect("patients:dashboard")
    if CATALOG_ADMIN in roles:
        return redirect("catalog:index")
    return render(request, "home_no_role.html")


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """Load balancers poll this: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes calls this once a username has failed too often from one address."""
    form = AuthenticationForm(request, data=request.POST or None)
    form.errors.clear()
    response = render(
        request,
        "registration/login.html",
        {"form": form, "locked_out": True},
        status=429,
    )
    return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: Django's own page, marked so the security log names it a CSRF failure."""
    from django.views.csrf import csrf_failure as django_csrf_failure

    request._harmony_csrf_failure = reason or "csrf"
    return django_csrf_failure(request, reason=reason)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the error may be the database itself: fall back to a page that needs nothing
        return HttpResponse(
            "<!doctype html><title>Something went wrong</title><h1>Something went wrong</h1>"
            "<p>We could not finish that request. Please try again.</p>",
            status=500,
        )
