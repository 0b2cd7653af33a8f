"""Suggestions that follow a consultation's concerns (pure ranking, plus a thin database adapter).

CONTRACT: suggestions_for_consultation(consultation) -> list[Suggestion], ranked by how many of the patient's
concerns each covers; contraindicated ones are kept but marked excluded with the reasons, listed last.

rank_suggestions(...) is the pure part: plain candidates in, ranked Suggestions out. Ranking: most of the
patient's concerns covered first; ties: combination templates before single treatments, then by name. A candidate
that covers none of the concerns is not suggested. A candidate the screening rules out is kept, marked excluded,
and listed after every suggested one (in the same order among themselves).

What the screening rules out comes from the same rule book as the safety checks (catalog.rules.fired_rules over
the catalog's ContraindicationRule rows and catalog.screening.FLOORS): a treatment is excluded when every one of its
eligible products is ruled out for it; a template line whose product is ruled out takes the first eligible product
the screening allows (planning.services.pick_product, which applying the template uses too) and the suggestion says
which product was swapped; a template is excluded only when a line has no allowed product at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Prefetch

from catalog.models import CombinationTemplate, TemplateItem, Treatment, TreatmentArea
from catalog.rules import Target, fired_rules

TEMPLATE = "template"
TREATMENT = "treatment"
_KIND_ORDER = {TEMPLATE: 0, TREATMENT: 1}


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "template" or "treatment"
    id: int
    slug: str
    name: str
    covers: tuple[str, ...]  # names of the patient's concerns it addresses
    excluded: bool = False
    reasons: tuple[str, ...] = ()  # why excluded (screening contraindications), readable sentences
    swaps: tuple[str, ...] = ()  # "Juvéderm Voluma XC → Sculptra Aesthetic (lidocaine allergy — ...)"

    @property
    def reason(self) -> str:
        return "addresses: " + ", ".join(c.lower() for c in self.covers)


@dataclass(frozen=True)
class Candidate:
    """A template or treatment, as plain data: which concerns (by id) it addresses and why it may be excluded."""

    kind: str
    id: int
    slug: str
    name: str
    concern_ids: frozenset[int]
    exclusions: tuple[str, ...] = ()
    swaps: tuple[str, ...] = ()


def rank_suggestions(*, concerns: Sequence[tuple[int, str]], candidates: Iterable[Candidate]) -> list[Suggestion]:
    """concerns: the patient's (id, name) in the consultation's order. Pure: no database."""
    order = {concern_id: index for index, (concern_id, _) in enumerate(concerns)}
    names = dict(concerns)
    suggestions = []
    for candidate in candidates:
        covered = sorted((c for c in candidate.concern_ids if c in order), key=order.__getitem__)
        if not covered:
            continue
        suggestions.append(
            Suggestion(
                kind=candidate.kind,
                id=candidate.id,
                slug=candidate.slug,
                name=candidate.name,
                covers=tuple(names[c] for c in covered),
                excluded=bool(candidate.exclusions),
                reasons=tuple(dict.fromkeys(candidate.exclusions)),
                swaps=tuple(dict.fromkeys(candidate.swaps)),
            )
        )
    return sorted(
        suggestions,
        key=lambda s: (s.excluded, -len(s.covers), _KIND_ORDER.get(s.kind, 9), s.name.casefold(), s.id),
    )


def _sentence(fired) -> str:
    if not fired.slug:
        return f"Label restriction — {fired.reasons[0]}."
    return f"{fired.name[:1].upper()}{fired.name[1:]} recorded — {fired.reasons[0]}."


def ruled_out(product, *, treatment, area, screening, rules) -> str:
    """Why the rule book rules this product out for this treatment and area, or "" when it does not."""
    target = Target(
        kind=product.kind,
        substance=product.substance,
        product_id=product.pk,
        product_name=product.name,
        contains_lidocaine=product.contains_lidocaine,
        treatment_id=treatment.pk,
        area_id=area.pk if area is not None else None,
        area_slug=area.slug if area is not None else "",
    )
    fired = [f for f in fired_rules(rules, screening=screening, target=target) if f.contraindicated]
    return _sentence(fired[0]) if fired else ""


def suggestions_for_consultation(consultation) -> list[Suggestion]:
    """Templates and treatments for the consultation's concerns, ranked, in a fixed number of queries: 6, plus 2
    when the screening has a positive answer (1 when the consultation has no concerns)."""
    from planning.check_data import catalog_rules
    from planning.services import pick_product

    concerns = [(c.pk, c.name) for c in consultation.concerns.all()]
    if not concerns:
        return []
    concern_ids = [pk for pk, _ in concerns]
    screening = frozenset(consultation.positive_screening_slugs())
    ranges = Prefetch("treatment__dose_ranges", queryset=TreatmentArea.objects.select_related("product"))
    eligible = Prefetch("treatment__products", queryset=_active_products())
    # The products and ranges are only read when a screening answer may rule a product out.
    line_prefetch = (ranges, eligible) if screening else ()
    templates = list(
        CombinationTemplate.objects.active()
        .filter(concerns__in=concern_ids)
        .distinct()
        .prefetch_related(
            "concerns",
            Prefetch(
                "items",
                queryset=TemplateItem.objects.select_related("treatment", "area", "product").prefetch_related(
                    *line_prefetch
                ),
            ),
        )
    )
    treatments = list(
        Treatment.objects.active()
        .filter(concerns__in=concern_ids)
        .distinct()
        .prefetch_related("concerns", *([Prefetch("products", queryset=_active_products())] if screening else []))
    )
    rules = catalog_rules() if screening else ()

    candidates = []
    for template in templates:
        reasons: list[str] = []
        swaps: list[str] = []
        for line in template.items.all() if screening else ():
            line_ranges = [r for r in line.treatment.dose_ranges.all() if r.area_id == line.area_id]
            choice = pick_product(
                treatment=line.treatment,
                area=line.area,
                preferred=line.product,
                eligible=list(line.treatment.products.all()),
                ranges=line_ranges,
                screening=screening,
                rules=rules,
            )
            if choice.swapped_from is not None:
                swaps.append(f"{choice.swapped_from.name} → {choice.product.name} ({choice.why})")
            elif choice.why:
                reasons.append(_why_sentence(choice.why))
        candidates.append(
            Candidate(
                TEMPLATE,
                template.pk,
                template.slug,
                template.name,
                frozenset(c.pk for c in template.concerns.all()),
                tuple(reasons),
                tuple(swaps),
            )
        )
    for treatment in treatments:
        reasons = []
        products = list(treatment.products.all()) if screening else []
        if products:
            # A rule for the whole treatment (or its modality) speaks for itself; otherwise the treatment is
            # excluded only when every eligible product is ruled out.
            generic = SimpleNamespace(
                pk=None, name=treatment.name, kind=treatment.modality, substance="", contains_lidocaine=False
            )
            whole = ruled_out(generic, treatment=treatment, area=None, screening=screening, rules=rules)
            per_product = [
                ruled_out(p, treatment=treatment, area=None, screening=screening, rules=rules) for p in products
            ]
            if whole:
                reasons = [whole]
            elif all(per_product):
                example = per_product[0]
                reasons = [f"No eligible product suits this screening: {example[:1].lower()}{example[1:]}"]
        candidates.append(
            Candidate(
                TREATMENT,
                treatment.pk,
                treatment.slug,
                treatment.name,
                frozenset(c.pk for c in treatment.concerns.all()),
                tuple(reasons),
            )
        )
    return rank_suggestions(concerns=concerns, candidates=candidates)


def _why_sentence(why: str) -> str:
    why = why.rstrip(".")
    return f"{why[:1].upper()}{why[1:]}."


def _active_products():
    from catalog.models import Product

    return Product.objects.filter(is_active=True).order_by("name")


__all__ = ["Candidate", "Suggestion", "rank_suggestions", "ruled_out", "suggestions_for_consultation"]
