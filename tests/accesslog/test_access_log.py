"""The read log: every page that shows a patient's record writes exactly one entry, entries cannot be changed or
deleted through the app, and the patient page shows who opened the record."""

import uuid

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accesslog import services
from accesslog.admin import AccessEntryAdmin
from accesslog.models import AccessEntry, ImmutableEntry, RecordKind
from tests.conftest import client_for
from tests.fixtures.planning import sign_for_treatment
from tests.html import soup

pytestmark = pytest.mark.django_db


def _only_entry():
    entries = list(AccessEntry.objects.all())
    assert len(entries) == 1, [(e.kind, e.page) for e in entries]
    return entries[0]


def _assert_one(client, url, *, user, kind, code, patient, page):
    assert not AccessEntry.objects.exists()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    entry = _only_entry()
    assert entry.user == user
    assert entry.kind == kind
    assert entry.record_code == code
    assert entry.patient_code == patient.code
    assert entry.page == page
    assert entry.address == "127.0.0.1"
    return entry


def test_opening_the_patient_page_writes_one_entry(practitioner_client, practitioner_user, patient):
    _assert_one(
        practitioner_client,
        reverse("patients:patient_detail", args=[patient.code]),
        user=practitioner_user,
        kind=RecordKind.PATIENT,
        code=patient.code,
        patient=patient,
        page="patients:patient_detail",
    )


def test_opening_a_consultation_writes_one_entry(frontdesk_client, frontdesk_user, consultation):
    _assert_one(
        frontdesk_client,
        reverse("patients:consultation_detail", args=[consultation.code]),
        user=frontdesk_user,
        kind=RecordKind.CONSULTATION,
        code=consultation.code,
        patient=consultation.patient,
        page="patients:consultation_detail",
    )


def test_opening_a_plan_writes_one_entry(practitioner_client, practitioner_user, plan_item):
    plan = plan_item.plan
    _assert_one(
        practitioner_client,
        reverse("planning:plan_detail", args=[plan.code]),
        user=practitioner_user,
        kind=RecordKind.PLAN,
        code=plan.code,
        patient=plan.patient,
        page="planning:plan_detail",
    )


def test_printing_a_plan_writes_one_entry(practitioner_client, practitioner_user, plan_item):
    plan = plan_item.plan
    _assert_one(
        practitioner_client,
        reverse("planning:plan_print", args=[plan.code]) + "?copy=practitioner",
        user=practitioner_user,
        kind=RecordKind.PLAN_PRINT,
        code=plan.code,
        patient=plan.patient,
        page="planning:plan_print",
    )


def test_the_plan_pdf_writes_one_entry_naming_the_pdf(practitioner_client, practitioner_user, plan_item):
    plan = plan_item.plan
    _assert_one(
        practitioner_client,
        reverse("planning:plan_pdf", args=[plan.code]),
        user=practitioner_user,
        kind=RecordKind.PLAN_PRINT,
        code=plan.code,
        patient=plan.patient,
        page="planning:plan_pdf",
    )


def test_a_signed_consent_page_and_its_pdf_each_write_one_entry(
    frontdesk_client, frontdesk_user, practitioner_user, proposed_plan
):
    acceptance, consents = sign_for_treatment(proposed_plan, practitioner_user)
    consent = consents[0]
    _assert_one(
        frontdesk_client,
        reverse("consents:signed_detail", args=[consent.code]),
        user=frontdesk_user,
        kind=RecordKind.CONSENT,
        code=consent.code,
        patient=proposed_plan.patient,
        page="consents:signed_detail",
    )
    before = AccessEntry.objects.count()
    response = frontdesk_client.get(reverse("consents:signed_pdf", args=[acceptance.code]))
    assert response.status_code == 200
    assert AccessEntry.objects.count() == before + 1
    entry = AccessEntry.objects.first()
    assert (entry.kind, entry.record_code, entry.page) == (
        RecordKind.PLAN_ACCEPTANCE,
        acceptance.code,
        "consents:signed_pdf",
    )
    assert entry.patient_code == proposed_plan.patient.code


def test_a_photo_page_and_the_gallery_each_write_one_entry(frontdesk_client, frontdesk_user, photo):
    _assert_one(
        frontdesk_client,
        reverse("photos:detail", args=[photo.code]),
        user=frontdesk_user,
        kind=RecordKind.PHOTO,
        code=photo.code,
        patient=photo.patient,
        page="photos:detail",
    )
    before = AccessEntry.objects.count()
    assert frontdesk_client.get(reverse("photos:gallery", args=[photo.patient.code])).status_code == 200
    assert AccessEntry.objects.count() == before + 1
    assert AccessEntry.objects.first().kind == RecordKind.PHOTOS


def test_a_refused_or_missing_record_writes_nothing(catalogadmin_client, practitioner_client, patient):
    assert catalogadmin_client.get(reverse("patients:patient_detail", args=[patient.code])).status_code == 403
    assert practitioner_client.get(reverse("patients:patient_detail", args=[uuid.uuid4()])).status_code == 404
    assert not AccessEntry.objects.exists()


