"""Lot recall: every patient and session that received a lot (or a vial), with dates and doses, on a page and as a
streamed CSV. Practitioners and catalog admins (records.access.can_recall); the session links are for those who may
open session records."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clinic.formatting import day, moment, quantity
from records import access, selectors
from records.forms import RecallForm

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection): such a cell is written with a
# leading apostrophe, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_HEADER = [
    "Patient",
    "Date of birth",
    "Phone",
    "Email",
    "Given",
    "Session",
    "Product",
    "Lot",
    "Expiry",
    "Dose",
    "Unit",
    "Area",
    "Given as",
    "Vial",
]


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer inside a streamed response."""

    def write(self, value):
        return value


def _search(request):
    form = RecallForm(request.GET or None, vials=selectors.recall_vials())
    if not form.is_bound or not form.is_valid():
        return form, None, ""
    lot_number = (form.cleaned_data.get("lot_number") or "").strip()
    vial = form.cleaned_data.get("vial")
    what = f"vial {vial.label}" if vial else f"lot {lot_number}"
    return form, selectors.recall_rows(lot_number=lot_number, vial=vial), what


def _require(user) -> None:
    if not access.can_recall(user=user):
        raise PermissionDenied


@never_cache
@require_GET
def recall(request):
    _require(request.user)
    form, rows, what = _search(request)
    query = urlencode({k: v for k, v in request.GET.items() if k in ("lot_number", "vial") and v})
    return render(
        request,
        "records/recall.html",
        {
            "form": form,
            "rows": rows,
            "what": what,
            "patients": len({row.patient.pk for row in rows or ()}),
            "csv_url": f"{reverse('records:recall_csv')}?{query}" if rows else "",
            "can_open_records": access.can_see_records(user=request.user),
        },
    )


def _csv_lines(rows) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    for row in rows:
        patient = row.patient
        yield writer.writerow(
            [
                csv_safe(cell)
                for cell in (
                    patient.display_name,
                    day(patient.date_of_birth),
                    patient.phone,
                    patient.email,
                    moment(row.given_at),
                    f"Session {row.session.session_number} ({row.session.code})",
                    row.product,
                    row.lot_number,
                    day(row.expiry) if row.expiry else "",
                    quantity(row.dose),
                    row.unit,
                    row.area,
                    row.via,
                    row.vial,
                )
            ]
        )


@never_cache
@require_GET
def recall_csv(request):
    _require(request.user)
    _form, rows, _what = _search(request)
    if rows is None:
        return recall(request)
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="recall-{stamp}.csv"'
    return response
