"""Registration and consultation forms: every bad input gives a message next to its field and keeps the input."""

import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.lookups import fold_name, product_for_name
from catalog.models import Product
from patients.forms import ConsultationForm, PatientForm, PreviousTreatmentForm
from patients.models import Consultation, Patient, PreviousTreatment, fold_text
from tests.factories import PreviousTreatmentFactory, ProductFactory
from tests.html import field_error, field_is_invalid, field_value, soup
from tests.patients.helpers import consultation_post, patient_post

pytestmark = pytest.mark.django_db


def _errors(form) -> dict:
    assert not form.is_valid()
    return form.errors


def test_a_complete_registration_is_valid():
    assert PatientForm(patient_post()).is_valid()


@pytest.mark.parametrize("dob", ["03/09/1979", "1979-09-03", "03-09-1979", "03.09.1979"])
def test_date_of_birth_accepts_day_first_and_iso_formats(dob):
    form = PatientForm(patient_post(date_of_birth=dob))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"].isoformat() == "1979-09-03"


def test_a_birth_date_in_the_future_is_refused_next_to_the_field():
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    assert "future" in _errors(PatientForm(patient_post(date_of_birth=tomorrow)))["date_of_birth"][0]


def test_a_nonsense_birth_date_gets_a_format_hint():
    assert "dd/mm/yyyy" in _errors(PatientForm(patient_post(date_of_birth="31/02/1990")))["date_of_birth"][0]


def test_a_patient_under_18_needs_the_guardian_consent_box():
    today = timezone.localdate()
    dob = today.replace(year=today.year - 17).strftime("%d/%m/%Y")
    errors = _errors(PatientForm(patient_post(date_of_birth=dob)))
    assert "under 18" in errors["guardian_consent"][0]
    assert PatientForm(patient_post(date_of_birth=dob, guardian_consent="on")).is_valid()


@pytest.mark.parametrize("email", ["amelie@", "not an email", "a@b"])
def test_a_malformed_email_is_refused(email):
    assert "valid email" in _errors(PatientForm(patient_post(email=email)))["email"][0]


@pytest.mark.parametrize("phone", ["12", "call me maybe", "+44 7700 900456 ext. 12"])
def test_a_malformed_phone_is_refused(phone):
    assert "phone number" in _errors(PatientForm(patient_post(phone=phone)))["phone"][0]


@pytest.mark.parametrize(
    ("field", "limit"), [("given_name", 80), ("family_name", 80), ("notes", 4000), ("address", 500)]
)
def test_text_over_its_limit_is_refused(field, limit):
    errors = _errors(PatientForm(patient_post(**{field: "x" * (limit + 1)})))
    assert f"at most {limit} characters" in errors[field][0]


def test_same_folded_name_and_birth_date_warns_and_links_the_existing_patient(patient):
    form = PatientForm(patient_post(given_name="ZOE", family_name="martin", date_of_birth="12/04/1988"))
    assert "already registered" in _errors(form)["confirm_duplicate"][0]
    assert form.duplicates == [patient]


def test_a_confirmed_duplicate_may_be_saved(patient):
    form = PatientForm(
        patient_post(given_name="Zoe", family_name="Martin", date_of_birth="12/04/1988", confirm_duplicate="on")
    )
    assert form.is_valid(), form.errors


def test_editing_a_patient_does_not_flag_the_patient_as_its_own_duplicate(patient):
    data = patient_post(given_name="Zoë", family_name="Martin", date_of_birth="12/04/1988")
    assert PatientForm(data, instance=patient).is_valid()


# --- Through the views: messages next to the field, typed input kept, never a 500, never twice --------------------


def test_invalid_registration_shows_messages_and_keeps_what_was_typed(frontdesk_client):
    response = frontdesk_client.post(
        reverse("patients:patient_create"), patient_post(email="amelie@", family_name="Laurent-Dupré")
    )
    assert response.status_code == 200
    page = soup(response)
    assert field_error(page, "email").startswith("Enter a valid email address")
    assert field_is_invalid(page, "email") and not field_is_invalid(page, "family_name")
    assert field_error(page, "family_name") == ""  # the message is next to the email, not every field
    assert (field_value(page, "email"), field_value(page, "family_name")) == ("amelie@", "Laurent-Dupré")
    assert not Patient.objects.exists()


