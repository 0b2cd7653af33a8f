"""The gallery, photo page, compare page and the photo sections on other apps' pages."""

import re
from datetime import date

import pytest
from django.test import RequestFactory
from django.urls import reverse

from photos import sections
from photos.models import Photo
from tests.factories import TreatmentPlanFactory
from tests.fixtures.photos import store_photo
from tests.html import field, field_value, soup, table_rows

pytestmark = pytest.mark.django_db


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


def test_the_gallery_groups_photos_by_date_then_standard_view(frontdesk_client, patient, frontdesk_user):
    store_photo(patient=patient, by=frontdesk_user, view="left_profile", taken_on=date(2026, 1, 10), color=(1, 1, 1))
    store_photo(patient=patient, by=frontdesk_user, view="front", taken_on=date(2026, 1, 10), color=(2, 2, 2))
    store_photo(patient=patient, by=frontdesk_user, view="front", taken_on=date(2026, 3, 2), color=(3, 3, 3))
    html = frontdesk_client.get(reverse("photos:gallery", args=[patient.code])).content.decode()
    assert h1_count(html) == 1
    march, january = html.index("Mon 2 Mar 2026"), html.index("Sat 10 Jan 2026")
    assert march < january  # newest day first
    jan = html[january:]
    assert jan.index(">Front<") < jan.index(">Left profile<")  # standard view order within the day
    for photo in Photo.objects.all():
        assert reverse("photos:detail", args=[photo.code]) in html
        assert reverse("photos:file", args=[photo.code, "thumb"]) in html
    assert reverse("photos:upload", args=[patient.code]) in html
    assert reverse("photos:compare", args=[patient.code]) in html


def test_the_gallery_query_count_does_not_grow_with_photos(
    frontdesk_client, patient, frontdesk_user, django_assert_num_queries
):
    url = reverse("photos:gallery", args=[patient.code])
    store_photo(patient=patient, by=frontdesk_user, color=(9, 9, 9))
    frontdesk_client.get(url)  # warm the session and permission caches like any real request
    with django_assert_num_queries(8) as few:  # 7, plus the access log's one INSERT (accesslog)
        frontdesk_client.get(url)
    for i in range(6):
        store_photo(patient=patient, by=frontdesk_user, view="front", color=(20 + 30 * i, 90, 40))
    with django_assert_num_queries(len(few.captured_queries)):
        response = frontdesk_client.get(url)
    assert response.content.decode().count('class="photo-thumb"') == 7


def test_no_upload_button_and_a_warning_without_clinical_consent(frontdesk_client, patient):
    patient.consent_photos_clinical = False
    patient.save()
    html = frontdesk_client.get(reverse("photos:gallery", args=[patient.code])).content.decode()
    assert "No consent to clinical photos" in html
    assert reverse("photos:upload", args=[patient.code]) not in html


def test_the_photo_page_shows_the_image_details_and_access_log(practitioner_client, photo):
    practitioner_client.get(reverse("photos:file", args=[photo.code, "image"]))
    html = practitioner_client.get(reverse("photos:detail", args=[photo.code])).content.decode()
    assert h1_count(html) == 1
    assert reverse("photos:file", args=[photo.code, "image"]) in html
    # The practitioner's own view is logged (their name in the navigation would not tell).
    log = table_rows(html, "Who opened this photo")
    assert any("Priya Shah" in cell for row in log for cell in row)
    assert 'for="id_consent_marketing"' in html


def test_marketing_consent_cannot_be_set_without_the_patients_consent(practitioner_client, photo):
    data = {"view": "front", "stage": "before", "taken_on": "2026-01-10", "notes": "", "consent_marketing": "on"}
    page = practitioner_client.get(reverse("photos:detail", args=[photo.code])).content.decode()
    assert "has not consented to marketing use" in page
    tag = re.search(r'<input[^>]*id="id_consent_marketing"[^>]*>', page).group(0)
    assert "disabled" in tag
    practitioner_client.post(reverse("photos:detail", args=[photo.code]), data)
    photo.refresh_from_db()
    assert photo.consent_marketing is False  # a disabled field ignores what is posted


def test_marketing_consent_is_per_photo_and_off_by_default(practitioner_client, photo, patient):
    assert photo.consent_marketing is False
    patient.consent_photos_marketing = True
    patient.save()
    data = {"view": "front", "stage": "before", "taken_on": "2026-01-10", "notes": "", "consent_marketing": "on"}
    response = practitioner_client.post(reverse("photos:detail", args=[photo.code]), data)
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.consent_marketing is True and photo.marketing_allowed
    assert photo.history.first().history_user.username == "practitioner"


def test_the_service_refuses_marketing_consent_the_patient_did_not_give(photo, practitioner_user):
    from django.core.exceptions import ValidationError

    from photos import services

    with pytest.raises(ValidationError) as caught:
        services.photo_update(
            photo=photo,
            by=practitioner_user,
            view="front",
            stage="before",
            taken_on=photo.taken_on,
            consent_marketing=True,
        )
    assert "consent_marketing" in caught.value.message_dict


def test_the_service_reads_the_photos_own_field_rules_from_the_model(photo, practitioner_user):
    from django.core.exceptions import ValidationError

    from photos import services

    with pytest.raises(ValidationError) as caught:
        services.photo_update(
            photo=photo, by=practitioner_user, view="sideways", stage="later", taken_on=photo.taken_on, notes="x" * 301
        )
    assert caught.value.message_dict == {
        "view": ["Choose one of the standard views."],
        "stage": ["Choose before, after or progress."],
        "notes": ["Keep notes to 300 characters."],
    }
    photo.refresh_from_db()
    assert (photo.view, photo.notes) == ("front", "")  # nothing of the refused edit was saved


