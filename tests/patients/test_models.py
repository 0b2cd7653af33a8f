from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from patients.models import SCREENING_QUESTIONS, Consultation, Patient, PreviousTreatment, fold_text


def test_fold_text_drops_accents_case_and_extra_spaces():
    assert fold_text("  Zoë   O'BRIEN ") == "zoe obrien"
    assert fold_text("Anne-Marie St. Clair") == "anne marie st clair"
    assert fold_text("Sofía Núñez") == "sofia nunez"


@pytest.mark.django_db
def test_patient_save_keeps_search_text_and_phone_digits_in_step(patient):
    assert patient.search_text == "zoe martin"
    assert patient.phone_digits == "447700900123"
    patient.family_name = "Müller"
    patient.save(update_fields=["family_name"])
    patient.refresh_from_db()
    assert patient.search_text == "zoe muller"


@pytest.mark.django_db
def test_patient_age_and_minor_flag_follow_the_date_of_birth(patient):
    today = timezone.localdate()
    assert patient.age_on(date(2026, 4, 11)) == 37
    assert patient.age_on(date(2026, 4, 12)) == 38
    patient.date_of_birth = today.replace(year=today.year - 17)
    assert patient.is_minor


@pytest.mark.django_db
def test_patient_with_a_future_birth_date_is_invalid():
    patient = Patient(given_name="A", family_name="B", date_of_birth=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        patient.full_clean()
    assert "future" in str(exc.value.message_dict["date_of_birth"])


@pytest.mark.django_db
def test_minor_without_guardian_consent_is_invalid_and_with_it_is_valid():
    today = timezone.localdate()
    patient = Patient(given_name="Teen", family_name="Ager", date_of_birth=today.replace(year=today.year - 16))
    with pytest.raises(ValidationError) as exc:
        patient.full_clean(exclude=["submission_key"])
    assert "guardian_consent" in exc.value.message_dict
    patient.guardian_consent = True
    patient.full_clean(exclude=["submission_key"])


@pytest.mark.django_db
def test_two_patients_cannot_share_a_submission_key(patient):
    twin = Patient(given_name="Zoë", family_name="Martin", date_of_birth=patient.date_of_birth)
    patient.submission_key = twin.submission_key = __import__("uuid").uuid4()
    patient.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


@pytest.mark.django_db
def test_every_screening_question_is_a_boolean_field_mapped_to_a_contraindication_slug():
    for field, label, slug in SCREENING_QUESTIONS:
        assert Consultation._meta.get_field(field).get_internal_type() == "BooleanField"
        assert label and slug


@pytest.mark.django_db
def test_positive_screening_answers_map_to_contraindication_slugs(consultation):
    assert consultation.positive_screening_slugs() == set()
    consultation.allergy_lidocaine = True
    consultation.pregnant_or_breastfeeding = True
    assert consultation.positive_screening_slugs() == {"lidocaine-allergy", "pregnancy-breastfeeding"}


@pytest.mark.django_db
def test_previous_treatment_needs_a_product_or_a_name_and_a_past_date(patient):
    row = PreviousTreatment(patient=patient, treated_on=timezone.localdate() + timedelta(days=3))
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert set(exc.value.message_dict) >= {"product", "treated_on"}


@pytest.mark.django_db
def test_previous_treatment_takes_the_catalog_products_unit_when_none_is_given(patient, toxin):
    row = PreviousTreatment(patient=patient, product=toxin, dose=20, treated_on=date(2025, 1, 5))
    row.full_clean()
    assert row.dose_unit == "U"


@pytest.mark.django_db
def test_patient_records_are_protected_from_deletion_once_they_have_consultations(consultation):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        consultation.patient.delete()
