"""Print docs/clinical-sources.md: every clinical number the seed catalog and the checks use, with source and flag.

    python manage.py clinical_sources > docs/clinical-sources.md

It reads catalog/seed.py and catalog/screening.py (not the database), so the document describes what a fresh
`load_catalog` installs; tests/planning/test_clinical_sources.py fails when the committed document is out of date.
"""

from decimal import Decimal

from django.core.management.base import BaseCommand

from catalog import seed
from catalog.screening import FLOORS
from clinic.formatting import quantity
from planning.checks.doses import SOURCE_UNITS
from planning.checks.screening import SOURCE_MINOR
from planning.checks.toxins import SOURCE_FOREHEAD, SOURCE_RETREATMENT, SOURCE_TOUCH_UP

FLAG = {"LABEL-2": "LABEL-2°"}

INTRO = """\
# Clinical sources of the seed catalog

Harmony's seed catalog (`catalog/seed.py`, loaded by `manage.py load_catalog`) and its safety checks use clinical
numbers from the clinical reference the project keeps beside the code (facts restated from FDA labels and device
instructions, their reproductions, trials, reviews and practice pages). This page lists every one of them with the
section (§) of that reference it comes from and its evidence flag, so a clinician can audit the catalog from the
repository alone. Code comments cite these sections.

How to read the flags: **LABEL** the label or instructions for use read directly; **LABEL-2°** label content read
through a reproduction; **TRIAL** a study result (what was injected, not a limit); **REVIEW** a review or consensus;
**PRACTICE** typical practice only; **DERIVED** computed from labelled numbers; **GK** unverified. A PRACTICE,
TRIAL or DERIVED range is a hint for a default: outside it the checks say "caution" or "info", never "stop". Only a
labelled maximum (per session, per 90 days, per year), a labelled contraindication or an age under 18 stops a plan,
and even then the practitioner may propose it with a written reason.

This file is generated from the seed (`python manage.py clinical_sources > docs/clinical-sources.md`); a test fails
when it is out of date. Prices in the seed are round examples, not clinical numbers, and are not listed.
"""


def _n(value) -> str:
    if value is None:
        return "—"
    return quantity(value)


def _flag(flag: str) -> str:
    return FLAG.get(flag, flag) or "—"


def _cell(text: str) -> str:
    return (text or "—").replace("{product}", "the product").replace("|", "\\|").replace("\n", " ")


class Command(BaseCommand):
    help = "Print docs/clinical-sources.md from the seed catalog."

    def handle(self, *args, **options):
        self.stdout.write(render())


