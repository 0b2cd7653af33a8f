"""Helpers for the front-desk tests only (shared fixtures `patient` and `consultation` are in tests/fixtures)."""

from decimal import Decimal

import pytest

from catalog.models import Concern, FacialArea, Product


@pytest.fixture
def concerns(db):
    """A few catalog concerns, made here so these tests do not depend on the seed catalog."""
    rows = [
        ("recessed-chin", "Recessed chin", 1),
        ("sunken-cheeks", "Sunken cheeks", 2),
        ("forehead-lines", "Forehead lines", 3),
    ]
    return {
        slug: Concern.objects.get_or_create(slug=slug, defaults={"name": name, "display_order": order})[0]
        for slug, name, order in rows
    }


@pytest.fixture
def chin_area(db):
    area, _ = FacialArea.objects.get_or_create(
        slug="chin", defaults={"name": "Chin", "region": "lower", "modality": "filler", "chart_x": 50, "chart_y": 90}
    )
    return area


@pytest.fixture
def toxin(db):
    product, _ = Product.objects.get_or_create(
        slug="test-toxin",
        defaults={
            "name": "Test toxin",
            "manufacturer": "Test",
            "kind": "toxin",
            "substance": "onabotulinumtoxinA",
            "dose_unit": "U",
            "package_size": Decimal(100),
            "price_per_package": Decimal(300),
            "price_per_unit": Decimal(3),
        },
    )
    return product
