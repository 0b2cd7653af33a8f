"""Parallel edits of one plan, one consultation, one patient and one lot, each in a thread with its own database
connection and transaction, on PostgreSQL: nothing is lost, no constraint breaks, and of two edits made from the
same version exactly one is saved while the other is refused with the clear "someone else changed it" message.

PostgreSQL only (the `postgres` marker skips them on SQLite, which serialises whole-database writes, so these races
cannot happen there the same way). Run them with

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/harmony_conc_test .venv/bin/pytest -p no:xdist tests/concurrency

The pattern is tests/stock/test_concurrency.py's: a barrier releases the threads together, each holds its
transaction open a moment after its write so the other arrives while the row lock is held.
"""

import threading
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from patients import services as patient_services
from patients.models import Consultation, Patient
from planning import services as planning_services
from planning.models import PlanItem, TreatmentPlan
from stock import services as stock_services
from stock.models import MovementKind, ProductLot
from tests.conftest import client_for
from tests.fixtures.planning import catalog_item
from tests.fixtures.stock import in_days

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HOLD = 0.2  # seconds a thread keeps its transaction open after writing


def race(*jobs: Callable[[], object]) -> list:
    """Run the jobs at the same moment, each in its own thread, connection and transaction; their outcomes in order
    (the return value, or the exception raised)."""
    start = threading.Barrier(len(jobs))
    outcomes: list = [None] * len(jobs)

    def run(index: int, job) -> None:
        try:
            start.wait(timeout=10)
            with transaction.atomic():
                outcomes[index] = job()
                time.sleep(HOLD)
        except Exception as exc:  # the test reads it: a refusal, or anything else that fails it
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread never finished: a lock was never released"
    return outcomes


def split(outcomes):
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    other_errors = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, ValidationError)]
    assert not other_errors, other_errors  # never an IntegrityError, a deadlock or a 500's cause
    return [o for o in outcomes if not isinstance(o, Exception)], refused


def stale(exc: ValidationError) -> bool:
    return any(e.code == "stale" for errors in exc.error_dict.values() for e in errors)


def retrying(job: Callable[[], object], attempts: int = 10) -> Callable[[], object]:
    """A person who, told that someone else changed the record, reloads it and makes their change again."""

    def run():
        for _ in range(attempts - 1):
            try:
                with transaction.atomic():
                    return job()
            except ValidationError as exc:
                if not stale(exc):
                    raise
                time.sleep(0.05)
        return job()

    return run


# --- one plan -------------------------------------------------------------------------------------------------


def test_two_edits_of_one_plan_from_the_same_version_save_exactly_one(plan, practitioner_user, other_practitioner):
    assert connection.vendor == "postgresql"
    seen = plan.version

    def edit(title):
        def job():
            mine = TreatmentPlan.objects.get(pk=plan.pk)
            return planning_services.plan_update_details(
                plan=mine,
                by=practitioner_user,
                expected_version=seen,
                title=title,
                planned_for=mine.planned_for,
                session_gap_days=mine.session_gap_days,
            )

        return job

    saved, refused = split(race(edit("Plan A, chin first"), edit("Plan A, cheeks first")))
    assert len(saved) == 1 and len(refused) == 1 and stale(refused[0])
    plan.refresh_from_db()
    assert plan.version == seen + 1
    assert plan.title == saved[0].title  # the one saved is the one kept, whole
    assert plan.history.filter(history_type="~").count() == 1


def test_four_people_adding_items_to_one_plan_at_once_lose_none(plan, practitioner_user):
    """Each adds an item (the chin, in sessions 1 to 4) and, told the plan changed, reloads and adds it again."""
    treatment, area, product = catalog_item("chin-augmentation", "chin", "juvederm-voluma-xc")
    start_version = plan.version

    def add(session_number):
        def job():
            mine = TreatmentPlan.objects.get(pk=plan.pk)
            return planning_services.plan_add_item(
                plan=mine,
                by=practitioner_user,
                treatment=treatment,
                area=area,
                product=product,
                dose=Decimal("1"),
                side="midline",
                session_number=session_number,
                expected_version=mine.version,
            )

        return retrying(job)

    saved, refused = split(race(*(add(n) for n in (1, 2, 3, 4))))
    assert not refused and len(saved) == 4
    items = PlanItem.objects.filter(plan=plan)
    assert sorted(items.values_list("session_number", flat=True)) == [1, 2, 3, 4]
    plan.refresh_from_db()
    assert plan.version == start_version + 4  # every add claimed its own version, none was skipped


# --- one consultation -----------------------------------------------------------------------------------------


def test_two_edits_of_one_consultation_from_the_same_version_save_exactly_one(consultation, frontdesk_user):
    seen = consultation.version

    def edit(goals):
        def job():
            mine = Consultation.objects.get(pk=consultation.pk)
            return patient_services.consultation_update(
                consultation=mine, by=frontdesk_user, expected_version=seen, goals=goals
            )

        return job

    saved, refused = split(race(edit("A softer jawline."), edit("Fuller lips.")))
    assert len(saved) == 1 and len(refused) == 1 and stale(refused[0])
    assert refused[0].message_dict["__all__"] == [patient_services.STALE_MESSAGES["consultation"]]
    consultation.refresh_from_db()
    assert consultation.goals == saved[0].goals
    assert consultation.version == seen + 1


