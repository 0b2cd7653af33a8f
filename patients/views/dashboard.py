from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone

from clinic.roles import PRACTITIONER, role_names
from patients import access, selectors
from patients.forms import PatientSearchForm


@permission_required("patients.view_consultation", raise_exception=True)
def dashboard(request):
    today = timezone.localdate()
    days = selectors.dashboard_consultations(user=request.user, today=today)
    today_group = days[0] if days and days[0].day == today else None
    upcoming = days[1:] if today_group else days
    return render(
        request,
        "patients/dashboard.html",
        {
            "today": today,
            "today_group": today_group,
            "upcoming": upcoming,
            "is_practitioner": PRACTITIONER in role_names(request.user),
            "search_form": PatientSearchForm(auto_id="dash_%s"),
            "can_register": access.can_register(user=request.user),
            "can_book": access.can_book(user=request.user),
            "can_change_consultation": access.can_change_consultation(user=request.user),
        },
    )