def test_registration_sets_created_and_updated_by_and_redirects_to_the_patient(frontdesk_client, frontdesk_user):
    response = frontdesk_client.post(reverse("patients:patient_create"), patient_post())
    patient = Patient.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("patients:patient_detail", args=[patient.code])
    assert patient.created_by == frontdesk_user == patient.updated_by
    assert patient.history.get().history_user == frontdesk_user


def test_a_double_submit_of_the_registration_form_creates_one_patient(frontdesk_client):
    data = patient_post()
    first = frontdesk_client.post(reverse("patients:patient_create"), data)
    second = frontdesk_client.post(reverse("patients:patient_create"), data)
    assert Patient.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_each_empty_registration_form_carries_a_fresh_one_time_key(frontdesk_client):
    keys = {
        frontdesk_client.get(reverse("patients:patient_create")).context["form"].initial["submission_key"]
        for _ in range(2)
    }
    assert len(keys) == 2


def test_the_registration_form_disables_its_button_after_the_first_submit(frontdesk_client):
    assert b"data-once-submit" in frontdesk_client.get(reverse("patients:patient_create")).content


def test_a_tampered_submission_key_is_a_field_error_not_a_crash(frontdesk_client):
    response = frontdesk_client.post(reverse("patients:patient_create"), patient_post(submission_key="nope"))
    assert response.status_code == 200
    assert not Patient.objects.exists()


def test_the_duplicate_warning_links_the_existing_record(frontdesk_client, patient):
    data = patient_post(given_name="Zoe", family_name="MARTIN", date_of_birth="1988-04-12")
    response = frontdesk_client.post(reverse("patients:patient_create"), data)
    assert reverse("patients:patient_detail", args=[patient.code]).encode() in response.content
    assert Patient.objects.count() == 1
    data["confirm_duplicate"] = "on"
    frontdesk_client.post(reverse("patients:patient_create"), data)
    assert Patient.objects.count() == 2


def test_editing_a_patient_records_who_changed_what(practitioner_client, practitioner_user, patient):
    data = patient_post(given_name="Zoë", family_name="Martin", date_of_birth="12/04/1988", phone="020 7946 0000")
    response = practitioner_client.post(reverse("patients:patient_edit", args=[patient.code]), data)
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.phone == "020 7946 0000"
    assert patient.updated_by == practitioner_user
    page = practitioner_client.get(reverse("patients:patient_detail", args=[patient.code])).content.decode()
    assert "Priya Shah</strong> changed" in page
    assert "phone" in page


# --- Consultations ------------------------------------------------------------------------------------------------


def test_consultation_form_turns_clinic_date_and_time_into_an_aware_datetime(patient, practitioner_user):
    form = ConsultationForm(consultation_post(practitioner=practitioner_user), instance=Consultation(patient=patient))
    assert form.is_valid(), form.errors
    local = timezone.localtime(form.cleaned_data["scheduled_at"])
    assert (local.date().isoformat(), local.strftime("%H:%M")) == ("2026-12-01", "10:30")


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"when_date": "31/13/2026"}, "when_date", "consultation date"),
        ({"when_date": "1890-01-01"}, "when_date", "year 2000"),
        ({"when_time": "25:99"}, "when_time", "HH:MM"),
        ({"budget": "-5"}, "budget", "greater than or equal to 0"),
        ({"body_weight_kg": "2000"}, "body_weight_kg", "less than or equal to 400"),
        ({"goals": "x" * 4001}, "goals", "at most 4000"),
        ({"status": "teleported"}, "status", "valid choice"),
    ],
)
def test_bad_consultation_input_gets_a_message_next_to_its_field(patient, override, field, message):
    form = ConsultationForm(consultation_post(**override), instance=Consultation(patient=patient))
    assert message in " ".join(_errors(form)[field])


