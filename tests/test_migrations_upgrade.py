"""An existing database upgrades with `manage.py migrate` and keeps its rows and history.

The catalog's contraindications were reshaped into a rule book (catalog 0003-0005) and products and ranges gained
fields filled from what was there (0006-0008); previous treatments typed by name gained a substance (clinic 0006).
This test builds rows the way the older schema held them, migrates forward, and checks nothing was lost. On
PostgreSQL it also proves the data steps and the schema steps are in separate transactions.
"""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("catalog", "0002_review_interval_source_product_description_positive_prices"),
    ("clinic", "0005_refold_search_text"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_a_catalog_with_links_and_history_upgrades_to_the_rule_book_without_losing_a_row():
    old = _migrate(BEFORE)
    Product = old.get_model("catalog", "Product")
    Contraindication = old.get_model("catalog", "Contraindication")
    HistoricalContraindication = old.get_model("catalog", "HistoricalContraindication")
    Treatment = old.get_model("catalog", "Treatment")
    Link = old.get_model("catalog", "TreatmentContraindication")
    HistoricalLink = old.get_model("catalog", "HistoricalTreatmentContraindication")
    Area = old.get_model("catalog", "FacialArea")
    Range = old.get_model("catalog", "TreatmentArea")
    Patient = old.get_model("clinic", "Patient")
    Previous = old.get_model("clinic", "PreviousTreatment")

    botox = Product.objects.create(
        name="Botox Cosmetic", slug="botox-cosmetic", manufacturer="Allergan", kind="toxin",
        substance="onabotulinumtoxinA", dose_unit="U", package_size=D(100), price_per_package=D(1100),
        price_per_unit=D(10),  # an admin changed the package price only: the prices disagree
    )  # fmt: skip
    dysport = Product.objects.create(
        name="Dysport", slug="dysport", manufacturer="Galderma", kind="toxin", substance="abobotulinumtoxinA",
        dose_unit="U", package_size=D(300), price_per_package=D(1200), price_per_unit=D(4),
    )  # fmt: skip
    milk = Contraindication.objects.create(
        name="Cow's milk protein allergy", slug="cows-milk-protein-allergy", default_severity="contraindicated",
        source="§4a Lee 2018", evidence_flag="REVIEW",
    )  # fmt: skip
    milk.products.add(dysport)
    HistoricalContraindication.objects.create(
        id=milk.pk, name=milk.name, slug=milk.slug, description="", applies_to_toxins=False, applies_to_fillers=False,
        default_severity="contraindicated", source=milk.source, evidence_flag="REVIEW",
        history_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), history_type="+",
        history_change_reason="Seed catalog (load_catalog)",
    )  # fmt: skip
    pregnancy = Contraindication.objects.create(
        name="Pregnancy or breastfeeding", slug="pregnancy-breastfeeding", applies_to_toxins=True,
        applies_to_fillers=True, default_severity="contraindicated",
    )  # fmt: skip
    frown = Treatment.objects.create(name="Frown lines", slug="frown-lines", modality="toxin")
    link = Link.objects.create(treatment=frown, contraindication=pregnancy, severity="contraindicated", note="deferred")
    HistoricalLink.objects.create(
        id=link.pk, treatment_id=frown.pk, contraindication_id=pregnancy.pk, severity="contraindicated",
        note="deferred", history_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), history_type="+",
    )  # fmt: skip
    brow = Area.objects.create(
        name="Brow", slug="brow", region="upper", modality="toxin", bilateral=True, chart_x=32, chart_y=29
    )
    Range.objects.create(
        treatment=frown, area=brow, product=None, dose_min=D(2), dose_max=D(5), unit="U", per_side=True,
        source="§2f", evidence_flag="REVIEW", note="onabotulinumtoxinA-type units",
    )  # fmt: skip
    patient = Patient.objects.create(given_name="Zoë", family_name="Okafor", date_of_birth=dt.date(1985, 4, 2))
    Previous.objects.create(
        patient=patient, product_name="botox cosmetic", dose=D(20), dose_unit="U", treated_on=dt.date(2026, 1, 5)
    )
    Previous.objects.create(
        patient=patient, product_name="Azzalure", dose=D(50), dose_unit="U", treated_on=dt.date(2026, 2, 5)
    )

    new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    Rule = new.get_model("catalog", "ContraindicationRule")
    HistoricalRule = new.get_model("catalog", "HistoricalContraindicationRule")
    # The treatment link is the same row, renamed, with its history and its note as the reason.
    moved = Rule.objects.get(pk=link.pk)
    assert (moved.treatment_id, moved.contraindication_id, moved.reason) == (frown.pk, pregnancy.pk, "deferred")
    assert HistoricalRule.objects.filter(id=link.pk, reason="deferred").exists()
    # The contraindication's own scope became rules, each with a history entry saying where it came from.
    assert Rule.objects.filter(contraindication_id=milk.pk, product_id=dysport.pk, severity="contraindicated").exists()
    assert set(
        Rule.objects.filter(contraindication_id=pregnancy.pk, treatment__isnull=True).values_list("modality", flat=True)
    ) == {
        "toxin",
        "filler",
    }
    milk_rule = Rule.objects.get(contraindication_id=milk.pk)
    assert HistoricalRule.objects.get(id=milk_rule.pk).history_change_reason == "Seed catalog (load_catalog)"
    assert HistoricalRule.objects.filter(id__in=Rule.objects.values("pk")).count() == Rule.objects.count()
    # The old rows are all still there.
    assert new.get_model("catalog", "Contraindication").objects.count() == 2
    assert new.get_model("catalog", "Product").objects.count() == 2
    # The generic range names its units; the disagreeing prices agree, the package price winning.
    assert new.get_model("catalog", "TreatmentArea").objects.get().unit_substance == "onabotulinumtoxinA"
    assert new.get_model("catalog", "Product").objects.get(pk=botox.pk).price_per_unit == D("11.00")
    # Typed previous treatments: a catalog name is linked, an unknown toxin says so.
    previous = {p.product_name: p for p in new.get_model("patients", "PreviousTreatment").objects.all()}
    assert previous["botox cosmetic"].product_id == botox.pk
    assert (previous["Azzalure"].product_id, previous["Azzalure"].substance) == (None, "other_toxin")
