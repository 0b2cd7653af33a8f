"""Suggestions that follow a consultation's concerns (pure ranking, plus a thin database adapter).

CONTRACT: suggestions_for_consultation(consultation) -> list[Suggestion], ranked by how many of the patient's
concerns each covers; contraindicated ones are kept but marked excluded with the reasons, listed last.

rank_suggestions(...) is the pure part: plain candidates in, ranked Suggestions out. Ranking: most of the
patient's concerns covered first; ties: combination templates before single treatments, then by name. A candidate
that covers none of the concerns is not suggested. A candidate the screening rules out is kept, marked excluded,
and listed after every suggested one (in the same order among themselves).

What the screening rules out (screening_exclusions): a treatment whose contraindication link with severity
"contraindicated" matches a positive screening answer; a product (a template's default product) linked to such a
contraindication, or containing lidocaine when a lidocaine allergy is recorded; and, whatever the catalog says,
the reference's floors from planning.checks.builtin_rule (pregnancy or breastfeeding defers toxin and filler;
cow's milk protein allergy rules out abobotulinumtoxinA). A template is excluded if any of its items is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch

from catalog.models import CombinationTemplate, Contraindication, TemplateItem, Treatment, TreatmentContraindication
from clinic.models import SCREENING_QUESTIONS
from planning.checks import CONTRAINDICATED, builtin_rule

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

    @property
    def reason(self) -> str:
        return "addresses: " + ", ".join(c.lower() for c in self.covers)

    @property
    def exclusion_text(self) -> str:
        """ "not suggested: lidocaine allergy recorded — Juvéderm Voluma XC contains lidocaine", or "" if suggested."""
        if not self.excluded:
            return ""
        return "not suggested: " + "; ".join(r[:1].lower() + r[1:].rstrip(".") for r in self.reasons)


@dataclass(frozen=True)
class Candidate:
    """A template or treatment, as plain data: which concerns (by id) it addresses and why it may be excluded."""

    kind: str
    id: int
    slug: str
    name: str
    concern_ids: frozenset[int]
    exclusions: tuple[str, ...] = ()


@dataclass(frozen=True)
class TreatmentFacts:
    name: str
    modality: str  # "toxin" or "filler"
    contraindicated_slugs: tuple[tuple[str, str], ...] = ()  # (slug, note) of links with severity contraindicated


@dataclass(frozen=True)
class ProductFacts:
    name: str
    kind: str
    substance: str
    contains_lidocaine: bool
    contraindicated_slugs: tuple[str, ...] = ()  # linked contraindications whose default severity is contraindicated


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
            )
        )
    return sorted(
        suggestions,
        key=lambda s: (s.excluded, -len(s.covers), _KIND_ORDER.get(s.kind, 9), s.name.casefold(), s.id),
    )


def _screening_label(slug: str, names: dict[str, str]) -> str:
    label = names.get(slug) or slug.replace("-", " ")
    return label[:1].upper() + label[1:]


def treatment_exclusions(treatment: TreatmentFacts, *, screening: frozenset[str], names: dict[str, str]) -> list[str]:
    reasons = []
    linked = dict(treatment.contraindicated_slugs)
    for slug in sorted(screening):
        if slug in linked:
            why = linked[slug] or f"{treatment.name} is contraindicated"
            reasons.append(f"{_screening_label(slug, names)} recorded — {why.rstrip('.')}.")
        elif builtin_rule(slug, kind=treatment.modality) == CONTRAINDICATED:
            reasons.append(f"{_screening_label(slug, names)} recorded — {treatment.modality} treatments are deferred.")
    return reasons


def product_exclusions(product: ProductFacts, *, screening: frozenset[str], names: dict[str, str]) -> list[str]:
    reasons = []
    for slug in sorted(screening):
        floor = builtin_rule(
            slug, kind=product.kind, substance=product.substance, contains_lidocaine=product.contains_lidocaine
        )
        if slug == "lidocaine-allergy" and product.contains_lidocaine:
            reasons.append(f"{_screening_label(slug, names)} recorded — {product.name} contains lidocaine.")
        elif slug in product.contraindicated_slugs or (floor == CONTRAINDICATED and slug != "pregnancy-breastfeeding"):
            # Pregnancy is reported once per treatment modality (treatment_exclusions), not again per product.
            reasons.append(f"{_screening_label(slug, names)} recorded — {product.name} is contraindicated.")
    return reasons


def suggestions_for_consultation(consultation) -> list[Suggestion]:
    """Templates and treatments for the consultation's concerns, ranked, in a fixed number of queries: 6, plus 4
    when the screening has a positive answer (1 when the consultation has no concerns)."""
    concerns = [(c.pk, c.name) for c in consultation.concerns.all()]
    if not concerns:
        return []
    concern_ids = [pk for pk, _ in concerns]
    screening = frozenset(consultation.positive_screening_slugs())

    templates = list(
        CombinationTemplate.objects.active()
        .filter(concerns__in=concern_ids)
        .distinct()
        .prefetch_related(
            "concerns",
            Prefetch("items", queryset=TemplateItem.objects.select_related("treatment", "product")),
        )
    )
    treatments = list(
        Treatment.objects.active().filter(concerns__in=concern_ids).distinct().prefetch_related("concerns")
    )

    treatment_links: dict[int, list[tuple[str, str]]] = defaultdict(list)
    product_links: dict[int, list[str]] = defaultdict(list)
    eligible: dict[int, list] = defaultdict(list)  # treatment id -> its active eligible products
    names: dict[str, str] = {}
    if screening:
        treatment_ids = {t.pk for t in treatments} | {i.treatment_id for t in templates for i in t.items.all()}
        for row in Treatment.products.through.objects.filter(
            treatment_id__in=[t.pk for t in treatments], product__is_active=True
        ).select_related("product"):
            eligible[row.treatment_id].append(row.product)
        product_ids = {i.product_id for t in templates for i in t.items.all() if i.product_id}
        product_ids |= {p.pk for products in eligible.values() for p in products}
        names = {slug: label for _, label, slug in SCREENING_QUESTIONS if slug in screening}
        names.update(Contraindication.objects.filter(slug__in=screening).values_list("slug", "name"))
        links = TreatmentContraindication.objects.filter(
            treatment_id__in=treatment_ids, contraindication__slug__in=screening, severity=CONTRAINDICATED
        ).values_list("treatment_id", "contraindication__slug", "note")
        for treatment_id, slug, note in links:
            treatment_links[treatment_id].append((slug, note))
        through = Contraindication.products.through.objects.filter(
            product_id__in=product_ids,
            contraindication__slug__in=screening,
            contraindication__default_severity=CONTRAINDICATED,
        ).values_list("product_id", "contraindication__slug")
        for product_id, slug in through:
            product_links[product_id].append(slug)

    def facts(treatment) -> TreatmentFacts:
        return TreatmentFacts(treatment.name, treatment.modality, tuple(sorted(treatment_links.get(treatment.pk, ()))))

    def product_facts(product) -> ProductFacts:
        return ProductFacts(
            product.name,
            product.kind,
            product.substance,
            product.contains_lidocaine,
            tuple(product_links.get(product.pk, ())),
        )

    def treatment_reasons(treatment) -> list[str]:
        reasons = treatment_exclusions(facts(treatment), screening=screening, names=names)
        products = eligible.get(treatment.pk, [])
        if reasons or not products:
            return reasons
        # A treatment none of whose products the patient can have is no suggestion either.
        per_product = [product_exclusions(product_facts(p), screening=screening, names=names) for p in products]
        if all(per_product):
            example = per_product[0][0]
            return [f"No eligible product suits this screening: {example[:1].lower()}{example[1:]}"]
        return []

    candidates = []
    for template in templates:
        reasons: list[str] = []
        for item in template.items.all():
            reasons += treatment_exclusions(facts(item.treatment), screening=screening, names=names)
            if item.product is not None:
                reasons += product_exclusions(product_facts(item.product), screening=screening, names=names)
        candidates.append(
            Candidate(
                TEMPLATE,
                template.pk,
                template.slug,
                template.name,
                frozenset(c.pk for c in template.concerns.all()),
                tuple(reasons),
            )
        )
    for treatment in treatments:
        candidates.append(
            Candidate(
                TREATMENT,
                treatment.pk,
                treatment.slug,
                treatment.name,
                frozenset(c.pk for c in treatment.concerns.all()),
                tuple(treatment_reasons(treatment)),
            )
        )
    return rank_suggestions(concerns=concerns, candidates=candidates)
