"""Demo accounts (one per role) and a few sample patients, for trying Harmony locally.

Idempotent: existing users and patients are left exactly as they are. Refuses to run with DEBUG off, so demo
passwords can never reach a production database.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from catalog.models import CombinationTemplate, Concern, Product, Treatment
from clinic.roles import CATALOG_ADMIN, FRONT_DESK, PRACTITIONER
from patients.models import Consultation, Patient, Sex

DEMO_PASSWORD = "harmony-demo-2026"

DEMO_USERS = [
    ("frontdesk", FRONT_DESK, "Fran", "Desk"),
    ("practitioner", PRACTITIONER, "Dr Priya", "Shah"),
    ("catalogadmin", CATALOG_ADMIN, "Cato", "Admin"),
]

# (given, family, preferred, date of birth, sex, phone, concern slugs, screening flags, days from today, hour)
DEMO_PATIENTS = [
    (
        "Zoë",
        "Martin",
        "",
        date(1988, 4, 12),
        Sex.FEMALE,
        "+44 7700 900123",
        ["recessed-chin", "sunken-cheeks"],
        {"allergy_lidocaine": True},
        0,
        10,
    ),
    (
        "Amélie",
        "Laurent",
        "Amy",
        date(1979, 9, 3),
        Sex.FEMALE,
        "+44 7700 900456",
        ["forehead-lines", "frown-lines", "crows-feet"],
        {},
        0,
        14,
    ),
    (
        "Marcus",
        "O'Brien",
        "",
        date(1983, 1, 27),
        Sex.MALE,
        "+44 7700 900789",
        ["square-jaw", "weak-jawline"],
        {},
        1,
        11,
    ),
    (
        "Hannah",
        "Okafor",
        "",
        date(1990, 11, 5),
        Sex.FEMALE,
        "+44 7700 900654",
        ["forehead-lines", "frown-lines"],
        {},
        0,
        8,
    ),
    (
        "Sofía",
        "Núñez",
        "",
        date(1995, 6, 18),
        Sex.FEMALE,
        "+44 7700 900321",
        ["thin-lips", "disproportionate-nose"],
        {"cold_sores": True},
        3,
        9,
    ),
]


def _demo_signature() -> bytes:
    """A few ink strokes on a transparent canvas, as the patient view's signature pad sends them."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(40, 150), (120, 40), (180, 160), (260, 60), (340, 150)], fill=(27, 31, 58), width=5)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


