"""Load the seed catalog (catalog/seed.py) into the database, and bring a database seeded earlier up to date,
without ever overwriting an admin's edits.

Rows are matched by their natural keys: areas, concerns, products, contraindications, treatments and templates by
slug (or, if an admin changed the slug, by name); dose ranges by (treatment, area, product); contraindication rules
by their scope (screening answer, treatment, modality, substance, product, area, lidocaine); template items by
(template, treatment, area, session); a template item's standard injection points by (item, order), and only on a
template item the seed still owns (points in one brand's units on an item an admin changed would be wrong there).

- A missing row is created (history reason SEED_REASON).
- An existing row whose latest history entry was written by the seed (its change reason starts with "Seed catalog")
  has not been changed by anybody since: the fields that differ from the seed are updated, and so are the
  many-to-many sets the seed owns (a treatment's concerns and products, a concern's areas, a template's concerns).
  The update is recorded with UPDATE_REASON, so the row still counts as the seed's next time.
- Any other existing row (an admin's edit, a migration's "Migrated from ...", or no history at all) is kept exactly
  as it is, links included.

History is read with the rows, one query per model, never one per row. Nothing is deleted: a row the seed no
longer has stays (an admin may retire it).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import OuterRef, Subquery

from catalog import seed as default_seed
from catalog.models import (
    CombinationTemplate,
    Concern,
    Contraindication,
    ContraindicationRule,
    DoseUnit,
    FacialArea,
    Product,
    ProductKind,
    TemplateItem,
    TemplateItemPoint,
    Treatment,
    TreatmentArea,
)

SEED_REASON = "Seed catalog (load_catalog)"
UPDATE_REASON = "Seed catalog update (load_catalog)"
SEED_PREFIX = "Seed catalog"  # a latest history reason starting with this: the seed wrote the row last

# The many-to-many sets the seed owns, per model (updated only on rows the seed still owns).
M2M_FIELDS = {Concern: ("areas",), Treatment: ("concerns", "products"), CombinationTemplate: ("concerns",)}


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    kept: int = 0  # existing rows left as they are (equal to the seed, or edited since)
    kept_edited: int = 0  # of those, rows that differ from the seed because someone else changed them last

    def __str__(self) -> str:
        return (
            f"created {self.created} / updated {self.updated} / kept {self.kept} existing rows "
            f"({self.kept_edited} kept as edited since the seed)"
        )


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _pk(value):
    return getattr(value, "pk", value)


def _key(values: dict) -> tuple:
    """{"treatment": t, "area": a, "product": None} as a hashable key of primary keys."""
    return tuple(sorted((name, _pk(value)) for name, value in values.items()))


def _seed_owned(obj) -> bool:
    return (getattr(obj, "_latest_change_reason", None) or "").startswith(SEED_PREFIX)


class _Seeder:
    """Creates missing rows and updates the seed's own rows. Existing rows, with their latest history reason and
    their many-to-many sets, are read once per model, not once per seed row."""

    def __init__(self):
        self.result = LoadResult()
        self._existing = {}

    def _load(self, model, lookup_fields):
        history = model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date", "-history_id")
        rows = list(
            model.objects.annotate(
                _latest_change_reason=Subquery(history.values("history_change_reason")[:1])
            ).prefetch_related(*M2M_FIELDS.get(model, ()))
        )
        attnames = {f: model._meta.get_field(f).attname for f in lookup_fields}  # "treatment" -> "treatment_id"
        by_key = {_key({f: getattr(row, attname) for f, attname in attnames.items()}): row for row in rows}
        by_name = {getattr(row, "name", None): row for row in rows}
        self._existing[model] = (by_key, by_name)

    @staticmethod
    def owns(obj) -> bool:
        """True when the seed wrote `obj` last: created or updated in this run, or left by the seed before."""
        return _seed_owned(obj) or (getattr(obj, "_change_reason", None) or "").startswith(SEED_PREFIX)

    def _find(self, model, lookup: dict, name: str | None):
        if model not in self._existing:
            self._load(model, lookup)
        by_key, by_name = self._existing[model]
        found = by_key.get(_key(lookup))
        if found is None and name is not None:
            # An admin may have changed a seeded row's slug: the row with the seed's name is that row.
            found = by_name.get(name)
        return found

    def sync(self, model, lookup: dict, defaults: dict, m2m: dict | None = None):
        """The row for `lookup`: created when missing, brought up to the seed when the seed still owns it, else
        kept as it is. `m2m` maps a many-to-many field to the seed's set of rows."""
        m2m = m2m or {}
        obj = self._find(model, lookup, defaults.get("name") if "slug" in lookup else None)
        if obj is None:
            obj = model(**lookup, **defaults)
            obj._change_reason = SEED_REASON
            obj.save()  # the seed's validity (full_clean of every row) is checked by tests/catalog/test_seed.py
            for field, members in m2m.items():
                getattr(obj, field).set(members)
            self._existing[model][0][_key(lookup)] = obj
            self.result.created += 1
            return obj
        changed = [name for name, value in {**lookup, **defaults}.items() if self._differs(obj, name, value)]
        links = [field for field, members in m2m.items() if self._members(obj, field) != {_pk(m) for m in members}]
        if not _seed_owned(obj):
            self.result.kept += 1
            self.result.kept_edited += bool(changed or links)
            return obj
        if not (changed or links):
            self.result.kept += 1
            return obj
        for name in changed:
            setattr(obj, name, {**lookup, **defaults}[name])
        obj._change_reason = UPDATE_REASON
        if changed:
            obj.save(update_fields=[model._meta.get_field(name).name for name in changed])
        for field in links:
            getattr(obj, field).set(m2m[field])  # each change is a history entry with UPDATE_REASON
        self.result.updated += 1
        return obj

    @staticmethod
    def _differs(obj, name: str, value) -> bool:
        field = obj._meta.get_field(name)
        if field.is_relation:
            return getattr(obj, field.attname) != _pk(value)
        return getattr(obj, name) != value

    @staticmethod
    def _members(obj, field: str) -> set:
        return {row.pk for row in getattr(obj, field).all()}  # prefetched with the rows


