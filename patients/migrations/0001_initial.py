"""Patients, consultations and previous treatments move here from the clinic package.

The tables already exist (clinic's migrations 0001-0006 made them), so this only tells Django's migration state
that the models now belong to this app, under their old table names; 0002 then renames the tables and the content
types. Nothing is copied, so every row and every history entry stays as it was.
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("catalog", "0008_product_and_range_constraints"),
        ("clinic", "0006_previous_treatment_substance"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Consultation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("pregnant_or_breastfeeding", models.BooleanField(default=False)),
                        ("neuromuscular_disorder", models.BooleanField(default=False)),
                        ("allergy_lidocaine", models.BooleanField(default=False)),
                        ("allergy_hyaluronic_acid", models.BooleanField(default=False)),
                        ("allergy_cows_milk", models.BooleanField(default=False)),
                        ("allergy_albumin", models.BooleanField(default=False)),
                        ("severe_allergies", models.BooleanField(default=False)),
                        ("anticoagulants", models.BooleanField(default=False)),
                        ("aminoglycosides", models.BooleanField(default=False)),
                        ("bleeding_disorder", models.BooleanField(default=False)),
                        ("autoimmune_disease", models.BooleanField(default=False)),
                        ("active_skin_infection", models.BooleanField(default=False)),
                        ("keloid_scarring", models.BooleanField(default=False)),
                        ("recent_dental_or_vaccination", models.BooleanField(default=False)),
                        ("cold_sores", models.BooleanField(default=False)),
                        ("code", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("scheduled_at", models.DateTimeField(verbose_name="date and time")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("booked", "Booked"),
                                    ("in_progress", "In progress"),
                                    ("completed", "Completed"),
                                    ("cancelled", "Cancelled"),
                                ],
                                default="booked",
                                max_length=12,
                            ),
                        ),
                        (
                            "goals",
                            models.TextField(blank=True, max_length=4000, verbose_name="goals in the patient's words"),
                        ),
                        ("priorities", models.TextField(blank=True, max_length=2000)),
                        (
                            "budget",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=9,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(0)],
                            ),
                        ),
                        ("screening_notes", models.TextField(blank=True, max_length=4000)),
                        (
                            "body_weight_kg",
                            models.DecimalField(
                                blank=True,
                                decimal_places=1,
                                max_digits=5,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(20),
                                    django.core.validators.MaxValueValidator(400),
                                ],
                                verbose_name="body weight (kg)",
                            ),
                        ),
                        ("submission_key", models.UUIDField(blank=True, editable=False, null=True, unique=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "concerns",
                            models.ManyToManyField(blank=True, related_name="consultations", to="catalog.concern"),
                        ),
                        (
                            "practitioner",
                            models.ForeignKey(
                                blank=True,
                                help_text="Who will plan the treatment.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="consultations_to_plan",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clinic_consultation",
                        "ordering": ["-scheduled_at"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalConsultation",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("pregnant_or_breastfeeding", models.BooleanField(default=False)),
                        ("neuromuscular_disorder", models.BooleanField(default=False)),
                        ("allergy_lidocaine", models.BooleanField(default=False)),
                        ("allergy_hyaluronic_acid", models.BooleanField(default=False)),
                        ("allergy_cows_milk", models.BooleanField(default=False)),
                        ("allergy_albumin", models.BooleanField(default=False)),
                        ("severe_allergies", models.BooleanField(default=False)),
                        ("anticoagulants", models.BooleanField(default=False)),
                        ("aminoglycosides", models.BooleanField(default=False)),
                        ("bleeding_disorder", models.BooleanField(default=False)),
                        ("autoimmune_disease", models.BooleanField(default=False)),
                        ("active_skin_infection", models.BooleanField(default=False)),
                        ("keloid_scarring", models.BooleanField(default=False)),
                        ("recent_dental_or_vaccination", models.BooleanField(default=False)),
                        ("cold_sores", models.BooleanField(default=False)),
                        ("code", models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                        ("scheduled_at", models.DateTimeField(verbose_name="date and time")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("booked", "Booked"),
                                    ("in_progress", "In progress"),
                                    ("completed", "Completed"),
                                    ("cancelled", "Cancelled"),
                                ],
                                default="booked",
                                max_length=12,
                            ),
                        ),
                        (
                            "goals",
                            models.TextField(blank=True, max_length=4000, verbose_name="goals in the patient's words"),
                        ),
                        ("priorities", models.TextField(blank=True, max_length=2000)),
                        (
                            "budget",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=9,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(0)],
                            ),
                        ),
                        ("screening_notes", models.TextField(blank=True, max_length=4000)),
                        (
                            "body_weight_kg",
                            models.DecimalField(
                                blank=True,
                                decimal_places=1,
                                max_digits=5,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(20),
                                    django.core.validators.MaxValueValidator(400),
                                ],
                                verbose_name="body weight (kg)",
                            ),
                        ),
                        ("created_at", models.DateTimeField(blank=True, editable=False)),
                        ("updated_at", models.DateTimeField(blank=True, editable=False)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "practitioner",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                help_text="Who will plan the treatment.",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clinic_historicalconsultation",
                        "verbose_name": "historical consultation",
                        "verbose_name_plural": "historical consultations",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalConsultation_concerns",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "concern",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="catalog.concern",
                            ),
                        ),
                        (
                            "consultation",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="patients.consultation",
                            ),
                        ),
                        (
                            "history",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                to="patients.historicalconsultation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clinic_historicalconsultation_concerns",
                        "verbose_name": "HistoricalConsultation_concerns",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalPatient",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("code", models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                        ("given_name", models.CharField(max_length=80, verbose_name="first name")),
                        ("family_name", models.CharField(max_length=80, verbose_name="last name")),
                        ("preferred_name", models.CharField(blank=True, max_length=80)),
                        ("date_of_birth", models.DateField()),
                        (
                            "sex",
                            models.CharField(
                                choices=[
                                    ("female", "Female"),
                                    ("male", "Male"),
                                    ("intersex", "Intersex / other"),
                                    ("not_stated", "Prefer not to say"),
                                ],
                                default="not_stated",
                                max_length=12,
                            ),
                        ),
                        (
                            "phone",
                            models.CharField(
                                blank=True,
                                max_length=25,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^\\+?[0-9 ()./-]{6,25}$",
                                        "Enter a phone number of 6 to 25 digits; spaces, brackets, dashes and a leading + are fine.",
                                    )
                                ],
                            ),
                        ),
                        ("email", models.EmailField(blank=True, max_length=254)),
                        ("address", models.TextField(blank=True, max_length=500)),
                        ("notes", models.TextField(blank=True, max_length=4000)),
                        (
                            "consent_treatment_data",
                            models.BooleanField(default=False, verbose_name="consents to processing of treatment data"),
                        ),
                        (
                            "consent_photos_clinical",
                            models.BooleanField(
                                default=False, verbose_name="consents to photos for the clinical record"
                            ),
                        ),
                        (
                            "consent_photos_marketing",
                            models.BooleanField(
                                default=False,
                                help_text="Separate consent; off unless the patient opts in.",
                                verbose_name="consents to photos for marketing",
                            ),
                        ),
                        (
                            "guardian_consent",
                            models.BooleanField(
                                default=False,
                                help_text="Required for patients under 18.",
                                verbose_name="guardian consent recorded",
                            ),
                        ),
                        ("is_archived", models.BooleanField(default=False)),
                        ("created_at", models.DateTimeField(blank=True, editable=False)),
                        ("updated_at", models.DateTimeField(blank=True, editable=False)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clinic_historicalpatient",
                        "verbose_name": "historical patient",
                        "verbose_name_plural": "historical patients",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Patient",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("code", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("given_name", models.CharField(max_length=80, verbose_name="first name")),
                        ("family_name", models.CharField(max_length=80, verbose_name="last name")),
                        ("preferred_name", models.CharField(blank=True, max_length=80)),
                        ("date_of_birth", models.DateField()),
                        (
                            "sex",
                            models.CharField(
                                choices=[
                                    ("female", "Female"),
                                    ("male", "Male"),
                                    ("intersex", "Intersex / other"),
                                    ("not_stated", "Prefer not to say"),
                                ],
                                default="not_stated",
                                max_length=12,
                            ),
                        ),
                        (
                            "phone",
                            models.CharField(
                                blank=True,
                                max_length=25,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^\\+?[0-9 ()./-]{6,25}$",
                                        "Enter a phone number of 6 to 25 digits; spaces, brackets, dashes and a leading + are fine.",
                                    )
                                ],
                            ),
                        ),
                        ("email", models.EmailField(blank=True, max_length=254)),
                        ("address", models.TextField(blank=True, max_length=500)),
                        ("notes", models.TextField(blank=True, max_length=4000)),
                        (
                            "consent_treatment_data",
                            models.BooleanField(default=False, verbose_name="consents to processing of treatment data"),
                        ),
                        (
                            "consent_photos_clinical",
                            models.BooleanField(
                                default=False, verbose_name="consents to photos for the clinical record"
                            ),
                        ),
                        (
                            "consent_photos_marketing",
                            models.BooleanField(
                                default=False,
                                help_text="Separate consent; off unless the patient opts in.",
                                verbose_name="consents to photos for marketing",
                            ),
                        ),
                        (
                            "guardian_consent",
                            models.BooleanField(
                                default=False,
                                help_text="Required for patients under 18.",
                                verbose_name="guardian consent recorded",
                            ),
                        ),
                        ("is_archived", models.BooleanField(default=False)),
                        ("submission_key", models.UUIDField(blank=True, editable=False, null=True, unique=True)),
                        ("search_text", models.CharField(db_index=True, default="", editable=False, max_length=260)),
                        ("phone_digits", models.CharField(db_index=True, default="", editable=False, max_length=25)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clinic_patient",
                        "ordering": ["family_name", "given_name", "date_of_birth"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalPreviousTreatment",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        (
                            "product_name",
                            models.CharField(
                                blank=True,
                                help_text="If the product is not in the catalog, as the patient named it.",
                                max_length=120,
                            ),
                        ),
                        (
                            "substance",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("hyaluronic_acid", "Hyaluronic acid"),
                                    ("calcium_hydroxylapatite", "Calcium hydroxylapatite"),
                                    ("poly_l_lactic_acid", "Poly-L-lactic acid"),
                                    ("onabotulinumtoxinA", "onabotulinumtoxinA"),
                                    ("abobotulinumtoxinA", "abobotulinumtoxinA"),
                                    ("incobotulinumtoxinA", "incobotulinumtoxinA"),
                                    ("prabotulinumtoxinA", "prabotulinumtoxinA-xvfs"),
                                    ("daxibotulinumtoxinA", "daxibotulinumtoxinA-lanm"),
                                    ("letibotulinumtoxinA", "letibotulinumtoxinA-wlbg"),
                                    ("other_toxin", "Another or unknown botulinum toxin"),
                                    ("other_filler", "Another or unknown filler"),
                                ],
                                help_text="For a product typed by name: what it is, so toxin units and filler volumes are counted right.",
                                max_length=30,
                            ),
                        ),
                        ("dose", models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True)),
                        ("dose_unit", models.CharField(blank=True, choices=[("U", "U"), ("mL", "mL")], max_length=2)),
                        ("treated_on", models.DateField(verbose_name="date treated")),
                        ("notes", models.CharField(blank=True, max_length=300)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "area",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="catalog.facialarea",
                            ),
                        ),
                        (
                            "consultation",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="patients.consultation",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "product",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="catalog.product",
                            ),
                        ),
                        (
                            "patient",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="patients.patient",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clinic_historicalprevioustreatment",
                        "verbose_name": "historical previous treatment",
                        "verbose_name_plural": "historical previous treatments",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name="historicalconsultation",
                    name="patient",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="patients.patient",
                    ),
                ),
                migrations.AddField(
                    model_name="consultation",
                    name="patient",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="consultations", to="patients.patient"
                    ),
                ),
                migrations.CreateModel(
                    name="PreviousTreatment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "product_name",
                            models.CharField(
                                blank=True,
                                help_text="If the product is not in the catalog, as the patient named it.",
                                max_length=120,
                            ),
                        ),
                        (
                            "substance",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("hyaluronic_acid", "Hyaluronic acid"),
                                    ("calcium_hydroxylapatite", "Calcium hydroxylapatite"),
                                    ("poly_l_lactic_acid", "Poly-L-lactic acid"),
                                    ("onabotulinumtoxinA", "onabotulinumtoxinA"),
                                    ("abobotulinumtoxinA", "abobotulinumtoxinA"),
                                    ("incobotulinumtoxinA", "incobotulinumtoxinA"),
                                    ("prabotulinumtoxinA", "prabotulinumtoxinA-xvfs"),
                                    ("daxibotulinumtoxinA", "daxibotulinumtoxinA-lanm"),
                                    ("letibotulinumtoxinA", "letibotulinumtoxinA-wlbg"),
                                    ("other_toxin", "Another or unknown botulinum toxin"),
                                    ("other_filler", "Another or unknown filler"),
                                ],
                                help_text="For a product typed by name: what it is, so toxin units and filler volumes are counted right.",
                                max_length=30,
                            ),
                        ),
                        ("dose", models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True)),
                        ("dose_unit", models.CharField(blank=True, choices=[("U", "U"), ("mL", "mL")], max_length=2)),
                        ("treated_on", models.DateField(verbose_name="date treated")),
                        ("notes", models.CharField(blank=True, max_length=300)),
                        (
                            "area",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="catalog.facialarea",
                            ),
                        ),
                        (
                            "consultation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="previous_treatments",
                                to="patients.consultation",
                            ),
                        ),
                        (
                            "patient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="previous_treatments",
                                to="patients.patient",
                            ),
                        ),
                        (
                            "product",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="catalog.product",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clinic_previoustreatment",
                        "ordering": ["-treated_on"],
                    },
                ),
                migrations.AddIndex(
                    model_name="patient",
                    index=models.Index(fields=["date_of_birth"], name="patient_dob_idx"),
                ),
                migrations.AddIndex(
                    model_name="consultation",
                    index=models.Index(fields=["scheduled_at"], name="consultation_when_idx"),
                ),
                migrations.AddConstraint(
                    model_name="consultation",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("budget__isnull", True), ("budget__gte", 0), _connector="OR"),
                        name="consultation_budget_ok",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="previoustreatment",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("dose__isnull", True), ("dose__gt", 0), _connector="OR"),
                        name="previous_dose_positive",
                    ),
                ),
            ],
        ),
    ]
