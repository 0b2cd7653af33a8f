"""The database holds the catalog's rules: positive doses and prices, min ≤ max, units that match, unique keys."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from catalog.models import FacialArea, Product, TemplateItem, Treatment, TreatmentArea

pytestmark = pytest.mark.django_db


def _range(sample, **overrides):
    values = {
        "treatment": sample["treatment"],
        "area": sample["area"],
        "product": None,
        "dose_min": Decimal(10),
        "dose_max": Decimal(20),
        "unit": "U",
        "per_side": False,
        "source": "§2f test row",
        "evidence_flag": "REVIEW",
    }
    values.update(overrides)
    return TreatmentArea(**values)


def _product(**overrides):
    values = {
        "name": "Test filler",
        "slug": "test-filler",
        "manufacturer": "Acme",
        "kind": "filler",
        "substance": "hyaluronic_acid",
        "dose_unit": "mL",
        "package_size": Decimal(1),
        "price_per_package": Decimal(300),
        "price_per_unit": Decimal(300),
    }
    values.update(overrides)
    return Product(**values)


def _violates(obj) -> bool:
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        return True
    return False


def test_a_dose_range_with_min_above_max_is_refused(catalog_sample):
    assert _violates(_range(catalog_sample, dose_min=Decimal(30), dose_max=Decimal(20)))


@pytest.mark.parametrize("dose_min", [Decimal(0), Decimal(-1)])
def test_a_dose_range_must_start_above_zero(catalog_sample, dose_min):
    assert _violates(_range(catalog_sample, dose_min=dose_min))


def test_a_default_dose_outside_its_range_is_refused(catalog_sample):
    assert _violates(_range(catalog_sample, default_dose=Decimal(25)))


def test_a_valid_generic_range_is_stored(catalog_sample):
    assert not _violates(_range(catalog_sample, default_dose=Decimal(15)))


def test_a_second_generic_range_for_the_same_treatment_and_area_is_refused(catalog_sample):
    _range(catalog_sample).save()
    assert _violates(_range(catalog_sample))


def test_a_second_range_for_the_same_product_is_refused(catalog_sample):
    assert _violates(_range(catalog_sample, product=catalog_sample["product"]))


@pytest.mark.parametrize("field", ["price_per_package", "price_per_unit"])
@pytest.mark.parametrize("price", [Decimal(0), Decimal(-5)])
def test_product_prices_must_be_positive(db, field, price):
    assert _violates(_product(**{field: price}))


def test_a_product_package_must_hold_something(db):
    assert _violates(_product(package_size=Decimal(0)))


@pytest.mark.parametrize(("kind", "unit"), [("toxin", "mL"), ("filler", "U")])
def test_a_product_unit_must_match_its_kind(db, kind, unit):
    assert _violates(_product(kind=kind, dose_unit=unit))


def test_a_toxin_session_limit_must_be_positive(db):
    assert _violates(_product(kind="toxin", dose_unit="U", max_units_per_session=Decimal(0)))


def test_slugs_are_unique(catalog_sample):
    assert _violates(_product(slug=catalog_sample["product"].slug, name="Another name"))
    assert _violates(Treatment(name="Another treatment", slug=catalog_sample["treatment"].slug, modality="toxin"))


def test_names_are_unique(catalog_sample):
    assert _violates(_product(name=catalog_sample["product"].name, slug="another-slug"))


def test_a_face_chart_point_must_lie_on_the_diagram(db):
    area = FacialArea(name="Off chart", slug="off-chart", region="upper", modality="toxin", chart_x=120, chart_y=10)
    assert _violates(area)


def test_a_toxin_treatment_range_in_millilitres_fails_validation(catalog_sample):
    with pytest.raises(ValidationError) as error:
        _range(catalog_sample, unit="mL").full_clean()
    assert "unit" in error.value.message_dict


def test_a_range_in_another_unit_than_its_product_fails_validation(catalog_sample, db):
    filler = _product()
    filler.save()
    with pytest.raises(ValidationError) as error:
        _range(catalog_sample, product=filler).full_clean()
    assert "product" in error.value.message_dict


def test_a_per_side_range_on_a_midline_area_fails_validation(catalog_sample):
    with pytest.raises(ValidationError) as error:
        _range(catalog_sample, per_side=True).full_clean()
    assert "per_side" in error.value.message_dict


def test_a_template_item_needs_a_product_of_the_treatments_kind(catalog_sample, db):
    filler = _product()
    filler.save()
    item = TemplateItem(
        template=catalog_sample["template"],
        treatment=catalog_sample["treatment"],
        area=catalog_sample["area"],
        product=filler,
        default_dose=Decimal(1),
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "product" in error.value.message_dict


def test_a_template_item_area_must_have_a_range_in_the_treatment(catalog_sample):
    other = FacialArea.objects.create(
        name="Other", slug="other", region="lower", modality="toxin", chart_x=30, chart_y=80
    )
    item = TemplateItem(
        template=catalog_sample["template"],
        treatment=catalog_sample["treatment"],
        area=other,
        product=catalog_sample["product"],
        default_dose=Decimal(1),
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "area" in error.value.message_dict


def test_a_template_item_dose_must_be_positive(catalog_sample):
    item = TemplateItem(
        template=catalog_sample["template"],
        treatment=catalog_sample["treatment"],
        area=catalog_sample["area"],
        default_dose=Decimal(0),
    )
    assert _violates(item)


def test_rows_that_plans_point_at_cannot_be_deleted_while_in_use(catalog_sample):
    with pytest.raises(ProtectedError):
        catalog_sample["product"].delete()
    with pytest.raises(ProtectedError):
        catalog_sample["area"].delete()


def test_range_display_shows_the_unit_and_whether_it_is_per_side(catalog_sample):
    dose_range = _range(catalog_sample, dose_min=Decimal("0.50"), dose_max=Decimal("1.00"), unit="mL")
    assert dose_range.range_display == "0.5–1 mL total"
    dose_range.per_side, dose_range.dose_min, dose_range.dose_max = True, Decimal(12), Decimal(12)
    assert dose_range.range_display == "12 mL per side"
