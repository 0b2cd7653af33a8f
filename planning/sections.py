"""Planning's sections on the patients app's pages (registered in planning/apps.py; see clinic/sections.py)."""

from django.template.loader import render_to_string
from django.urls import reverse

from planning import access
from planning.selectors import plans_for_user


def _new_plan_url(user, consultation) -> str:
    if consultation is None or not access.can_create_plan(user=user):
        return ""
    return reverse("planning:plan_create", kwargs={"consultation_code": consultation.code})


def patient_plans(*, request, patient) -> str:
    """The patient's plans the user may see, newest first, with "New plan" from the latest consultation."""
    user = request.user
    plans = list(plans_for_user(user=user).filter(patient=patient).order_by("-created_at")[:30])
    latest = patient.consultations.order_by("-scheduled_at").first()
    context = {
        "patient": patient,
        "plans": plans,
        "new_plan_url": _new_plan_url(user, latest),
        "clinical": access.can_see_clinical(user=user),
    }
    return render_to_string("planning/_patient_plans.html", context, request=request)


def consultation_plans(*, request, consultation) -> str:
    """The plans drafted from this consultation that the user may see."""
    user = request.user
    plans = list(plans_for_user(user=user).filter(consultation=consultation).order_by("title"))
    context = {
        "consultation": consultation,
        "plans": plans,
        "new_plan_url": _new_plan_url(user, consultation),
        "clinical": access.can_see_clinical(user=user),
    }
    return render_to_string("planning/_consultation_plans.html", context, request=request)
