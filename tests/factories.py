"""Model factories (factory_boy) for every test that needs rows of its own: one place that knows how to make a valid
catalog, patient or plan, so a test names only what it is about.

The defaults are valid rows: a toxin product is dosed in U and a filler in mL, its unit price agrees with its package
price (the database checks both), a generic toxin dose range says whose units it is in, a patient is an adult. The
clinical numbers are the ones the hand-built test catalogs used before (Botox 20 U in the glabella, 1–3 mL per side
in the cheeks, a 100 U vial or a 1 mL syringe at £300), each cited in `source` the way those catalogs cited them;
a test that reads a number passes it explicitly. The real seed catalog is `seeded_catalog` (tests/fixtures).

`create` saves through the model's save(), so django-simple-history writes its rows as the app would. Many-to-many
links (Treatment.products, Concern.areas, ...) are set only on `create`: `ProductFactory.build()` and friends make
unsaved instances without touching the database.

    ProductFactory(toxin=True, name="Botox Cosmetic")   # 100 U vial, £3.00 per U
    ProductFactory(filler=True, contains_lidocaine=True)  # 1 mL syringe, £300.00 per mL
    TreatmentAreaFactory(treatment=frown, area=glabella, product=botox, dose_min=20, dose_max=20)
    PlanItemFactory(plan=plan, treatment=frown, area=glabella, product=botox, dose=20)  # price snapshot from botox
"""

import datetime as dt
from decimal import Decimal

import factory
import factory.random
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from catalog.models import (
    CombinationTemplate,
    Concern,
    Contraindication,
    ContraindicationRule,
    DoseUnit,
    EvidenceFlag,
    FacialArea,
    Modality,
    Product,
    ProductKind,
    Region,
    Severity,
    Side,
    Substance,
    TemplateItem,
    Treatment,
    TreatmentArea,
    unit_price_for,
)
from clinic.roles import CATALOG_ADMIN, PRACTITIONER
from patients.models import TOXIN_SUBSTANCES, Consultation, Patient, PreviousTreatment
from planning.models import PerformedItem, PlanItem, PlanStatus, TreatmentPlan, TreatmentSession

PASSWORD = "test-password-123"  # every test user's password (the browser tests sign in with it)

# Reproducible fake names and dates: the same run order gives the same rows.
factory.random.reseed_random("harmony-tests")


def _unit_for(kind: str) -> str:
    return DoseUnit.UNITS if kind == ProductKind.TOXIN else DoseUnit.ML


def _set_many(field: str):
    """A post-generation hook that sets a many-to-many field from the list the test passed (create only)."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            getattr(obj, field).set(extracted)

    hook.__name__ = field
    return factory.PostGeneration(hook)


def _slug(obj) -> str:
    return slugify(obj.name)


# --- users ----------------------------------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """A staff user. `role=` one of clinic.roles' group names adds the user to it (a catalog admin is also staff,
    for the admin site). The same username twice is the same user (get_or_create)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if not (create and extracted):
            return
        obj.groups.add(Group.objects.get(name=extracted))  # the groups come from migrations (clinic.roles)
        if extracted == CATALOG_ADMIN and not obj.is_staff:
            obj.is_staff = True
            obj.save(update_fields=["is_staff"])


# --- catalog --------------------------------------------------------------------------------------------------------


class FacialAreaFactory(DjangoModelFactory):
    """A paired mid-face filler area, placed on the face chart."""

    class Meta:
        model = FacialArea
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.LazyAttribute(_slug)
    region = Region.MID
    modality = Modality.FILLER
    bilateral = True
    display_order = 0
    chart_x = Decimal("30")
    chart_y = Decimal("50")

    class Params:
        high_risk = factory.Trait(is_high_risk=True, risk_note="Filler here risks vascular occlusion and blindness.")


class ConcernFactory(DjangoModelFactory):
    class Meta:
        model = Concern
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Concern {n}")
    slug = factory.LazyAttribute(_slug)
    display_order = 0
    areas = _set_many("areas")


