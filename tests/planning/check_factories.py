"""A small catalog and patient for the check-data and suggestion tests, made with tests/factories.py.

The numbers are copied from seeded rows listed in docs/clinical-sources.md (cited in `source`), so a test reads
like a real plan; the seed catalog (load_catalog) is not needed. These are saved rows (the checks read them through
planning.check_data); the database-free checks (test_checks.py, test_rule_book.py) take planning.checks' plain
dataclasses instead, built in those modules.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D

from catalog.models import CombinationTemplate, Concern, Contraindication, FacialArea, Product, Treatment
from patients.models import Consultation
from planning.models import PlanItem, TreatmentPlan
from tests.factories import (
    CombinationTemplateFactory,
    ConcernFactory,
    ConsultationFactory,
    ContraindicationFactory,
    ContraindicationRuleFactory,
    FacialAreaFactory,
    PatientFactory,
    PlanItemFactory,
    ProductFactory,
    TemplateItemFactory,
    TreatmentAreaFactory,
    TreatmentFactory,
    TreatmentPlanFactory,
    UserFactory,
)


@dataclass
class MiniCatalog:
    cheeks: FacialArea
    chin: FacialArea
    glabella: FacialArea
    nose: FacialArea
    brow: FacialArea
    voluma: Product
    sculptra: Product
    botox: Product
    dysport: Product
    cheek_filler: Treatment
    chin_filler: Treatment
    frown_lines: Treatment
    brow_lift: Treatment
    rhinoplasty: Treatment
    recessed_chin: Concern
    sunken_cheeks: Concern
    heavy_brows: Concern
    frown: Concern
    nose_concern: Concern
    lidocaine: Contraindication
    pregnancy: Contraindication
    cows_milk: Contraindication
    cheek_chin_brow: CombinationTemplate
    rhinoplasty_template: CombinationTemplate


def _area(name, slug, *, bilateral=True, high_risk=False, note="", order=0):
    return FacialAreaFactory(
        name=name, slug=slug, bilateral=bilateral, is_high_risk=high_risk, risk_note=note, display_order=order
    )


def _product(name, slug, kind, substance, *, lidocaine=False, **kwargs):
    # A 100 U vial or a 1 mL syringe at £300: £3 per U, £300 per mL (ProductFactory's defaults).
    return ProductFactory(
        name=name, slug=slug, manufacturer="Maker", kind=kind, substance=substance, contains_lidocaine=lidocaine,
        **kwargs,
    )  # fmt: skip


def _treatment(name, slug, modality, *, products, concerns, order=0):
    return TreatmentFactory(
        name=name, slug=slug, modality=modality, display_order=order, products=products, concerns=concerns
    )


def build_catalog() -> MiniCatalog:
    cheeks = _area("Cheeks", "cheeks", order=1)
    chin = _area("Chin", "chin", bilateral=False, order=2)
    glabella = _area(
        "Glabella", "glabella", bilateral=False, high_risk=True, note="Filler here risks blindness.", order=3
    )
    nose = _area("Nose", "nose", bilateral=False, high_risk=True, note="Vascular occlusion and blindness.", order=4)
    brow = _area("Brow", "brow", order=5)

    voluma = _product("Juvéderm Voluma XC", "voluma", "filler", "hyaluronic_acid", lidocaine=True)
    sculptra = _product("Sculptra Aesthetic", "sculptra", "filler", "poly_l_lactic_acid")
    botox = _product(
        "Botox Cosmetic",
        "botox",
        "toxin",
        "onabotulinumtoxinA",
        max_units_90_days=D("400"),
        limit_source="renalandurologynews.com/drug/botox-cosmetic (§2c)",
        limit_evidence_flag="LABEL-2",
    )
    dysport = _product("Dysport", "dysport", "toxin", "abobotulinumtoxinA")

    lidocaine = ContraindicationFactory(
        name="Lidocaine allergy", slug="lidocaine-allergy", source="Voluma DFU; Kysse IFU (§4b)", evidence_flag="LABEL"
    )
    ContraindicationRuleFactory(contraindication=lidocaine, product=voluma, severity="contraindicated")
    pregnancy = ContraindicationFactory(
        name="Pregnancy or breastfeeding",
        slug="pregnancy-breastfeeding",
        source="drugs.com/pregnancy; rejuvenate-skin.org (§4a, §4b)",
        evidence_flag="LABEL-2",
    )
    for modality in ("toxin", "filler"):
        ContraindicationRuleFactory(contraindication=pregnancy, modality=modality, severity="contraindicated")
    cows_milk = ContraindicationFactory(
        name="Cow's milk protein allergy",
        slug="cows-milk-protein-allergy",
        source="Lee et al. 2018 (§4a)",
        evidence_flag="REVIEW",
    )
    ContraindicationRuleFactory(contraindication=cows_milk, product=dysport, severity="contraindicated")

    recessed_chin = ConcernFactory(name="Recessed chin", slug="recessed-chin", display_order=1)
    sunken_cheeks = ConcernFactory(name="Sunken cheeks", slug="sunken-cheeks", display_order=2)
    heavy_brows = ConcernFactory(name="Low, heavy brows", slug="low-heavy-brows", display_order=3)
    frown = ConcernFactory(name="Frown lines", slug="frown-lines", display_order=4)
    nose_concern = ConcernFactory(
        name="Disproportionate nose / dorsal hump", slug="disproportionate-nose", display_order=5
    )

    cheek_filler = _treatment(
        "Cheek enhancement", "cheek-enhancement", "filler", products=[voluma, sculptra],
        concerns=[sunken_cheeks], order=1,
    )  # fmt: skip
    chin_filler = _treatment(
        "Chin augmentation", "chin-augmentation", "filler", products=[voluma],
        concerns=[recessed_chin], order=2,
    )  # fmt: skip
    frown_lines = _treatment(
        "Frown lines", "frown-lines", "toxin", products=[botox, dysport], concerns=[frown], order=3
    )
    brow_lift = _treatment("Eyebrow lift", "eyebrow-lift", "toxin", products=[botox], concerns=[heavy_brows], order=4)
    rhinoplasty = _treatment(
        "Non-surgical rhinoplasty", "non-surgical-rhinoplasty", "filler", products=[voluma],
        concerns=[nose_concern], order=5,
    )  # fmt: skip

    TreatmentAreaFactory(
        treatment=cheek_filler, area=cheeks, dose_min=D("1"), dose_max=D("3"), unit="mL", per_side=True,
        source="purebeautymi.com (§3b cheeks)", evidence_flag="PRACTICE",
    )  # fmt: skip
    TreatmentAreaFactory(
        treatment=chin_filler, area=chin, dose_min=D("1"), dose_max=D("3"), unit="mL", per_side=False,
        source="Voluma DFU (§3b chin)", evidence_flag="LABEL",
    )  # fmt: skip
    TreatmentAreaFactory(
        treatment=frown_lines, area=glabella, product=botox, dose_min=D("20"), dose_max=D("20"), unit="U",
        per_side=False, source="drugs.com/dosage/botox-cosmetic.html (§2a)", evidence_flag="LABEL-2",
    )  # fmt: skip
    TreatmentAreaFactory(
        treatment=frown_lines, area=glabella, product=dysport, dose_min=D("50"), dose_max=D("50"), unit="U",
        per_side=False, source="dysportusa.com (§2a)", evidence_flag="LABEL-2",
    )  # fmt: skip
    TreatmentAreaFactory(
        treatment=brow_lift, area=brow, dose_min=D("2"), dose_max=D("5"), unit="U", per_side=True,
        source="Lupo, JDD 2016 (§2f brow lift)", evidence_flag="REVIEW", note="onabotulinumtoxinA-type units",
        unit_substance="onabotulinumtoxinA",
    )  # fmt: skip

    for treatment in (cheek_filler, chin_filler, rhinoplasty):
        ContraindicationRuleFactory(treatment=treatment, contraindication=pregnancy, severity="contraindicated")
    for treatment in (frown_lines, brow_lift):
        ContraindicationRuleFactory(
            treatment=treatment, contraindication=pregnancy, severity="contraindicated",
            reason="toxin treatments are deferred",
        )  # fmt: skip

    cheek_chin_brow = CombinationTemplateFactory(
        name="Cheek and Chin Augmentation with Botox Brow Lift", slug="cheek-chin-brow", display_order=1,
        concerns=[recessed_chin, sunken_cheeks, heavy_brows],
    )  # fmt: skip
    TemplateItemFactory(template=cheek_chin_brow, treatment=brow_lift, area=brow, product=botox,
                                default_dose=D("6"), side="both", session_number=1)  # fmt: skip
    TemplateItemFactory(template=cheek_chin_brow, treatment=cheek_filler, area=cheeks, product=voluma,
                                default_dose=D("2"), side="both", session_number=2)  # fmt: skip
    TemplateItemFactory(template=cheek_chin_brow, treatment=chin_filler, area=chin, product=voluma,
                                default_dose=D("1"), side="midline", session_number=2)  # fmt: skip
    rhinoplasty_template = CombinationTemplateFactory(
        name="Non-Surgical Rhinoplasty with Lip Enhancement", slug="rhino-lips", display_order=2,
        concerns=[nose_concern],
    )  # fmt: skip
    TemplateItemFactory(template=rhinoplasty_template, treatment=rhinoplasty, area=nose, product=voluma,
                                default_dose=D("0.5"), side="midline")  # fmt: skip

    return MiniCatalog(
        cheeks=cheeks, chin=chin, glabella=glabella, nose=nose, brow=brow, voluma=voluma, sculptra=sculptra,
        botox=botox, dysport=dysport, cheek_filler=cheek_filler, chin_filler=chin_filler, frown_lines=frown_lines,
        brow_lift=brow_lift, rhinoplasty=rhinoplasty, recessed_chin=recessed_chin, sunken_cheeks=sunken_cheeks,
        heavy_brows=heavy_brows, frown=frown, nose_concern=nose_concern, lidocaine=lidocaine, pregnancy=pregnancy,
        cows_milk=cows_milk, cheek_chin_brow=cheek_chin_brow, rhinoplasty_template=rhinoplasty_template,
    )  # fmt: skip


def make_consultation(*, concerns=(), **screening) -> Consultation:
    patient = PatientFactory(given_name="Zoë", family_name="Okafor", date_of_birth=dt.date(1985, 4, 2))
    return ConsultationFactory(patient=patient, concerns=concerns, **screening)


def make_plan(consultation: Consultation, *, title="Plan A", status="draft", planned_for=None) -> TreatmentPlan:
    return TreatmentPlanFactory(
        consultation=consultation,
        practitioner=UserFactory(username="checks-practitioner"),  # one practitioner for all of a test's plans
        title=title,
        status=status,
        planned_for=planned_for,
    )


def add_item(plan: TreatmentPlan, treatment, area, product, dose, *, side="both", session_number=1) -> PlanItem:
    """The item with its price snapshot from the product, as planning.services takes it."""
    return PlanItemFactory(
        plan=plan,
        treatment=treatment,
        area=area,
        product=product,
        dose=D(str(dose)),
        side=side,
        session_number=session_number,
    )
