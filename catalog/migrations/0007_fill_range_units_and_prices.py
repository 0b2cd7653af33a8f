"""Fill the new fields from what the catalog already says (see the functions)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations
from django.utils import timezone

SUBSTANCE_LABELS = {
    "onabotulinumtoxinA": "onabotulinumtoxinA",
    "abobotulinumtoxinA": "abobotulinumtoxinA",
    "incobotulinumtoxinA": "incobotulinumtoxinA",
    "prabotulinumtoxinA": "prabotulinumtoxinA-xvfs",
    "daxibotulinumtoxinA": "daxibotulinumtoxinA-lanm",
    "letibotulinumtoxinA": "letibotulinumtoxinA-wlbg",
}


def name_the_units_of_generic_toxin_ranges(apps, schema_editor):
    """Until now a generic toxin range's units were read from its note (onabotulinumtoxinA-type unless the note
    named another substance, reference section 2f); from now on they are a field."""
    TreatmentArea = apps.get_model("catalog", "TreatmentArea")
    for dose_range in TreatmentArea.objects.filter(product__isnull=True, unit="U", unit_substance=""):
        folded = (dose_range.note or "").casefold()
        substance = next(
            (
                value
                for value, label in SUBSTANCE_LABELS.items()
                if value.casefold() in folded or label.casefold().split("-")[0] in folded
            ),
            "onabotulinumtoxinA",
        )
        TreatmentArea.objects.filter(pk=dose_range.pk).update(unit_substance=substance)


def make_prices_agree(apps, schema_editor):
    """Where an admin changed one price and not the other, the package price wins (it is the one on the invoice
    and the one that was edited); the unit price follows, rounded half-up to the penny."""
    Product = apps.get_model("catalog", "Product")
    HistoricalProduct = apps.get_model("catalog", "HistoricalProduct")
    for product in Product.objects.all():
        unit = (product.price_per_package / product.package_size).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if abs(product.price_per_package - product.price_per_unit * product.package_size) <= product.package_size * Decimal("0.005"):
            continue
        Product.objects.filter(pk=product.pk).update(price_per_unit=unit)
        last = HistoricalProduct.objects.filter(id=product.pk).order_by("-history_date", "-history_id").first()
        if last is not None:
            last.pk = None
            last.price_per_unit = unit
            last.history_date = timezone.now()
            last.history_type = "~"
            last.history_user_id = None
            last.history_change_reason = "Unit price made to agree with the package price (migration 0004)"
            last.save()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_product_limits_ages_aliases_range_units"),
    ]

    operations = [
        migrations.RunPython(name_the_units_of_generic_toxin_ranges, migrations.RunPython.noop),
        migrations.RunPython(make_prices_agree, migrations.RunPython.noop),
    ]
