"""patients' own rows on the patient timeline (patients/timeline.py): consultations, and treatments recorded at a
consultation as given elsewhere."""

from django.urls import reverse

from clinic.formatting import amount
from patients.timeline import AreaDone, TimelineEntry


def consultations(*, request, patient) -> list[TimelineEntry]:
    entries = []
    rows = patient.consultations.select_related("practitioner").prefetch_related("concerns").order_by("-scheduled_at")
    for c in rows:
        concerns = ", ".join(x.name for x in c.concerns.all())
        by = c.practitioner.get_full_name() if c.practitioner else ""
        entries.append(
            TimelineEntry(
                when=c.scheduled_at,
                kind="consultation",
                title=f"Consultation ({c.get_status_display().lower()})",
                detail=" · ".join(part for part in (f"with {by}" if by else "", concerns) if part),
                url=reverse("patients:consultation_detail", args=[c.code]),
            )
        )
    for t in patient.previous_treatments.select_related("product", "area", "consultation"):
        product = t.product.name if t.product else (t.product_name or "Unknown product")
        dose = f" {amount(t.dose, t.dose_unit)}" if t.dose is not None and t.dose_unit else ""
        where = t.area.name if t.area else "area not recorded"
        entries.append(
            TimelineEntry(
                when=t.treated_on,
                kind="consultation",
                title=f"Treated elsewhere: {product}{dose}",
                detail=f"{where}, recorded at a consultation",
                url=reverse("patients:consultation_detail", args=[t.consultation.code]) if t.consultation_id else "",
                areas=(AreaDone(t.area_id, t.area.name, f"{product}{dose} (elsewhere)"),) if t.area else (),
            )
        )
    return entries
