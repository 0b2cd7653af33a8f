"""The contraindications' "all toxins", "all fillers" and product links become rules of their own (see 0003).

A separate migration from the schema changes around it: PostgreSQL refuses to alter a table in the same
transaction that has just inserted rows into it.
"""

from django.db import migrations
from django.utils import timezone

SEED_REASON = "Seed catalog (load_catalog)"

def _last_reason(historical, **lookup) -> str:
    last = historical.objects.filter(**lookup).order_by("-history_date", "-history_id").first()
    return (last.history_change_reason or "") if last else ""


def contraindications_to_rules(apps, schema_editor):
    Contraindication = apps.get_model("catalog", "Contraindication")
    HistoricalContraindication = apps.get_model("catalog", "HistoricalContraindication")
    Rule = apps.get_model("catalog", "ContraindicationRule")
    HistoricalRule = apps.get_model("catalog", "HistoricalContraindicationRule")
    now = timezone.now()
    for contra in Contraindication.objects.all():
        # A rule made from a row the seed wrote (and nobody changed since) stays the seed's, so load_catalog may
        # bring it up to date; one made from an admin's edit keeps that edit.
        from_seed = _last_reason(HistoricalContraindication, id=contra.pk).startswith("Seed catalog")
        scopes = []
        if contra.applies_to_toxins:
            scopes.append(({"modality": "toxin"}, "all toxins"))
        if contra.applies_to_fillers:
            scopes.append(({"modality": "filler"}, "all fillers"))
        for product in contra.products.all():
            scopes.append(({"product_id": product.pk}, product.name))
        for scope, described in scopes:
            if contra.slug == "lidocaine-allergy" and scope.get("modality") == "filler":
                # The old checks never let "all fillers" rule out a filler without lidocaine.
                scope = {**scope, "only_with_lidocaine": True}
            rule = Rule.objects.create(
                contraindication_id=contra.pk,
                severity=contra.default_severity,
                source=contra.source,
                evidence_flag=contra.evidence_flag,
                **scope,
            )
            reason = SEED_REASON if from_seed else f"Migrated from {contra.name[:40]}: {described[:30]}"
            HistoricalRule.objects.create(
                id=rule.pk,
                contraindication_id=contra.pk,
                treatment_id=None,
                modality=rule.modality,
                substance="",
                product_id=rule.product_id,
                area_id=None,
                only_with_lidocaine=rule.only_with_lidocaine,
                severity=rule.severity,
                reason="",
                source=rule.source,
                evidence_flag=rule.evidence_flag,
                history_date=now,
                history_change_reason=reason[:100],
                history_type="+",
            )


def rules_to_contraindications(apps, schema_editor):
    Rule = apps.get_model("catalog", "ContraindicationRule")
    Contraindication = apps.get_model("catalog", "Contraindication")
    for rule in Rule.objects.filter(treatment__isnull=True).exclude(contraindication__isnull=True):
        contra = Contraindication.objects.get(pk=rule.contraindication_id)
        if rule.modality == "toxin":
            contra.applies_to_toxins = True
        elif rule.modality == "filler":
            contra.applies_to_fillers = True
        if rule.product_id:
            contra.products.add(rule.product_id)
        contra.default_severity = rule.severity
        contra.save()
        rule.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_contraindication_rules"),
    ]

    operations = [
        migrations.RunPython(contraindications_to_rules, rules_to_contraindications),
    ]
