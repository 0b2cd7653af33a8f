"""Small display helpers for catalog pages: doses with units, evidence-flag badges and the face chart.

How a product's label limits and ages are written (limit_groups, age_text) lives here once; the admin's product
list writes them with the same functions.
"""

from django import template

from catalog.models import EvidenceFlag
from clinic.formatting import amount
from clinic.formatting import quantity as qty

register = template.Library()

FLAG_STYLE = {
    EvidenceFlag.LABEL: "text-bg-success",
    EvidenceFlag.LABEL_2: "text-bg-success bg-opacity-75",
    EvidenceFlag.TRIAL: "text-bg-primary",
    EvidenceFlag.REVIEW: "text-bg-info",
    EvidenceFlag.DERIVED: "text-bg-secondary",
    EvidenceFlag.PRACTICE: "text-bg-warning",
    EvidenceFlag.GK: "text-bg-danger",
}
FLAG_HELP = {
    EvidenceFlag.LABEL: "FDA label / IFU, read from the document itself",
    EvidenceFlag.LABEL_2: "Label content read through a secondary reproduction",
    EvidenceFlag.TRIAL: "Clinical study result: describes study use, not a label limit",
    EvidenceFlag.REVIEW: "Peer-reviewed review or consensus",
    EvidenceFlag.DERIVED: "Computed from labelled numbers",
    EvidenceFlag.PRACTICE: "Typical practice only: a hint for a default, never a limit",
    EvidenceFlag.GK: "Unverified general knowledge",
}


def yearly_limit_text(product) -> str:
    """The yearly limit in words: "20 mL per 60 kg a year" (it scales with body weight) or "40 mL a year"."""
    per = f" per {qty(product.yearly_max_body_weight_kg)} kg" if product.yearly_max_body_weight_kg else ""
    return f"{amount(product.yearly_max, product.dose_unit)}{per} a year"


def limit_groups(product) -> list[dict]:
    """A product's label limits in words, grouped by the source and evidence flag they carry."""
    unit, groups = product.dose_unit, []
    short = []
    if product.max_units_per_session is not None:
        short.append(f"{amount(product.max_units_per_session, unit)} per session")
    if product.max_units_90_days is not None:
        short.append(f"{amount(product.max_units_90_days, unit)} in 90 days")
    if short:
        groups.append({"lines": short, "flag": product.limit_evidence_flag, "source": product.limit_source})
    if product.yearly_max is not None:
        group = product.yearly_limit_group
        groups.append(
            {
                "lines": [yearly_limit_text(product)],
                "note": f"one limit shared by all {group}" if group else "",
                "flag": product.yearly_limit_evidence_flag,
                "source": product.yearly_limit_source,
            }
        )
    return groups


def limit_texts(product) -> list[str]:
    return [line for group in limit_groups(product) for line in group["lines"]]


def age_text(product) -> str:
    """The labelled or studied ages: "22–65 years", "22 years and over", "up to 65 years", or ""."""
    low, high = product.min_age, product.max_age
    if low is not None and high is not None:
        return f"{low}–{high} years"
    if low is not None:
        return f"{low} years and over"
    if high is not None:
        return f"up to {high} years"
    return ""


@register.inclusion_tag("catalog/_product_limits.html")
def product_limits(product):
    return {"groups": limit_groups(product)}


@register.inclusion_tag("catalog/_product_ages.html")
def product_ages(product):
    return {"ages": age_text(product), "flag": product.age_evidence_flag, "source": product.age_source}


def flag_label(flag: str) -> str:
    """How an evidence flag is written: LABEL-2 is "LABEL-2°" (label content read through a reproduction)."""
    return flag.replace("LABEL-2", "LABEL-2°") if flag else ""


@register.inclusion_tag("catalog/_flag.html")
def flag_badge(flag: str, source: str = ""):
    return {
        "flag": flag,
        "label": flag_label(flag),
        "style": FLAG_STYLE.get(flag, "text-bg-light"),
        "help": FLAG_HELP.get(flag, ""),
        "source": source,
    }


@register.inclusion_tag("catalog/_face_chart.html")
def face_chart(points, title="Face chart", link=True, size="md"):
    return {"points": points, "title": title, "link": link, "size": size, "legend": FLAG_HELP}


@register.simple_tag
def flag_legend():
    return [(flag_label(flag), FLAG_STYLE[flag], FLAG_HELP[flag]) for flag in FLAG_STYLE]
