"""The rule book's decisions that everything else asks: which dose range applies, and which contraindication
rules fire. Plain functions over plain data (no ORM, no request), so the add-item form, the services, the safety
checks, the suggestions and the catalog pages all get the same answer.

- applicable_range(ranges, product): the product's own range, else a generic range in the product's unit, and for
  a toxin only a generic range written in the product's substance's units (TreatmentArea.unit_substance). A range
  in another substance's units is never shown or used: toxin units are not interchangeable (clinical reference
  §2c, §2e; docs/clinical-sources.md).
- fired_rules(rules, screening, target): for each screening answer (and for the rules that always apply), the
  matching rules of the highest severity, with their reasons and sources. The rules are the catalog's
  ContraindicationRule rows plus the built-in floors of catalog.screening.FLOORS, which the catalog may make
  stricter, never milder.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, TypeVar

from clinic.formatting import quantity

CONTRAINDICATED = "contraindicated"
CAUTION = "caution"
_RANK = {CAUTION: 0, CONTRAINDICATED: 1}
TOXIN = "toxin"
FILLER = "filler"
ALWAYS = ""  # the screening slug of a rule that applies whatever the screening says


# --- dose ranges -----------------------------------------------------------------------------------------------


class RangeLike(Protocol):
    # Read-only members, so frozen dataclasses (planning.checks.base.DoseRange) match as well as model rows.
    @property
    def product_id(self) -> int | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def unit_substance(self) -> str: ...
    @property
    def dose_min(self) -> Decimal: ...
    @property
    def dose_max(self) -> Decimal: ...
    @property
    def per_side(self) -> bool: ...


R = TypeVar("R", bound=RangeLike)


def applicable_range(ranges: Iterable[R], *, product_id: int | None, unit: str, substance: str) -> R | None:
    """The typical range an item of this product is read against, from the ranges of its treatment and area."""
    ranges = list(ranges)
    own = [r for r in ranges if r.product_id == product_id and r.unit == unit]
    if own:
        return own[0]
    generic = [r for r in ranges if r.product_id is None and r.unit == unit]
    if unit == "U":
        generic = [r for r in generic if r.unit_substance == substance]
    return generic[0] if generic else None


def ranges_in_other_units(ranges: Iterable[R], *, product_id: int, unit: str, substance: str) -> list[R]:
    """Toxin ranges for this treatment and area that are in another product's or substance's units."""
    if unit != "U":
        return []
    return [
        r
        for r in ranges
        if r.unit == unit
        and r.product_id != product_id
        and not (r.product_id is None and r.unit_substance == substance)
    ]


def side_factor(*, per_side: bool, bilateral: bool, side: str) -> int:
    """How many sides an item's total dose covers when it is read against a per-side range."""
    return 2 if per_side and bilateral and side == "both" else 1


# A dose this many times the top of the typical range (or of the labelled per-session maximum) is a typing error,
# refused at the field: not a clinical limit, a guard against a slipped decimal point or an extra zero.
TYPING_ERROR_FACTOR = 10
# With no range and no labelled maximum: far above every labelled maximum, so only a typing error reaches them
# (2.5 × the 400 U toxin maximum of §2c; 5 × the Juvéderm 20 mL per 60 kg yearly limit of §3b).
UNIT_CEILING = {"U": Decimal(1000), "mL": Decimal(100)}


def implausible_dose(
    dose: Decimal,
    *,
    unit: str,
    dose_range: RangeLike | None = None,
    bilateral: bool = False,
    side: str = "",
    session_max: Decimal | None = None,
) -> str | None:
    """Why `dose` cannot be meant (a typing error), or None. Orders of magnitude off, never a clinical judgement:
    above a range or a labelled maximum the checks give a caution or a stop instead."""
    ceiling, basis = UNIT_CEILING.get(unit, UNIT_CEILING["mL"]), ""
    if dose_range is not None:
        top = dose_range.dose_max * side_factor(per_side=dose_range.per_side, bilateral=bilateral, side=side)
        ceiling, basis = (
            min(ceiling, top * TYPING_ERROR_FACTOR),
            f"the top of the typical range ({_amount(top)} {unit})",
        )
    elif session_max is not None:
        ceiling = min(ceiling, session_max * TYPING_ERROR_FACTOR)
        basis = f"the labelled maximum per session ({_amount(session_max)} {unit})"
    if dose <= ceiling:
        return None
    if basis:
        return (
            f"{_amount(dose)} {unit} is more than {TYPING_ERROR_FACTOR} times {basis}: check for a typing error "
            "(a slipped decimal point or an extra zero)."
        )
    return (
        f"{_amount(dose)} {unit} cannot be right: check for a typing error (a slipped decimal point or an extra zero)."
    )