def test_logging_a_view_is_one_insert(practitioner_user, patient, django_assert_num_queries):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    request.user = practitioner_user
    with django_assert_num_queries(1) as ctx:
        services.access_record(request=request, kind=RecordKind.EXPORT, code=patient.code, patient=patient, page="x")
    assert ctx.captured_queries[0]["sql"].upper().startswith("INSERT")
    entry = _only_entry()
    assert (entry.address, entry.page, entry.kind) == ("203.0.113.9", "x", "export")


def test_a_bad_address_is_stored_as_none_and_an_unknown_kind_is_refused(practitioner_user, patient):
    request = RequestFactory().get("/", REMOTE_ADDR="not-an-address")
    request.user = practitioner_user
    entry = services.access_record(request=request, kind="photo", code=patient.code, patient=patient.code, page="x")
    assert entry.address is None
    with pytest.raises(ValueError):
        services.access_record(request=request, kind="gossip", code=patient.code, patient=patient, page="x")
    with pytest.raises(ValueError):
        services.access_record(request=request, kind="photo", code="12", patient=patient, page="x")


def _entry(user, patient):
    request = RequestFactory().get("/")
    request.user = user
    return services.access_record(request=request, kind="patient", code=patient.code, patient=patient, page="p")


def test_an_entry_cannot_be_changed_or_deleted_through_the_app(practitioner_user, patient):
    entry = _entry(practitioner_user, patient)
    entry.page = "forged"
    with pytest.raises(ImmutableEntry):
        entry.save()
    with pytest.raises(ImmutableEntry):
        entry.delete()
    with pytest.raises(ImmutableEntry):
        AccessEntry.objects.filter(pk=entry.pk).update(page="forged")
    with pytest.raises(ImmutableEntry):
        AccessEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.page == "p"


def test_the_admin_lists_entries_but_offers_no_add_change_or_delete(admin_user, practitioner_user, patient):
    admin_client = client_for(admin_user)  # past the two-factor step, as a superuser signs in
    entry = _entry(practitioner_user, patient)
    model_admin = AccessEntryAdmin(AccessEntry, admin.site)
    request = RequestFactory().get("/")
    request.user = admin_user
    assert admin_client.get(reverse("admin:accesslog_accessentry_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:accesslog_accessentry_change", args=[entry.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert admin_client.post(reverse("admin:accesslog_accessentry_delete", args=[entry.pk])).status_code == 403
    assert admin_client.get(reverse("admin:accesslog_accessentry_add")).status_code == 403
    assert not model_admin.has_delete_permission(request)
    assert AccessEntry.objects.filter(pk=entry.pk).exists()


def test_the_patient_page_lists_the_latest_twenty_openings_with_more(
    frontdesk_client, practitioner_user, other_practitioner, patient
):
    for _ in range(12):
        _entry(practitioner_user, patient)
    for _ in range(12):
        _entry(other_practitioner, patient)
    page = soup(frontdesk_client.get(reverse("patients:patient_detail", args=[patient.code])).content)
    section = page.select_one("[data-testid=patient-accesses]")
    rows = section.select("tbody tr")
    assert len(rows) == 20
    # newest first: the front desk's own opening of this page, then the other practitioner's
    assert "Fran Desk" in rows[0].get_text()
    assert "Omar Haddad" in rows[1].get_text()
    more = section.find("a", string="All openings of this patient's records")
    assert more["href"] == reverse("accesslog:patient_accesses", args=[patient.code])
    full = frontdesk_client.get(more["href"])
    assert full.status_code == 200
    assert len(soup(full.content).select("tbody tr")) == 25


def test_the_patient_page_shows_no_more_link_for_few_openings(practitioner_client, patient):
    page = soup(practitioner_client.get(reverse("patients:patient_detail", args=[patient.code])).content)
    section = page.select_one("[data-testid=patient-accesses]")
    assert len(section.select("tbody tr")) == 1
    assert "Priya Shah" in section.get_text()
    assert section.find("a", string="All openings of this patient's records") is None


def test_the_list_of_openings_needs_the_log_permission_and_a_logged_patient(
    catalogadmin_client, frontdesk_client, practitioner_user, patient
):
    _entry(practitioner_user, patient)
    url = reverse("accesslog:patient_accesses", args=[patient.code])
    assert catalogadmin_client.get(url).status_code == 403
    assert frontdesk_client.get(reverse("accesslog:patient_accesses", args=[uuid.uuid4()])).status_code == 404


def test_the_patient_page_query_count_does_not_grow_with_the_log(
    practitioner_client, practitioner_user, patient, django_assert_max_num_queries
):
    url = reverse("patients:patient_detail", args=[patient.code])
    practitioner_client.get(url)
    with CaptureQueriesContext(connection) as few:
        practitioner_client.get(url)
    for _ in range(30):
        _entry(practitioner_user, patient)
    with django_assert_max_num_queries(len(few.captured_queries)):
        practitioner_client.get(url)


def test_behind_the_proxy_the_entry_keeps_the_real_client_address(practitioner_user, patient, settings):
    settings.HARMONY_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.50")
    request.user = practitioner_user
    entry = services.access_record(request=request, kind="patient", code=patient.code, patient=patient, page="p")
    assert entry.address == "203.0.113.50"
