"""Fixtures for the complications, occlusion and recall tests: a signed filler session with injection points, and
the emergency kit's hyaluronidase in stock."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import ProductKind, Substance
from planning.models import PerformedPoint
from records import services
from stock import services as stock_services
from tests.factories import PASSWORD, FacialAreaFactory, PerformedItemFactory, ProductFactory, TreatmentSessionFactory


@pytest.fixture
def hyaluronidase(db):
    """The kit's enzyme, counted in single units (the reference gives no vial size)."""
    return ProductFactory(
        name="Hyaluronidase",
        kind=ProductKind.ENZYME,
        substance=Substance.HYALURONIDASE,
        dose_unit="U",
        package_size=Decimal(1),
        package_description="counted in units",
        price_per_package=Decimal(1),
    )


@pytest.fixture
def kit_lot(hyaluronidase, catalogadmin_user):
    """900 U of hyaluronidase, lot H900, expiring in a year."""
    return stock_services.receive_lot(
        product=hyaluronidase,
        lot_number="H900",
        expiry=timezone.localdate() + dt.timedelta(days=365),
        packages=900,
        by=catalogadmin_user,
    )


@pytest.fixture
def lips(db):
    return FacialAreaFactory(name="Lips", bilateral=False)


@pytest.fixture
def filler_session(practitioner_user, lips, filler_lot):
    """A session with 1 mL of filler in the lips from lot VB20417, given at two points; not signed yet."""
    session = TreatmentSessionFactory(plan__practitioner=practitioner_user, performed_by=practitioner_user)
    item = PerformedItemFactory(
        session=session,
        treatment__modality="filler",
        product=filler_lot.product,
        area=lips,
        side="midline",
        dose=Decimal(1),
        lot_number="VB20417",
        stock_lot=filler_lot,
    )
    for order, x in ((1, 40), (2, 60)):
        PerformedPoint.objects.create(performed_item=item, view="front", x=x, y=70, dose=Decimal("0.5"), order=order)
    return session


@pytest.fixture
def signed_filler_session(filler_session, practitioner_user):
    services.session_sign(session=filler_session, by=practitioner_user, password=PASSWORD)
    return filler_session