def test_only_practitioners_can_be_chosen_to_plan(patient, frontdesk_user, practitioner_user):
    form = ConsultationForm(instance=Consultation(patient=patient))
    assert list(form.fields["practitioner"].queryset) == [practitioner_user]
    bad = ConsultationForm(consultation_post(practitioner=frontdesk_user), instance=Consultation(patient=patient))
    assert "practitioner" in _errors(bad)


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"treated_on": "2025-01-05", "dose": "10"}, "product", "type its name"),
        ({"product_name": "Botox", "treated_on": "2999-01-01"}, "treated_on", "future"),
        ({"product_name": "Botox", "treated_on": "2025-01-05", "dose": "0"}, "dose", "more than 0"),
        ({"product_name": "Botox", "treated_on": "2025-01-05", "dose": "20"}, "substance", "Say what it was"),
        ({"product_name": "Botox", "treated_on": "yesterday"}, "treated_on", "date treated"),
    ],
)
def test_bad_previous_treatment_rows_get_messages_next_to_their_fields(row, field, message):
    form = PreviousTreatmentForm(row)
    assert message in " ".join(_errors(form)[field])


def test_a_previous_treatment_unit_must_match_the_catalog_product(toxin):
    form = PreviousTreatmentForm({"product": toxin.pk, "treated_on": "2025-01-05", "dose": "1", "dose_unit": "mL"})
    assert "dosed in U" in _errors(form)["dose_unit"][0]


