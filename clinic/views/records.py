from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone

from clinic.models import Consultation


@permission_required("clinic.view_consultation", raise_exception=True)
def dashboard(request):
    today = timezone.localdate()
    consultations = (
        Consultation.objects.filter(scheduled_at__date__gte=today)
        .select_related("patient", "practitioner")
        .order_by("scheduled_at")[:50]
    )
    return render(request, "clinic/dashboard.html", {"consultations": consultations, "today": today})


@permission_required("clinic.view_patient", raise_exception=True)
def patient_search(request):
    return render(request, "clinic/patient_search.html", {})