def render() -> str:
    lines = [INTRO]
    unit_of = {"toxin": "U", "filler": "mL"}
    products = {p["slug"]: p for p in seed.PRODUCTS}

    lines += ["## Typical doses by treatment and area (§2a, §2f, §3b)", ""]
    lines += [
        "Per side where the area is paired and the range says so; otherwise for the whole area. A range with a "
        "product is that product's own (toxin units are product-specific, §2c, §2e); a range without one applies "
        "to every eligible product of its unit (and, for a toxin, only of the substance it names).",
        "",
        "| Treatment | Area | Product | Range | Default | Source | Flag |",
        "|---|---|---|---|---|---|---|",
    ]
    for treatment in seed.TREATMENTS:
        unit = unit_of[treatment["modality"]]
        for r in treatment["ranges"]:
            product = products[r["product"]]["name"] if r.get("product") else "any eligible"
            amount = _n(r["min"]) if _n(r["min"]) == _n(r["max"]) else f"{_n(r['min'])}–{_n(r['max'])}"
            where = "per side" if r["per_side"] else "total"
            lines.append(
                f"| {treatment['name']} | {r['area']} | {product} | {amount} {unit} {where} | "
                f"{_n(r.get('default'))} | {_cell(r['source'])} | {_flag(r['flag'])} |"
            )

    lines += ["", "## Product limits and ages (§2c, §3b, §4a, §4b)", ""]
    lines += [
        "| Product | Limit | Source | Flag |",
        "|---|---|---|---|",
    ]
    for p in seed.PRODUCTS:
        unit = unit_of[p["kind"]]
        if p.get("max_units_per_session"):
            lines.append(
                f"| {p['name']} | at most {_n(p['max_units_per_session'])} {unit} per session | "
                f"{_cell(p.get('limit_source', ''))} | {_flag(p.get('limit_flag', ''))} |"
            )
        if p.get("max_units_90_days"):
            lines.append(
                f"| {p['name']} | at most {_n(p['max_units_90_days'])} {unit} in 90 days | "
                f"{_cell(p.get('limit_source', ''))} | {_flag(p.get('limit_flag', ''))} |"
            )
        if p.get("yearly_max"):
            per = (
                f" per {_n(p['yearly_max_body_weight_kg'])} kg of body weight"
                if p.get("yearly_max_body_weight_kg")
                else ""
            )
            lines.append(
                f"| {p['name']} | at most {_n(p['yearly_max'])} {unit}{per} a year "
                f"({p.get('yearly_limit_group') or 'this product'}) | {_cell(p.get('yearly_limit_source', ''))} | "
                f"{_flag(p.get('yearly_limit_flag', p.get('yearly_limit_evidence_flag', '')))} |"
            )
        if p.get("min_age") or p.get("max_age"):
            span = " to ".join(_n(a) for a in (p.get("min_age"), p.get("max_age")) if a)
            if not p.get("max_age"):
                span = f"{_n(p['min_age'])} and over"
            lines.append(
                f"| {p['name']} | labelled or studied ages {span} | {_cell(p.get('age_source', ''))} | "
                f"{_flag(p.get('age_flag', p.get('age_evidence_flag', '')))} |"
            )

    lines += ["", "## Reconstitution and opened vials (§2b)", ""]
    lines += [
        "The diluent volume sets an opened vial's concentration; the beyond-use time is the label's. A clinic may set "
        "a longer policy (HARMONY_VIAL_USE_HOURS), following the consensus row of §2b on reuse.",
        "",
        "| Product | Diluent for one package | Use within once reconstituted | Source | Flag |",
        "|---|---|---|---|---|",
    ]
    for p in seed.PRODUCTS:
        if p.get("reconstitution_ml") or p.get("use_within_hours"):
            volume = f"{_n(p.get('reconstitution_ml'))} mL per {_n(p['package_size'])} U"
            within = f"{p['use_within_hours']} h" if p.get("use_within_hours") else "not given"
            lines.append(
                f"| {p['name']} | {volume} | {within} | {_cell(p.get('reconstitution_source', ''))} | "
                f"{_flag(p.get('reconstitution_flag', ''))} |"
            )

    lines += ["", "## Template injection-point patterns (§2a)", ""]
    lines += [
        "A template item's standard points, which applying the template copies onto the plan item: the number of "
        "sites and the dose at each are the label pattern's; the points' positions on the chart are drawings, not "
        "clinical numbers.",
        "",
        "| Template | Area | Product | Pattern | Source | Flag |",
        "|---|---|---|---|---|---|",
    ]
    for template in seed.TEMPLATES:
        for item in template["items"]:
            pattern = item.get("points")
            if not pattern:
                continue
            product = products[item["product"]]
            unit = unit_of[product["kind"]]
            doses = [point["dose"] for point in pattern["points"]]
            each = _n(doses[0]) if len(set(doses)) == 1 else "/".join(_n(d) for d in doses)
            total = sum(Decimal(d) for d in doses)
            lines.append(
                f"| {template['name']} | {item['area']} | {product['name']} | {len(doses)} points × {each} {unit} "
                f"= {_n(total)} {unit} | {_cell(pattern['source'])} | {_flag(pattern['flag'])} |"
            )

    lines += ["", "## Follow-up intervals (§5)", ""]
    lines += ["| Treatment | Review | Repeat no sooner than | Source | Flag |", "|---|---|---|---|---|"]
    for t in seed.TREATMENTS:
        review = f"{t['review']} days" if t.get("review") else "—"
        repeat = f"{t['repeat']} days" if t.get("repeat") else "—"
        flags = f"{_flag(t.get('review_flag', ''))} / {_flag(t.get('repeat_flag', ''))}"
        sources = f"{_cell(t.get('review_source', ''))}; {_cell(t.get('repeat_source', ''))}"
        lines.append(f"| {t['name']} | {review} | {repeat} | {sources} | {flags} |")

    lines += ["", "## Contraindication rules (§4a, §4b)", ""]
    lines += [
        "What each screening answer applies to, and how severely (the most severe matching rule decides).",
        "",
        "| Screening answer | Applies to | Severity | Reason | Source | Flag |",
        "|---|---|---|---|---|---|",
    ]
    treatments_of = {}
    for t in seed.TREATMENTS:
        for rule in t.get("contraindications", []):
            treatments_of.setdefault((rule["contraindication"], rule["severity"], rule.get("reason", "")), []).append(
                t["name"]
            )
    for c in seed.CONTRAINDICATIONS:
        for rule in c.get("rules", []):
            lines.append(_rule_line(c["name"], _scope(rule, products), rule))
        for (slug, severity, reason), names in treatments_of.items():
            if slug == c["slug"]:
                rule = next(
                    r
                    for t in seed.TREATMENTS
                    for r in t.get("contraindications", [])
                    if (r["contraindication"], r["severity"], r.get("reason", "")) == (slug, severity, reason)
                )
                lines.append(_rule_line(c["name"], ", ".join(names), rule))
    for rule in seed.LABEL_RESTRICTIONS:
        lines.append(_rule_line("(always: a label restriction)", _scope(rule, products), rule))

    lines += ["", "## Rules built into the checks", ""]
    lines += [
        "These hold whatever the catalog says (the catalog may make them stricter, never milder): "
        "`catalog/screening.py` and `planning/checks/`.",
        "",
        "| Rule | Source |",
        "|---|---|",
    ]
    for floor in FLOORS:
        scope = (
            floor.modality or floor.substance or ("lidocaine-containing products" if floor.only_with_lidocaine else "")
        )
        if floor.area_slug:
            scope += f" in {floor.area_slug}"
        answer = floor.slug or "always"
        rule = f"{answer} · {scope}: {floor.severity} — {_cell(floor.reason)}"
        lines.append(f"| {rule} | {_cell(floor.source)} · {floor.evidence_flag} |")
    for text, source in (
        ("Toxin re-treatment no more often than every 90 days", SOURCE_RETREATMENT),
        ("A top-up of the same product in the same area within the review window is a touch-up", SOURCE_TOUCH_UP),
        ("Toxin units are never added up or converted across brands", SOURCE_UNITS),
        ("Forehead lines are dosed together with the glabellar lines", SOURCE_FOREHEAD),
        ("No cosmetic toxin or filler is labelled under 18", SOURCE_MINOR),
    ):
        lines.append(f"| {text} | {_cell(source)} |")
    lines.append("")
    return "\n".join(lines)


def _scope(rule: dict, products: dict) -> str:
    parts = []
    if rule.get("modality"):
        parts.append(f"all {rule['modality']}s")
    if rule.get("substance"):
        parts.append(rule["substance"])
    if rule.get("product"):
        parts.append(products[rule["product"]]["name"])
    if rule.get("area"):
        parts.append(f"in {rule['area']}")
    if rule.get("only_with_lidocaine"):
        parts.append("with lidocaine")
    return ", ".join(parts) or "everything"


def _rule_line(answer: str, scope: str, rule: dict) -> str:
    return (
        f"| {answer} | {scope} | {rule['severity']} | {_cell(rule.get('reason', ''))} | "
        f"{_cell(rule.get('source', ''))} | {_flag(rule.get('flag', rule.get('evidence_flag', '')))} |"
    )
