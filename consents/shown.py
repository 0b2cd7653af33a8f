"""What the patient reads before signing, as plain text, and its SHA-256 hash.

A signature is kept with a hash of exactly what was shown above it: the plan's summary (what will be done, in which
session, at what price) and, for a consent, the consent text. The signing page shows these same strings (line breaks
kept), the form carries their hash, and the service recomputes it from the plan and text as they are saved: a plan
or text that changed while the page was open is refused, never signed unseen. The text itself is kept beside the
hash, so a signed record shows what was signed even after the plan moves on.

Plain words only: no clinical notes, findings, rationales or sources, whoever opens the page.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from catalog.models import Side
from clinic.formatting import amount, money, weekday
from planning.models import TreatmentPlan
from planning.selectors import plan_items, session_date

SEPARATOR = "\n\n"


def _who(user) -> str:
    return user.get_full_name() or user.username


def _item_line(item) -> str:
    where = item.area.name
    if item.side in (Side.LEFT, Side.RIGHT):
        where += f" ({item.get_side_display().lower()} side)"
    elif item.side == Side.BOTH and item.area.bilateral:
        where += " (both sides)"
    price = money(item.price) + ("*" if item.price_is_example else "")
    return f"- {where}: {item.treatment.name} with {item.product.name}, {amount(item.dose, item.dose_unit)}, {price}"


def plan_summary(plan: TreatmentPlan, items=None) -> str:
    """The plan in plain words: the sessions and their items with prices, the total and the practitioner's notes
    for the patient. `items` are the plan's items (planning.selectors.plan_items), read here when not given."""
    items = plan_items(plan) if items is None else items
    lines = [
        f"Treatment plan: {plan.title}",
        f"For: {plan.patient.display_name}",
        f"Prepared by: {_who(plan.practitioner)}",
    ]
    total = sum((item.price for item in items), Decimal("0"))
    numbers = sorted({item.session_number for item in items})
    for number in numbers:
        when = session_date(plan, number)
        lines.append("")
        lines.append(f"Session {number}: {weekday(when)}" if when else f"Session {number}: date to be booked")
        in_session = [item for item in items if item.session_number == number]
        lines.extend(_item_line(item) for item in in_session)
        if len(numbers) > 1:
            subtotal = sum((item.price for item in in_session), Decimal("0"))
            lines.append(f"Session {number} subtotal: {money(subtotal)}")
    lines.append("")
    if items:
        lines.append(f"Total: {money(total)}")
    else:
        lines.append("This plan has no treatments yet.")
    if any(item.price_is_example for item in items):
        lines.append("* Example price: please ask the clinic for the current price.")
    if len(numbers) > 1 and plan.session_gap_days:
        lines.append(f"Sessions are planned {plan.session_gap_days} days apart.")
    if plan.patient_notes:
        lines.extend(["", "Notes from your practitioner:", plan.patient_notes.strip()])
    return "\n".join(lines).strip()


ACCEPT_STATEMENT = (
    "By signing, I accept this treatment plan and its prices. I have been able to ask questions about it, and I "
    "know I can change my mind before any treatment."
)


def acceptance_shown(summary: str) -> str:
    """What the acceptance's signing page shows: the plan, then what signing it means."""
    return SEPARATOR.join([summary, ACCEPT_STATEMENT])


def consent_shown(summary: str, text) -> str:
    """What a consent's signing page shows: the consent text (title and body), then the plan it is given for."""
    return SEPARATOR.join([text.title.strip(), text.body.strip(), "The plan this consent is given for:", summary])


def sha256(shown: str) -> str:
    """The hex SHA-256 of the text as UTF-8, line endings as "\\n" (a browser may send "\\r\\n")."""
    return hashlib.sha256(shown.replace("\r\n", "\n").encode("utf-8")).hexdigest()
