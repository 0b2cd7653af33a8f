"""Only catalog admins edit the catalog (in the Django admin); every change is kept in the object's history."""

import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.forms.models import model_to_dict
from django.urls import reverse

from catalog.models import (
    CombinationTemplate,
    Concern,
    Contraindication,
    ContraindicationRule,
    FacialArea,
    Product,
    TemplateItem,
    Treatment,
    TreatmentArea,
)
from tests.factories import ContraindicationRuleFactory
from tests.html import one, row_with, rows, texts_of

pytestmark = pytest.mark.django_db

CATALOG_MODELS = (
    FacialArea,
    Concern,
    Product,
    Contraindication,
    Treatment,
    TreatmentArea,
    ContraindicationRule,
    CombinationTemplate,
    TemplateItem,
)
RETIRED_NOT_DELETED = (FacialArea, Concern, Product, Contraindication, Treatment, CombinationTemplate)
UNITS_MESSAGE = "Say whose units this range is in: toxin units are not interchangeable."


def _admin_url(model, view, *args):
    return reverse(f"admin:catalog_{model._meta.model_name}_{view}", args=args)


def _form_data(obj, fields=None, **changes) -> dict:
    """What the admin form posts for obj: every field as its input holds it (unticked boxes are left out)."""
    data = model_to_dict(obj, fields=fields)
    data.update(changes)
    return {key: ("" if value is None else value) for key, value in data.items() if value is not False}


def _product_form(product, **changes):
    fields = [f.name for f in Product._meta.concrete_fields if f.name not in ("id", "slug")]
    return _form_data(product, fields, **changes)


def _inline(prefix: str, rows: list[dict], initial: int) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": initial}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def _errors(response) -> dict:
    assert response.status_code == 200, "expected the form back with its messages"
    return response.context["adminform"].form.errors