class ProductFactory(DjangoModelFactory):
    """A product with prices that agree: by default a toxin, a 100 U vial at £300 (£3.00 per U); `filler=True` makes a
    hyaluronic-acid filler, a 1 mL syringe at £300 (£300.00 per mL). The unit price follows the package price and
    size unless the test gives it."""

    class Meta:
        model = Product
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.LazyAttribute(_slug)
    manufacturer = "Acme"
    kind = ProductKind.TOXIN
    substance = factory.LazyAttribute(
        lambda o: Substance.ONA if o.kind == ProductKind.TOXIN else Substance.HYALURONIC_ACID
    )
    dose_unit = factory.LazyAttribute(lambda o: _unit_for(o.kind))
    package_size = factory.LazyAttribute(lambda o: Decimal(100) if o.kind == ProductKind.TOXIN else Decimal(1))
    package_description = factory.LazyAttribute(
        lambda o: f"{o.package_size.normalize():f} U vial" if o.kind == ProductKind.TOXIN else "1 mL syringe"
    )
    price_per_package = Decimal(300)
    price_per_unit = factory.LazyAttribute(lambda o: unit_price_for(o.price_per_package, o.package_size))

    class Params:
        toxin = factory.Trait(kind=ProductKind.TOXIN)
        filler = factory.Trait(kind=ProductKind.FILLER)


class TreatmentFactory(DjangoModelFactory):
    """A toxin treatment (`modality="filler"` for a filler one); `products=[...]` and `concerns=[...]` link it."""

    class Meta:
        model = Treatment
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Treatment {n}")
    slug = factory.LazyAttribute(_slug)
    modality = ProductKind.TOXIN
    display_order = 0
    products = _set_many("products")
    concerns = _set_many("concerns")


class TreatmentAreaFactory(DjangoModelFactory):
    """A dose range in the treatment's unit: 20 U (Botox's glabella dose, §2a) for a toxin, 1–3 mL (cheeks, §3b)
    for a filler. Per side where the area is paired. A toxin range without a product names whose units it is in
    (onabotulinumtoxinA unless the test says otherwise), as the database requires."""

    class Meta:
        model = TreatmentArea

    treatment = factory.SubFactory(TreatmentFactory)
    area = factory.SubFactory(FacialAreaFactory)
    product = None
    unit = factory.LazyAttribute(lambda o: _unit_for(o.treatment.modality))
    dose_min = factory.LazyAttribute(lambda o: Decimal(20) if o.unit == DoseUnit.UNITS else Decimal(1))
    dose_max = factory.LazyAttribute(lambda o: Decimal(20) if o.unit == DoseUnit.UNITS else Decimal(3))
    unit_substance = factory.LazyAttribute(
        lambda o: Substance.ONA if o.unit == DoseUnit.UNITS and o.product is None else ""
    )
    per_side = factory.LazyAttribute(lambda o: o.area.bilateral)
    source = "§test row"
    evidence_flag = EvidenceFlag.REVIEW


class ContraindicationFactory(DjangoModelFactory):
    """A screening answer (its rules are ContraindicationRuleFactory rows)."""

    class Meta:
        model = Contraindication

    name = factory.Sequence(lambda n: f"Screening answer {n}")
    slug = factory.LazyAttribute(_slug)


class ContraindicationRuleFactory(DjangoModelFactory):
    """A rule for a screening answer (a new one unless given), contraindicated, for everything in its scope. A label
    restriction (no screening answer) is `contraindication=None` with a product, substance or treatment."""

    class Meta:
        model = ContraindicationRule

    contraindication = factory.SubFactory(ContraindicationFactory)
    severity = Severity.CONTRAINDICATED


class CombinationTemplateFactory(DjangoModelFactory):
    class Meta:
        model = CombinationTemplate
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Template {n}")
    slug = factory.LazyAttribute(_slug)
    display_order = 0
    concerns = _set_many("concerns")


class TemplateItemFactory(DjangoModelFactory):
    class Meta:
        model = TemplateItem

    template = factory.SubFactory(CombinationTemplateFactory)
    treatment = factory.SubFactory(TreatmentFactory)
    area = factory.SubFactory(FacialAreaFactory)
    product = None
    default_dose = factory.LazyAttribute(
        lambda o: Decimal(20) if o.treatment.modality == ProductKind.TOXIN else Decimal(1)
    )
    side = Side.BOTH
    session_number = 1
    order = 0


# --- patients -------------------------------------------------------------------------------------------------------


class PatientFactory(DjangoModelFactory):
    """An adult patient (21 to 75 years old today) with a made-up name, no consents."""

    class Meta:
        model = Patient

    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=21, maximum_age=75)


