"""Checks against the patient: the screening's contraindications, and the patient's age.

Contraindications come from one rule book (catalog.rules): the catalog's ContraindicationRule rows and the
built-in floors of catalog.screening.FLOORS, carried in PlanInput.rules. The same rules drive the suggestions
(planning.suggestions), so a product the checks stop is one the suggestions leave out.
"""

from __future__ import annotations

from catalog.rules import CONTRAINDICATED, Target, fired_rules

from .base import CAUTION, STOP, TOXIN, Finding, ItemInput, PlanInput, cite, session_date

ADULT_AGE = 18
SOURCE_MINOR = (
    "Clinical reference §4a: age <18, safety and effectiveness not established (all toxins); §4b: fillers "
    "studied in adults over 21 · LABEL-2°"
)


def target_for(item: ItemInput) -> Target:
    product = item.product
    return Target(
        kind=product.kind,
        substance=product.substance,
        product_id=product.id,
        product_name=product.name,
        contains_lidocaine=product.contains_lidocaine,
        treatment_id=item.treatment_id,
        area_id=item.area_id,
        area_slug=item.area_slug,
    )


def check_contraindications(plan: PlanInput) -> list[Finding]:
    findings = []
    for item in plan.items:
        for fired in fired_rules(plan.rules, screening=plan.screening_slugs, target=target_for(item)):
            stop = fired.severity == CONTRAINDICATED
            word = "contraindicated" if stop else "use with caution"
            reasons = "; ".join(fired.reasons)
            where = f"{item.treatment_name} in {item.area_name}"
            if fired.slug:
                name = plan.screening_names.get(fired.slug) or fired.name
                message = f"{where}: {name} recorded in the screening ({word}) — {reasons}."
            else:
                message = f"{where}: {item.product.name} is {word} here — {reasons}."
            findings.append(
                Finding(
                    STOP if stop else CAUTION,
                    "contraindication",
                    message,
                    item.key,
                    "; ".join(fired.sources),
                )
            )
    return findings


def age_on(birth_date, day) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_age(plan: PlanInput) -> list[Finding]:
    """The patient's age on each session's date against the product's labelled or studied ages: outside them a
    caution; under 18 a stop (no cosmetic toxin or filler is labelled for minors)."""
    if plan.birth_date is None:
        return []
    findings = []
    seen: set[tuple[int, int]] = set()
    for item in plan.items:
        product = item.product
        if (item.session_number, product.id) in seen:
            continue
        seen.add((item.session_number, product.id))
        day = session_date(plan, item.session_number)
        age = age_on(plan.birth_date, day)
        when = f"on the session date (session {item.session_number})"
        if age < ADULT_AGE:
            kind = "toxin" if product.kind == TOXIN else "filler"
            findings.append(
                Finding(
                    STOP,
                    "age-minor",
                    f"The patient is {age} {when}: no cosmetic {kind} is labelled for patients under {ADULT_AGE} "
                    f"({product.name}).",
                    item.key,
                    cite(product.age_source, product.age_evidence_flag) if product.age_source else SOURCE_MINOR,
                )
            )
            continue
        low, high = product.min_age, product.max_age
        if (low is not None and age < low) or (high is not None and age > high):
            if low is not None and high is not None:
                span = f"{low} to {high}"
            elif low is not None:
                span = f"{low} and over"
            else:
                span = f"up to {high}"
            findings.append(
                Finding(
                    CAUTION,
                    "age-outside-label",
                    f"The patient is {age} {when}; {product.name} is labelled or studied for ages {span}.",
                    item.key,
                    cite(product.age_source, product.age_evidence_flag),
                )
            )
    return findings
