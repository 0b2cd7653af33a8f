"""Recording a session starts from the plan's points: each point is prefilled with its planned dose, depth and
technique, the item's dose is what its points add up to, a point given otherwise needs a reason, and a toxin point
drawn from an opened vial keeps its volume at that vial's concentration."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from planning.check_data import patient_history
from planning.models import PerformedItem, PerformedPoint, PlanStatus
from records import services as records_services
from stock import services as stock_services
from tests.factories import PASSWORD
from tests.fixtures.mfa import totp_code
from tests.fixtures.planning import add_item, add_point, move_to, sign_for_treatment
from tests.fixtures.stock import in_days
from tests.html import field_error, field_value, soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def toxin_plan(plan, practitioner_user):
    """Frown lines with BOTOX Cosmetic, 20 U in five planned points of 4 U (the label pattern, §2a), accepted."""
    item = add_item(
        plan, practitioner_user, treatment="frown-lines", area="glabella", product="botox-cosmetic", dose="20"
    )
    for n in range(5):
        add_point(item, practitioner_user, dose="4", x=str(40 + 5 * n), y="30", depth="intramuscular")
    move_to(plan, practitioner_user, PlanStatus.PROPOSED)
    sign_for_treatment(plan, practitioner_user)
    return move_to(plan, practitioner_user, PlanStatus.ACCEPTED)


@pytest.fixture
def toxin_vial(toxin_plan, catalogadmin_user, practitioner_user):
    product = toxin_plan.items.get().product
    lot = stock_services.receive_lot(
        product=product, lot_number="C7001", expiry=in_days(300), packages=2, by=catalogadmin_user
    )
    return stock_services.open_vial(lot=lot, by=practitioner_user, diluent_ml=D("2.5"))


def _form_data(plan, item, **points):
    """The session form as the page fills it in, with `points` overriding fields by name (e.g. pdose_12="6")."""
    data = {
        "version": plan.version,
        "session_number": 1,
        "performed_on": timezone.localdate().strftime("%d/%m/%Y"),
        "performed_time": "10:00",
        f"done_{item.pk}": "on",
        f"lot_{item.pk}": "C7001",
    }
    for point in item.points.all():
        data.update(
            {
                f"pdose_{point.pk}": "4",
                f"pdepth_{point.pk}": point.depth,
                f"ptech_{point.pk}": point.technique,
                f"pinst_{point.pk}": point.instrument,
                f"pgauge_{point.pk}": point.gauge or "",
            }
        )
    data.update(points)
    return data


def _post(client, plan, data):
    return client.post(reverse("planning:session_record", kwargs={"code": plan.code}), data, follow=True)


def test_the_form_is_prefilled_with_each_planned_point(toxin_plan, practitioner_client):
    item = toxin_plan.items.get()
    response = practitioner_client.get(reverse("planning:session_record", kwargs={"code": toxin_plan.code}))
    first = item.points.first()
    assert field_value(response, f"pdose_{first.pk}") == "4"
    page = soup(response)
    assert len(page.select("table.performed-points tbody tr")) == 5
    depth = page.select_one(f"select[name=pdepth_{first.pk}] option[selected]")
    assert depth["value"] == "intramuscular"
    # The item's own dose field gives way to the sum of its points.
    assert page.select_one(f"input[name=dose_{item.pk}]") is None


def test_points_given_as_planned_are_recorded_and_add_up_to_the_item(toxin_plan, practitioner_client):
    item = toxin_plan.items.get()
    _post(practitioner_client, toxin_plan, _form_data(toxin_plan, item))
    done = PerformedItem.objects.get(session__plan=toxin_plan)
    points = list(done.points.all())
    assert [p.dose for p in points] == [D("4.00")] * 5
    assert done.dose == D("20.00") and done.deviation_reason == ""
    assert [p.planned_point_id for p in points] == list(item.points.values_list("pk", flat=True))
    assert all(p.depth == "intramuscular" and p.volume_ml is None for p in points)  # no vial: no volume


def test_a_point_given_otherwise_needs_a_reason(toxin_plan, practitioner_client):
    item = toxin_plan.items.get()
    first = item.points.first()
    data = _form_data(toxin_plan, item, **{f"pdepth_{first.pk}": "subcutaneous"})
    response = _post(practitioner_client, toxin_plan, data)
    assert field_error(response, f"reason_{item.pk}") == "A point was given otherwise than planned: say why."
    assert not toxin_plan.sessions.exists()
    # What was typed stays on the form.
    assert soup(response).select_one(f"select[name=pdepth_{first.pk}] option[selected]")["value"] == "subcutaneous"
    data[f"reason_{item.pk}"] = "Thin procerus: superficial"
    _post(practitioner_client, toxin_plan, data)
    done = PerformedItem.objects.get(session__plan=toxin_plan)
    assert done.points.get(planned_point=first).depth == "subcutaneous"
    assert done.deviation_reason == "Thin procerus: superficial"


def test_a_changed_point_dose_changes_the_items_dose_and_needs_a_reason(toxin_plan, practitioner_client):
    item = toxin_plan.items.get()
    first = item.points.first()
    data = _form_data(toxin_plan, item, **{f"pdose_{first.pk}": "6"})
    response = _post(practitioner_client, toxin_plan, data)
    assert field_error(response, f"reason_{item.pk}") == "The plan says 20 U: say why a different dose was given."
    data[f"reason_{item.pk}"] = "Stronger procerus"
    _post(practitioner_client, toxin_plan, data)
    assert PerformedItem.objects.get(session__plan=toxin_plan).dose == D("22.00")


def test_an_unreadable_point_dose_is_refused_at_that_point(toxin_plan, practitioner_client):
    item = toxin_plan.items.get()
    first = item.points.first()
    response = _post(practitioner_client, toxin_plan, _form_data(toxin_plan, item, **{f"pdose_{first.pk}": "four"}))
    assert field_error(response, f"pdose_{first.pk}") == "Enter a number."
    assert not toxin_plan.sessions.exists()


def test_points_from_a_vial_keep_their_volume_and_the_vial_goes_down(toxin_plan, toxin_vial, practitioner_client):
    item = toxin_plan.items.get()
    data = _form_data(toxin_plan, item, **{f"stock_{item.pk}": f"vial:{toxin_vial.code}", f"lot_{item.pk}": ""})
    _post(practitioner_client, toxin_plan, data)
    done = PerformedItem.objects.get(session__plan=toxin_plan)
    # 100 U in 2.5 mL is 4 U per 0.1 mL: 4 U is 0.1 mL.
    assert [p.volume_ml for p in done.points.all()] == [D("0.10")] * 5
    toxin_vial.refresh_from_db()
    assert toxin_vial.units_left == D("80")
    record = practitioner_client.get(reverse("records:session_detail", kwargs={"code": done.session.code}))
    points = soup(record).select("ol.performed-point-list li")
    assert len(points) == 5
    assert " ".join(points[0].get_text().split()) == "4 U (0.1 mL) · intramuscular"


def test_last_time_in_the_area_counts_the_points_given(toxin_plan, practitioner_client):
    item = toxin_plan.items.get()
    _post(practitioner_client, toxin_plan, _form_data(toxin_plan, item))
    last = patient_history(toxin_plan).last_times({item.area_id})[item.area_id]
    assert (last.dose, last.points, last.origin) == (D("20.00"), 5, "performed here")


def test_the_signed_record_covers_its_points(toxin_plan, practitioner_client, practitioner_user):
    item = toxin_plan.items.get()
    _post(practitioner_client, toxin_plan, _form_data(toxin_plan, item))
    session = toxin_plan.sessions.get()
    records_services.session_sign(
        session=session, by=practitioner_user, password=PASSWORD, otp_code=totp_code(practitioner_user)
    )
    assert records_services.signature_intact(session)
    PerformedPoint.objects.filter(performed_item__session=session, order=1).update(dose=D("5"))
    assert not records_services.signature_intact(session)
