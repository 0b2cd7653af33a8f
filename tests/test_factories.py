"""The factories of tests/factories.py make rows the app itself would accept: each default passes the model's own
validation (full_clean) and the database's constraints, and `build()` stays off the database."""

from decimal import Decimal

import pytest

from clinic.roles import CATALOG_ADMIN, PRACTITIONER
from tests import factories as f

DEFAULTS = [
    f.FacialAreaFactory,
    f.ConcernFactory,
    f.ProductFactory,
    f.TreatmentFactory,
    f.TreatmentAreaFactory,
    f.ContraindicationFactory,
    f.ContraindicationRuleFactory,
    f.CombinationTemplateFactory,
    f.PatientFactory,
    f.ConsultationFactory,
    f.PreviousTreatmentFactory,
    f.TreatmentPlanFactory,
    f.PlanItemFactory,
    f.TreatmentSessionFactory,
    f.PerformedItemFactory,
]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", DEFAULTS, ids=lambda factory: factory.__name__)
def test_every_default_row_passes_the_models_own_validation(factory):
    obj = factory()
    obj.full_clean()
    assert obj.pk is not None and obj.history.count() == 1  # saved through save(): its history row is written


@pytest.mark.django_db
def test_a_template_item_is_valid_once_its_treatment_has_a_range_in_the_area():
    dose_range = f.TreatmentAreaFactory()
    item = f.TemplateItemFactory(treatment=dose_range.treatment, area=dose_range.area)
    item.full_clean()
    assert (item.default_dose, item.side) == (Decimal(20), "both")


@pytest.mark.django_db
def test_toxins_are_dosed_in_units_and_fillers_in_ml_with_prices_that_agree():
    toxin, filler = f.ProductFactory(toxin=True), f.ProductFactory(filler=True)
    assert (toxin.dose_unit, toxin.package_size, toxin.price_per_unit) == ("U", Decimal(100), Decimal(3))
    assert (filler.dose_unit, filler.package_size, filler.price_per_unit) == ("mL", Decimal(1), Decimal(300))
    assert (toxin.substance, filler.substance) == ("onabotulinumtoxinA", "hyaluronic_acid")
    odd = f.ProductFactory(toxin=True, package_size=Decimal(300), price_per_package=Decimal(450))
    assert odd.price_per_unit == Decimal("1.50")


@pytest.mark.django_db
def test_dose_ranges_take_the_treatments_unit_and_say_whose_toxin_units_they_are():
    generic = f.TreatmentAreaFactory()
    assert (generic.unit, generic.unit_substance, generic.dose_min, generic.dose_max) == (
        "U",
        "onabotulinumtoxinA",
        Decimal(20),
        Decimal(20),
    )
    brand = f.TreatmentAreaFactory(product=f.ProductFactory(toxin=True))
    assert brand.unit_substance == ""
    filler = f.TreatmentAreaFactory(treatment=f.TreatmentFactory(modality="filler"), area__bilateral=False)
    assert (filler.unit, filler.unit_substance, filler.per_side) == ("mL", "", False)
    assert (filler.dose_min, filler.dose_max) == (Decimal(1), Decimal(3))


@pytest.mark.django_db
def test_many_to_many_links_are_set_from_the_lists_given():
    area, product, concern = f.FacialAreaFactory(), f.ProductFactory(), f.ConcernFactory()
    treatment = f.TreatmentFactory(products=[product], concerns=[concern])
    assert list(treatment.products.all()) == [product] and list(treatment.concerns.all()) == [concern]
    assert list(f.ConcernFactory(areas=[area]).areas.all()) == [area]
    assert list(f.ConsultationFactory(concerns=[concern]).concerns.all()) == [concern]
    assert list(f.CombinationTemplateFactory(concerns=[concern]).concerns.all()) == [concern]


@pytest.mark.django_db
def test_plan_items_and_performed_items_follow_their_product():
    filler = f.ProductFactory(filler=True)
    item = f.PlanItemFactory(product=filler, dose=Decimal("2.5"))
    assert item.treatment.modality == "filler" and item.dose_unit == "mL"
    assert (item.unit_price, item.price, item.price_is_example) == (Decimal(300), Decimal(750), True)
    done = f.PerformedItemFactory(plan_item=item, session__plan=item.plan)
    assert (done.treatment, done.area, done.product, done.dose, done.dose_unit) == (
        item.treatment,
        item.area,
        filler,
        Decimal("2.5"),
        "mL",
    )
    assert done.session.patient == item.plan.patient == item.plan.consultation.patient


@pytest.mark.django_db
def test_a_previous_treatment_typed_by_name_takes_its_unit_from_what_it_was():
    typed = f.PreviousTreatmentFactory(product=None, product_name="Azzalure", substance="other_toxin")
    typed.full_clean()
    assert typed.dose_unit == "U"
    filler = f.PreviousTreatmentFactory(product=None, product_name="Some gel", substance="other_filler", dose=1)
    assert filler.dose_unit == "mL"


@pytest.mark.django_db
def test_users_get_their_role_and_the_test_password():
    admin = f.UserFactory(role=CATALOG_ADMIN)
    assert admin.is_staff and admin.check_password(f.PASSWORD)
    assert list(admin.groups.values_list("name", flat=True)) == [CATALOG_ADMIN]
    practitioner = f.TreatmentPlanFactory().practitioner
    assert not practitioner.is_staff and practitioner.groups.get().name == PRACTITIONER
    assert f.UserFactory(username="same") == f.UserFactory(username="same")


def test_build_makes_unsaved_rows_without_the_database():
    # No django_db mark: any query would fail this test.
    product = f.ProductFactory.build(filler=True)
    dose_range = f.TreatmentAreaFactory.build(product=product, treatment__modality="filler")
    item = f.PlanItemFactory.build(product=product)
    assert product.pk is None and dose_range.pk is None and item.pk is None
    assert (dose_range.unit, item.dose_unit, item.price) == ("mL", "mL", Decimal(300))
    assert f.TreatmentFactory.build(products=[product]).pk is None  # links are left for create
