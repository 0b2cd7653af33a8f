"""Suggestions that follow a consultation's concerns (pure ranking, plus a thin database adapter).

CONTRACT: suggestions_for_consultation(consultation) -> list[Suggestion], ranked by how many of the patient's
concerns each covers; contraindicated ones are kept but marked excluded with the reasons, listed last.
"""

from __future__ import annotations

from dataclasses import dataclass


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


def suggestions_for_consultation(consultation) -> list[Suggestion]:
    raise NotImplementedError("filled in by the suggestions work")
