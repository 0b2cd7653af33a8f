"""The emergency kit: hyaluronidase is a catalog product with lots and expiry, never offered for a plan item; the
stock page warns when the kit is short (the default minimum is §4c's hint) or a lot expires within 30 days."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Product, ProductKind, Treatment
from catalog.selectors import plannable_products
from stock import services
from stock.models import KIT_MINIMUM_DEFAULT, EmergencyKitSetting
from tests.factories import ProductFactory, TreatmentFactory
from tests.html import alerts, field_error, one, soup, text

pytestmark = pytest.mark.django_db

INDEX = reverse("stock:index")
KIT = reverse("stock:kit_minimum")


@pytest.fixture
def hyaluronidase(db):
    return ProductFactory(
        name="Hyaluronidase",
        kind=ProductKind.ENZYME,
        substance="hyaluronidase",
        dose_unit="U",
        package_size=Decimal(1),
        price_per_package=Decimal(1),
    )


def receive(product, by, *, units, lot, days=365):
    return services.receive_lot(
        product=product, lot_number=lot, expiry=timezone.localdate() + dt.timedelta(days=days), packages=units, by=by
    )


def test_the_kit_is_short_below_the_default_hint_of_1500_u(hyaluronidase, catalogadmin_user, practitioner_client):
    assert Decimal(1500) == KIT_MINIMUM_DEFAULT  # §4c: totals up to ~1500 U cited (a default hint)
    receive(hyaluronidase, catalogadmin_user, units=900, lot="H1")
    page = practitioner_client.get(INDEX)
    warning = text(one(page, '[data-testid="kit-warning"]'))
    assert "The emergency kit is short: 900 U of hyaluronidase in usable lots" in warning
    assert warning.endswith("the clinic keeps at least 1500 U. Order more.")
    assert "the default hint" in text(one(page, '[data-testid="kit-summary"]'))


def test_lots_expiring_within_30_days_are_warned_about_and_expired_ones_not_counted(
    hyaluronidase, catalogadmin_user, practitioner_client
):
    receive(hyaluronidase, catalogadmin_user, units=900, lot="H-LATER")
    receive(hyaluronidase, catalogadmin_user, units=900, lot="H-SOON", days=20)
    services.set_kit_minimum(units="1000", by=catalogadmin_user)
    page = practitioner_client.get(INDEX)
    assert soup(page).select('[data-testid="kit-warning"]') == []  # 1800 U usable, 1000 U kept
    expiring = text(one(page, '[data-testid="kit-expiring"]'))
    assert "Hyaluronidase expiring within 30 days" in expiring and "H-SOON" in expiring and "H-LATER" not in expiring


def test_a_catalog_admin_sets_the_kit_minimum_and_a_bad_number_is_refused_next_to_the_field(
    hyaluronidase, catalogadmin_client, practitioner_client
):
    response = catalogadmin_client.post(KIT, {"minimum_units": "abc"})
    assert field_error(response, "minimum_units") == "Enter a number, e.g. 1500."
    response = catalogadmin_client.post(KIT, {"minimum_units": "500"}, follow=True)
    assert "warns when less than 500 U of hyaluronidase is left" in " ".join(alerts(response))
    assert EmergencyKitSetting.objects.get().minimum_units == Decimal(500)
    assert practitioner_client.post(KIT, {"minimum_units": "1"}).status_code == 403


def test_without_hyaluronidase_in_the_catalog_the_page_says_so(practitioner_client):
    page = practitioner_client.get(INDEX)
    assert "There is no hyaluronidase in the catalog" in text(one(page, '[data-testid="kit-warning"]'))


def test_hyaluronidase_is_never_offered_for_a_plan_item(hyaluronidase, filler_product):
    filler_treatment = TreatmentFactory(modality="filler", products=[filler_product])
    assert hyaluronidase not in plannable_products(filler_treatment, [])


def test_the_seed_has_a_generic_hyaluronidase_in_units_linked_to_no_treatment(seeded_catalog):
    product = Product.objects.get(slug="hyaluronidase")
    assert (product.kind, product.dose_unit, product.substance) == ("enzyme", "U", "hyaluronidase")
    assert "§4c" in product.source and product.is_active
    assert not Treatment.objects.filter(products=product).exists()