class Command(BaseCommand):
    help = "Create demo accounts for each role and a few sample patients (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo only runs with DJANGO_DEBUG=1: demo accounts must never reach production.")
        with transaction.atomic():
            users = self._users()
            self._stock(users["catalogadmin"], users["practitioner"])
            self._patients(users["practitioner"], users["frontdesk"])
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD})"))
        for username, role, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {role}")
        self.stdout.write("")

    def _users(self):
        User = get_user_model()
        users = {}
        for username, role, first, last in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@example.com"},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = role == CATALOG_ADMIN
                user.save()
                user.groups.add(Group.objects.get(name=role))
            users[username] = user
        return users

    def _stock(self, catalogadmin, practitioner):
        """Lots of the demo plans' products (two packages each, expiring in a year), and one BOTOX Cosmetic vial
        opened now with the label's diluent, ready for the treatment day. Only when the clinic has no stock yet."""
        from stock import services as stock_services
        from stock.models import ProductLot

        if ProductLot.objects.exists():
            return
        expiry = timezone.localdate() + timedelta(days=365)
        for n, product in enumerate(Product.objects.filter(is_active=True).order_by("name"), start=1):
            lot = stock_services.receive_lot(
                product=product, lot_number=f"DEMO{n:03d}", expiry=expiry, packages=2, by=catalogadmin
            )
            if product.slug == "botox-cosmetic":
                stock_services.open_vial(lot=lot, by=practitioner)

    def _patients(self, practitioner, frontdesk):
        today = timezone.localdate()
        concerns = {c.slug: c for c in Concern.objects.all()}
        for given, family, preferred, dob, sex, phone, concern_slugs, screening, days, hour in DEMO_PATIENTS:
            patient, created = Patient.objects.get_or_create(
                given_name=given,
                family_name=family,
                date_of_birth=dob,
                defaults={
                    "preferred_name": preferred,
                    "sex": sex,
                    "phone": phone,
                    "email": f"{family.lower().replace(chr(39), '')}@example.com",
                    "consent_treatment_data": True,
                    "consent_photos_clinical": True,
                    "created_by": frontdesk,
                    "updated_by": frontdesk,
                },
            )
            if not created:
                continue
            when = timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour, 0)))
            consultation = Consultation.objects.create(
                patient=patient,
                scheduled_at=when,
                practitioner=practitioner,
                recorded_by=frontdesk,
                goals="Look balanced and natural; nothing overdone.",
                **screening,
            )
            consultation.concerns.set([concerns[s] for s in concern_slugs if s in concerns])
            self._plans(consultation, practitioner)

    def _plans(self, consultation, practitioner):
        """Sample plans, made through the same services a practitioner's clicks use (needs the catalog)."""
        from planning import services
        from planning.models import PlanStatus

        patient = consultation.patient
        if patient.family_name == "Martin":
            template = CombinationTemplate.objects.filter(slug="cheek-chin-botox-brow-lift").first()
            if template is None:
                return
            plan = services.plan_create(consultation=consultation, by=practitioner, title="Plan A")
            services.plan_apply_template(plan=plan, template=template, by=practitioner, expected_version=plan.version)
        elif patient.family_name == "Laurent":
            botox = Product.objects.filter(slug="botox-cosmetic").first()
            if botox is None:
                return
            plan = services.plan_create(
                consultation=consultation, by=practitioner, title="Plan A", planned_for=consultation.scheduled_at.date()
            )
            for slug in ("forehead-smoothing", "frown-lines", "crows-feet"):
                treatment = Treatment.objects.filter(slug=slug).first()
                if treatment is None:
                    continue
                dose_range = treatment.dose_ranges.filter(product=botox).select_related("area").first() or (
                    treatment.dose_ranges.filter(product__isnull=True).select_related("area").first()
                )
                if dose_range is None:
                    continue
                side = "both" if dose_range.area.bilateral else "midline"
                dose = services.default_dose_for(treatment, dose_range.area, botox, side)
                plan.refresh_from_db()
                services.plan_add_item(
                    plan=plan,
                    by=practitioner,
                    treatment=treatment,
                    area=dose_range.area,
                    product=botox,
                    dose=dose,
                    side=side,
                    expected_version=plan.version,
                )
            plan.refresh_from_db()
            services.plan_set_status(plan=plan, to=PlanStatus.PROPOSED, by=practitioner, expected_version=plan.version)
        elif patient.family_name == "Okafor":
            self._treatment_day(consultation, practitioner)

    def _treatment_day(self, consultation, practitioner):
        """A whole treatment day, through the same services the pages use: the upper-face template with its standard
        points, signed and consented by the patient, the session recorded from the points out of the opened vial,
        a bruise noted, and the record signed by the practitioner (which schedules the review)."""
        from consents import services as consent_services
        from consents import shown
        from consents.selectors import current_text, treatment_kinds
        from planning import services
        from planning.models import PlanStatus
        from planning.selectors import plan_items
        from records import services as record_services
        from stock.models import Vial

        template = CombinationTemplate.objects.filter(slug="upper-face-lines-botox").first()
        vial = Vial.objects.filter(lot__product__slug="botox-cosmetic", discarded_at__isnull=True).first()
        if template is None or vial is None:
            return
        patient = consultation.patient
        plan = services.plan_create(consultation=consultation, by=practitioner, title="Upper face")
        services.plan_apply_template(plan=plan, template=template, by=practitioner, expected_version=plan.version)
        plan.refresh_from_db()
        services.plan_set_status(plan=plan, to=PlanStatus.PROPOSED, by=practitioner, expected_version=plan.version)
        plan.refresh_from_db()
        items = plan_items(plan)
        summary = shown.plan_summary(plan, items)
        name = f"{patient.given_name} {patient.family_name}"
        consent_services.plan_accept_sign(
            plan=plan,
            by=practitioner,
            typed_name=name,
            signature=_demo_signature(),
            expected_version=plan.version,
            shown_hash=shown.sha256(shown.acceptance_shown(summary)),
        )
        for kind in treatment_kinds(items):
            text = current_text(kind)
            consent_services.consent_sign(
                plan=plan,
                kind=kind,
                by=practitioner,
                text_version=text.version,
                typed_name=name,
                signature=_demo_signature(),
                expected_version=plan.version,
                shown_hash=shown.sha256(shown.consent_shown(summary, text)),
            )
        plan.refresh_from_db()
        services.plan_set_status(plan=plan, to=PlanStatus.ACCEPTED, by=practitioner, expected_version=plan.version)
        plan.refresh_from_db()
        lines = [
            services.PerformedLine(
                plan_item=item,
                lot_number="",
                vial=vial,
                points=tuple(services.PerformedPointLine(planned_point=p) for p in item.points.all()),
            )
            for item in plan_items(plan)
        ]
        session = services.session_record(
            plan=plan,
            by=practitioner,
            session_number=1,
            performed_at=timezone.now(),
            lines=lines,
            notes="Tolerated well.",
            expected_version=plan.version,
        )
        record_services.adverse_event_add(
            session=session,
            by=practitioner,
            kind="bruising",
            severity="mild",
            details="Small bruise at a forehead point",
            action_taken="Pressure and a cold pack for 5 minutes.",
        )
        if practitioner.check_password(DEMO_PASSWORD):  # an account made elsewhere signs with its own password
            record_services.session_sign(session=session, by=practitioner, password=DEMO_PASSWORD)
