"""Only catalog admins edit the catalog (in the Django admin); every change is kept in the object's history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import (
    CombinationTemplate,
    Concern,
    Contraindication,
    FacialArea,
    Product,
    TemplateItem,
    Treatment,
    TreatmentArea,
    TreatmentContraindication,
)

pytestmark = pytest.mark.django_db

CATALOG_MODELS = (
    FacialArea,
    Concern,
    Product,
    Contraindication,
    Treatment,
    TreatmentArea,
    TreatmentContraindication,
    CombinationTemplate,
    TemplateItem,
)
RETIRED_NOT_DELETED = (FacialArea, Concern, Product, Contraindication, Treatment, CombinationTemplate)


def _admin_url(model, view, *args):
    return reverse(f"admin:catalog_{model._meta.model_name}_{view}", args=args)


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


def test_front_desk_cannot_post_a_change_through_the_admin(frontdesk_client, catalog_sample):
    product = catalog_sample["product"]
    response = frontdesk_client.post(_admin_url(Product, "change", product.pk), {"name": "Hacked"})
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "Sample toxin"


def test_catalog_admins_open_every_admin_list_add_and_change_page(catalogadmin_client, seeded_catalog):
    for model in CATALOG_MODELS:
        assert catalogadmin_client.get(_admin_url(model, "changelist")).status_code == 200, model
        assert catalogadmin_client.get(_admin_url(model, "changelist"), {"q": "lip"}).status_code == 200, model
        assert catalogadmin_client.get(_admin_url(model, "add")).status_code == 200, model
        obj = model.objects.first()
        assert catalogadmin_client.get(_admin_url(model, "change", obj.pk)).status_code == 200, model
        assert catalogadmin_client.get(_admin_url(model, "history", obj.pk)).status_code == 200, model


def test_the_treatment_change_page_edits_dose_ranges_and_contraindications_inline(catalogadmin_client, seeded_catalog):
    treatment = Treatment.objects.get(slug="frown-lines")
    html = catalogadmin_client.get(_admin_url(Treatment, "change", treatment.pk)).content.decode()
    assert 'name="dose_ranges-TOTAL_FORMS" value="5"' in html
    assert 'name="contraindication_links-TOTAL_FORMS"' in html


def test_the_template_change_page_edits_items_inline(catalogadmin_client, seeded_catalog):
    template = CombinationTemplate.objects.get(slug="cheek-chin-botox-brow-lift")
    html = catalogadmin_client.get(_admin_url(CombinationTemplate, "change", template.pk)).content.decode()
    assert 'name="items-TOTAL_FORMS" value="3"' in html


def test_the_product_list_marks_example_prices(catalogadmin_client, seeded_catalog):
    html = catalogadmin_client.get(_admin_url(Product, "changelist")).content.decode()
    assert "£10.00 per U (example)" in html


def test_the_dose_range_list_shows_units_and_sources(catalogadmin_client, seeded_catalog):
    html = catalogadmin_client.get(_admin_url(TreatmentArea, "changelist"), {"q": "crow"}).content.decode()
    assert "12 U per side" in html
    assert "DERIVED" in html


@pytest.mark.parametrize("model", RETIRED_NOT_DELETED, ids=lambda m: m.__name__)
def test_rows_that_plans_point_at_are_retired_not_deleted(model, catalogadmin_client, seeded_catalog):
    obj = model.objects.first()
    assert catalogadmin_client.get(_admin_url(model, "delete", obj.pk)).status_code == 403
    changelist = catalogadmin_client.get(_admin_url(model, "changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist
    assert model.objects.filter(pk=obj.pk).exists()


def test_retiring_a_product_hides_it_keeps_it_and_records_who_did_it(
    catalogadmin_client, catalogadmin_user, seeded_catalog
):
    product = Product.objects.get(slug="dysport")
    response = catalogadmin_client.post(
        _admin_url(Product, "changelist"), {"action": "retire", "_selected_action": [product.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "1 retired" in response.content.decode()
    product.refresh_from_db()
    assert product.is_active is False
    last = product.history.latest()
    assert (last.history_user, last.history_change_reason, last.is_active) == (catalogadmin_user, "Retired", False)


def _product_form(product, **changes):
    data = {
        field.name: getattr(product, field.attname)
        for field in Product._meta.concrete_fields
        if field.name not in ("id", "slug")
    }
    data.update(changes)
    return {key: ("" if value is None else value) for key, value in data.items() if value is not False}


def test_an_admin_change_is_recorded_with_who_when_and_what(catalogadmin_client, catalogadmin_user, seeded_catalog):
    product = Product.objects.get(slug="botox-cosmetic")
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
    assert changed == {"price_per_unit", "price_is_example"}
    history_page = catalogadmin_client.get(_admin_url(Product, "history", product.pk)).content.decode()
    assert "catalogadmin" in history_page


def test_an_invalid_admin_change_is_refused_with_a_message(catalogadmin_client, seeded_catalog):
    product = Product.objects.get(slug="botox-cosmetic")
    response = catalogadmin_client.post(
        _admin_url(Product, "change", product.pk), _product_form(product, price_per_unit="-1")
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["price_per_unit"] == ["Enter a price above zero."]
    assert "__all__" not in form.errors  # next to the field, not a raw constraint name at the top
    product.refresh_from_db()
    assert product.price_per_unit == Decimal(10)


def test_a_dose_range_whose_minimum_exceeds_its_maximum_is_refused_next_to_the_field(
    catalogadmin_client, seeded_catalog
):
    from django.forms.models import model_to_dict

    dose_range = TreatmentArea.objects.filter(product__isnull=False).first()
    data = {k: ("" if v is None else v) for k, v in model_to_dict(dose_range).items()}
    data.update(dose_min="99", dose_max="1", default_dose="")
    response = catalogadmin_client.post(_admin_url(TreatmentArea, "change", dose_range.pk), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["dose_max"] == ["The maximum must be at least the minimum (99)."]
    assert "__all__" not in form.errors
    assert "dose_range_min_le_max" not in response.content.decode()


def test_slugs_that_other_code_relies_on_are_read_only_after_creation(catalogadmin_client, seeded_catalog):
    contraindication = Contraindication.objects.get(slug="lidocaine-allergy")
    html = catalogadmin_client.get(_admin_url(Contraindication, "change", contraindication.pk)).content.decode()
    assert 'name="slug"' not in html
    assert 'name="slug"' in catalogadmin_client.get(_admin_url(Contraindication, "add")).content.decode()
