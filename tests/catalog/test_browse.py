"""The read-only catalog: what each page shows, what it hides, and how many queries it takes.

Most tests build their own small catalog (`small_catalog`), so they say exactly which rows a page must show; a
few read the real seed, to check that it renders.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import CombinationTemplate, Concern, FacialArea, Product, Treatment
from tests.factories import (
    ContraindicationFactory,
    ContraindicationRuleFactory,
    FacialAreaFactory,
    ProductFactory,
    TemplateItemFactory,
    TreatmentAreaFactory,
    TreatmentFactory,
)
from tests.html import alerts, main, row_with, rows, section, text, texts_of

pytestmark = pytest.mark.django_db

# Queries per page: 6 of them are the session, the user, the two-factor device (django-otp), permissions (2) and
# the user's roles for the navigation.
QUERIES = {
    "catalog:index": 13,
    "catalog:treatment_detail": 12,
    "catalog:area_detail": 9,
    "catalog:concern_detail": 12,
    "catalog:template_list": 10,
    "catalog:template_detail": 11,  # with the template points (one query for all items)
    "catalog:product_list": 8,
}
SMALL_PAGES = [
    ("catalog:index", None),
    ("catalog:treatment_detail", "sample-frown"),
    ("catalog:area_detail", "sample-cheeks"),
    ("catalog:concern_detail", "sample-frown-lines"),
    ("catalog:template_list", None),
    ("catalog:template_detail", "sample-template"),
    ("catalog:product_list", None),
]
SEED_PAGES = [
    ("catalog:index", None),
    ("catalog:treatment_detail", "frown-lines"),
    ("catalog:area_detail", "cheeks"),
    ("catalog:concern_detail", "sunken-cheeks"),
    ("catalog:template_list", None),
    ("catalog:template_detail", "jawline-slimming-cheek-contouring"),
    ("catalog:product_list", None),
]


def _url(name: str, slug: str | None = None) -> str:
    return reverse(name, args=[slug] if slug else [])


def _area(name, slug, region, modality, *, bilateral, x, **extra):
    return FacialAreaFactory(
        name=name, slug=slug, region=region, modality=modality, bilateral=bilateral, chart_x=x, chart_y=50, **extra
    )


def _product(name, slug, kind, substance, size, package, **extra):
    # The unit price is the package price over its size, to the penny (ProductFactory's default).
    return ProductFactory(
        name=name,
        slug=slug,
        kind=kind,
        substance=substance,
        package_size=Decimal(size),
        price_per_package=Decimal(package),
        package_description="",
        **extra,
    )


def _range(treatment, area, dose_min, dose_max, *, product=None, per_side=False, **extra):
    return TreatmentAreaFactory(
        treatment=treatment,
        area=area,
        product=product,
        dose_min=Decimal(dose_min),
        dose_max=Decimal(dose_max),
        per_side=per_side,
        **{"source": "§test row", "evidence_flag": "REVIEW", **extra},
    )


def _rule(contraindication=None, severity="contraindicated", **scope):
    return ContraindicationRuleFactory(contraindication=contraindication, severity=severity, **scope)


def _answer(name, slug, **extra):
    return ContraindicationFactory(name=name, slug=slug, **extra)


@pytest.fixture
def small_catalog(catalog_sample):
    """catalog_sample plus a second toxin brand, two fillers, four areas and one rule of every kind."""
    rows = dict(catalog_sample)
    frown, glabella, ona = rows["treatment"], rows["area"], rows["product"]
    ona.max_units_90_days, ona.limit_source, ona.limit_evidence_flag = Decimal(400), "§2e sample label", "LABEL"
    ona.save()
    crows = _area("Sample crow's feet", "sample-crows-feet", "upper", "toxin", bilateral=True, x=25)
    cheeks = _area("Sample cheeks", "sample-cheeks", "mid", "filler", bilateral=True, x=30)
    nose = _area(
        "Sample nose",
        "sample-nose",
        "mid",
        "filler",
        bilateral=False,
        x=50,
        is_high_risk=True,
        risk_note="Risk of blindness.",
    )
    lips = _area("Sample lips", "sample-lips", "lower", "filler", bilateral=False, x=50)
    abo = _product(
        "Sample abo toxin",
        "sample-abo-toxin",
        "toxin",
        "abobotulinumtoxinA",
        300,
        450,
        other_allergens="cow's milk protein",
        max_units_per_session=Decimal(400),
    )
    gel = _product(
        "Sample HA gel",
        "sample-ha-gel",
        "filler",
        "hyaluronic_acid",
        1,
        300,
        contains_lidocaine=True,
        yearly_max=Decimal(20),
        yearly_max_body_weight_kg=Decimal(60),
        yearly_limit_group="Sample gels",
        yearly_limit_source="§3a sample gel label",
        yearly_limit_evidence_flag="LABEL",
        min_age=22,
        age_source="§3a sample gel label: adults over 21",
        age_evidence_flag="LABEL",
    )
    plla = _product("Sample PLLA", "sample-plla", "filler", "poly_l_lactic_acid", 5, 500, min_age=18, max_age=65)
    frown.products.add(abo)
    _range(frown, glabella, 50, 50, product=abo, evidence_flag="LABEL-2", source="§2a sample abo label")
    _range(
        frown, crows, 12, 12, per_side=True, unit_substance="onabotulinumtoxinA", evidence_flag="DERIVED", source="§2f"
    )
    cheek = TreatmentFactory(
        name="Sample cheek enhancement", slug="sample-cheek", modality="filler", products=[gel, plla]
    )
    _range(cheek, cheeks, 1, 3, per_side=True)
    _range(cheek, nose, "0.5", 1)
    lip = TreatmentFactory(name="Sample lip enhancement", slug="sample-lip", modality="filler", products=[gel, plla])
    _range(lip, lips, "0.5", "1.5")
    rows.update(crows=crows, cheeks=cheeks, nose=nose, lips=lips, abo=abo, gel=gel, plla=plla, cheek=cheek, lip=lip)

    milk = _answer(
        "Sample cow's milk protein allergy",
        "sample-cows-milk",
        source="§4a sample milk excipients",
        evidence_flag="REVIEW",
    )
    _rule(milk, substance="abobotulinumtoxinA", reason="{product} lists cow's milk protein among its excipients")
    _rule(
        _answer("Sample neuromuscular disorder", "sample-neuromuscular"),
        "caution",
        modality="toxin",
        reason="higher risk of serious systemic effects",
    )
    _rule(
        _answer("Sample lidocaine allergy", "sample-lidocaine"),
        only_with_lidocaine=True,
        reason="{product} contains lidocaine",
    )
    _rule(
        substance="poly_l_lactic_acid",
        area=lips,
        reason="{product}'s label says it is not to be injected into the lip vermilion",
        source="§4b sample PLLA label",
        evidence_flag="LABEL",
    )
    _rule(_answer("Sample anticoagulants", "sample-anticoagulants"), "caution", treatment=cheek, reason="more bruising")

    template = rows["template"]
    for session, order, treatment, area, product, dose in (
        (1, 1, frown, glabella, abo, 50),
        (1, 2, frown, crows, None, 24),
        (1, 3, frown, crows, abo, 24),
        (2, 1, cheek, cheeks, None, 2),
    ):
        TemplateItemFactory(
            template=template,
            treatment=treatment,
            area=area,
            product=product,
            default_dose=dose,
            session_number=session,
            order=order,
        )
    return rows


def _add_more_catalog(rows, n: int):
    """n more of everything a page lists: treatments with ranges, products, rules and template items."""
    for i in range(n):
        treatment = TreatmentFactory(
            name=f"Extra cheek {i}",
            slug=f"extra-cheek-{i}",
            modality="filler",
            products=[rows["gel"], rows["plla"]],
            concerns=[rows["concern"]],
        )
        _range(treatment, rows["cheeks"], 1, 2, per_side=True)
        _range(treatment, rows["cheeks"], 1, 2, product=rows["gel"], per_side=True)
        _range(treatment, rows["lips"], 1, 2)
        TemplateItemFactory(
            template=rows["template"], treatment=treatment, area=rows["cheeks"], product=rows["gel"], default_dose=1
        )
        toxin = _product(f"Extra toxin {i}", f"extra-toxin-{i}", "toxin", "incobotulinumtoxinA", 100, 1000)
        rows["treatment"].products.add(toxin)
        _range(rows["treatment"], rows["crows"], 1, 2, product=toxin, per_side=True)
        _rule(_answer(f"Extra answer {i}", f"extra-answer-{i}"), "caution", product=toxin, reason=f"extra reason {i}")
        _rule(_answer(f"Extra area answer {i}", f"extra-area-{i}"), area=rows["cheeks"], reason="not here")


def _html(client, name: str, slug: str | None = None) -> str:
    response = client.get(_url(name, slug))
    assert response.status_code == 200
    return response.content.decode()


def _rows_with(html: str, *texts: str) -> list[str]:
    return [row for row in re.findall(r"<tr>.*?</tr>", html, re.DOTALL) if all(t in row for t in texts)]


# --- Queries and structure ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "slug"), SMALL_PAGES)
def test_catalog_pages_take_a_fixed_number_of_queries(
    name, slug, practitioner_client, small_catalog, django_assert_num_queries
):
    url = _url(name, slug)
    practitioner_client.get(url)  # warm the session
    with django_assert_num_queries(QUERIES[name]):
        assert practitioner_client.get(url).status_code == 200
    _add_more_catalog(small_catalog, 6)
    with django_assert_num_queries(QUERIES[name]):
        assert practitioner_client.get(url).status_code == 200


@pytest.mark.parametrize(("name", "slug"), SEED_PAGES)
def test_the_seed_catalog_pages_take_the_same_number_of_queries(
    name, slug, practitioner_client, seeded_catalog, django_assert_num_queries
):
    url = _url(name, slug)
    practitioner_client.get(url)
    with django_assert_num_queries(QUERIES[name]):
        assert practitioner_client.get(url).status_code == 200


@pytest.mark.parametrize("role", ["frontdesk", "practitioner", "catalogadmin"])
@pytest.mark.parametrize(("name", "slug"), SMALL_PAGES)
def test_every_catalog_page_renders_one_h1_for_every_staff_role(role, name, slug, role_client, small_catalog):
    html = _html(role_client(role), name, slug)
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_the_index_groups_treatments_by_area_and_by_concern_and_teases_templates(practitioner_client, small_catalog):
    html = _html(practitioner_client, "catalog:index")
    page = main(html)
    assert texts_of(page, "h2")[:3] == ["By facial area", "By concern", "Combination templates"]
    regions = texts_of(section(page, "By facial area"), ".region-header")
    assert "Upper face" in regions and "Mid face" in regions
    for treatment in Treatment.objects.all():
        assert reverse("catalog:treatment_detail", args=[treatment.slug]) in html
    for concern in Concern.objects.all():
        assert reverse("catalog:concern_detail", args=[concern.slug]) in html
    teaser = text(section(page, "Combination templates"))
    for template in CombinationTemplate.objects.all():
        assert template.name in teaser
    # The face chart links every area, and mirrors the paired ones.
    assert html.count('class="face-point-link"') == FacialArea.objects.count()


# --- Treatment pages -----------------------------------------------------------------------------------------------
def test_the_treatment_page_shows_ranges_with_units_sources_and_flags(practitioner_client, small_catalog):
    html = _html(practitioner_client, "catalog:treatment_detail", "sample-frown")
    assert _rows_with(html, "Sample abo toxin", "50 U", "§2a sample abo label", "LABEL-2°")
    assert _rows_with(html, "Sample toxin", "20 U", "§2a sample")
    # A generic toxin range says whose units it is in: it is never read for another brand.
    assert _rows_with(html, "Sample crow&#x27;s feet", "Any eligible onabotulinumtoxinA product", "12 U", "per side")
    # Every eligible product's price is marked as an example (the seed's and these are).
    prices = [row[2] for row in rows(section(html, "Eligible products"))]
    assert prices == ["£1.50 per U example", "£10.00 per U example"]


def test_the_treatment_page_lists_every_rule_that_can_apply_with_severity_reason_and_source(
    practitioner_client, small_catalog
):
    html = _html(practitioner_client, "catalog:treatment_detail", "sample-frown")
    contraindications = html[html.index('id="contraindications"') : html.index('id="intervals"')]
    # The treatment's own rule, with its plain reason and source.
    assert "Sample pregnancy" in contraindications
    assert "Toxin treatment is deferred in pregnancy." in contraindications
    assert "§4a sample" in contraindications and "Contraindicated" in contraindications
    # Its modality's rule and its eligible products' rules, reasons filled in with the product's name.
    assert "Sample neuromuscular disorder" in contraindications and "Caution" in contraindications
    assert "Sample abo toxin lists cow&#x27;s milk protein among its excipients." in contraindications
    assert "§4a sample milk excipients" in contraindications  # a rule without a source cites its answer's
    # Not other treatments', other modalities' or other products' rules.
    for other in ("Sample anticoagulants", "Sample lidocaine allergy", "Label restriction"):
        assert other not in contraindications, other
    # The product's rule also marks its row in the product table, next to its allergens.
    assert _rows_with(html, "Sample abo toxin", "cow&#x27;s milk protein", "Sample cow&#x27;s milk protein allergy")


def test_a_label_restriction_shows_on_the_treatment_for_its_area_only(practitioner_client, small_catalog):
    lip = _html(practitioner_client, "catalog:treatment_detail", "sample-lip")
    assert "Label restriction" in lip
    assert "Sample PLLA&#x27;s label says it is not to be injected into the lip vermilion." in lip
    assert "§4b sample PLLA label" in lip
    assert "Sample lidocaine allergy" in lip and "Sample HA gel contains lidocaine." in lip
    cheek = _html(practitioner_client, "catalog:treatment_detail", "sample-cheek")
    assert "Label restriction" not in cheek  # the cheek treatment has no lip area
    assert "Sample anticoagulants" in cheek and "More bruising." in cheek


def test_a_paired_area_range_says_per_side(practitioner_client, small_catalog):
    html = _html(practitioner_client, "catalog:treatment_detail", "sample-cheek")
    assert _rows_with(html, "Sample cheeks", "1–3 mL", "per side")
    assert _rows_with(html, "Sample nose", "0.5–1 mL", "total")


def test_a_high_risk_area_warns_about_filler(practitioner_client, small_catalog):
    html = _html(practitioner_client, "catalog:area_detail", "sample-nose")
    assert alerts(main(html)) == ["High-risk area for filler. Risk of blindness."]
    assert alerts(main(_html(practitioner_client, "catalog:area_detail", "sample-cheeks"))) == []


# --- Templates ----------------------------------------------------------------------------------------------------
def test_the_template_page_reads_each_item_against_the_range_that_applies_to_its_product(
    frontdesk_client, small_catalog
):
    html = _html(frontdesk_client, "catalog:template_detail", "sample-template")
    for expected in ("Session 1", "Session 2", "Sample frown lines"):
        assert expected in html, expected
    assert _rows_with(html, "Sample glabella", "Sample abo toxin", "50 U", "50 U total")
    assert _rows_with(html, "Sample glabella", "Sample toxin", "20 U total")
    # Without a product: the generic range in the treatment's unit, saying whose units it is.
    (crows_generic,) = _rows_with(html, "Sample crow&#x27;s feet", "<td>—</td>")
    assert "24 U" in crows_generic and "12 U per side" in crows_generic and "onabotulinumtoxinA units" in crows_generic
    # Another brand is never read against those units.
    (crows_abo,) = _rows_with(html, "Sample crow&#x27;s feet", "Sample abo toxin")
    assert "12 U per side" not in crows_abo
    (cheeks,) = _rows_with(html, "Sample cheeks")
    assert "2 mL" in cheeks and "1–3 mL per side" in cheeks and "in total, both sides" in cheeks


def test_the_template_list_shows_each_template_with_its_items(frontdesk_client, small_catalog):
    html = _html(frontdesk_client, "catalog:template_list")
    assert "Sample template" in html
    assert _rows_with(html, "Sample cheek enhancement", "2 mL")
    assert _rows_with(html, "Sample crow&#x27;s feet", "24 U")


# --- Products -----------------------------------------------------------------------------------------------------
def test_the_product_page_shows_prices_as_examples_and_label_limits_with_units(frontdesk_client, small_catalog):
    html = _html(frontdesk_client, "catalog:product_list")
    (ona,) = _rows_with(html, "Sample toxin")
    assert "£1,000.00 per package" in ona and "£10.00 per U" in ona and "100 U" in ona
    assert "400 U in 90 days" in ona and "§2e sample label" in ona
    (abo,) = _rows_with(html, "Sample abo toxin")
    assert "400 U per session" in abo and "£1.50 per U" in abo
    (gel,) = _rows_with(html, "Sample HA gel")
    assert "20 mL per 60 kg a year" in gel and "one limit shared by all Sample gels" in gel
    assert "22 years and over" in gel and "adults over 21" in gel
    (plla,) = _rows_with(html, "Sample PLLA")
    assert "18–65 years" in plla and "5 mL" in plla
    assert html.count(">example</span>") == Product.objects.count()
    Product.objects.filter(slug="sample-abo-toxin").update(price_is_example=False)
    html = _html(frontdesk_client, "catalog:product_list")
    assert html.count(">example</span>") == Product.objects.count() - 1


def test_the_product_page_shows_each_products_rules_with_their_reasons_and_its_allergens(
    frontdesk_client, small_catalog
):
    html = _html(frontdesk_client, "catalog:product_list")
    (abo,) = _rows_with(html, "Sample abo toxin")
    assert "cow&#x27;s milk protein" in abo  # its allergens
    assert "Sample cow&#x27;s milk protein allergy" in abo and "Contraindicated" in abo
    assert "Sample abo toxin lists cow&#x27;s milk protein among its excipients." in abo
    (gel,) = _rows_with(html, "Sample HA gel")
    assert "lidocaine" in gel and "Sample HA gel contains lidocaine." in gel
    # A rule about every toxin is listed once, with the toxins, not on each row.
    toxins, fillers = html[html.index('id="group-1"') : html.index('id="group-2"')], html[html.index('id="group-2"') :]
    assert toxins.count("Sample neuromuscular disorder") == 1
    assert "Higher risk of serious systemic effects." in toxins.split("<table")[0]
    assert "Sample neuromuscular disorder" not in fillers
    (plla,) = _rows_with(html, "Sample PLLA")
    assert "Label restriction" in plla and "in Sample lips" in plla
    assert "Sample PLLA&#x27;s label says it is not to be injected into the lip vermilion." in plla
    (ona,) = _rows_with(html, "Sample toxin")
    assert "Sample cow&#x27;s milk" not in ona
    assert "Sample pregnancy" not in ona  # a treatment's rule, shown on the treatment page


# --- Retired rows and access --------------------------------------------------------------------------------------
def test_retired_treatments_and_products_are_hidden_from_browsing(practitioner_client, small_catalog):
    frown = reverse("catalog:treatment_detail", args=["sample-frown"])
    assert ">Sample abo toxin<" in practitioner_client.get(frown).content.decode()
    Treatment.objects.filter(slug="sample-lip").update(is_active=False)
    Product.objects.filter(slug="sample-abo-toxin").update(is_active=False)
    index = practitioner_client.get(reverse("catalog:index")).content.decode()
    assert reverse("catalog:treatment_detail", args=["sample-lip"]) not in index
    detail = practitioner_client.get(frown).content.decode()
    assert ">Sample abo toxin<" not in detail  # neither its dose range nor its product row
    assert "Sample cow&#x27;s milk protein allergy" not in detail  # nor the rules only about it
    products = practitioner_client.get(reverse("catalog:product_list")).content.decode()
    assert ">Sample abo toxin<" not in products
    assert practitioner_client.get(reverse("catalog:treatment_detail", args=["sample-lip"])).status_code == 404
    assert Treatment.objects.filter(slug="sample-lip").exists()


def test_outsiders_cannot_browse_the_catalog(outsider_client, catalog_sample):
    assert outsider_client.get(reverse("catalog:index")).status_code == 403
    assert outsider_client.get(reverse("catalog:treatment_detail", args=["sample-frown"])).status_code == 403


# --- The seed, as it ships ----------------------------------------------------------------------------------------
def test_the_seed_treatment_page_shows_brand_ranges_sources_and_rules(practitioner_client, seeded_catalog):
    html = _html(practitioner_client, "catalog:treatment_detail", "frown-lines")
    ranges = rows(section(html, "Areas and dose ranges"))
    assert row_with(ranges, "Glabellar lines", "Dysport")[2].startswith("50 U total")
    assert row_with(ranges, "Glabellar lines", "Daxxify")[2].startswith("40 U total")
    assert row_with(ranges, "Glabellar lines", "Botox Cosmetic")[4].startswith(
        "LABEL-2° §2a BOTOX Cosmetic: drugs.com/dosage/botox"
    )
    contraindications = text(section(html, "Contraindications"))
    assert "Contraindicated" in contraindications and "Caution" in contraindications
    follow_up = text(section(html, "Follow-up"))
    assert "Review 14 days after treatment" in follow_up and "Repeat not before 90 days" in follow_up
    products = rows(section(html, "Eligible products"))
    assert "Cow's milk protein allergy" in row_with(products, "Dysport")[3]  # Dysport's, through its substance
    assert all(row[2].endswith(" example") for row in products)


def test_the_seed_template_page_lists_items_by_session_with_doses_and_what_it_balances(
    frontdesk_client, seeded_catalog
):
    html = _html(frontdesk_client, "catalog:template_detail", "cheek-chin-botox-brow-lift")
    for expected in ("Session 1", "Session 2", "Eyebrow lift", "6 U", "Cheek enhancement", "2 mL", "Chin augmentation"):
        assert expected in html, expected
    assert "in total, both sides" in html
    for expected in ("Recessed chin", "Sunken cheeks", "Low or heavy brows"):
        assert expected in html, expected


def test_the_seed_template_page_shows_each_items_standard_point_pattern(practitioner_client, seeded_catalog):
    html = _html(practitioner_client, "catalog:template_detail", "upper-face-lines-botox")
    glabella = row_with(rows(main(html)), "Glabellar lines")
    assert glabella[4].startswith("20 U midline Standard pattern: 5 points of 4 U (right corrugator, lateral,")
    assert "procerus" in glabella[4]
    assert "Standard pattern: 6 points of 4 U" in row_with(rows(main(html)), "Lateral canthal lines")[4]


def test_the_seed_template_list_shows_the_three_seed_combinations_with_items(frontdesk_client, seeded_catalog):
    html = _html(frontdesk_client, "catalog:template_list")
    for name in (
        "Cheek and Chin Augmentation with Botox Brow Lift",
        "Non-Surgical Rhinoplasty with Lip Enhancement",
        "Jawline Slimming with Cheek Contouring",
    ):
        assert name in html
    jawline = rows(section(html, "Jawline Slimming with Cheek Contouring"))
    assert row_with(jawline, "Jawline slimming (masseter)")[4] == "50 U in total, both sides"