def test_booking_saves_concerns_screening_and_previous_treatments(
    frontdesk_client, frontdesk_user, patient, practitioner_user, concerns, toxin, chin_area
):
    data = consultation_post(
        practitioner=practitioner_user,
        concerns=[concerns["recessed-chin"]],
        rows=[
            {"product": toxin.pk, "area": chin_area.pk, "dose": "20", "treated_on": "2025-11-01"},
            {
                "product_name": "Juvederm Voluma",
                "substance": "hyaluronic_acid",
                "dose": "1",
                "dose_unit": "mL",
                "treated_on": "2024-05-01",
            },
        ],
        allergy_lidocaine="on",
    )
    response = frontdesk_client.post(reverse("patients:consultation_create", args=[patient.code]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    consultation = Consultation.objects.get()
    assert consultation.recorded_by == frontdesk_user
    assert list(consultation.concerns.all()) == [concerns["recessed-chin"]]
    assert consultation.positive_screening_slugs() == {"lidocaine-allergy"}
    rows = PreviousTreatment.objects.order_by("treated_on")
    assert [(r.product_name or r.product.name, r.dose_unit, r.patient_id) for r in rows] == [
        ("Juvederm Voluma", "mL", patient.pk),
        ("Test toxin", "U", patient.pk),
    ]


def test_a_bad_previous_treatment_row_keeps_the_whole_form_and_saves_nothing(frontdesk_client, patient):
    data = consultation_post(goals="Keep me", rows=[{"product_name": "Botox", "treated_on": "2999-01-01"}])
    response = frontdesk_client.post(reverse("patients:consultation_create", args=[patient.code]), data)
    assert response.status_code == 200
    assert "cannot be in the future" in field_error(response, "previous-0-treated_on")
    assert field_value(response, "goals") == "Keep me"
    assert not Consultation.objects.exists()
    assert not PreviousTreatment.objects.exists()


def test_a_double_submit_of_the_booking_form_books_once(frontdesk_client, patient):
    data = consultation_post(submission_key=str(uuid.uuid4()))
    first = frontdesk_client.post(reverse("patients:consultation_create", args=[patient.code]), data)
    second = frontdesk_client.post(reverse("patients:consultation_create", args=[patient.code]), data)
    assert Consultation.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_booking_takes_the_clinic_date_and_clock_and_says_when_in_the_app_style(frontdesk_client, patient):
    page = frontdesk_client.get(reverse("patients:consultation_create", args=[patient.code])).content.decode()
    (date_input,) = re.findall(r'<input[^>]*name="when_date"[^>]*>', page)
    assert 'type="text"' in date_input and 'placeholder="dd/mm/yyyy"' in date_input
    assert re.search(r'value="\d\d/\d\d/\d{4}"', date_input)  # the suggested slot, dd/mm/yyyy
    (time_input,) = re.findall(r'<input[^>]*name="when_time"[^>]*>', page)
    assert 'type="text"' in time_input and 'placeholder="hh:mm"' in time_input
    data = consultation_post(when_date="01/12/2026", when_time="10:30", submission_key=str(uuid.uuid4()))
    response = frontdesk_client.post(reverse("patients:consultation_create", args=[patient.code]), data, follow=True)
    assert f"Consultation booked for {patient.display_name} on Tue 1 Dec 2026 at 10:30." in response.content.decode()


def test_editing_a_consultation_keeps_its_rows_and_adds_new_ones(practitioner_client, consultation, concerns):
    PreviousTreatmentFactory(
        patient=consultation.patient,
        consultation=consultation,
        product=None,
        product_name="Old",
        substance="other_toxin",
        dose=None,
        treated_on="2024-01-01",
    )
    existing = PreviousTreatment.objects.get()
    data = consultation_post(concerns=[concerns["sunken-cheeks"]], status="in_progress")
    data.update(
        {
            "previous-TOTAL_FORMS": "2",
            "previous-INITIAL_FORMS": "1",
            "previous-0-id": str(existing.pk),
            "previous-0-product_name": "Old",
            "previous-0-substance": "other_toxin",
            "previous-0-treated_on": "2024-01-01",
            "previous-1-product_name": "New",
            "previous-1-substance": "other_filler",
            "previous-1-treated_on": "2025-01-01",
        }
    )
    response = practitioner_client.post(reverse("patients:consultation_edit", args=[consultation.code]), data)
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == "in_progress"
    assert sorted(PreviousTreatment.objects.values_list("product_name", flat=True)) == ["New", "Old"]


def test_the_add_row_endpoint_returns_the_next_numbered_row(frontdesk_client):
    response = frontdesk_client.get(reverse("patients:previous_treatment_row"), {"previous-TOTAL_FORMS": "2"})
    html = response.content.decode()
    assert 'name="previous-2-product_name"' in html
    assert "Previous treatment 3" in html
    assert re.search(r'<label\s+for="id_previous-2-treated_on"', html)
    assert re.search(r'<label\s+for="id_previous-2-substance"', html)
    assert 'list="catalog-product-names"' in html


def test_an_archived_patient_cannot_be_booked(frontdesk_client, patient, frontdesk_user):
    from patients import services

    services.patient_set_archived(patient=patient, by=frontdesk_user, archived=True)
    response = frontdesk_client.get(reverse("patients:consultation_create", args=[patient.code]))
    assert response.status_code == 302


# --- Previous treatments typed by name: linked to the catalog product, or said what they were -------------------


def _product(name: str, kind: str = "toxin", **fields) -> Product:
    # A 100 U vial at £1000 (£10.00 per U) or a 1 mL syringe at £300 (£300.00 per mL).
    price = Decimal(1000 if kind == "toxin" else 300)
    return ProductFactory(name=name, kind=kind, manufacturer="Test", **{"price_per_package": price, **fields})


@pytest.fixture
def botox(db):
    """Built here, not taken from the seed, so these tests hold while the seed catalog changes."""
    return _product("Botox Cosmetic", aliases="Botox, Vistabel", max_units_90_days=Decimal(400))


@pytest.fixture
def voluma(db):
    return _product("Juvéderm Voluma XC", kind="filler", aliases="Voluma")


def _row(**fields) -> dict:
    return {"treated_on": "2025-01-05", **fields}


@pytest.mark.parametrize("typed", ["Botox", "  botox ", "BOTOX", "Botox Cosmetic", "vistabel", "botox-cosmetic"])
def test_a_typed_catalog_name_or_alias_links_the_product_and_keeps_the_typed_name(botox, typed):
    form = PreviousTreatmentForm(_row(product_name=typed, dose="20"))
    assert form.is_valid(), form.errors
    row = form.save(commit=False)
    assert row.product == botox
    assert row.product_name == typed.strip()
    assert (row.dose_unit, row.is_toxin) == ("U", True)


@pytest.mark.parametrize("typed", ["Juvederm Voluma XC", "juvéderm voluma xc", "JUVEDERM VOLUMA XC", "voluma"])
def test_a_typed_filler_name_is_matched_without_its_accents(voluma, typed):
    form = PreviousTreatmentForm(_row(product_name=typed, dose="1"))
    assert form.is_valid(), form.errors
    assert form.save(commit=False).product == voluma


@pytest.mark.parametrize("typed", ["Boto", "Botox Cosmetics", "botox 100", "Voluma XC"])
def test_a_name_that_is_only_close_to_a_catalog_name_is_not_guessed(botox, voluma, typed):
    assert product_for_name(typed) is None
    assert "Say what it was" in _errors(PreviousTreatmentForm(_row(product_name=typed)))["substance"][0]


@pytest.mark.parametrize(
    ("typed", "name"),
    [("Botox", "Botox Cosmetic"), ("  botox ", "Botox Cosmetic"), ("Juvederm Voluma XC", "Juvéderm Voluma XC")],
)
def test_the_seed_catalog_links_the_names_patients_use(seeded_catalog, typed, name):
    form = PreviousTreatmentForm(_row(product_name=typed, dose="20"))
    assert form.is_valid(), form.errors
    assert form.save(commit=False).product.name == name


def test_a_retired_product_is_still_found_by_its_name(botox):
    botox.is_active = False
    botox.save()
    form = PreviousTreatmentForm(_row(product_name="botox"))
    assert form.is_valid(), form.errors
    assert form.save(commit=False).product == botox


def test_an_alias_two_products_share_links_neither_but_a_products_own_name_wins(botox):
    _product("Botox Therapeutic", aliases="Botox")
    assert product_for_name("Botox") is None
    _product("Vistabel", aliases="")
    assert product_for_name("vistabel").name == "Vistabel"


def test_finding_a_product_by_name_takes_one_query(botox, voluma, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert product_for_name("Botox") == botox
    with django_assert_num_queries(0):
        assert product_for_name("   ") is None


def test_product_names_fold_like_patient_search():
    for text in ["Juvéderm Voluma XC", "  RHA  3 ", "O'Brien-Smith", "Radiesse (+)", "Zoë.X", "BOTOX\u00ae"]:
        assert fold_name(text) == fold_text(text)


def test_an_unknown_typed_name_without_a_substance_is_asked_what_it_was(botox):
    errors = _errors(PreviousTreatmentForm(_row(product_name="Azzalure", dose="50", dose_unit="U")))
    assert "Say what it was" in errors["substance"][0]
    assert set(errors) == {"substance"}


@pytest.mark.parametrize(
    ("substance", "unit"), [("other_toxin", "U"), ("abobotulinumtoxinA", "U"), ("other_filler", "mL")]
)
def test_an_unknown_typed_name_with_its_substance_saves(botox, substance, unit):
    form = PreviousTreatmentForm(_row(product_name="Azzalure", substance=substance, dose="50"))
    assert form.is_valid(), form.errors
    row = form.save(commit=False)
    assert (row.product, row.product_name, row.substance, row.dose_unit) == (None, "Azzalure", substance, unit)


@pytest.mark.parametrize(
    ("substance", "unit", "message"), [("other_toxin", "mL", "in U"), ("hyaluronic_acid", "U", "in mL")]
)
def test_a_unit_that_contradicts_the_substance_is_refused_next_to_the_unit(substance, unit, message):
    form = PreviousTreatmentForm(_row(product_name="Mystery", substance=substance, dose="2", dose_unit=unit))
    assert message in _errors(form)["dose_unit"][0]


def test_a_unit_that_contradicts_the_linked_product_is_refused_next_to_the_unit(botox):
    form = PreviousTreatmentForm(_row(product_name="Botox", dose="1", dose_unit="mL"))
    assert "Botox Cosmetic is dosed in U" in _errors(form)["dose_unit"][0]


def test_a_substance_that_contradicts_the_linked_product_is_refused_next_to_the_substance(botox):
    errors = _errors(PreviousTreatmentForm(_row(product_name="Botox", substance="abobotulinumtoxinA")))
    assert "Botox Cosmetic is onabotulinumtoxinA" in errors["substance"][0]
    assert PreviousTreatmentForm(_row(product_name="Botox", substance="other_toxin")).is_valid()
    assert "substance" in _errors(PreviousTreatmentForm(_row(product_name="Botox", substance="other_filler")))


def test_a_typed_name_of_another_product_than_the_one_chosen_is_refused(botox, voluma):
    form = PreviousTreatmentForm(_row(product=voluma.pk, product_name="Botox"))
    assert "Botox is Botox Cosmetic in the catalog" in _errors(form)["product_name"][0]


def test_the_catalog_list_shows_each_products_other_names(botox, voluma):
    labels = [label for _, label in PreviousTreatmentForm().fields["product"].choices]
    assert "Botox Cosmetic (Botox, Vistabel)" in labels
    assert "Juvéderm Voluma XC (Voluma)" in labels


def test_a_row_keeps_its_retired_product_selected(patient, botox):
    row = PreviousTreatmentFactory(patient=patient, product=botox, dose=20, treated_on="2025-01-05")
    assert row.dose_unit == "U"
    botox.is_active = False
    botox.save()
    assert botox not in PreviousTreatmentForm().fields["product"].queryset
    form = PreviousTreatmentForm(_row(product=botox.pk, dose="20"), instance=row)
    assert form.is_valid(), form.errors


def test_booking_links_a_typed_botox_to_the_catalog_product(frontdesk_client, patient, botox):
    data = consultation_post(rows=[_row(product_name="botox ", dose="20")])
    response = frontdesk_client.post(reverse("patients:consultation_create", args=[patient.code]), data)
    assert response.status_code == 302, response.context["formset"].errors if response.context else ""
    row = PreviousTreatment.objects.get()
    assert (row.product, row.product_name, row.dose, row.dose_unit) == (botox, "botox", 20, "U")


def test_an_unknown_typed_name_re_renders_the_form_with_the_message_and_what_was_typed(
    frontdesk_client, patient, botox
):
    data = consultation_post(goals="Keep me", rows=[_row(product_name="Mystery gel", dose="1.5", notes="Left cheek")])
    response = frontdesk_client.post(reverse("patients:consultation_create", args=[patient.code]), data)
    assert response.status_code == 200
    html = response.content.decode()
    page = soup(response)
    assert field_error(page, "previous-0-substance").startswith("Say what it was")
    assert field_is_invalid(page, "previous-0-substance")
    typed = {name: field_value(page, f"previous-0-{name}") for name in ("product_name", "dose", "notes", "treated_on")}
    assert typed == {"product_name": "Mystery gel", "dose": "1.5", "notes": "Left cheek", "treated_on": "2025-01-05"}
    assert field_value(page, "goals") == "Keep me"
    assert re.search(r'<label\s+for="id_previous-0-substance"', html)
    assert not Consultation.objects.exists()


def test_the_booking_form_offers_the_catalog_names_and_aliases_to_type(frontdesk_client, patient, botox):
    html = frontdesk_client.get(reverse("patients:consultation_create", args=[patient.code])).content.decode()
    assert '<datalist id="catalog-product-names">' in html
    assert '<option value="Botox" label="Botox Cosmetic">' in html
    assert 'list="catalog-product-names"' in html
    assert '<optgroup label="Botulinum toxin">' in html
    assert "Another or unknown botulinum toxin" in html
