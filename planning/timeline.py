"""planning's rows on the patient timeline (patients/timeline.py): the plans the user may see, and the sessions
performed with what was given in each area (clinical users only)."""

from collections import defaultdict

from django.db.models import Count
from django.urls import reverse

from clinic.formatting import amount
from patients.timeline import AreaDone, TimelineEntry
from planning import access
from planning.models import PerformedItem, TreatmentSession
from planning.selectors import plans_for_user


def plans_and_sessions(*, request, patient) -> list[TimelineEntry]:
    user = request.user
    entries = [
        TimelineEntry(
            when=plan.created_at,
            kind="plan",
            title=f"Plan “{plan.title}” ({plan.get_status_display().lower()})",
            detail=f"by {plan.practitioner.get_full_name() or plan.practitioner.username}",
            url=reverse("planning:plan_detail", args=[plan.code]),
        )
        for plan in plans_for_user(user=user).filter(patient=patient).select_related("practitioner")
    ]
    if not access.can_see_clinical(user=user):
        return entries
    given = defaultdict(list)
    rows = (
        PerformedItem.objects.filter(session__patient=patient)
        .select_related("product", "area")
        .annotate(point_count=Count("points"))
        .order_by("session_id", "id")
    )
    for item in rows:
        points = f" in {item.point_count} point{'s' if item.point_count != 1 else ''}" if item.point_count else ""
        text = f"{item.product.name} {amount(item.dose, item.dose_unit)}{points}, lot {item.lot_number}"
        given[item.session_id].append(AreaDone(item.area_id, item.area.name, text))
    sessions = TreatmentSession.objects.filter(patient=patient).select_related("plan", "performed_by")
    for session in sessions:
        entries.append(
            TimelineEntry(
                when=session.performed_at,
                kind="session",
                title=f"Session {session.session_number} of “{session.plan.title}”",
                detail=f"by {session.performed_by.get_full_name() or session.performed_by.username}",
                url=reverse("planning:plan_detail", args=[session.plan.code]) + "#sessions",
                areas=tuple(given[session.pk]),
            )
        )
    return entries
