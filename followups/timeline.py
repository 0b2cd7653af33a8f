"""followups' rows on the patient timeline (patients/timeline.py): follow-ups by their due day, and aftercare sent."""

from django.urls import reverse

from followups import access
from followups.models import AftercareMessage, Followup
from patients.timeline import TimelineEntry


def followups_and_aftercare(*, request, patient) -> list[TimelineEntry]:
    user = request.user
    if not access.can_view(user=user):
        return []
    entries = []
    worklist = reverse("followups:worklist")
    for f in Followup.objects.filter(patient=patient).select_related("practitioner"):
        overdue = f.is_overdue()
        status = "overdue" if overdue else f.get_status_display().lower()
        entries.append(
            TimelineEntry(
                when=f.due_on,
                kind="followup",
                title=f"{f.get_kind_display()} ({status})",
                detail=f"declined: {f.decline_reason}" if f.decline_reason else "",
                url=worklist,
                alert=overdue,
            )
        )
    if access.can_view_aftercare(user=user):
        for m in AftercareMessage.objects.filter(patient=patient):
            entries.append(
                TimelineEntry(
                    when=m.sent_at or m.created_at,
                    kind="followup",
                    title=f"Aftercare {m.get_status_display().lower()}",
                    detail=m.to_address,
                    url=reverse("followups:aftercare_print", args=[m.code]),
                )
            )
    return entries
