"""What a user may see of the clinic's records, and the searches over them.

Every view reads patients and consultations through these helpers, so the access rule lives in one place: staff
with the model's view permission (front desk, practitioners) see the clinic's records; anyone else gets a 403 from
the view's permission check before reaching here, and an unknown code is a 404.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from catalog.models import Concern
from clinic.formatting import style
from clinic.roles import PRACTITIONER
from patients import access
from patients.models import Consultation, Patient, PreviousTreatment, digits_only, fold_text

SEARCH_LIMIT = 50
# A date of birth is searched as any date field takes it (the locale's DATE_INPUT_FORMATS: dd/mm/yyyy, yyyy-mm-dd...)
# and, in a search only, with a two-digit year: 12/04/88.
SEARCH_ONLY_DATE_FORMATS = ("%d/%m/%y",)
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()-]+$")
_DATE_LIKE = re.compile(r"^(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})$")


def _check_code(code) -> None:
    # Path converters already require a UUID; this guards direct calls with junk.
    if code is None:
        raise Http404


def get_patient_for_user(*, user, code) -> tuple[Patient, bool]:
    """The patient with this code and whether the user may change it; 404 for an unknown code."""
    _check_code(code)
    patient = get_object_or_404(Patient.objects.select_related("created_by", "updated_by"), code=code)
    return patient, access.can_change_patient(user=user, patient=patient)


def get_consultation_for_user(*, user, code) -> tuple[Consultation, bool]:
    _check_code(code)
    consultation = get_object_or_404(
        Consultation.objects.select_related("patient", "practitioner", "recorded_by").prefetch_related(
            Prefetch("concerns", queryset=Concern.objects.order_by("display_order", "name"))
        ),
        code=code,
    )
    return consultation, access.can_change_consultation(user=user, consultation=consultation)


def practitioners() -> QuerySet:
    """Users who can be chosen to plan a consultation: active members of the Practitioner group."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=PRACTITIONER)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


# --- Dashboard ------------------------------------------------------------------------------------------------


@dataclass
class DashboardDay:
    day: date
    consultations: list


def dashboard_consultations(*, user, today: date | None = None, days_ahead: int = 14) -> list[DashboardDay]:
    """Consultations from the start of today (clinic time) to `days_ahead` days on, grouped by clinic day.

    A fixed number of queries whatever the number of rows: one for consultations with patient and practitioner,
    one for their concerns.
    """
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(today, datetime.min.time()), tz)
    end = start + timedelta(days=days_ahead + 1)
    rows = (
        Consultation.objects.filter(scheduled_at__gte=start, scheduled_at__lt=end, patient__is_archived=False)
        .select_related("patient", "practitioner")
        .prefetch_related(Prefetch("concerns", queryset=Concern.objects.order_by("display_order", "name")))
        .order_by("scheduled_at")[:200]
    )
    days: dict[date, DashboardDay] = {}
    for consultation in rows:
        day = timezone.localtime(consultation.scheduled_at).date()
        days.setdefault(day, DashboardDay(day=day, consultations=[])).consultations.append(consultation)
    return list(days.values())


# --- Search ---------------------------------------------------------------------------------------------------


@dataclass
class ParsedQuery:
    kind: str  # "name", "dob", "phone" or "" (nothing usable)
    value: Any = None  # by kind: a date of birth, phone digits (str) or a name's folded words (list[str])
    message: str = ""


