"""Recording a session takes what was given from Harmony's stock (a lot, or an opened toxin vial) in the same
transaction as the record, and a dose that differs from the plan needs a reason."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from planning.models import PerformedItem
from stock import services as stock_services
from stock.models import ProductLot
from tests.html import field_error

pytestmark = pytest.mark.django_db


def _post(client, plan, item, **fields):
    data = {
        "version": plan.version,
        "session_number": 1,
        "performed_on": timezone.localdate().strftime("%d/%m/%Y"),
        "performed_time": "09:00",
        f"done_{item.pk}": "on",
        f"dose_{item.pk}": "2",
        **{f"{name}_{item.pk}": value for name, value in fields.items()},
    }
    return client.post(reverse("planning:session_record", kwargs={"code": plan.code}), data, follow=True)


@pytest.fixture
def filler_lot(accepted_plan, catalogadmin_user):
    item = accepted_plan.items.get()
    expiry = timezone.localdate() + dt.timedelta(days=200)
    return stock_services.receive_lot(
        product=item.product, lot_number="VB-2291", expiry=expiry, packages=3, by=catalogadmin_user
    )


def test_the_dose_is_taken_from_the_chosen_lot_with_the_record(accepted_plan, practitioner_client, filler_lot):
    item = accepted_plan.items.get()
    left = filler_lot.quantity_left
    response = _post(practitioner_client, accepted_plan, item, stock=f"lot:{filler_lot.code}", lot="")
    assert response.status_code == 200 and accepted_plan.sessions.count() == 1
    done = PerformedItem.objects.get(session__plan=accepted_plan)
    # The lot's number and expiry are recorded from the lot itself.
    assert (done.stock_lot, done.lot_number, done.lot_expiry) == (filler_lot, "VB-2291", filler_lot.expiry)
    filler_lot.refresh_from_db()
    assert filler_lot.quantity_left == left - D("2")


def test_a_lot_that_cannot_cover_the_dose_refuses_the_whole_record(accepted_plan, practitioner_client, filler_lot):
    item = accepted_plan.items.get()
    ProductLot.objects.filter(pk=filler_lot.pk).update(quantity_left=D("1"))
    response = _post(practitioner_client, accepted_plan, item, stock=f"lot:{filler_lot.code}")
    assert field_error(response, f"stock_{item.pk}").startswith("Only 1 mL left in lot VB-2291")
    assert not accepted_plan.sessions.exists()  # nothing of the record was kept
    filler_lot.refresh_from_db()
    assert filler_lot.quantity_left == D("1")


def test_a_different_dose_needs_a_reason_and_is_kept_with_it(accepted_plan, practitioner_client):
    item = accepted_plan.items.get()
    response = _post(practitioner_client, accepted_plan, item, lot="VB-1", dose="1.5")
    assert field_error(response, f"reason_{item.pk}") == "The plan says 2 mL: say why a different dose was given."
    assert not accepted_plan.sessions.exists()
    _post(practitioner_client, accepted_plan, item, lot="VB-1", dose="1.5", reason="Patient asked to stop early")
    done = PerformedItem.objects.get(session__plan=accepted_plan)
    assert (done.dose, done.deviation_reason) == (D("1.50"), "Patient asked to stop early")


def test_only_usable_stock_of_the_items_product_is_offered(accepted_plan, practitioner_client, filler_lot):
    item = accepted_plan.items.get()
    expired = stock_services.receive_lot(
        product=item.product,
        lot_number="OLD-1",
        expiry=timezone.localdate() + dt.timedelta(days=1),
        packages=1,
        by=filler_lot.received_by,
    )
    ProductLot.objects.filter(pk=expired.pk).update(expiry=timezone.localdate() - dt.timedelta(days=1))
    page = practitioner_client.get(reverse("planning:session_record", kwargs={"code": accepted_plan.code}))
    from tests.html import soup

    options = [o.get("value") for o in soup(page).select(f'select[name="stock_{item.pk}"] option')]
    assert options == ["", f"lot:{filler_lot.code}"]
