"""The contraindication's own scope fields go, now that its rules hold them (0004)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_contraindication_rules_from_links"),
    ]

    operations = [
        migrations.RemoveField(model_name="contraindication", name="applies_to_toxins"),
        migrations.RemoveField(model_name="contraindication", name="applies_to_fillers"),
        migrations.RemoveField(model_name="contraindication", name="default_severity"),
        migrations.RemoveField(model_name="contraindication", name="products"),
        migrations.RemoveField(model_name="historicalcontraindication", name="applies_to_toxins"),
        migrations.RemoveField(model_name="historicalcontraindication", name="applies_to_fillers"),
        migrations.RemoveField(model_name="historicalcontraindication", name="default_severity"),
        # The product links' history stays in its table as an archive; the models no longer use it.
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="HistoricalContraindication_products")],
            database_operations=[],
        ),
        migrations.AddConstraint(
            model_name="contraindicationrule",
            constraint=models.CheckConstraint(
                condition=models.Q(contraindication__isnull=False)
                | models.Q(product__isnull=False)
                | ~models.Q(substance="")
                | models.Q(treatment__isnull=False),
                name="contraindication_rule_unconditional_needs_scope",
            ),
        ),
    ]
