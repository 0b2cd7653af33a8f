"""Helpers for the front-desk tests only (shared fixtures `patient` and `consultation` are in tests/fixtures)."""

import pytest

from catalog.models import Concern, FacialArea, Product
from tests.factories import ConcernFactory, FacialAreaFactory, ProductFactory


@pytest.fixture
def concerns(db):
    """A few catalog concerns, made here so these tests do not depend on the seed catalog (the seed's own rows are
    used when a test has loaded it)."""
    rows = [
        ("recessed-chin", "Recessed chin", 1),
        ("sunken-cheeks", "Sunken cheeks", 2),
        ("forehead-lines", "Forehead lines", 3),
    ]
    return {
        slug: Concern.objects.filter(slug=slug).first() or ConcernFactory(slug=slug, name=name, display_order=order)
        for slug, name, order in rows
    }


@pytest.fixture
def chin_area(db):
    return FacialArea.objects.filter(slug="chin").first() or FacialAreaFactory(
        name="Chin", region="lower", modality="filler", bilateral=False, chart_x=50, chart_y=90
    )


@pytest.fixture
def toxin(db):
    """An onabotulinumtoxinA product: a 100 U vial at £300 (£3.00 per U)."""
    return Product.objects.filter(slug="test-toxin").first() or ProductFactory(
        toxin=True, name="Test toxin", manufacturer="Test"
    )
