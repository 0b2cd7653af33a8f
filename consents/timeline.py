"""consents' rows on the patient timeline (patients/timeline.py): the plan acceptances and consents signed."""

from django.urls import reverse

from clinic.formatting import day
from consents.selectors import signed_for_patient
from patients.timeline import TimelineEntry


def signatures(*, request, patient) -> list[TimelineEntry]:
    acceptances, consents = signed_for_patient(user=request.user, patient=patient)
    entries = [
        TimelineEntry(
            when=a.signed_at,
            kind="consent",
            title=f"Accepted the plan “{a.plan.title}” (version {a.plan_version})",
            detail=f"signed as {a.typed_name}",
            url=reverse("consents:signed_detail", args=[a.code]),
        )
        for a in acceptances
    ]
    entries += [
        TimelineEntry(
            when=c.signed_at,
            kind="consent",
            title=f"{c.text.title} (version {c.text.version})",
            detail=f"signed as {c.typed_name}, in force until {day(c.valid_until)}",
            url=reverse("consents:signed_detail", args=[c.code]),
        )
        for c in consents
    ]
    return entries
