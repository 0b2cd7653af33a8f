"""The seed catalog is complete, sourced and safe to load again: `load_catalog` never overwrites an admin's edits.

How an older database is brought up to date is tested in test_load_catalog_update.py.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from catalog.models import (
    CombinationTemplate,
    Concern,
    Contraindication,
    ContraindicationRule,
    EvidenceFlag,
    FacialArea,
    Product,
    TemplateItem,
    TemplateItemPoint,
    Treatment,
    TreatmentArea,
)
from catalog.selectors import matching_range
from patients.models import SCREENING_QUESTIONS

pytestmark = pytest.mark.django_db

NAMED_TREATMENTS = {
    "cheek-enhancement": "filler",
    "chin-augmentation": "filler",
    "non-surgical-rhinoplasty": "filler",
    "lip-enhancement": "filler",
    "forehead-smoothing": "toxin",
    "eyebrow-lift": "toxin",
    "jawline-slimming": "toxin",
    "platysma-neck-bands": "toxin",
    "lip-flip": "toxin",
    "frown-lines": "toxin",
    "crows-feet": "toxin",
    "tear-trough": "filler",
    "jawline-contouring": "filler",
    "nasolabial-folds": "filler",
    "gummy-smile": "toxin",
}
NAMED_TEMPLATES = {
    "Cheek and Chin Augmentation with Botox Brow Lift": {"recessed-chin", "sunken-cheeks", "low-heavy-brows"},
    "Non-Surgical Rhinoplasty with Lip Enhancement": {"disproportionate-nose", "thin-lips"},
    "Jawline Slimming with Cheek Contouring": {"square-jaw", "sunken-cheeks"},
}
CONCERN_SLUGS = {
    "recessed-chin",
    "weak-jawline",
    "sunken-cheeks",
    "uneven-cheeks",
    "disproportionate-nose",
    "thin-lips",
    "perioral-lines",
    "forehead-lines",
    "frown-lines",
    "crows-feet",
    "low-heavy-brows",
    "square-jaw",
    "platysmal-bands",
    "gummy-smile",
    "downturned-mouth-corners",
    "tear-troughs",
    "nasolabial-folds",
    "temple-hollowing",
    "marionette-lines",
}
AREA_SLUGS = {
    "glabella",
    "forehead",
    "crows-feet",
    "brow",
    "temples",
    "cheeks",
    "tear-trough",
    "nose",
    "bunny-lines",
    "nasolabial-folds",
    "gummy-smile",
    "lips",
    "perioral",
    "dao",
    "marionette",
    "chin",
    "mentalis",
    "jawline",
    "masseter",
    "platysma",
}
PRODUCT_NAMES = {
    "Juvéderm Voluma XC",
    "Juvéderm Volux XC",
    "Juvéderm Volbella XC",
    "Juvéderm Ultra XC",
    "Juvéderm Vollure XC",
    "Restylane Kysse",
    "Restylane Lyft",
    "Restylane Defyne",
    "Restylane Contour",
    "RHA 3",
    "Radiesse (+)",
    "Sculptra Aesthetic",
    "Botox Cosmetic",
    "Dysport",
    "Xeomin",
    "Jeuveau",
    "Daxxify",
}
FLAGS = set(EvidenceFlag.values)


def test_the_seed_has_every_named_treatment_with_areas_and_ranges(seeded_catalog):
    for slug, modality in NAMED_TREATMENTS.items():
        treatment = Treatment.objects.get(slug=slug)
        assert treatment.modality == modality, slug
        assert treatment.dose_ranges.exists(), slug
        assert treatment.products.exists(), slug
        assert treatment.concerns.exists(), slug
        assert treatment.contraindication_rules.exists(), slug
        assert treatment.downtime and treatment.aftercare, slug


def test_the_seed_has_the_three_combinations_with_items_and_concerns(seeded_catalog):
    for name, concern_slugs in NAMED_TEMPLATES.items():
        template = CombinationTemplate.objects.get(name=name)
        assert template.items.count() >= 2, name
        assert concern_slugs <= set(template.concerns.values_list("slug", flat=True)), name


def test_template_items_start_inside_their_reference_range_with_a_matching_product(seeded_catalog):
    for item in TemplateItem.objects.select_related("treatment", "product", "area"):
        item.full_clean()
        reference = matching_range(item)
        assert reference is not None, item
        # A template item's dose is its total, like a plan item's: an item on both sides of a per-side range
        # carries two sides' worth.
        per_side = item.default_dose / 2 if reference.per_side and item.side == "both" else item.default_dose
        assert reference.dose_min <= per_side <= reference.dose_max, item
        assert item.product.kind == item.treatment.modality, item
        assert item.product in item.treatment.products.all(), item


def test_toxin_goes_first_and_filler_two_weeks_later_in_mixed_templates(seeded_catalog):
    template = CombinationTemplate.objects.get(name="Cheek and Chin Augmentation with Botox Brow Lift")
    sessions = {(i.treatment.modality, i.session_number) for i in template.items.select_related("treatment")}
    assert sessions == {("toxin", 1), ("filler", 2)}


def test_every_dose_range_names_its_source_row_and_evidence_flag(seeded_catalog):
    ranges = list(TreatmentArea.objects.select_related("treatment", "area", "product"))
    assert len(ranges) >= 20
    for dose_range in ranges:
        assert dose_range.source.strip(), dose_range
        assert dose_range.source.startswith(("§", "DERIVED from §")), dose_range.source
        assert dose_range.evidence_flag in FLAGS, dose_range
        dose_range.full_clean()  # unit matches treatment and product; per side only on paired areas


def test_every_interval_names_its_source(seeded_catalog):
    for treatment in Treatment.objects.all():
        assert treatment.review_interval_days and treatment.review_interval_source, treatment
        assert treatment.review_interval_evidence_flag in FLAGS, treatment
        assert treatment.interval_source and treatment.interval_evidence_flag in FLAGS, treatment
        if treatment.modality == "toxin":
            assert treatment.repeat_interval_days == 90, treatment
            assert treatment.interval_evidence_flag == "LABEL-2"


def test_toxin_ranges_are_stored_per_brand_with_the_labelled_glabella_doses(seeded_catalog):
    glabella = {
        r.product.name: r.dose_max
        for r in TreatmentArea.objects.filter(treatment__slug="frown-lines", area__slug="glabella").select_related(
            "product"
        )
    }
    assert glabella == {
        "Botox Cosmetic": Decimal(20),
        "Dysport": Decimal(50),
        "Xeomin": Decimal(20),
        "Jeuveau": Decimal(20),
        "Daxxify": Decimal(40),
    }
    # No toxin range is generic: units are product-specific and never converted.
    assert not TreatmentArea.objects.filter(treatment__modality="toxin", product__isnull=True).exists()


def test_crows_feet_per_side_dose_is_derived_from_the_labelled_total(seeded_catalog):
    dose_range = TreatmentArea.objects.get(treatment__slug="crows-feet", product__slug="botox-cosmetic")
    assert (dose_range.dose_min, dose_range.dose_max, dose_range.per_side) == (12, 12, True)
    assert dose_range.evidence_flag == "DERIVED"
    assert "24 U total" in dose_range.source


def test_the_seed_has_at_least_eighteen_areas_with_sensible_chart_points(seeded_catalog):
    areas = list(FacialArea.objects.all())
    assert len(areas) >= 18
    assert {a.slug for a in areas} >= AREA_SLUGS
    for area in areas:
        assert area.source and area.evidence_flag in FLAGS, area
        if area.bilateral:
            assert area.chart_x < 50, f"{area}: store the patient's right side (viewer's left)"
        else:
            assert area.chart_x == 50, f"{area}: a midline area sits on x = 50"
        assert 20 <= area.chart_x <= 80 and 5 <= area.chart_y <= 100, area
        assert area.profile_x is not None, area


def test_filler_in_the_glabella_and_nose_is_flagged_high_risk(seeded_catalog):
    risky = set(FacialArea.objects.filter(is_high_risk=True).values_list("slug", flat=True))
    assert risky == {"glabella", "nose"}
    assert "blindness" in FacialArea.objects.get(slug="nose").risk_note


def test_the_seed_has_every_concern_linked_to_areas(seeded_catalog):
    concerns = {c.slug: c for c in Concern.objects.prefetch_related("areas")}
    assert set(concerns) >= CONCERN_SLUGS
    assert concerns["disproportionate-nose"].name == "Disproportionate nose / dorsal hump"
    assert concerns["square-jaw"].name == "Square jaw (masseter hypertrophy)"
    for concern in concerns.values():
        assert concern.areas.all(), concern


def test_every_screening_question_maps_onto_a_seeded_contraindication(seeded_catalog):
    screening_slugs = {slug for _, _, slug in SCREENING_QUESTIONS}
    seeded = set(Contraindication.objects.values_list("slug", flat=True))
    assert screening_slugs <= seeded


def _rule_products(slug: str, **scope) -> dict[str, str]:
    """{product name: severity} of the product-scoped rules of a screening answer."""
    rules = ContraindicationRule.objects.filter(contraindication__slug=slug, product__isnull=False, **scope)
    return dict(rules.values_list("product__name", "severity"))


def test_product_specific_contraindications_point_at_the_right_products(seeded_catalog):
    def products(slug):
        return set(_rule_products(slug))

    assert products("cows-milk-protein-allergy") == {"Dysport"}
    # §4a "Human albumin excipient" now lists Xeomin (medicine.com incobotulinumtoxinA HCP monograph, LABEL-2°).
    assert products("albumin-allergy") == {"Botox Cosmetic", "Dysport", "Jeuveau", "Xeomin"}
    assert "human albumin" in Product.objects.get(slug="xeomin").other_allergens
    assert products("lidocaine-allergy") == set(
        Product.objects.filter(kind="filler", contains_lidocaine=True).values_list("name", flat=True)
    )
    assert "Sculptra Aesthetic" not in products("lidocaine-allergy")
    # The neuromuscular-disorder warning applies to every toxin: a toxin-scoped rule.
    assert ContraindicationRule.objects.filter(
        contraindication__slug="neuromuscular-disorder", modality="toxin", treatment__isnull=True
    ).exists()


def test_keloid_scarring_rules_follow_the_reference_rows(seeded_catalog):
    # §4b: contraindication for Sculptra (Sculptra PI, LABEL); "not studied" with Volux (Volux MPR, LABEL-2°).
    # §4a: a relative contraindication for toxins (training.wereviveu.com, PRACTICE).
    assert _rule_products("keloid-scarring") == {
        "Sculptra Aesthetic": "contraindicated",
        "Juvéderm Volux XC": "caution",
    }
    rules = ContraindicationRule.objects.filter(contraindication__slug="keloid-scarring")
    sculptra = rules.get(product__slug="sculptra-aesthetic")
    assert sculptra.evidence_flag == "LABEL" and "Sculptra PI" in sculptra.source
    assert sculptra.reason == "{product}'s label contraindicates it in keloid or hypertrophic scarring"
    volux = rules.get(product__slug="juvederm-volux-xc")
    assert volux.evidence_flag == "LABEL-2" and "not studied" in volux.reason and "Volux MPR" in volux.source
    toxins = rules.get(modality="toxin")
    assert (toxins.severity, toxins.evidence_flag) == ("caution", "PRACTICE")
    assert "training.wereviveu.com" in toxins.source


def test_sculptra_is_ruled_out_of_the_lips_without_a_screening_answer(seeded_catalog):
    # §4b Sculptra row: not into the lip vermilion (LABEL-2° / LABEL). No screening answer: it always applies.
    rule = ContraindicationRule.objects.get(contraindication__isnull=True)
    assert (rule.product.slug, rule.area.slug, rule.severity) == ("sculptra-aesthetic", "lips", "contraindicated")
    assert rule.reason == "{product}'s label says it is not to be injected into the lip vermilion"
    assert rule.source.startswith("§4b Sculptra") and rule.evidence_flag in {"LABEL", "LABEL-2"}
    rule.full_clean()


def test_every_rule_has_a_plain_reason_and_its_own_source_row(seeded_catalog):
    rules = list(ContraindicationRule.objects.select_related("contraindication", "treatment", "product", "area"))
    assert len(rules) >= 40
    for rule in rules:
        assert rule.reason.strip(), rule
        assert "§" not in rule.reason, rule  # the reason is shown in the finding; the row is named in the source
        assert rule.source.startswith("§4"), rule
        assert rule.evidence_flag in FLAGS, rule
        rule.full_clean()


def test_cold_sores_are_linked_only_to_lip_filler_as_the_reference_row_says(seeded_catalog):
    # §4b "Herpes labialis history (lips/perioral): antiviral prophylaxis ... lip fillers" (PRACTICE / REVIEW): the
    # row is about lip filler; no row links it to toxin (the lip flip).
    rules = ContraindicationRule.objects.filter(contraindication__slug="cold-sores").select_related("treatment")
    assert {(rule.treatment.slug, rule.treatment.modality) for rule in rules} == {("lip-enhancement", "filler")}


def test_the_chin_range_is_the_chin_only_row_with_the_median_as_default(seeded_catalog):
    # §3b "Chin only, default hint for a typical range: 1–3 mL per session" (DERIVED from PMC9241653, whose median is
    # 1.85 mL, TRIAL). The default is that median rounded to the 0.1 mL planning step, and the note says so.
    chin = TreatmentArea.objects.get(treatment__slug="chin-augmentation", area__slug="chin")
    assert (chin.dose_min, chin.dose_max, chin.default_dose, chin.per_side, chin.evidence_flag) == (
        Decimal(1),
        Decimal(3),
        Decimal("1.9"),
        False,
        "DERIVED",
    )
    assert chin.source.startswith("§3b Chin only") and "PMC9241653" in chin.source and "1.85 mL" in chin.source
    assert "Bertossi" not in chin.source and "4.0 ± 0.8" not in chin.source  # chin + jaw is not the range
    assert "1.85 mL median" in chin.note and "0.1 mL" in chin.note
    template = CombinationTemplate.objects.get(name="Cheek and Chin Augmentation with Botox Brow Lift")
    assert template.items.get(area__slug="chin").default_dose == Decimal("1.9")


def test_the_seed_has_at_least_twelve_products_with_example_prices(seeded_catalog):
    products = {p.name: p for p in Product.objects.all()}
    assert len(products) >= 12
    assert set(products) >= PRODUCT_NAMES
    for product in products.values():
        assert product.price_is_example, product
        assert "example" in product.description.lower(), product
        assert product.source and product.evidence_flag in FLAGS, product


def test_session_limits_are_stored_only_where_the_label_gives_them(seeded_catalog):
    botox, xeomin = Product.objects.get(slug="botox-cosmetic"), Product.objects.get(slug="xeomin")
    volux = Product.objects.get(slug="juvederm-volux-xc")
    assert botox.max_units_90_days == 400 and botox.max_units_per_session is None
    assert xeomin.max_units_per_session == 400 and xeomin.max_units_90_days is None
    assert "§2c" in botox.limit_source and botox.limit_evidence_flag == "LABEL-2"
    # §3b "Jawline (Volux) ... max 9 mL" (LABEL-2°): a per-session maximum in the product's unit (mL).
    assert volux.max_units_per_session == 9 and volux.max_units_90_days is None
    assert volux.limit_source.startswith("§3b Jawline (Volux)") and volux.limit_evidence_flag == "LABEL-2"
    others = Product.objects.exclude(slug__in=["botox-cosmetic", "xeomin", "juvederm-volux-xc"])
    assert not others.filter(max_units_per_session__isnull=False).exists()
    assert not others.filter(max_units_90_days__isnull=False).exists()


def test_the_juvederm_gels_share_the_labelled_yearly_limit(seeded_catalog):
    # §3b "Any Juvéderm gel ≤20 mL per 60 kg body mass per year" (LABEL / LABEL-2°).
    gels = {
        "juvederm-voluma-xc",
        "juvederm-volux-xc",
        "juvederm-volbella-xc",
        "juvederm-ultra-xc",
        "juvederm-vollure-xc",
    }
    limited = Product.objects.filter(yearly_max__isnull=False)
    assert set(limited.values_list("slug", flat=True)) == gels
    for product in limited:
        assert (product.yearly_max, product.yearly_max_body_weight_kg) == (20, 60), product
        assert product.yearly_limit_group == "Juvéderm gels", product
        assert product.yearly_limit_source.startswith("§3b Any Juvéderm gel"), product
        assert product.yearly_limit_evidence_flag in {"LABEL", "LABEL-2"}, product


def test_ages_come_from_the_labelled_or_studied_ages(seeded_catalog):
    products = {p.slug: p for p in Product.objects.all()}
    for product in products.values():
        if product.kind == "enzyme":
            continue  # the emergency kit's hyaluronidase is not planned for patients: no ages in the reference
        assert product.age_source.startswith("§"), product
        assert product.age_evidence_flag in {"LABEL", "LABEL-2"}, product
        if product.kind == "toxin":
            assert product.min_age == 18, product  # §4a Age: <18 not established
        else:
            assert product.min_age == 22, product  # §3a "adults over 21"; §4b most fillers >21 or ≥22
    assert products["dysport"].max_age == 64  # §2a / §4a: Dysport glabellar lines, adults <65
    assert [p.slug for p in products.values() if p.max_age is not None] == ["dysport"]
    for slug in ("juvederm-voluma-xc", "juvederm-volux-xc", "restylane-kysse"):
        assert products[slug].age_source.startswith("§3a"), slug


def test_aliases_are_the_obvious_other_names(seeded_catalog):
    aliases = {p.slug: p.alias_list for p in Product.objects.all()}
    assert aliases["botox-cosmetic"] == ["Botox"]
    assert {"Voluma", "Juvederm Voluma XC"} <= set(aliases["juvederm-voluma-xc"])
    assert "Volux" in aliases["juvederm-volux-xc"]
    assert aliases["restylane-kysse"] == ["Kysse"] and aliases["restylane-lyft"] == ["Lyft"]
    names = {p.name.casefold() for p in Product.objects.all()}
    every_alias = [alias.casefold() for product_aliases in aliases.values() for alias in product_aliases]
    assert len(every_alias) == len(set(every_alias)), "an alias names one product only"
    assert not names & set(every_alias), "an alias is not another product's name"


def test_toxin_descriptions_say_what_the_label_and_the_consensus_say_about_reuse(seeded_catalog):
    # §2b: the BOTOX Cosmetic and Jeuveau labels say use within 24 h, refrigerated; the ASDS consensus (REVIEW)
    # allows keeping a reconstituted vial at least 4 weeks and using it for several patients, as a clinic policy.
    for product in Product.objects.filter(kind="toxin"):
        text = product.description
        assert "24 hours" in text and "at least 4 weeks" in text and "several patients" in text, product
        assert "clinic policy" in text and "example" in text.lower(), product
        assert "§2b Consensus on reuse" in product.source, product
    for slug in ("botox-cosmetic", "jeuveau"):
        assert Product.objects.get(slug=slug).description.startswith("Its label says to use it within 24 hours")


def test_the_high_risk_note_says_to_keep_hyaluronidase_and_names_the_pulsed_protocol(seeded_catalog):
    note = FacialArea.objects.get(slug="glabella").risk_note
    assert "hyaluronidase at hand" in note
    assert "high-dose pulsed protocol" in note and "repeated hourly" in note and "capillary refill" in note
    assert "DeLorenzi" in note and "REVIEW" in note


# --- Template point patterns (§2a) -------------------------------------------------------------------------------


def test_the_seeded_glabellar_item_carries_the_label_pattern_of_five_points_of_4_u(seeded_catalog):
    item = TemplateItem.objects.get(template__slug="upper-face-lines-botox", area__slug="glabella")
    assert (item.product.slug, item.default_dose) == ("botox-cosmetic", Decimal("20"))
    points = list(item.points.all())
    assert [p.dose for p in points] == [Decimal("4")] * 5 and sum(p.dose for p in points) == item.default_dose
    assert [p.label for p in points].count("procerus") == 1
    assert sum("corrugator" in p.label for p in points) == 4  # 2 per corrugator
    for p in points:
        p.full_clean()
    # Every seeded pattern adds up to its item's dose: 20 U forehead, 24 U lateral canthal.
    for template_item in TemplateItem.objects.filter(points__isnull=False).distinct():
        assert sum(p.dose for p in template_item.points.all()) == template_item.default_dose, template_item


def test_points_are_added_only_to_template_items_the_seed_still_owns(seeded_catalog, catalogadmin_user):
    item = TemplateItem.objects.get(template__slug="upper-face-lines-botox", area__slug="glabella")
    item.points.all().delete()
    item._history_user = catalogadmin_user
    item.default_dose = Decimal("22")  # an admin's own version of the item
    item.save()
    forehead = TemplateItem.objects.get(template__slug="upper-face-lines-botox", area__slug="forehead")
    forehead.points.filter(order=5).delete()

    call_command("load_catalog", stdout=StringIO())

    assert not item.points.exists()
    assert forehead.points.count() == 5  # the seed's item: its missing point is created again


# --- Loading twice ----------------------------------------------------------------------------------------------


def _counts():
    models = (
        FacialArea,
        Concern,
        Product,
        Contraindication,
        Treatment,
        TreatmentArea,
        ContraindicationRule,
        CombinationTemplate,
        TemplateItem,
        TemplateItemPoint,
    )
    return {m.__name__: m.objects.count() for m in models}


def test_load_catalog_twice_creates_no_duplicates_and_says_what_it_kept(db):
    first, second = StringIO(), StringIO()
    call_command("load_catalog", stdout=first)
    counts = _counts()
    call_command("load_catalog", stdout=second)
    assert _counts() == counts
    created = sum(counts.values())
    assert f"created {created} / updated 0 / kept 0 existing rows" in first.getvalue()
    assert f"created 0 / updated 0 / kept {created} existing rows (0 kept as edited" in second.getvalue()


def test_an_admins_edits_survive_a_second_load(seeded_catalog):
    dose_range = TreatmentArea.objects.get(treatment__slug="jawline-slimming", area__slug="masseter")
    dose_range.dose_max = Decimal(30)
    dose_range.save()
    product = Product.objects.get(slug="botox-cosmetic")
    product.price_per_unit, product.price_per_package = Decimal("11.50"), Decimal("1150")  # the two prices agree
    product.price_is_example, product.is_active = False, False
    product.save()
    treatment = Treatment.objects.get(slug="lip-flip")
    treatment.name = "Lip flip (Botox)"
    treatment.save()
    treatment.concerns.remove(Concern.objects.get(slug="perioral-lines"))
    template = CombinationTemplate.objects.get(name="Jawline Slimming with Cheek Contouring")
    template.concerns.remove(Concern.objects.get(slug="uneven-cheeks"))

    call_command("load_catalog", stdout=StringIO())

    dose_range.refresh_from_db()
    product.refresh_from_db()
    treatment.refresh_from_db()
    assert dose_range.dose_max == 30
    assert (product.price_per_unit, product.price_per_package) == (Decimal("11.50"), Decimal("1150"))
    assert (product.price_is_example, product.is_active) == (False, False)
    assert treatment.name == "Lip flip (Botox)"
    assert not treatment.concerns.filter(slug="perioral-lines").exists()
    assert not template.concerns.filter(slug="uneven-cheeks").exists()
    assert Treatment.objects.filter(slug="lip-flip").count() == 1


def test_a_renamed_slug_is_not_seeded_again_under_its_old_slug(seeded_catalog):
    concern = Concern.objects.get(slug="thin-lips")
    concern.slug = "lips-thin"
    concern.save()
    call_command("load_catalog", stdout=StringIO())
    assert Concern.objects.filter(name="Thin lips").count() == 1


def test_the_seed_records_a_history_entry_for_each_created_row(seeded_catalog):
    treatment = Treatment.objects.get(slug="frown-lines")
    entry = treatment.history.earliest()
    assert entry.history_type == "+"
    assert entry.history_change_reason == "Seed catalog (load_catalog)"


def test_every_seeded_text_fits_its_column(seeded_catalog):
    """SQLite does not hold a CharField's max_length; PostgreSQL refuses the whole load. Check every seeded row here."""
    from django.apps import apps
    from django.db import models

    too_long = []
    for model in apps.get_app_config("catalog").get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, models.CharField) and f.max_length]
        for row in model.objects.values(*(f.name for f in fields)):
            too_long += [
                f"{model.__name__}.{f.name}: {len(row[f.name])} > {f.max_length}"
                for f in fields
                if row[f.name] and len(row[f.name]) > f.max_length
            ]
    assert too_long == []