def _rule_lookup(contraindication, scope: dict, *, treatment, products, areas) -> dict:
    """A seed rule's scope as ContraindicationRule fields (the loader's key for the rule)."""
    return {
        "contraindication": contraindication,
        "treatment": treatment,
        "modality": scope.get("modality", ""),
        "substance": scope.get("substance", ""),
        "product": products[scope["product"]] if scope.get("product") else None,
        "area": areas[scope["area"]] if scope.get("area") else None,
        "only_with_lidocaine": scope.get("only_with_lidocaine", False),
    }


def _rule_defaults(rule: dict) -> dict:
    return {
        "severity": rule["severity"],
        "reason": rule.get("reason", ""),
        "source": rule.get("source", ""),
        "evidence_flag": rule.get("flag", ""),
    }


@transaction.atomic
def load_catalog(*, seed=default_seed) -> LoadResult:
    seeder = _Seeder()

    areas = {}
    for order, row in enumerate(seed.AREAS, start=1):
        high_risk = row.get("high_risk", False)
        profile = row.get("profile") or (None, None)
        areas[row["slug"]] = seeder.sync(
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
        concerns[row["slug"]] = seeder.sync(
            Concern,
            {"slug": row["slug"]},
            {"name": row["name"], "description": row.get("description", ""), "display_order": order * 10},
            m2m={"areas": [areas[s] for s in row["areas"]]},
        )

    products = {}
    for row in [*seed.PRODUCTS, *seed.KIT_PRODUCTS]:
        kind = row["kind"]
        products[row["slug"]] = seeder.sync(
            Product,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "aliases": row.get("aliases", ""),
                "manufacturer": row["manufacturer"],
                "kind": kind,
                "substance": row["substance"],
                "dose_unit": DoseUnit.UNITS if kind in (ProductKind.TOXIN, ProductKind.ENZYME) else DoseUnit.ML,
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
                "yearly_max": _dec(row.get("yearly_max")),
                "yearly_max_body_weight_kg": _dec(row.get("yearly_max_body_weight_kg")),
                "yearly_limit_group": row.get("yearly_limit_group", ""),
                "yearly_limit_source": row.get("yearly_limit_source", ""),
                "yearly_limit_evidence_flag": row.get("yearly_limit_flag", ""),
                "min_age": row.get("min_age"),
                "max_age": row.get("max_age"),
                "age_source": row.get("age_source", ""),
                "age_evidence_flag": row.get("age_flag", ""),
                "reconstitution_ml": _dec(row.get("reconstitution_ml")),
                "use_within_hours": row.get("use_within_hours"),
                "reconstitution_source": row.get("reconstitution_source", ""),
                "reconstitution_evidence_flag": row.get("reconstitution_flag", ""),
                "indications": row.get("indications", ""),
                "description": row.get("description", seed.EXAMPLE_PRICE),
                "source": row.get("source", ""),
                "evidence_flag": row.get("flag", ""),
            },
        )

    contraindications = {}
    for row in seed.CONTRAINDICATIONS:
        contraindications[row["slug"]] = seeder.sync(
            Contraindication,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "description": row.get("description", ""),
                "source": row.get("source", ""),
                "evidence_flag": row.get("flag", ""),
            },
        )

    def sync_rule(contraindication, rule: dict, *, treatment=None):
        lookup = _rule_lookup(contraindication, rule, treatment=treatment, products=products, areas=areas)
        seeder.sync(ContraindicationRule, lookup, _rule_defaults(rule))

    for row in seed.CONTRAINDICATIONS:
        for rule in row.get("rules", []):
            sync_rule(contraindications[row["slug"]], rule)
    for rule in seed.LABEL_RESTRICTIONS:
        sync_rule(None, rule)

    treatments = {}
    for order, row in enumerate(seed.TREATMENTS, start=1):
        treatment = seeder.sync(
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
                "aftercare_source": row.get(
                    "aftercare_source",
                    seed.TOXIN_AFTERCARE_SOURCE if row["modality"] == "toxin" else seed.FILLER_AFTERCARE_SOURCE,
                ),
                "display_order": order * 10,
            },
            m2m={
                "concerns": [concerns[s] for s in row.get("concerns", [])],
                "products": [products[s] for s in row.get("products", [])],
            },
        )
        treatments[row["slug"]] = treatment
        unit = DoseUnit.UNITS if row["modality"] == ProductKind.TOXIN else DoseUnit.ML
        for dose in row["ranges"]:
            product = products[dose["product"]] if dose.get("product") else None
            seeder.sync(
                TreatmentArea,
                {"treatment": treatment, "area": areas[dose["area"]], "product": product},
                {
                    "dose_min": _dec(dose["min"]),
                    "dose_max": _dec(dose["max"]),
                    "default_dose": _dec(dose.get("default")),
                    "unit": unit,
                    "unit_substance": dose.get("unit_substance", ""),
                    "per_side": dose["per_side"],
                    "injection_points": dose.get("points", ""),
                    "source": dose["source"],
                    "evidence_flag": dose["flag"],
                    "note": dose.get("note", ""),
                },
            )
        for rule in row.get("contraindications", []):
            sync_rule(contraindications[rule["contraindication"]], rule, treatment=treatment)

    for order, row in enumerate(seed.TEMPLATES, start=1):
        template = seeder.sync(
            CombinationTemplate,
            {"slug": row["slug"]},
            {"name": row["name"], "description": row.get("description", ""), "display_order": order * 10},
            m2m={"concerns": [concerns[s] for s in row.get("concerns", [])]},
        )
        for position, item in enumerate(row["items"], start=1):
            template_item = seeder.sync(
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
            if not item.get("points") or not seeder.owns(template_item):
                continue
            for number, point in enumerate(item["points"]["points"], start=1):
                seeder.sync(
                    TemplateItemPoint,
                    {"item": template_item, "order": number},
                    {
                        "view": point.get("view", "front"),
                        "x": _dec(point["x"]),
                        "y": _dec(point["y"]),
                        "dose": _dec(point["dose"]),
                        "depth": point.get("depth", ""),
                        "technique": point.get("technique", ""),
                        "instrument": point.get("instrument", ""),
                        "gauge": point.get("gauge"),
                        "label": point.get("label", ""),
                    },
                )
    return seeder.result
