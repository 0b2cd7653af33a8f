"""The database holds the catalog's rules: positive doses and prices, min ≤ max, units that match, unique keys,
prices that agree, toxin ranges that say whose units they are in, and rules that say what they apply to."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from catalog.models import (
    Contraindication,
    ContraindicationRule,
    FacialArea,
    Product,
    TemplateItem,
    Treatment,
    TreatmentArea,
    prices_agree,
    unit_price_for,
)
from tests.factories import FacialAreaFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


def _range(sample, **overrides):
    values = {
        "treatment": sample["treatment"],
        "area": sample["area"],
        "product": None,
        "dose_min": Decimal(10),
        "dose_max": Decimal(20),
        "unit": "U",
        "unit_substance": "onabotulinumtoxinA",
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
    assert _violates(_range(catalog_sample, product=catalog_sample["product"], unit_substance=""))


def test_a_generic_toxin_range_must_say_whose_units_it_is_in(catalog_sample):
    assert _violates(_range(catalog_sample, unit_substance=""))
    with pytest.raises(ValidationError) as error:
        _range(catalog_sample, unit_substance="").full_clean()
    assert error.value.message_dict == {
        "unit_substance": ["Say whose units this range is in: toxin units are not interchangeable."]
    }


def test_a_product_range_names_no_other_substance_and_a_filler_range_none(catalog_sample):
    with pytest.raises(ValidationError) as error:
        _range(catalog_sample, product=catalog_sample["product"], unit_substance="abobotulinumtoxinA").full_clean()
    assert "unit_substance" in error.value.message_dict
    filler = TreatmentFactory(name="Filler", modality="filler")
    with pytest.raises(ValidationError) as error:
        _range(catalog_sample, treatment=filler, unit="mL").full_clean()
    assert error.value.message_dict["unit_substance"] == ["Only toxin ranges name the substance of their units."]


@pytest.mark.parametrize("field", ["price_per_package", "price_per_unit"])
@pytest.mark.parametrize("price", [Decimal(0), Decimal(-5)])
def test_product_prices_must_be_positive(db, field, price):
    assert _violates(_product(**{field: price}))


def test_product_prices_that_disagree_are_refused(db):
    assert _violates(_product(price_per_package=Decimal(300), price_per_unit=Decimal(250)))
    with pytest.raises(ValidationError) as error:
        _product(price_per_package=Decimal(300), price_per_unit=Decimal(250)).full_clean()
    assert error.value.message_dict == {
        "price_per_unit": [
            "A 1 mL package at £300.00 makes £300.00 per mL, not £250.00: change one price so they agree."
        ]
    }


def test_product_prices_agree_to_half_a_penny_per_unit(db):
    # A 3 mL package at £100.00 is £33.33 per mL, rounded: the two prices still say the same thing.
    assert unit_price_for(Decimal(100), Decimal(3)) == Decimal("33.33")
    assert prices_agree(Decimal(100), Decimal("33.33"), Decimal(3))
    assert not prices_agree(Decimal(100), Decimal("33.30"), Decimal(3))
    assert not _violates(
        _product(package_size=Decimal(3), price_per_package=Decimal(100), price_per_unit=Decimal("33.33"))
    )


def test_a_product_age_range_must_be_ordered(db):
    assert _violates(_product(min_age=30, max_age=20))
    with pytest.raises(ValidationError) as error:
        _product(min_age=30, max_age=20).full_clean()
    assert error.value.message_dict == {"max_age": ["The oldest age must be at least the youngest (30)."]}


def test_a_yearly_limit_per_body_weight_needs_the_limit(db):
    assert _violates(_product(yearly_max=Decimal(0)))
    with pytest.raises(ValidationError) as error:
        _product(yearly_max_body_weight_kg=Decimal(60)).full_clean()
    assert "yearly_max" in error.value.message_dict
    _product(yearly_max=Decimal(20), yearly_max_body_weight_kg=Decimal(60), aliases="Gel, Gel XC").full_clean()
    assert _product(aliases=" Gel ,, Gel XC ").alias_list == ["Gel", "Gel XC"]


def test_a_product_package_must_hold_something(db):
    assert _violates(_product(package_size=Decimal(0)))


@pytest.mark.parametrize(("kind", "unit"), [("toxin", "mL"), ("filler", "U")])
def test_a_product_unit_must_match_its_kind(db, kind, unit):
    assert _violates(_product(kind=kind, dose_unit=unit))


def test_a_session_limit_must_be_positive(db):
    assert _violates(_product(kind="toxin", dose_unit="U", max_units_per_session=Decimal(0)))
    assert _violates(_product(max_units_per_session=Decimal(0)))  # a filler's, in mL


def _rule(**values):
    return ContraindicationRule(**{"severity": "contraindicated", **values})


def test_a_rule_without_a_screening_answer_must_say_what_it_applies_to(catalog_sample):
    assert _violates(_rule())
    with pytest.raises(ValidationError) as error:
        _rule().full_clean()
    assert error.value.message_dict == {
        "product": ["A rule without a screening answer always applies: name the product or substance."]
    }
    assert not _violates(_rule(substance="poly_l_lactic_acid", area=catalog_sample["area"]))


def test_a_rule_cannot_contradict_its_product_or_treatment(catalog_sample):
    product, treatment = catalog_sample["product"], catalog_sample["treatment"]
    answer = catalog_sample["contraindication"]
    with pytest.raises(ValidationError) as error:
        _rule(contraindication=answer, product=product, substance="abobotulinumtoxinA").full_clean()
    assert error.value.message_dict == {"substance": ["Sample toxin is onabotulinumtoxinA."]}
    with pytest.raises(ValidationError) as error:
        _rule(contraindication=answer, treatment=treatment, modality="filler").full_clean()
    assert error.value.message_dict == {"modality": ["Sample frown treatment is a botulinum toxin treatment."]}


def test_a_rule_says_what_it_applies_to(catalog_sample):
    rule = catalog_sample["rule"]
    assert rule.scope_display == "Sample frown treatment"
    assert str(rule) == "Sample pregnancy: Sample frown treatment (Contraindicated)"
    label = _rule(substance="poly_l_lactic_acid", area=catalog_sample["area"], only_with_lidocaine=True)
    assert label.scope_display == "Poly-L-lactic acid, in Sample glabella, with lidocaine"
    assert str(label).startswith("Always: ")
    assert _rule(contraindication=catalog_sample["contraindication"]).scope_display == "everything"


def test_a_screening_answer_in_use_by_a_rule_cannot_be_deleted(catalog_sample):
    with pytest.raises(ProtectedError):
        catalog_sample["contraindication"].delete()
    assert Contraindication.objects.filter(slug="sample-pregnancy").exists()


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
    other = FacialAreaFactory(name="Other", region="lower", modality="toxin", chart_x=30, chart_y=80)
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