def parse_search_query(raw: str) -> ParsedQuery:
    """Decide what the front desk typed: a date of birth, a phone number or (part of) a name."""
    text = (raw or "").strip()
    if not text:
        return ParsedQuery("")
    if len(text) > 100:
        return ParsedQuery("", message="Type at most 100 characters.")
    for fmt in (*style("DATE_INPUT_FORMATS"), *SEARCH_ONLY_DATE_FORMATS):
        try:
            return ParsedQuery("dob", datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    if _DATE_LIKE.match(text):
        return ParsedQuery("", message="That is not a real date: type a date of birth as dd/mm/yyyy or yyyy-mm-dd.")
    if _PHONE_CHARS.match(text):
        digits = digits_only(text)
        if len(digits) < 4:
            return ParsedQuery("", message="Type at least 4 digits of a phone number.")
        # People type the local form (07700 900123) of a number saved internationally (+44 7700 900123).
        return ParsedQuery("phone", digits.lstrip("0") or digits)
    folded = fold_text(text)
    if len(folded.replace(" ", "")) < 2:
        return ParsedQuery("", message="Type at least 2 letters of a name.")
    return ParsedQuery("name", folded.split())


def search_queryset(parsed: ParsedQuery, *, include_archived: bool = False) -> QuerySet:
    """The patients matching a parsed query, in display order (the benchmark EXPLAINs this very query)."""
    qs = Patient.objects.all()
    if not include_archived:
        qs = qs.filter(is_archived=False)
    if parsed.kind == "dob":
        qs = qs.filter(date_of_birth=parsed.value)
    elif parsed.kind == "phone":
        qs = qs.filter(phone_digits__contains=parsed.value)
    elif parsed.kind == "name":
        # search_text is already folded, so a case-sensitive LIKE '%word%' is right, and is what the trigram
        # index on the bare column serves (icontains would wrap the column in UPPER() and miss that index).
        condition = Q()
        for word in parsed.value:
            condition &= Q(search_text__contains=word)
        qs = qs.filter(condition)
    else:
        return qs.none()
    return qs.order_by("family_name", "given_name", "date_of_birth", "pk")


def search_patients(*, user, query: str, include_archived: bool = False, limit: int = SEARCH_LIMIT):
    """(parsed query, up to `limit` patients, whether more matched), by name fragments, date of birth or phone.

    Names: every typed word must appear in the folded name (accent- and case-insensitive, partial), which a
    trigram index serves on PostgreSQL (see migration 0004).
    """
    parsed = parse_search_query(query)
    if not parsed.kind:
        return parsed, [], False
    rows = list(search_queryset(parsed, include_archived=include_archived)[: limit + 1])
    return parsed, rows[:limit], len(rows) > limit


def possible_duplicates(*, given_name: str, family_name: str, date_of_birth: date, exclude_pk=None) -> list[Patient]:
    """Patients with the same folded first and last name and the same date of birth."""
    wanted = (fold_text(given_name), fold_text(family_name))
    qs = Patient.objects.filter(date_of_birth=date_of_birth)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return [p for p in qs if (fold_text(p.given_name), fold_text(p.family_name)) == wanted]


# --- Patient page ---------------------------------------------------------------------------------------------


def patient_consultations(*, patient: Patient) -> list[Consultation]:
    return list(
        patient.consultations.select_related("practitioner")
        .prefetch_related(Prefetch("concerns", queryset=Concern.objects.order_by("display_order", "name")))
        .order_by("-scheduled_at")
    )


def patient_previous_treatments(*, patient: Patient) -> list[PreviousTreatment]:
    return list(patient.previous_treatments.select_related("product", "area").order_by("-treated_on", "-pk"))


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    changes: list[str]


def record_history(*, record, limit: int = 20) -> list[HistoryEntry]:
    """Who changed what on a record, newest first, from django-simple-history (two queries)."""
    entries = list(record.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(record)
    result = []
    for index, entry in enumerate(entries[:limit]):
        older = entries[index + 1] if index + 1 < len(entries) else None
        changes: list[str]
        if entry.history_type == "+":
            action, changes = "Created", []
        elif entry.history_type == "-":
            action, changes = "Deleted", []
        else:
            action = "Changed"
            changes = []
            if older is not None:
                # Many-to-many diffs cost a query per entry; the concerns list is on the page itself.
                m2m = [f.name for f in model._meta.many_to_many]
                delta = entry.diff_against(older, excluded_fields=m2m, foreign_keys_are_objs=False)
                for change in delta.changes:
                    try:
                        changes.append(str(model._meta.get_field(change.field).verbose_name))
                    except Exception:  # a field since removed from the model: show its name
                        changes.append(change.field.replace("_", " "))
                if not changes and m2m:
                    # simple-history records a many-to-many change as an entry with no field changes.
                    changes = [str(model._meta.get_field(name).verbose_name) for name in m2m]
        user = entry.history_user
        who = (user.get_full_name() or user.username) if user else "System"
        result.append(HistoryEntry(when=entry.history_date, who=who, action=action, changes=changes))
    return result