# --- Who may edit --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["frontdesk", "practitioner", "outsider"])
def test_other_roles_are_sent_to_the_admin_login_and_never_see_the_catalog_admin(role, role_client, catalog_sample):
    client = role_client(role)
    for url in (
        "/admin/",
        _admin_url(Treatment, "changelist"),
        _admin_url(Product, "change", catalog_sample["product"].pk),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


@pytest.mark.parametrize("role", ["frontdesk", "practitioner"])
def test_front_desk_and_practitioners_cannot_change_the_catalog(role, users):
    user = users[role]
    assert user.has_perm("catalog.view_treatment")
    for model in CATALOG_MODELS:
        name = model._meta.model_name
        assert not user.has_perm(f"catalog.change_{name}"), name
        assert not user.has_perm(f"catalog.add_{name}"), name
    assert not user.is_staff


def test_catalog_admins_hold_every_catalog_permission(catalogadmin_user):
    for model in CATALOG_MODELS:
        for action in ("view", "add", "change"):
            assert catalogadmin_user.has_perm(f"catalog.{action}_{model._meta.model_name}"), (action, model)


def test_front_desk_cannot_post_a_change_through_the_admin(frontdesk_client, catalog_sample):
    product = catalog_sample["product"]
    response = frontdesk_client.post(_admin_url(Product, "change", product.pk), {"name": "Hacked"})
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "Sample toxin"


# --- Every page opens ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("catalog", ["catalog_sample", "seeded_catalog"])
def test_catalog_admins_open_every_admin_list_add_and_change_page(catalog, request, catalogadmin_client):
    request.getfixturevalue(catalog)
    for model in CATALOG_MODELS:
        assert catalogadmin_client.get(_admin_url(model, "changelist")).status_code == 200, model
        assert catalogadmin_client.get(_admin_url(model, "changelist"), {"q": "lip"}).status_code == 200, model
        assert catalogadmin_client.get(_admin_url(model, "add")).status_code == 200, model
        obj = model.objects.first()
        assert catalogadmin_client.get(_admin_url(model, "change", obj.pk)).status_code == 200, model
        assert catalogadmin_client.get(_admin_url(model, "history", obj.pk)).status_code == 200, model


def test_the_treatment_change_page_edits_dose_ranges_and_contraindication_rules_inline(
    catalogadmin_client, catalog_sample
):
    treatment = catalog_sample["treatment"]
    html = catalogadmin_client.get(_admin_url(Treatment, "change", treatment.pk)).content.decode()
    assert 'name="dose_ranges-TOTAL_FORMS" value="1"' in html
    assert 'name="dose_ranges-0-unit_substance"' in html
    assert 'name="contraindication_rules-TOTAL_FORMS" value="1"' in html
    assert 'name="contraindication_rules-0-reason"' in html


def test_the_contraindication_change_page_edits_its_rules_inline(catalogadmin_client, catalog_sample):
    contraindication = catalog_sample["contraindication"]
    html = catalogadmin_client.get(_admin_url(Contraindication, "change", contraindication.pk)).content.decode()
    assert 'name="rules-TOTAL_FORMS" value="1"' in html
    for field in ("treatment", "modality", "substance", "product", "area", "severity", "reason", "source"):
        assert f'name="rules-0-{field}"' in html, field


def test_the_template_change_page_edits_items_inline(catalogadmin_client, catalog_sample):
    template = catalog_sample["template"]
    html = catalogadmin_client.get(_admin_url(CombinationTemplate, "change", template.pk)).content.decode()
    assert 'name="items-TOTAL_FORMS" value="1"' in html


def test_the_product_change_page_groups_prices_limits_and_ages(catalogadmin_client, catalog_sample):
    html = catalogadmin_client.get(_admin_url(Product, "change", catalog_sample["product"].pk)).content.decode()
    headings = [h.get_text(" ", strip=True) for h in BeautifulSoup(html, "html.parser").select("fieldset h2")]
    for heading in ("Package and price", "Names", "Safety", "Limits", "Ages", "Source"):
        assert any(h.startswith(heading) for h in headings), (heading, headings)
    for field in ("aliases", "yearly_max", "yearly_max_body_weight_kg", "yearly_limit_group", "min_age", "max_age"):
        assert f'name="{field}"' in html, field


# --- Lists ---------------------------------------------------------------------------------------------------------
def test_the_product_list_marks_example_prices_and_shows_limits_with_units(catalogadmin_client, catalog_sample):
    Product.objects.filter(pk=catalog_sample["product"].pk).update(
        max_units_90_days=Decimal(400), min_age=18, max_age=65
    )
    results = rows(one(catalogadmin_client.get(_admin_url(Product, "changelist")), "#result_list"))
    row = row_with(results, "Sample toxin")
    assert "£10.00 per U (example)" in row
    assert any("400 U in 90 days" in cell for cell in row) and any("18–65 years" in cell for cell in row)


def test_the_dose_range_list_shows_units_and_sources(catalogadmin_client, catalog_sample):
    response = catalogadmin_client.get(_admin_url(TreatmentArea, "changelist"), {"q": "glabella"})
    [row] = rows(one(response, "#result_list"))
    assert "20 U total" in row and any(cell.startswith("LABEL-2°") for cell in row)


def test_the_rule_list_shows_every_rule_with_what_it_applies_to(catalogadmin_client, catalog_sample):
    ContraindicationRuleFactory(
        contraindication=None, substance="poly_l_lactic_acid", area=catalog_sample["area"], reason="not here"
    )
    results = rows(one(catalogadmin_client.get(_admin_url(ContraindicationRule, "changelist")), "#result_list"))
    assert len(results) == 2
    assert "Sample frown treatment" in row_with(results, "Sample pregnancy")
    assert "Poly-L-lactic acid, in Sample glabella" in row_with(results, "Always (label restriction)")


# --- Retiring and history ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("model", RETIRED_NOT_DELETED, ids=lambda m: m.__name__)
def test_rows_that_plans_point_at_are_retired_not_deleted(model, catalogadmin_client, catalog_sample):
    obj = model.objects.first()
    assert catalogadmin_client.get(_admin_url(model, "delete", obj.pk)).status_code == 403
    changelist = catalogadmin_client.get(_admin_url(model, "changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist
    assert model.objects.filter(pk=obj.pk).exists()


def test_retiring_a_product_hides_it_keeps_it_and_records_who_did_it(
    catalogadmin_client, catalogadmin_user, catalog_sample
):
    product = catalog_sample["product"]
    response = catalogadmin_client.post(
        _admin_url(Product, "changelist"), {"action": "retire", "_selected_action": [product.pk]}, follow=True
    )
    assert response.status_code == 200
    assert any("1 retired" in message for message in texts_of(response, ".messagelist li"))
    product.refresh_from_db()
    assert product.is_active is False
    last = product.history.latest()
    assert (last.history_user, last.history_change_reason, last.is_active) == (catalogadmin_user, "Retired", False)


def test_an_admin_change_is_recorded_with_who_when_and_what(catalogadmin_client, catalogadmin_user, catalog_sample):
    product = catalog_sample["product"]
    before = product.history.count()
    response = catalogadmin_client.post(
        _admin_url(Product, "change", product.pk),
        _product_form(product, price_per_unit=Decimal("11.00"), price_is_example=False),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    product.refresh_from_db()
    assert product.price_per_unit == Decimal("11.00")
    assert product.history.count() == before + 1
    new, old = product.history.all()[:2]
    assert new.history_user == catalogadmin_user
    assert new.history_date is not None
    changed = {change.field for change in new.diff_against(old).changes}
    assert changed == {"price_per_unit", "price_per_package", "price_is_example"}  # the package price follows
    # Who changed it is in the history table, not only in the admin's "Welcome, catalogadmin" header.
    history = rows(one(catalogadmin_client.get(_admin_url(Product, "history", product.pk)), "#change-history"))
    assert any("catalogadmin" in cell for cell in history[0])


# --- Prices: one price said two ways -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "package", "unit"),
    [
        ({"price_per_package": "1200"}, "1200.00", "12.00"),  # the unit price follows the package price
        ({"price_per_unit": "12.5"}, "1250.00", "12.50"),  # the package price follows the unit price
        ({"package_size": "50"}, "1000.00", "20.00"),  # a new package size re-derives the unit price
        ({"package_size": "50", "price_per_package": "600"}, "600.00", "12.00"),
        ({"package_size": "3"}, "1000.00", "333.33"),  # to the penny, half-up
        ({"price_per_package": "1500", "price_per_unit": "15"}, "1500.00", "15.00"),  # both, and they agree
    ],
    ids=["package-price", "unit-price", "package-size", "size-and-package-price", "rounding", "both-agreeing"],
)
def test_changing_one_price_makes_the_other_follow(changes, package, unit, catalogadmin_client, catalog_sample):
    product = catalog_sample["product"]
    response = catalogadmin_client.post(_admin_url(Product, "change", product.pk), _product_form(product, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    product.refresh_from_db()
    assert (product.price_per_package, product.price_per_unit) == (Decimal(package), Decimal(unit))


def test_changing_both_prices_so_they_disagree_is_refused_next_to_the_unit_price(catalogadmin_client, catalog_sample):
    product = catalog_sample["product"]
    response = catalogadmin_client.post(
        _admin_url(Product, "change", product.pk),
        _product_form(product, price_per_package="1200", price_per_unit="10.50"),
    )
    errors = _errors(response)
    assert set(errors) == {"price_per_unit"}
    assert errors["price_per_unit"] == [
        "A 100 U package at £1,200.00 makes £12.00 per U, not £10.50: change one price so they agree."
    ]
    assert "product_prices_agree" not in response.content.decode()
    product.refresh_from_db()
    assert (product.price_per_package, product.price_per_unit) == (Decimal(1000), Decimal(10))


def test_a_new_product_with_disagreeing_prices_is_refused_next_to_the_unit_price(catalogadmin_client, db):
    data = {
        "name": "New filler",
        "slug": "new-filler",
        "manufacturer": "Acme",
        "kind": "filler",
        "substance": "hyaluronic_acid",
        "dose_unit": "mL",
        "package_size": "1",
        "price_per_package": "300",
        "price_per_unit": "250",
        "is_active": "on",
    }
    assert set(_errors(catalogadmin_client.post(_admin_url(Product, "add"), data))) == {"price_per_unit"}
    data["price_per_unit"] = "300"
    assert catalogadmin_client.post(_admin_url(Product, "add"), data).status_code == 302
    assert Product.objects.get(slug="new-filler").price_per_unit == Decimal(300)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("price_per_unit", "-1"),
        ("price_per_unit", "0"),
        ("price_per_unit", ""),
        ("price_per_unit", "abc"),
        ("price_per_unit", "NaN"),
        ("price_per_unit", "1e400"),
        ("price_per_unit", "0.001"),
        ("price_per_unit", "999999.99"),  # a package price too large to store
        ("price_per_package", "-5"),
        ("price_per_package", "Infinity"),
        ("price_per_package", "0.40"),  # a unit price that rounds to nothing
        ("price_per_package", "99999999999"),
        ("package_size", "0"),
        ("package_size", "-100"),
        ("package_size", "lots"),
        ("package_size", "99999999"),
        ("package_size", "100000"),  # more than a package size can hold
    ],
)
def test_a_bad_number_is_refused_next_to_its_field_never_with_a_server_error(
    field, value, catalogadmin_client, catalog_sample
):
    product = catalog_sample["product"]
    response = catalogadmin_client.post(
        _admin_url(Product, "change", product.pk), _product_form(product, **{field: value})
    )
    errors = _errors(response)
    assert set(errors) == {field}, errors
    assert not re.search(r"product_\w+_(positive|agree|kind)", response.content.decode())  # no constraint names
    product.refresh_from_db()
    assert (product.package_size, product.price_per_package, product.price_per_unit) == (100, 1000, 10)


def test_an_invalid_admin_change_is_refused_with_a_message(catalogadmin_client, catalog_sample):
    product = catalog_sample["product"]
    response = catalogadmin_client.post(
        _admin_url(Product, "change", product.pk), _product_form(product, price_per_unit="-1")
    )
    form = response.context["adminform"].form
    assert response.status_code == 200
    assert form.errors["price_per_unit"] == ["Enter a price above zero."]
    assert "__all__" not in form.errors  # next to the field, not a raw constraint name at the top
    product.refresh_from_db()
    assert product.price_per_unit == Decimal(10)


def test_a_derived_price_too_large_to_store_says_so_next_to_the_price_that_was_typed(
    catalogadmin_client, catalog_sample
):
    product = catalog_sample["product"]
    response = catalogadmin_client.post(
        _admin_url(Product, "change", product.pk), _product_form(product, price_per_unit="999999.99")
    )
    (message,) = _errors(response)["price_per_unit"]
    assert message.startswith("That makes the price per package £99,999,999.00:")


# --- Dose ranges ---------------------------------------------------------------------------------------------------
def test_a_dose_range_whose_minimum_exceeds_its_maximum_is_refused_next_to_the_field(
    catalogadmin_client, catalog_sample
):
    dose_range = TreatmentArea.objects.get(treatment=catalog_sample["treatment"])
    data = _form_data(dose_range, dose_min="99", dose_max="1", default_dose="")
    response = catalogadmin_client.post(_admin_url(TreatmentArea, "change", dose_range.pk), data)
    errors = _errors(response)
    assert errors["dose_max"] == ["The maximum must be at least the minimum (99)."]
    assert "__all__" not in errors
    assert "dose_range_min_le_max" not in response.content.decode()


def _generic_toxin_range(sample, **changes) -> dict:
    data = {
        "treatment": sample["treatment"].pk,
        "area": sample["area"].pk,
        "product": "",
        "dose_min": "10",
        "dose_max": "20",
        "default_dose": "",
        "unit": "U",
        "unit_substance": "",
        "injection_points": "",
        "source": "§2f test row",
        "evidence_flag": "REVIEW",
        "note": "",
    }
    data.update(changes)
    return data


def test_a_generic_toxin_range_must_say_whose_units_it_is_in(catalogadmin_client, catalog_sample):
    url = _admin_url(TreatmentArea, "add")
    response = catalogadmin_client.post(url, _generic_toxin_range(catalog_sample))
    errors = _errors(response)
    assert errors == {"unit_substance": [UNITS_MESSAGE]}
    assert "dose_range_generic_toxin_names_its_units" not in response.content.decode()
    response = catalogadmin_client.post(url, _generic_toxin_range(catalog_sample, unit_substance="onabotulinumtoxinA"))
    assert response.status_code == 302
    assert TreatmentArea.objects.get(product=None).unit_substance == "onabotulinumtoxinA"


def _treatment_form(sample, *, ranges: list[dict], rules: list[dict]) -> dict:
    treatment = sample["treatment"]
    data = _form_data(
        treatment,
        [
            "name",
            "modality",
            "goal",
            "description",
            "concerns",
            "products",
            "review_interval_days",
            "review_interval_source",
            "review_interval_evidence_flag",
            "repeat_interval_days",
            "interval_source",
            "interval_evidence_flag",
            "downtime",
            "aftercare",
            "display_order",
            "is_active",
        ],
    )
    data["concerns"] = [c.pk for c in data["concerns"]]
    data["products"] = [p.pk for p in data["products"]]
    range_fields = ["area", "product", "dose_min", "dose_max", "default_dose", "unit", "unit_substance"]
    range_fields += ["per_side", "injection_points", "source", "evidence_flag", "note"]
    rule_fields = ["contraindication", "substance", "product", "area", "only_with_lidocaine", "severity", "reason"]
    rule_fields += ["source", "evidence_flag"]
    old_ranges = [
        {**_form_data(r, range_fields), "id": r.pk, "treatment": treatment.pk} for r in treatment.dose_ranges.all()
    ]
    old_rules = [
        {**_form_data(r, rule_fields), "id": r.pk, "treatment": treatment.pk}
        for r in treatment.contraindication_rules.order_by("pk")
    ]
    data.update(_inline("dose_ranges", [*old_ranges, *ranges], initial=len(old_ranges)))
    data.update(_inline("contraindication_rules", [*old_rules, *rules], initial=len(old_rules)))
    return data


def _inline_errors(response, prefix: str) -> list[dict]:
    assert response.status_code == 200
    (formset,) = [f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == prefix]
    return formset.errors


def test_the_treatment_page_refuses_a_generic_toxin_range_without_its_units_next_to_that_field(
    catalogadmin_client, catalog_sample
):
    treatment = catalog_sample["treatment"]
    new_range = _generic_toxin_range(catalog_sample, treatment=treatment.pk)
    del new_range["treatment"]
    url = _admin_url(Treatment, "change", treatment.pk)
    response = catalogadmin_client.post(url, _treatment_form(catalog_sample, ranges=[new_range], rules=[]))
    assert _inline_errors(response, "dose_ranges") == [{}, {"unit_substance": [UNITS_MESSAGE]}]
    new_range["unit_substance"] = "onabotulinumtoxinA"
    response = catalogadmin_client.post(url, _treatment_form(catalog_sample, ranges=[new_range], rules=[]))
    assert response.status_code == 302
    assert treatment.dose_ranges.count() == 2


def test_the_treatment_page_adds_a_rule_and_refuses_a_contradictory_one_next_to_its_field(
    catalogadmin_client, catalog_sample
):
    treatment, product = catalog_sample["treatment"], catalog_sample["product"]
    url = _admin_url(Treatment, "change", treatment.pk)
    label_rule = {"contraindication": "", "product": product.pk, "severity": "caution", "reason": "not above the brow"}
    response = catalogadmin_client.post(url, _treatment_form(catalog_sample, ranges=[], rules=[label_rule]))
    assert response.status_code == 302
    assert treatment.contraindication_rules.filter(contraindication=None, reason="not above the brow").exists()
    bad = {"contraindication": "", "substance": "abobotulinumtoxinA", "product": product.pk, "severity": "caution"}
    response = catalogadmin_client.post(url, _treatment_form(catalog_sample, ranges=[], rules=[bad]))
    assert _inline_errors(response, "contraindication_rules")[-1] == {
        "substance": ["Sample toxin is onabotulinumtoxinA."]
    }


# --- Contraindications and their rules -----------------------------------------------------------------------------
def test_a_rule_is_added_on_its_contraindication_page(catalogadmin_client, catalog_sample):
    contraindication = catalog_sample["contraindication"]
    existing = catalog_sample["rule"]
    fields = ["treatment", "modality", "substance", "product", "area", "only_with_lidocaine", "severity", "reason"]
    fields += ["source", "evidence_flag"]
    old = {**_form_data(existing, fields), "id": existing.pk, "contraindication": contraindication.pk}
    new = {"substance": "abobotulinumtoxinA", "severity": "contraindicated", "reason": "its label excludes it"}
    data = _form_data(contraindication, ["name", "description", "source", "evidence_flag"])
    data.update(_inline("rules", [old, new], initial=1))
    response = catalogadmin_client.post(_admin_url(Contraindication, "change", contraindication.pk), data)
    assert response.status_code == 302, response.context and response.context["inline_admin_formsets"][0].formset.errors
    assert contraindication.rules.filter(substance="abobotulinumtoxinA", severity="contraindicated").exists()


def test_a_rule_without_a_screening_answer_or_a_scope_is_refused_next_to_the_product(
    catalogadmin_client, catalog_sample
):
    response = catalogadmin_client.post(
        _admin_url(ContraindicationRule, "add"), {"severity": "contraindicated", "reason": "never"}
    )
    errors = _errors(response)
    assert errors == {"product": ["A rule without a screening answer always applies: name the product or substance."]}
    assert "contraindication_rule_unconditional_needs_scope" not in response.content.decode()


def test_a_rule_whose_substance_is_not_its_products_is_refused_next_to_the_substance(
    catalogadmin_client, catalog_sample
):
    data = {
        "contraindication": catalog_sample["contraindication"].pk,
        "product": catalog_sample["product"].pk,
        "substance": "abobotulinumtoxinA",
        "severity": "caution",
    }
    errors = _errors(catalogadmin_client.post(_admin_url(ContraindicationRule, "add"), data))
    assert errors == {"substance": ["Sample toxin is onabotulinumtoxinA."]}


def test_slugs_that_other_code_relies_on_are_read_only_after_creation(catalogadmin_client, catalog_sample):
    contraindication = catalog_sample["contraindication"]
    html = catalogadmin_client.get(_admin_url(Contraindication, "change", contraindication.pk)).content.decode()
    assert 'name="slug"' not in html
    assert 'name="slug"' in catalogadmin_client.get(_admin_url(Contraindication, "add")).content.decode()
