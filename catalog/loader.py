"""Load the seed catalog (catalog/seed.py) into the database without ever overwriting an admin's edits.

Only missing rows are created: areas, concerns, products, contraindications, treatments and templates by slug;
dose ranges by (treatment, area, product); contraindication links by (treatment, contraindication); template items
by (template, treatment, area, session). A row that exists is kept exactly as it is, and so are the links of a
row that exists (an admin may have removed one on purpose). Every created row gets a history entry.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from catalog import seed as default_seed
from catalog.models import (
    CombinationTemplate,
    Concern,
    Contraindication,
    DoseUnit,
    FacialArea,
    Product,
    ProductKind,
    TemplateItem,
    Treatment,
    TreatmentArea,
    TreatmentContraindication,
)

SEED_REASON = "Seed catalog (load_catalog)"


@dataclass
class LoadResult:
    created: int = 0
    kept: int = 0

    def count(self, created: bool) -> None:
        if created:
            self.created += 1
        else:
            self.kept += 1


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _key(values: dict) -> tuple:
    """{"treatment": t, "area": a, "product": None} as a hashable key of primary keys."""
    return tuple(sorted((name, getattr(value, "pk", value)) for name, value in values.items()))


class _Seeder:
    """Creates missing rows and counts what it kept. Existing rows are read once per model, not once per seed row."""

    def __init__(self):
        self.result = LoadResult()
        self._existing = {}

    def _find(self, model, lookup: dict, name: str | None):
        if model not in self._existing:
            attnames = {f: model._meta.get_field(f).attname for f in lookup}  # "treatment" -> "treatment_id"
            rows = list(model.objects.all())
            by_key = {_key({f: getattr(row, attname) for f, attname in attnames.items()}): row for row in rows}
            by_name = {getattr(row, "name", None): row for row in rows}
            self._existing[model] = (by_key, by_name)
        by_key, by_name = self._existing[model]
        found = by_key.get(_key(lookup))
        if found is None and name is not None:
            # An admin may have changed a seeded row's slug: the row with the seed's name is that row, keep it.
            found = by_name.get(name)
        return found

    def get_or_create(self, model, lookup: dict, defaults: dict):
        obj = self._find(model, lookup, defaults.get("name") if "slug" in lookup else None)
        if obj is not None:
            self.result.count(False)
            return obj, False
        obj = model(**lookup, **defaults)
        obj._change_reason = SEED_REASON
        obj.save()  # the seed's validity (full_clean of every row) is checked by tests/catalog/test_seed.py
        self._existing[model][0][_key(lookup)] = obj
        self.result.count(True)
        return obj, True


@transaction.atomic
def load_catalog(*, seed=default_seed) -> LoadResult:
    seeder = _Seeder()

    areas = {}
    for order, row in enumerate(seed.AREAS, start=1):
        high_risk = row.get("high_risk", False)
        profile = row.get("profile") or (None, None)
        areas[row["slug"]], _ = seeder.get_or_create(
            FacialArea,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "common_name": row.get("common_name", ""),
                "region": row["region"],
                "modality": row["modality"],
                "bilateral": row["bilateral"],
                "key_structure": row.get("key_structure", ""),
                "is_high_risk": high_risk,
                "risk_note": seed.HIGH_RISK_NOTE if high_risk else "",
                "display_order": order * 10,
                "chart_x": _dec(row["chart"][0]),
                "chart_y": _dec(row["chart"][1]),
                "profile_x": _dec(profile[0]),
                "profile_y": _dec(profile[1]),
                "source": row.get("source", ""),
                "evidence_flag": row.get("flag", ""),
            },
        )

    concerns = {}
    for order, row in enumerate(seed.CONCERNS, start=1):
        concern, created = seeder.get_or_create(
            Concern,
            {"slug": row["slug"]},
            {"name": row["name"], "description": row.get("description", ""), "display_order": order * 10},
        )
        if created:
            concern.areas.set([areas[s] for s in row["areas"]])
        concerns[row["slug"]] = concern

    products = {}
    for row in seed.PRODUCTS:
        kind = row["kind"]
        products[row["slug"]], _ = seeder.get_or_create(
            Product,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "manufacturer": row["manufacturer"],
                "kind": kind,
                "substance": row["substance"],
                "dose_unit": DoseUnit.UNITS if kind == ProductKind.TOXIN else DoseUnit.ML,
                "package_size": _dec(row["package_size"]),
                "package_description": row.get("package_description", ""),
                "price_per_package": _dec(row["price_per_package"]),
                "price_per_unit": _dec(row["price_per_unit"]),
                "price_is_example": True,
                "contains_lidocaine": row.get("contains_lidocaine", False),
                "other_allergens": row.get("other_allergens", ""),
                "typical_duration_months": row.get("typical_duration_months"),
                "max_units_per_session": _dec(row.get("max_units_per_session")),
                "max_units_90_days": _dec(row.get("max_units_90_days")),
                "limit_source": row.get("limit_source", ""),
                "limit_evidence_flag": row.get("limit_flag", ""),
                "indications": row.get("indications", ""),
                "description": row.get("description", seed.EXAMPLE_PRICE),
                "source": row.get("source", ""),
                "evidence_flag": row.get("flag", ""),
            },
        )

    contraindications = {}
    for row in seed.CONTRAINDICATIONS:
        contra, created = seeder.get_or_create(
            Contraindication,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "description": row.get("description", ""),
                "applies_to_toxins": row.get("toxins", False),
                "applies_to_fillers": row.get("fillers", False),
                "default_severity": row["severity"],
                "source": row.get("source", ""),
                "evidence_flag": row.get("flag", ""),
            },
        )
        if created:
            contra.products.set([products[s] for s in row.get("products", [])])
        contraindications[row["slug"]] = contra

    treatments = {}
    for order, row in enumerate(seed.TREATMENTS, start=1):
        treatment, created = seeder.get_or_create(
            Treatment,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "modality": row["modality"],
                "description": row.get("description", ""),
                "goal": row.get("goal", ""),
                "review_interval_days": row.get("review"),
                "review_interval_source": row.get("review_source", ""),
                "review_interval_evidence_flag": row.get("review_flag", ""),
                "repeat_interval_days": row.get("repeat"),
                "interval_source": row.get("repeat_source", ""),
                "interval_evidence_flag": row.get("repeat_flag", ""),
                "downtime": row.get(
                    "downtime", seed.TOXIN_DOWNTIME if row["modality"] == "toxin" else seed.FILLER_DOWNTIME
                ),
                "aftercare": row.get(
                    "aftercare", seed.TOXIN_AFTERCARE if row["modality"] == "toxin" else seed.FILLER_AFTERCARE
                ),
                "display_order": order * 10,
            },
        )
        if created:
            treatment.concerns.set([concerns[s] for s in row.get("concerns", [])])
            treatment.products.set([products[s] for s in row.get("products", [])])
        treatments[row["slug"]] = treatment
        unit = DoseUnit.UNITS if row["modality"] == ProductKind.TOXIN else DoseUnit.ML
        for dose in row["ranges"]:
            product = products[dose["product"]] if dose.get("product") else None
            seeder.get_or_create(
                TreatmentArea,
                {"treatment": treatment, "area": areas[dose["area"]], "product": product},
                {
                    "dose_min": _dec(dose["min"]),
                    "dose_max": _dec(dose["max"]),
                    "default_dose": _dec(dose.get("default")),
                    "unit": unit,
                    "per_side": dose["per_side"],
                    "injection_points": dose.get("points", ""),
                    "source": dose["source"],
                    "evidence_flag": dose["flag"],
                    "note": dose.get("note", ""),
                },
            )
        for slug, severity in row.get("contraindications", []):
            seeder.get_or_create(
                TreatmentContraindication,
                {"treatment": treatment, "contraindication": contraindications[slug]},
                {"severity": severity},
            )

    for order, row in enumerate(seed.TEMPLATES, start=1):
        template, created = seeder.get_or_create(
            CombinationTemplate,
            {"slug": row["slug"]},
            {"name": row["name"], "description": row.get("description", ""), "display_order": order * 10},
        )
        if created:
            template.concerns.set([concerns[s] for s in row.get("concerns", [])])
        for position, item in enumerate(row["items"], start=1):
            seeder.get_or_create(
                TemplateItem,
                {
                    "template": template,
                    "treatment": treatments[item["treatment"]],
                    "area": areas[item["area"]],
                    "session_number": item["session"],
                },
                {
                    "product": products[item["product"]] if item.get("product") else None,
                    "default_dose": _dec(item["dose"]),
                    "side": item["side"],
                    "order": position,
                },
            )
    return seeder.result