def test_a_bad_edit_keeps_what_was_typed(practitioner_client, photo):
    data = {"view": "front", "stage": "before", "taken_on": "2099-01-01", "notes": "typed note"}
    response = practitioner_client.post(reverse("photos:detail", args=[photo.code]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The date taken cannot be in the future." in html
    assert 'value="typed note"' in html


def test_archiving_hides_a_photo_without_deleting_it_and_it_can_be_restored(frontdesk_client, photo, patient):
    frontdesk_client.post(reverse("photos:archive", args=[photo.code]), {"action": "archive"})
    photo.refresh_from_db()
    assert photo.is_archived
    gallery = frontdesk_client.get(reverse("photos:gallery", args=[patient.code])).content.decode()
    assert reverse("photos:detail", args=[photo.code]) not in gallery
    assert frontdesk_client.get(reverse("photos:detail", args=[photo.code])).status_code == 200
    frontdesk_client.post(reverse("photos:archive", args=[photo.code]), {"action": "restore"})
    photo.refresh_from_db()
    assert not photo.is_archived


def test_compare_shows_two_photos_side_by_side_and_overlaid_with_a_labelled_slider(
    practitioner_client, photo_pair, patient
):
    before, after = photo_pair
    html = practitioner_client.get(reverse("photos:compare", args=[patient.code])).content.decode()
    assert h1_count(html) == 1
    assert "Side by side" in html and "Overlay" in html
    assert html.count(reverse("photos:file", args=[before.code, "image"])) == 2
    assert html.count(reverse("photos:file", args=[after.code, "image"])) == 2
    assert re.search(r'<label for="overlay-amount"', html)
    assert re.search(r'<input type="range"[^>]*id="overlay-amount"', html)
    assert "photos/compare.js" in html
    assert " style=" not in html


def test_compare_refuses_photos_of_different_views_with_a_message(
    practitioner_client, photo_pair, patient, frontdesk_user
):
    before, _ = photo_pair
    profile = store_photo(patient=patient, by=frontdesk_user, view="left_profile", color=(5, 50, 90))
    url = reverse("photos:compare", args=[patient.code])
    html = practitioner_client.get(url, {"view": "front", "left": before.code, "right": "nonsense"}).content.decode()
    assert "Choose one of this patient" in html
    # Choosing another view drops the photos of the old one instead of failing.
    html = practitioner_client.get(url, {"view": "left_profile", "left": before.code}).content.decode()
    page = soup(html)
    assert field_value(page, "view") == "left_profile"
    assert [o["value"] for o in field(page, "left").find_all("option") if o["value"]] == [str(profile.code)]
    assert page.find(id="overlay-amount") is None  # one photo of that view: nothing to overlay yet
    assert profile.get_view_display() in html


def test_compare_from_the_earliest_photos_page_sets_it_beside_another(practitioner_client, photo_pair, patient):
    before, after = photo_pair
    url = reverse("photos:compare", args=[patient.code])
    html = practitioner_client.get(url, {"view": "front", "right": before.code}).content.decode()
    assert "Choose two different photos" not in html
    assert "Overlay" in html
    assert html.index(reverse("photos:file", args=[before.code, "image"])) < html.index(
        reverse("photos:file", args=[after.code, "image"])
    )  # earlier on the left


def test_compare_with_one_photo_explains_what_is_missing(practitioner_client, photo, patient):
    html = practitioner_client.get(reverse("photos:compare", args=[patient.code])).content.decode()
    assert "A comparison needs two photos of the same view" in html


def test_consultation_photos_lists_its_photos_and_links_the_upload(rf_request, consultation, patient, frontdesk_user):
    from photos import services
    from tests.fixtures.photos import jpeg_bytes, upload

    services.photo_upload_batch(
        patient=patient,
        consultation=consultation,
        files=[upload("c.jpg", jpeg_bytes(color=(7, 7, 7)))],
        view="front",
        stage="before",
        taken_on=date(2026, 1, 10),
        by=frontdesk_user,
    )
    store_photo(patient=patient, by=frontdesk_user, color=(8, 8, 8))  # not of this consultation
    html = sections.consultation_photos(request=rf_request(frontdesk_user), consultation=consultation)
    assert html.count('class="photo-thumb"') == 1
    assert f"?consultation={consultation.code}" in html


def test_the_print_view_shows_only_chosen_photos_and_only_with_consent(
    rf_request, photo_pair, patient, consultation, practitioner_user
):
    before, after = photo_pair
    after.include_in_print = True
    after.save()
    plan = TreatmentPlanFactory(consultation=consultation, practitioner=practitioner_user)
    html = sections.plan_print_photos(request=rf_request(practitioner_user), plan=plan)
    assert reverse("photos:file", args=[after.code, "image"]) in html
    assert reverse("photos:file", args=[before.code, "image"]) not in html
    patient.consent_photos_clinical = False
    patient.save()
    plan.patient.refresh_from_db()
    assert sections.plan_print_photos(request=rf_request(practitioner_user), plan=plan) == ""


def test_photo_sections_show_nothing_to_a_user_without_photo_permission(
    rf_request, photo, patient, consultation, users
):
    request = rf_request(users["catalogadmin"])
    assert sections.patient_gallery(request=request, patient=patient) == ""
    assert sections.consultation_photos(request=request, consultation=consultation) == ""


@pytest.fixture
def rf_request():
    def build(user):
        request = RequestFactory().get("/")
        request.user = user
        return request

    return build
