"""The patient's part of their record export (the right of access), and the one way every part writes a record.

The whole export is put together by the exports app (at the top of the layers, since it reads every app): it starts
from `patient_part` here and adds the plans, sessions, consents, photos, follow-ups and outcomes. Every record is
written by `record_data`: each of the model's own fields under its name, a choice as its label ("Female", not "f"),
a link to another record as that record's name, dates and times as ISO 8601 (times in the clinic's time zone),
amounts as exact decimal strings. Internal bookkeeping (row ids, search keys, duplicate-submission keys) is left out.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from patients.models import Patient

# Never exported: row ids, and fields that only serve searching or duplicate-submission checks.
INTERNAL_FIELDS = {"id", "search_text", "phone_digits", "submission_key"}


def _user_name(user) -> str:
    return user.get_full_name() or user.get_username()


def value_data(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)


def record_data(obj: models.Model, *, exclude: tuple[str, ...] = (), many: tuple[str, ...] = ()) -> dict[str, Any]:
    """One record as plain data: its concrete fields (less `exclude`), then the many-to-many fields named in `many`."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        name = field.name
        if name in INTERNAL_FIELDS or name in exclude:
            continue
        if isinstance(field, models.FileField):
            continue  # a file's storage name says nothing to the patient; photos list their metadata instead
        if field.is_relation:
            related = getattr(obj, name)
            if related is None:
                data[name] = None
            elif hasattr(related, "get_username"):
                data[name] = _user_name(related)
            else:
                data[name] = str(related)
            continue
        if field.choices:
            data[name] = getattr(obj, f"get_{name}_display")() if getattr(obj, field.attname) not in (None, "") else ""
            continue
        data[name] = value_data(getattr(obj, field.attname))
    for name in many:
        data[name] = [str(related) for related in getattr(obj, name).all()]
    return data


def patient_part(*, patient: Patient) -> dict[str, Any]:
    """The patient's details, their consultations (with the screening answers and concerns) and the treatments
    they had elsewhere before."""
    consultations = patient.consultations.select_related("practitioner", "recorded_by").prefetch_related("concerns")
    previous = patient.previous_treatments.select_related("product", "area", "consultation")
    return {
        "patient": record_data(patient),
        "consultations": [
            record_data(c, exclude=("patient",), many=("concerns",)) for c in consultations.order_by("scheduled_at")
        ],
        "previous_treatments": [record_data(p, exclude=("patient",)) for p in previous.order_by("treated_on")],
    }