class ConsultationFactory(DjangoModelFactory):
    """A consultation now, screening all "no" unless the test passes answers (`allergy_lidocaine=True`, ...);
    `concerns=[...]` links its concerns."""

    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    patient = factory.SubFactory(PatientFactory)
    scheduled_at = factory.LazyFunction(timezone.now)
    concerns = _set_many("concerns")


def _previous_dose_unit(o) -> str:
    if o.dose is None:
        return ""
    if o.product is not None:
        return o.product.dose_unit
    return _unit_for(ProductKind.TOXIN if o.substance in TOXIN_SUBSTANCES else ProductKind.FILLER)


class PreviousTreatmentFactory(DjangoModelFactory):
    """An earlier treatment of a catalog product (a new toxin unless given), 20 U, 90 days ago; for one typed by name
    pass `product=None, product_name=..., substance=...`. The dose unit follows the product, or the substance."""

    class Meta:
        model = PreviousTreatment

    patient = factory.SubFactory(PatientFactory)
    product = factory.SubFactory(ProductFactory)
    dose = Decimal(20)
    dose_unit = factory.LazyAttribute(_previous_dose_unit)
    treated_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=90))


# --- planning -------------------------------------------------------------------------------------------------------


class TreatmentPlanFactory(DjangoModelFactory):
    """A draft plan for a consultation's patient, by a practitioner (a new one unless given)."""

    class Meta:
        model = TreatmentPlan

    consultation = factory.SubFactory(ConsultationFactory)
    patient = factory.SelfAttribute("consultation.patient")
    practitioner = factory.SubFactory(UserFactory, role=PRACTITIONER)
    title = "Plan A"
    status = PlanStatus.DRAFT


class PlanItemFactory(DjangoModelFactory):
    """A planned item with its price snapshot taken from the product, as planning.services takes it: by default a
    toxin treatment with its own toxin product, 20 U, both sides, session 1."""

    class Meta:
        model = PlanItem

    plan = factory.SubFactory(TreatmentPlanFactory)
    product = factory.SubFactory(ProductFactory)
    treatment = factory.SubFactory(TreatmentFactory, modality=factory.SelfAttribute("..product.kind"))
    area = factory.SubFactory(FacialAreaFactory)
    side = Side.BOTH
    dose = factory.LazyAttribute(lambda o: Decimal(20) if o.product.kind == ProductKind.TOXIN else Decimal(1))
    dose_unit = factory.SelfAttribute("product.dose_unit")
    session_number = 1
    unit_price = factory.SelfAttribute("product.price_per_unit")
    price = factory.LazyAttribute(lambda o: PlanItem.price_for(Decimal(str(o.dose)), o.unit_price))
    price_is_example = factory.SelfAttribute("product.price_is_example")


class TreatmentSessionFactory(DjangoModelFactory):
    """A session performed now on a plan (a new one unless given), by the plan's practitioner."""

    class Meta:
        model = TreatmentSession

    plan = factory.SubFactory(TreatmentPlanFactory, status=PlanStatus.IN_PROGRESS)
    patient = factory.SelfAttribute("plan.patient")
    session_number = 1
    performed_at = factory.LazyFunction(timezone.now)
    performed_by = factory.SelfAttribute("plan.practitioner")


class PerformedItemFactory(DjangoModelFactory):
    """What was injected in a session: with `plan_item=` it copies that item's treatment, area, side, product and
    dose; the lot number is made up."""

    class Meta:
        model = PerformedItem

    session = factory.SubFactory(TreatmentSessionFactory)
    plan_item = None
    treatment = factory.Maybe(
        "plan_item", factory.SelfAttribute("plan_item.treatment"), factory.SubFactory(TreatmentFactory)
    )
    area = factory.Maybe("plan_item", factory.SelfAttribute("plan_item.area"), factory.SubFactory(FacialAreaFactory))
    side = factory.Maybe("plan_item", factory.SelfAttribute("plan_item.side"), Side.BOTH)
    product = factory.Maybe(
        "plan_item",
        factory.SelfAttribute("plan_item.product"),
        factory.SubFactory(ProductFactory, kind=factory.SelfAttribute("..treatment.modality")),
    )
    dose = factory.Maybe(
        "plan_item",
        factory.SelfAttribute("plan_item.dose"),
        factory.LazyAttribute(lambda o: Decimal(20) if o.product.kind == ProductKind.TOXIN else Decimal(1)),
    )
    dose_unit = factory.SelfAttribute("product.dose_unit")
    lot_number = factory.Sequence(lambda n: f"C{1000 + n}")
