"""Small display helpers for catalog pages: doses with units, evidence-flag badges and the face chart."""

from decimal import Decimal

from django import template

from catalog.models import EvidenceFlag

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


@register.filter
def qty(value) -> str:
    """20.00 -> "20", 0.50 -> "0.5": doses and sizes without trailing zeros."""
    if value in (None, ""):
        return ""
    number = Decimal(str(value)).normalize()
    return f"{number:f}"


@register.inclusion_tag("catalog/_flag.html")
def flag_badge(flag: str, source: str = ""):
    return {
        "flag": flag,
        "label": flag.replace("LABEL-2", "LABEL-2°") if flag else "",
        "style": FLAG_STYLE.get(flag, "text-bg-light"),
        "help": FLAG_HELP.get(flag, ""),
        "source": source,
    }


@register.inclusion_tag("catalog/_face_chart.html")
def face_chart(points, title="Face chart", link=True, size="md"):
    return {"points": points, "title": title, "link": link, "size": size, "legend": FLAG_HELP}


@register.simple_tag
def flag_legend():
    return [(flag.replace("LABEL-2", "LABEL-2°"), FLAG_STYLE[flag], FLAG_HELP[flag]) for flag in FLAG_STYLE]