def _amount(value: Decimal) -> str:
    return quantity(value)


# --- contraindications -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One rule: when it applies (its scope; empty parts match everything), how severe, why and the source."""

    slug: str  # the screening answer it needs; ALWAYS ("") for a rule that applies whatever the screening says
    severity: str  # CONTRAINDICATED or CAUTION
    reason: str = ""  # plain words; "{product}" is replaced by the product's name
    source: str = ""
    evidence_flag: str = ""
    name: str = ""  # the screening answer's readable name
    treatment_id: int | None = None
    modality: str = ""  # "toxin" / "filler"
    substance: str = ""
    product_id: int | None = None
    area_id: int | None = None
    area_slug: str = ""  # built-in floors name areas by slug (catalog ids differ between databases)
    only_with_lidocaine: bool = False
    builtin: bool = False


@dataclass(frozen=True)
class Target:
    """What a rule is matched against: one product, planned for one treatment in one area."""

    kind: str
    substance: str
    product_id: int | None
    product_name: str
    contains_lidocaine: bool = False
    treatment_id: int | None = None
    area_id: int | None = None
    area_slug: str = ""


@dataclass(frozen=True)
class Fired:
    """A screening answer (or ALWAYS) and what the most severe of its matching rules say."""

    slug: str
    name: str
    severity: str
    reasons: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def contraindicated(self) -> bool:
        return self.severity == CONTRAINDICATED


def rule_applies(rule: Rule, target: Target) -> bool:
    checks = (
        rule.treatment_id is None or rule.treatment_id == target.treatment_id,
        not rule.modality or rule.modality == target.kind,
        not rule.substance or rule.substance == target.substance,
        rule.product_id is None or rule.product_id == target.product_id,
        rule.area_id is None or rule.area_id == target.area_id,
        not rule.area_slug or rule.area_slug == target.area_slug,
        not rule.only_with_lidocaine or target.contains_lidocaine,
    )
    return all(checks)


def cite(source: str, evidence_flag: str) -> str:
    source, evidence_flag = (source or "").strip(), (evidence_flag or "").strip()
    if source and evidence_flag:
        return f"{source} · {evidence_flag}"
    return source or evidence_flag or "no source recorded in the catalog"


def fired_rules(rules: Sequence[Rule], *, screening: Iterable[str], target: Target) -> list[Fired]:
    """For each answer in the screening (and the rules that always apply) whose rules match the target: the
    highest severity among them, and only that severity's reasons, so a finding says one thing."""
    wanted = {ALWAYS, *screening}
    by_slug: dict[str, list[Rule]] = {}
    for rule in rules:
        if rule.slug in wanted and rule_applies(rule, target):
            by_slug.setdefault(rule.slug, []).append(rule)
    fired = []
    for slug in sorted(by_slug):
        matching = by_slug[slug]
        top = max(_RANK.get(r.severity, 0) for r in matching)
        worst = [r for r in matching if _RANK.get(r.severity, 0) == top]
        # The catalog's own words first; a built-in floor's where the catalog says nothing as severe, or has no
        # words of its own for it.
        worst.sort(key=lambda r: r.builtin)
        worded = [r for r in worst if r.reason.strip()]
        catalog_said = [r for r in worded if not r.builtin]
        shown = catalog_said or worded or worst[:1]
        fired.append(
            Fired(
                slug=slug,
                name=next((r.name for r in matching if r.name), slug.replace("-", " ").capitalize()),
                severity=CONTRAINDICATED if top else CAUTION,
                reasons=tuple(dict.fromkeys(_reason(r, target) for r in shown)),
                # What is said, and every catalog rule behind the severity (a floor only when it speaks).
                sources=tuple(
                    dict.fromkeys(
                        cite(r.source, r.evidence_flag) for r in [*shown, *(r for r in worst if not r.builtin)]
                    )
                ),
            )
        )
    return fired


def _reason(rule: Rule, target: Target) -> str:
    text = rule.reason.strip() or ("contraindicated" if rule.severity == CONTRAINDICATED else "use with caution")
    return text.replace("{product}", target.product_name).rstrip(".")


def allowed(rules: Sequence[Rule], *, screening: Iterable[str], target: Target) -> bool:
    """False when a rule rules the target out (contraindicated) for this screening."""
    return not any(f.contraindicated for f in fired_rules(rules, screening=screening, target=target))