def test_a_status_button_and_an_edit_of_one_consultation_at_once_keep_both(consultation, frontdesk_user):
    """The edit, told the consultation changed, reloads it and saves again: the status and the goals both stay."""

    def start():
        mine = Consultation.objects.get(pk=consultation.pk)
        return patient_services.consultation_set_status(consultation=mine, by=frontdesk_user, status="in_progress")

    def edit():
        mine = Consultation.objects.get(pk=consultation.pk)
        return patient_services.consultation_update(
            consultation=mine, by=frontdesk_user, expected_version=mine.version, goals="Fresher, not different."
        )

    split(race(start, retrying(edit)))
    consultation.refresh_from_db()
    assert consultation.status == "in_progress"
    assert consultation.goals == "Fresher, not different."
    assert consultation.version == 3


# --- one patient ----------------------------------------------------------------------------------------------


def test_two_people_saving_one_patients_edit_form_at_once_one_is_told_and_keeps_what_they_typed(
    patient, frontdesk_user, practitioner_user
):
    """Through the edit page itself: both loaded the form at version 1; one save lands, the other page says
    someone else saved the record and still holds what was typed."""
    url = reverse("patients:patient_edit", kwargs={"code": patient.code})
    form = {
        "given_name": "Zoë",
        "family_name": "Martin",
        "date_of_birth": "12/04/1988",
        "sex": "female",
        "phone": "+44 7700 900123",
        "email": "zoe.martin@example.com",
        "consent_treatment_data": "on",
        "consent_photos_clinical": "on",
        "version": str(patient.version),
    }

    def save(user, notes):
        return lambda: client_for(user).post(url, {**form, "notes": notes})

    responses = race(save(frontdesk_user, "Prefers mornings."), save(practitioner_user, "Allergic to lidocaine."))
    assert not [r for r in responses if isinstance(r, Exception)], responses
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    body = refused.content.decode()
    assert "Someone else saved this patient&#x27;s record while you were editing it" in body
    typed = next(n for n in ("Prefers mornings.", "Allergic to lidocaine.") if n in body)
    patient.refresh_from_db()
    assert patient.notes != typed and patient.notes in ("Prefers mornings.", "Allergic to lidocaine.")
    assert patient.version == 2


def test_a_form_edit_and_another_services_change_to_one_patient_at_once_keep_both(patient, frontdesk_user):
    """A signed photo consent (consents.services sets one field, no version) while the front desk saves the notes:
    the consent is set on the record as it is, never on a stale copy, so neither change undoes the other."""

    def consent():
        mine = Patient.objects.get(pk=patient.pk)
        return patient_services.patient_update(patient=mine, by=frontdesk_user, consent_photos_marketing=True)

    def notes():
        mine = Patient.objects.get(pk=patient.pk)
        return patient_services.patient_update(
            patient=mine, by=frontdesk_user, expected_version=mine.version, notes="Call after 5pm."
        )

    split(race(consent, retrying(notes)))
    patient.refresh_from_db()
    assert patient.consent_photos_marketing is True
    assert patient.notes == "Call after 5pm."
    assert patient.version == 3


def test_archiving_while_an_edit_form_is_open_refuses_the_edit_instead_of_restoring_the_record(patient, frontdesk_user):
    seen = patient.version

    def archive():
        mine = Patient.objects.get(pk=patient.pk)
        return patient_services.patient_set_archived(patient=mine, by=frontdesk_user, archived=True)

    def edit():
        time.sleep(0.05)  # the archive takes the row first
        mine = Patient.objects.get(pk=patient.pk)
        return patient_services.patient_update(
            patient=mine, by=frontdesk_user, expected_version=seen, notes="Typed before the archive."
        )

    _, refused = split(race(archive, edit))
    assert len(refused) == 1 and stale(refused[0])
    patient.refresh_from_db()
    assert patient.is_archived is True
    assert patient.notes == ""


# --- one lot --------------------------------------------------------------------------------------------------


def test_six_people_taking_from_one_lot_at_once_take_exactly_what_it_holds(
    filler_product, catalogadmin_user, practitioner_user
):
    """A 1 mL lot, six takes of 0.2 mL at once: five are given, one is refused, the lot ends at exactly zero and
    every movement's "left after" is the running count."""
    lot = stock_services.receive_lot(
        product=filler_product, lot_number="VB31001", expiry=in_days(100), packages=1, by=catalogadmin_user
    )

    def take(index):
        def job():
            mine = ProductLot.objects.select_related("product").get(pk=lot.pk)
            return stock_services.use_from_lot(
                lot=mine, amount=Decimal("0.2"), by=practitioner_user, reference=f"take {index}"
            )

        return job

    saved, refused = split(race(*(take(i) for i in range(6))))
    assert len(saved) == 5 and len(refused) == 1
    lot.refresh_from_db()
    assert lot.quantity_left == Decimal("0")
    used = list(lot.movements.filter(kind=MovementKind.USED).order_by("id"))
    assert [m.quantity for m in used] == [Decimal("-0.2")] * 5
    assert [m.lot_left_after for m in used] == [Decimal(x) for x in ("0.8", "0.6", "0.4", "0.2", "0")]
