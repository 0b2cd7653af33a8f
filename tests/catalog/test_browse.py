"""The read-only catalog: what each page shows, what it hides, and how many queries it takes."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import CombinationTemplate, Concern, FacialArea, Product, TemplateItem, Treatment, TreatmentArea

pytestmark = pytest.mark.django_db

# (url, queries): 5 of them are the session, the user, permissions (2) and the user's roles for the navigation.
PAGES = [
    (reverse("catalog:index"), 12),
    (reverse("catalog:treatment_detail", args=["frown-lines"]), 12),
    (reverse("catalog:area_detail", args=["cheeks"]), 8),
    (reverse("catalog:concern_detail", args=["sunken-cheeks"]), 11),
    (reverse("catalog:template_list"), 9),
    (reverse("catalog:template_detail", args=["jawline-slimming-cheek-contouring"]), 9),
    (reverse("catalog:product_list"), 7),
]


def _add_more_catalog(n: int):
    """n more treatments, each with ranges, products, concerns and a template item, on existing areas."""
    cheeks, brow = FacialArea.objects.get(slug="cheeks"), FacialArea.objects.get(slug="brow")
    voluma = Product.objects.get(slug="juvederm-voluma-xc")
    sunken = Concern.objects.get(slug="sunken-cheeks")
    template = CombinationTemplate.objects.get(slug="jawline-slimming-cheek-contouring")
    frown = Treatment.objects.get(slug="frown-lines")
    for i in range(n):
        treatment = Treatment.objects.create(name=f"Extra cheek {i}", slug=f"extra-cheek-{i}", modality="filler")
        treatment.products.add(voluma, Product.objects.get(slug="restylane-lyft"))
        treatment.concerns.add(sunken)
        TreatmentArea.objects.create(
            treatment=treatment, area=cheeks, dose_min=1, dose_max=2, unit="mL", source="§3b x", evidence_flag="GK"
        )
        TreatmentArea.objects.create(
            treatment=treatment,
            area=cheeks,
            product=voluma,
            dose_min=1,
            dose_max=2,
            unit="mL",
            source="§3b x",
            evidence_flag="GK",
        )
        TemplateItem.objects.create(template=template, treatment=treatment, area=cheeks, product=voluma, default_dose=1)
        TreatmentArea.objects.create(
            treatment=frown,
            area=brow,
            product=Product.objects.create(
                name=f"Extra toxin {i}",
                slug=f"extra-toxin-{i}",
                manufacturer="Acme",
                kind="toxin",
                substance="onabotulinumtoxinA",
                dose_unit="U",
                package_size=100,
                price_per_package=1000,
                price_per_unit=10,
            ),
            dose_min=1,
            dose_max=2,
            unit="U",
            per_side=True,
            source="§2f x",
            evidence_flag="GK",
        )


@pytest.mark.parametrize(("url", "queries"), PAGES)
def test_catalog_pages_take_a_fixed_number_of_queries(
    url, queries, practitioner_client, seeded_catalog, django_assert_num_queries
):
    practitioner_client.get(url)  # warm the session
    with django_assert_num_queries(queries):
        assert practitioner_client.get(url).status_code == 200
    _add_more_catalog(6)
    with django_assert_num_queries(queries):
        assert practitioner_client.get(url).status_code == 200


@pytest.mark.parametrize("role", ["frontdesk", "practitioner", "catalogadmin"])
@pytest.mark.parametrize(("url", "queries"), PAGES)
def test_every_catalog_page_renders_one_h1_for_every_staff_role(role, url, queries, role_client, seeded_catalog):
    html = role_client(role).get(url).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_the_index_groups_treatments_by_area_and_by_concern_and_teases_templates(practitioner_client, seeded_catalog):
    html = practitioner_client.get(reverse("catalog:index")).content.decode()
    for heading in ("By facial area", "By concern", "Combination templates", "Upper face", "Neck"):
        assert heading in html
    for treatment in Treatment.objects.all():
        assert reverse("catalog:treatment_detail", args=[treatment.slug]) in html
    for concern in Concern.objects.all():
        assert reverse("catalog:concern_detail", args=[concern.slug]) in html
    for template in CombinationTemplate.objects.all():
        assert template.name in html
    # The face chart links every area, and mirrors the paired ones.
    assert html.count('class="face-point-link"') == FacialArea.objects.count()


def test_the_treatment_page_shows_ranges_with_units_sources_and_flags(practitioner_client, seeded_catalog):
    html = practitioner_client.get(reverse("catalog:treatment_detail", args=["frown-lines"])).content.decode()
    for text in ("Dysport", "50 U", "Daxxify", "40 U", "4 U/0.1 mL × 5 sites", "LABEL-2°", "drugs.com/dosage/botox"):
        assert text in html, text
    assert "Contraindicated" in html and "Caution" in html
    assert "14 days" in html and "not before 90 days" in html
    assert "Cow&#x27;s milk protein allergy" in html  # product-specific, on Dysport's row
    assert "example" in html


def test_a_paired_area_range_says_per_side(practitioner_client, seeded_catalog):
    html = practitioner_client.get(reverse("catalog:treatment_detail", args=["crows-feet"])).content.decode()
    assert "12 U" in html and "per side" in html and "DERIVED" in html


def test_a_high_risk_area_warns_about_filler(practitioner_client, seeded_catalog):
    html = practitioner_client.get(reverse("catalog:area_detail", args=["nose"])).content.decode()
    assert "High-risk area for filler" in html
    assert "blindness" in html


def test_the_template_page_lists_items_by_session_with_doses_and_what_it_balances(frontdesk_client, seeded_catalog):
    url = reverse("catalog:template_detail", args=["cheek-chin-botox-brow-lift"])
    html = frontdesk_client.get(url).content.decode()
    for text in ("Session 1", "Session 2", "Eyebrow lift", "6 U", "Cheek enhancement", "2 mL", "Chin augmentation"):
        assert text in html, text
    for text in ("in total, both sides",):
        assert text in html, text
    for text in ("Recessed chin", "Sunken cheeks", "Low or heavy brows"):
        assert text in html, text


def test_the_template_list_shows_the_three_seed_combinations_with_items(frontdesk_client, seeded_catalog):
    html = frontdesk_client.get(reverse("catalog:template_list")).content.decode()
    for name in (
        "Cheek and Chin Augmentation with Botox Brow Lift",
        "Non-Surgical Rhinoplasty with Lip Enhancement",
        "Jawline Slimming with Cheek Contouring",
    ):
        assert name in html
    assert "Jawline slimming (masseter)" in html and "50 U" in html


def test_retired_treatments_and_products_are_hidden_from_browsing(practitioner_client, seeded_catalog):
    frown_lines = reverse("catalog:treatment_detail", args=["frown-lines"])
    assert ">Daxxify<" in practitioner_client.get(frown_lines).content.decode()
    Treatment.objects.filter(slug="gummy-smile").update(is_active=False)
    Product.objects.filter(slug="daxxify").update(is_active=False)
    index = practitioner_client.get(reverse("catalog:index")).content.decode()
    assert reverse("catalog:treatment_detail", args=["gummy-smile"]) not in index
    detail = practitioner_client.get(reverse("catalog:treatment_detail", args=["frown-lines"])).content.decode()
    assert ">Daxxify<" not in detail  # neither its dose range nor its product row (sources may still cite it)
    assert ">Daxxify<" not in practitioner_client.get(reverse("catalog:product_list")).content.decode()
    assert practitioner_client.get(reverse("catalog:treatment_detail", args=["gummy-smile"])).status_code == 404
    assert Treatment.objects.filter(slug="gummy-smile").exists()


def test_the_product_page_shows_prices_as_examples_and_label_limits(frontdesk_client, seeded_catalog):
    html = frontdesk_client.get(reverse("catalog:product_list")).content.decode()
    assert "£1000.00 per package" in html and "£10.00 per U" in html
    assert "400 U in 90 days" in html and "400 U per session" in html
    assert html.count(">example</span>") == Product.objects.count()
    Product.objects.filter(slug="dysport").update(price_is_example=False, price_per_unit=Decimal("4.50"))
    html = frontdesk_client.get(reverse("catalog:product_list")).content.decode()
    assert html.count(">example</span>") == Product.objects.count() - 1


def test_outsiders_cannot_browse_the_catalog(outsider_client, seeded_catalog):
    assert outsider_client.get(reverse("catalog:index")).status_code == 403
    assert outsider_client.get(reverse("catalog:treatment_detail", args=["frown-lines"])).status_code == 403
