"""One rule book for contraindications: the treatment links become ContraindicationRule rows (renamed in place,
so their rows and history stay) and gain the scope fields; 0004 turns each contraindication's "all toxins", "all
fillers" and product links into rules of their own, and 0005 drops those old fields. The links' old m2m history table is kept in
the database as an archive (no longer in the models), so no history row is lost.
"""

import django.db.models.deletion
from django.db import migrations, models

SUBSTANCES = [
    ("hyaluronic_acid", "Hyaluronic acid"),
    ("calcium_hydroxylapatite", "Calcium hydroxylapatite"),
    ("poly_l_lactic_acid", "Poly-L-lactic acid"),
    ("onabotulinumtoxinA", "onabotulinumtoxinA"),
    ("abobotulinumtoxinA", "abobotulinumtoxinA"),
    ("incobotulinumtoxinA", "incobotulinumtoxinA"),
    ("prabotulinumtoxinA", "prabotulinumtoxinA-xvfs"),
    ("daxibotulinumtoxinA", "daxibotulinumtoxinA-lanm"),
    ("letibotulinumtoxinA", "letibotulinumtoxinA-wlbg"),
]
FLAGS = [
    ("LABEL", "LABEL (FDA label / IFU)"),
    ("LABEL-2", "LABEL-2° (label via reproduction)"),
    ("TRIAL", "TRIAL (clinical study)"),
    ("REVIEW", "REVIEW (review / consensus)"),
    ("PRACTICE", "PRACTICE (typical practice only)"),
    ("DERIVED", "DERIVED (computed from labels)"),
    ("GK", "GK (unverified general knowledge)"),
]
KINDS = [("toxin", "Botulinum toxin"), ("filler", "Dermal filler")]


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_review_interval_source_product_description_positive_prices"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="treatmentcontraindication", name="treatment_contraindication_once"),
        migrations.RemoveField(model_name="treatment", name="contraindications"),
        migrations.RenameModel("TreatmentContraindication", "ContraindicationRule"),
        migrations.RenameModel("HistoricalTreatmentContraindication", "HistoricalContraindicationRule"),
        migrations.RenameField("contraindicationrule", "note", "reason"),
        migrations.RenameField("historicalcontraindicationrule", "note", "reason"),
        migrations.AlterField(
            model_name="contraindicationrule",
            name="contraindication",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty: the rule always applies (a label restriction).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rules",
                to="catalog.contraindication",
                verbose_name="screening answer",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcontraindicationrule",
            name="contraindication",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Empty: the rule always applies (a label restriction).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="catalog.contraindication",
                verbose_name="screening answer",
            ),
        ),
        migrations.AlterField(
            model_name="contraindicationrule",
            name="treatment",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="contraindication_rules",
                to="catalog.treatment",
            ),
        ),
        migrations.AlterField(
            model_name="contraindicationrule",
            name="reason",
            field=models.CharField(
                blank=True,
                help_text="In plain words, shown in the finding (e.g. “its label excludes it”).",
                max_length=300,
            ),
        ),
        migrations.AlterField(
            model_name="historicalcontraindicationrule",
            name="reason",
            field=models.CharField(
                blank=True,
                help_text="In plain words, shown in the finding (e.g. “its label excludes it”).",
                max_length=300,
            ),
        ),
        *[
            op
            for model in ("contraindicationrule", "historicalcontraindicationrule")
            for op in (
                migrations.AddField(
                    model_name=model,
                    name="modality",
                    field=models.CharField(blank=True, choices=KINDS, max_length=10),
                ),
                migrations.AddField(
                    model_name=model,
                    name="substance",
                    field=models.CharField(blank=True, choices=SUBSTANCES, max_length=30),
                ),
                migrations.AddField(
                    model_name=model,
                    name="only_with_lidocaine",
                    field=models.BooleanField(
                        default=False, help_text="Applies only to products that contain lidocaine."
                    ),
                ),
                migrations.AddField(
                    model_name=model, name="source", field=models.CharField(blank=True, max_length=300)
                ),
                migrations.AddField(
                    model_name=model,
                    name="evidence_flag",
                    field=models.CharField(blank=True, choices=FLAGS, max_length=10),
                ),
            )
        ],
        migrations.AddField(
            model_name="contraindicationrule",
            name="product",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contraindication_rules",
                to="catalog.product",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontraindicationrule",
            name="product",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="catalog.product",
            ),
        ),
        migrations.AddField(
            model_name="contraindicationrule",
            name="area",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contraindication_rules",
                to="catalog.facialarea",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontraindicationrule",
            name="area",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="catalog.facialarea",
            ),
        ),
        migrations.AlterModelOptions(
            name="contraindicationrule",
            options={
                "ordering": ["contraindication__name", "treatment__name", "product__name", "pk"],
                "verbose_name": "contraindication rule",
            },
        ),
        migrations.AlterModelOptions(
            name="historicalcontraindicationrule",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historical contraindication rule",
                "verbose_name_plural": "historical contraindication rules",
            },
        ),
    ]
