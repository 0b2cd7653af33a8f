"""The demo data shows a whole treatment day, made through the same services as the pages."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_signed_treatment_day_from_a_vial(settings, seeded_catalog):
    from consents.models import SignedConsent
    from planning.models import PerformedPoint, PlanStatus, TreatmentSession
    from records.services import signature_intact
    from stock.models import ProductLot, Vial

    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    session = TreatmentSession.objects.get(patient__family_name="Okafor")
    assert session.plan.status == PlanStatus.IN_PROGRESS
    assert SignedConsent.objects.filter(plan=session.plan, kind="toxin").exists()
    points = PerformedPoint.objects.filter(performed_item__session=session)
    # The upper-face template's standard points (glabella 5, forehead 5, crow's feet 6), all from the one vial.
    assert points.count() == 16 and all(p.volume_ml is not None for p in points)
    vial = Vial.objects.get(lot__product__slug="botox-cosmetic")
    assert vial.units_left == vial.units - sum(p.dose for p in points)
    assert session.adverse_events.get().kind == "bruising"
    assert signature_intact(session)
    assert ProductLot.objects.filter(lot_number__startswith="DEMO").count() > 3
