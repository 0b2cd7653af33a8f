"""`load_catalog` brings a database seeded by an older seed up to date, row by row, and never touches a row that
somebody other than the seed changed last (an admin, or a migration that turned an admin's row into a new shape)."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import seed
from catalog.loader import SEED_REASON, UPDATE_REASON, load_catalog
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

pytestmark = pytest.mark.django_db

FLAGS = set(EvidenceFlag.values)
OLD_CHIN = {
    "dose_min": Decimal("3.2"),
    "dose_max": Decimal("4.8"),
    "default_dose": Decimal("3.2"),
    "source": "§3b Chin + jaw (Volux, young adults): Bertossi et al., ASJ (passeidireto.com) (mean 4.0 ± 0.8 mL)",
    "evidence_flag": "TRIAL",
    "note": "Not a chin-only volume (the reference has none): the mean ± 1 SD for chin AND jaw together.",
}
SEEDED_MODELS = (
    FacialArea,
    Concern,
    Product,
    Contraindication,
    ContraindicationRule,
    Treatment,
    TreatmentArea,
    CombinationTemplate,
    TemplateItem,
    TemplateItemPoint,
)


def _chin_range():
    return TreatmentArea.objects.get(treatment__slug="chin-augmentation", area__slug="chin")


def _chin_item():
    return TemplateItem.objects.get(template__slug="cheek-chin-botox-brow-lift", area__slug="chin")


def _sculptra_keloid_rule():
    return ContraindicationRule.objects.get(
        contraindication__slug="keloid-scarring", product__slug="sculptra-aesthetic"
    )


def _write(obj, *, change_reason=None, user=None, **values):
    """Save `values` on obj as the seed (change_reason=SEED_REASON), an admin (user=...) or a migration would."""
    for name, value in values.items():
        setattr(obj, name, value)
    if change_reason is not None:
        obj._change_reason = change_reason
    if user is not None:
        obj._history_user = user
    obj.save()
    return obj


def _load() -> str:
    out = StringIO()
    call_command("load_catalog", stdout=out)
    return out.getvalue()


def _updated(output: str) -> int:
    return int(re.search(r"updated (\d+)", output).group(1))


@pytest.fixture
def older_seed_database(seeded_catalog):
    """A database as an older seed left it: seed-owned rows with the old values, and rows the old seed lacked."""
    _write(_chin_range(), change_reason=SEED_REASON, **OLD_CHIN)
    _write(_chin_item(), change_reason=SEED_REASON, default_dose=Decimal("3.2"))
    _write(_sculptra_keloid_rule(), change_reason=SEED_REASON, severity="caution", reason="")
    xeomin = Product.objects.get(slug="xeomin")
    _write(
        xeomin, change_reason=SEED_REASON, other_allergens="", aliases="", min_age=None, description=seed.EXAMPLE_PRICE
    )
    ContraindicationRule.objects.get(contraindication__slug="albumin-allergy", product=xeomin).delete()
    lips = Treatment.objects.get(slug="lip-enhancement")
    _write(lips, change_reason=SEED_REASON, downtime="None expected (§2d StatPearls, REVIEW).")
    lips._change_reason = SEED_REASON
    lips.concerns.remove(Concern.objects.get(slug="perioral-lines"))  # the old seed's set had one concern less
    return {"xeomin": xeomin, "lips": lips}


def test_an_older_seeds_rows_are_brought_up_to_date(older_seed_database):
    output = _load()

    chin = _chin_range()
    assert (chin.dose_min, chin.dose_max, chin.default_dose, chin.evidence_flag) == (1, 3, Decimal("1.9"), "DERIVED")
    assert chin.source == seed.S_CHIN_ONLY
    assert _chin_item().default_dose == Decimal("1.9")
    rule = _sculptra_keloid_rule()
    assert (rule.severity, rule.evidence_flag) == ("contraindicated", "LABEL")
    xeomin = Product.objects.get(slug="xeomin")
    assert "human albumin" in xeomin.other_allergens and xeomin.min_age == 18
    assert "at least 4 weeks" in xeomin.description
    assert ContraindicationRule.objects.filter(contraindication__slug="albumin-allergy", product=xeomin).exists()
    lips = Treatment.objects.get(slug="lip-enhancement")
    assert lips.downtime == seed.FILLER_DOWNTIME
    assert lips.concerns.filter(slug="perioral-lines").exists()

    # chin range, chin item, keloid rule, Xeomin, the lip treatment; the missing albumin rule is created.
    assert _updated(output) == 5
    assert "created 1 /" in output
    # The updates are still the seed's: a later seed may update them again.
    for obj in (chin, _chin_item(), rule, xeomin, lips):
        assert obj.history.latest().history_change_reason == UPDATE_REASON, obj


def test_a_second_run_updates_nothing(older_seed_database):
    _load()
    history = {model: model.history.count() for model in SEEDED_MODELS}
    counts = {model: model.objects.count() for model in SEEDED_MODELS}

    output = _load()

    assert "created 0 / updated 0 /" in output
    assert {model: model.history.count() for model in SEEDED_MODELS} == history  # nothing saved at all
    assert {model: model.objects.count() for model in SEEDED_MODELS} == counts


@pytest.mark.parametrize("last_writer", ["admin", "migration", "no history"])
def test_a_row_somebody_else_changed_is_kept_exactly(seeded_catalog, catalogadmin_user, last_writer):
    chin = _chin_range()
    if last_writer == "admin":
        _write(chin, user=catalogadmin_user, **OLD_CHIN)
    elif last_writer == "migration":
        _write(chin, change_reason="Migrated from an admin's edit", **OLD_CHIN)
    else:
        TreatmentArea.objects.filter(pk=chin.pk).update(**OLD_CHIN)
        chin.history.all().delete()
    # A seed-owned row next to it is still brought up to date.
    _write(_chin_item(), change_reason=SEED_REASON, default_dose=Decimal("3.2"))

    output = _load()

    chin = _chin_range()
    assert {name: getattr(chin, name) for name in OLD_CHIN} == OLD_CHIN
    assert _chin_item().default_dose == Decimal("1.9")
    assert "updated 1 /" in output and "(1 kept as edited since the seed)" in output


def test_an_admins_rule_and_links_are_kept(seeded_catalog, catalogadmin_user):
    rule = _write(_sculptra_keloid_rule(), user=catalogadmin_user, severity="caution", reason="ask the doctor")
    template = CombinationTemplate.objects.get(slug="jawline-slimming-cheek-contouring")
    template._history_user = catalogadmin_user
    template.concerns.remove(Concern.objects.get(slug="uneven-cheeks"))
    treatment = Treatment.objects.get(slug="lip-flip")
    treatment._history_user = catalogadmin_user
    treatment.products.add(Product.objects.get(slug="xeomin"))

    output = _load()

    rule.refresh_from_db()
    assert (rule.severity, rule.reason) == ("caution", "ask the doctor")
    assert not template.concerns.filter(slug="uneven-cheeks").exists()
    assert treatment.products.filter(slug="xeomin").exists()
    assert ContraindicationRule.objects.filter(contraindication__slug="keloid-scarring").count() == 3  # no duplicate
    assert "created 0 / updated 0 /" in output and "(3 kept as edited since the seed)" in output


def test_rules_are_matched_by_their_whole_scope(seeded_catalog):
    # The old seed's keloid rules in the shapes migration 0003 made: the toxin and product rules as they were, with
    # the contraindication's source. The loader finds each by its scope and updates it; it creates no duplicate.
    for rule in ContraindicationRule.objects.filter(contraindication__slug="keloid-scarring"):
        _write(
            rule, change_reason=SEED_REASON, severity="caution", reason="", source="§4b Keloid", evidence_flag="LABEL"
        )

    _load()

    rules = ContraindicationRule.objects.filter(contraindication__slug="keloid-scarring")
    assert rules.count() == 3
    shapes = {(r.modality, r.product.slug if r.product else None): (r.severity, r.evidence_flag) for r in rules}
    assert shapes == {
        ("toxin", None): ("caution", "PRACTICE"),
        ("", "sculptra-aesthetic"): ("contraindicated", "LABEL"),
        ("", "juvederm-volux-xc"): ("caution", "LABEL-2"),
    }
    assert all(r.reason for r in rules)


def test_history_is_read_in_a_fixed_number_of_queries(seeded_catalog):
    rows = sum(model.objects.count() for model in SEEDED_MODELS)
    with CaptureQueriesContext(connection) as queries:
        result = load_catalog()
    assert (result.created, result.updated, result.kept) == (0, 0, rows)
    # One query per model (rows with their latest history reason), one per many-to-many set, the transaction.
    assert len(queries) <= len(SEEDED_MODELS) + 4 + 4 < rows


def test_the_seeds_rule_scopes_are_unique(seeded_catalog):
    # The loader matches rules by scope: two seed rules with one scope would overwrite each other.
    scopes = ContraindicationRule.objects.values_list(
        "contraindication", "treatment", "modality", "substance", "product", "area", "only_with_lidocaine"
    )
    assert len(scopes) == len(set(scopes))


# --- What the seed says is sourced and fit for its readers ---------------------------------------------------


def test_every_seeded_row_is_valid(seeded_catalog):
    for model in SEEDED_MODELS:
        for obj in model.objects.all():
            obj.full_clean()  # lengths, choices, and the rules across fields (prices agree, ages ordered, ...)


def test_every_seeded_number_still_cites_a_reference_row(seeded_catalog):
    def cites(source: str) -> bool:
        return source.startswith(("§", "DERIVED from §"))

    for dose_range in TreatmentArea.objects.all():
        assert cites(dose_range.source) and dose_range.evidence_flag in FLAGS, dose_range
    for treatment in Treatment.objects.all():
        assert cites(treatment.review_interval_source) and treatment.review_interval_evidence_flag in FLAGS
        assert cites(treatment.interval_source) and treatment.interval_evidence_flag in FLAGS
    for product in Product.objects.all():
        assert cites(product.source) and product.evidence_flag in FLAGS, product
        if product.max_units_per_session or product.max_units_90_days:
            assert cites(product.limit_source) and product.limit_evidence_flag in FLAGS, product
        if product.yearly_max:
            assert cites(product.yearly_limit_source) and product.yearly_limit_evidence_flag in FLAGS, product
        if product.min_age is not None or product.max_age is not None:
            assert cites(product.age_source) and product.age_evidence_flag in FLAGS, product
    for rule in ContraindicationRule.objects.all():
        assert cites(rule.source) and rule.evidence_flag in FLAGS, rule
    for contraindication in Contraindication.objects.all():
        assert cites(contraindication.source) and contraindication.evidence_flag in FLAGS, contraindication
    for area in FacialArea.objects.all():
        assert cites(area.source) and area.evidence_flag in FLAGS, area


CITATION = re.compile(
    r"§|\b(LABEL|TRIAL|REVIEW|PRACTICE|DERIVED|GK|ISI|DFU|IFU|MPR|PI|SSED|SmPC|StatPearls)\b|label advice|\(.*\d{4}\)"
)


def test_patient_facing_texts_have_no_internal_citations(seeded_catalog):
    texts = {
        "TOXIN_AFTERCARE": seed.TOXIN_AFTERCARE,
        "FILLER_AFTERCARE": seed.FILLER_AFTERCARE,
        "TOXIN_DOWNTIME": seed.TOXIN_DOWNTIME,
        "FILLER_DOWNTIME": seed.FILLER_DOWNTIME,
    }
    for treatment in Treatment.objects.all():
        texts[f"{treatment.slug} aftercare"] = treatment.aftercare
        texts[f"{treatment.slug} downtime"] = treatment.downtime
    for name, text in texts.items():
        assert text.strip(), name
        assert not CITATION.search(text), f"{name}: {CITATION.search(text).group(0)!r} in {text!r}"
