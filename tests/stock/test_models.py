"""What the database holds for stock, whatever writes to it: no quantity below zero or above what was received, one
row per lot number of a product, signed ledger rows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from stock.models import MovementKind, ProductLot, StockMovement, Vial
from tests.fixtures.stock import in_days

pytestmark = pytest.mark.django_db


def refused(queryset, **values) -> bool:
    """True when the database refuses the UPDATE (its savepoint is rolled back; the test's transaction goes on)."""
    try:
        with transaction.atomic():
            queryset.update(**values)
    except IntegrityError:
        return True
    return False


def test_the_database_refuses_a_negative_quantity_written_directly(filler_lot):
    lots = ProductLot.objects.filter(pk=filler_lot.pk)
    assert refused(lots, quantity_left=Decimal("-0.01"))
    assert refused(lots, quantity_left=F("quantity_left") - 5)  # 4 mL left
    filler_lot.refresh_from_db()
    assert filler_lot.quantity_left == Decimal(4)
    assert not refused(lots, quantity_left=0)


def test_the_database_refuses_more_left_than_was_received(filler_lot):
    assert refused(ProductLot.objects.filter(pk=filler_lot.pk), quantity_left=Decimal("4.01"))


def test_the_database_refuses_a_second_row_for_the_same_lot_number(filler_lot, catalogadmin_user):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductLot.objects.create(
            product=filler_lot.product,
            lot_number=filler_lot.lot_number,
            expiry=in_days(10),
            quantity_received=1,
            quantity_left=1,
            received_by=catalogadmin_user,
        )


def test_the_database_refuses_a_negative_vial(opened_vial):
    vials = Vial.objects.filter(pk=opened_vial.pk)
    assert refused(vials, units_left=-1)
    assert refused(vials, units_left=101)
    assert refused(vials, diluent_ml=0)


def test_the_database_refuses_a_ledger_row_of_the_wrong_sign_or_without_a_reason(filler_lot, practitioner_user):
    def row(**values):
        with pytest.raises(IntegrityError), transaction.atomic():
            StockMovement.objects.create(lot=filler_lot, by=practitioner_user, **values)

    row(kind=MovementKind.USED, quantity=1)
    row(kind=MovementKind.RECEIVED, quantity=-1)
    row(kind=MovementKind.ADJUSTED, quantity=1, reason="")
    row(kind=MovementKind.USED, quantity=0)
    row(kind=MovementKind.OPENED_VIAL, quantity=-100)  # an opening names its vial


def test_a_lot_expires_after_its_expiry_date_and_is_flagged_thirty_days_before(filler_lot):
    expiry = filler_lot.expiry
    assert not filler_lot.is_expired(expiry)
    assert filler_lot.is_expired(in_days(366))
    assert filler_lot.expires_soon(expiry - timedelta(days=30))
    assert not filler_lot.expires_soon(expiry - timedelta(days=31))
    assert not filler_lot.expires_soon(expiry + timedelta(days=1))  # expired, not "soon"
