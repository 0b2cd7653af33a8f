"""Uploading a batch: good files kept, each bad file named with its reason, nothing of a bad file stored."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from photos.models import Photo
from photos.storage import private_storage
from tests.factories import TreatmentSessionFactory
from tests.fixtures.photos import GPS_IFD, jpeg_bytes, png_bytes, upload
from tests.html import alerts, field_error, field_value, section, soup

pytestmark = pytest.mark.django_db


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def post_upload(client, patient, files, query="", **fields):
    data = {"view": "front", "stage": "before", "taken_on": "2026-01-10", "files": files, **fields}
    return client.post(reverse("photos:upload", args=[patient.code]) + query, data)


def test_an_all_good_batch_is_saved_and_the_user_sent_to_the_gallery(frontdesk_client, patient, private_media):
    response = post_upload(
        frontdesk_client, patient, [upload("a.jpg", jpeg_bytes()), upload("b.png", png_bytes(), "image/png")]
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("photos:gallery", args=[patient.code]))
    assert Photo.objects.filter(patient=patient).count() == 2
    assert len(stored_files(private_media)) == 4  # a normalised copy and a thumbnail each
    page = frontdesk_client.get(response["Location"])
    assert "2 photos saved." in page.content.decode()


def test_good_files_are_kept_and_each_rejected_file_gets_its_own_message(frontdesk_client, patient, private_media):
    truncated = jpeg_bytes(800, 600)[:3000]
    response = post_upload(
        frontdesk_client,
        patient,
        [
            upload("good-1.jpg", jpeg_bytes(color=(10, 100, 200))),
            upload("notes.jpg", b"just some text, not a photo\n" * 10, "image/jpeg"),
            upload("half.jpg", truncated),
            upload("good-2.webp", png_bytes(color=(1, 2, 3)), "image/webp"),
        ],
        view="right_profile",
    )
    assert response.status_code == 200
    page = soup(response)
    refused = field_error(page, "files")
    assert "“notes.jpg”: this is not a JPEG, PNG or WebP image" in refused
    assert "“half.jpg”: the file is damaged or incomplete" in refused
    assert "good-1.jpg" not in refused and "good-2.webp" not in refused
    assert any(message.startswith("2 photos saved") for message in alerts(page))
    assert field_value(page, "view") == "right_profile"  # what was chosen is kept
    photos = Photo.objects.filter(patient=patient)
    assert photos.count() == 2
    assert set(photos.values_list("view", flat=True)) == {"right_profile"}
    expected = {p.image.name for p in photos} | {p.thumbnail.name for p in photos}
    assert {str(p.relative_to(private_media)) for p in stored_files(private_media)} == expected


def test_a_batch_of_only_bad_files_stores_nothing_at_all(frontdesk_client, patient, private_media):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    response = post_upload(
        frontdesk_client,
        patient,
        [
            upload("empty.jpg", b""),
            upload("drawing.svg", svg, "image/svg+xml"),
            upload("huge.png", png_bytes(14000, 14000, mode="1"), "image/png"),
        ],
    )
    assert response.status_code == 200
    refused = field_error(response, "files")  # each file named with its own reason, next to the file chooser
    assert "“huge.png”: the image has far too many pixels (196 megapixels)" in refused
    assert "“drawing.svg”: this is an SVG drawing" in refused
    assert "“empty.jpg”: the file is empty" in refused
    assert not any("saved" in message for message in alerts(response))
    assert not Photo.objects.exists()
    assert stored_files(private_media) == []


def test_a_file_over_the_configured_size_is_refused_and_not_stored(frontdesk_client, patient, private_media, settings):
    settings.HARMONY_PHOTO_MAX_BYTES = 4000
    big = jpeg_bytes(1200, 900, quality=95)
    assert len(big) > 4000
    response = post_upload(frontdesk_client, patient, [upload("large.jpg", big), upload("small.jpg", b"\xff" * 10)])
    refused = field_error(response, "files")
    assert "“large.jpg”: the file is" in refused
    assert "the limit is 4 kB per photo" in refused
    assert not Photo.objects.exists()
    assert stored_files(private_media) == []


def test_the_files_just_written_are_removed_when_the_database_write_fails(
    frontdesk_client, patient, private_media, monkeypatch
):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Photo, "save", broken_save)
    response = post_upload(frontdesk_client, patient, [upload("ok.jpg", jpeg_bytes())])
    assert response.status_code == 200
    assert "“ok.jpg”: the photo could not be saved. Try again." in response.content.decode()
    assert stored_files(private_media) == []


def test_uploads_are_refused_when_the_patient_has_not_consented_to_clinical_photos(
    frontdesk_client, patient, private_media
):
    patient.consent_photos_clinical = False
    patient.save()
    page = frontdesk_client.get(reverse("photos:upload", args=[patient.code]))
    assert any("No consent to photos for the clinical record is recorded" in message for message in alerts(page))
    response = post_upload(frontdesk_client, patient, [upload("a.jpg", jpeg_bytes())])
    assert response.status_code == 200
    assert not Photo.objects.exists()
    assert stored_files(private_media) == []


def test_the_service_names_the_missing_consent(patient, frontdesk_user, private_media):
    from django.core.exceptions import ValidationError

    from photos import services

    patient.consent_photos_clinical = False
    patient.save()
    with pytest.raises(ValidationError, match="not consented to photos for the clinical record"):
        services.photo_upload_batch(
            patient=patient,
            files=[upload("a.jpg", jpeg_bytes())],
            view="front",
            stage="before",
            taken_on=timezone.localdate(),
            by=frontdesk_user,
        )


def test_a_date_taken_in_the_future_is_refused_next_to_the_field(frontdesk_client, patient, private_media):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = post_upload(frontdesk_client, patient, [upload("a.jpg", jpeg_bytes())], taken_on=tomorrow)
    assert field_error(response, "taken_on") == "The date taken cannot be in the future."
    assert field_value(response, "taken_on") == tomorrow
    assert not Photo.objects.exists()


def test_a_bad_date_gets_a_message_not_an_error_page(frontdesk_client, patient, private_media):
    response = post_upload(frontdesk_client, patient, [upload("a.jpg", jpeg_bytes())], taken_on="31/02/2026")
    assert response.status_code == 200
    assert field_error(response, "taken_on").startswith("Enter a valid date")


def test_stored_names_are_random_and_never_the_uploaded_name(frontdesk_client, patient, private_media):
    post_upload(frontdesk_client, patient, [upload("Zoe Martin chin.jpg", jpeg_bytes())])
    photo = Photo.objects.get()
    for name in (photo.image.name, photo.thumbnail.name):
        assert "Zoe" not in name and "chin" not in name
        assert name.startswith("photos/") and name.endswith(".jpg")


def test_stored_files_carry_no_gps_and_are_upright(frontdesk_client, patient, private_media):
    post_upload(frontdesk_client, patient, [upload("phone.jpg", jpeg_bytes(800, 600, orientation=6, gps=True))])
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (600, 800)
    for field in (photo.image, photo.thumbnail):
        data = (private_media / field.name).read_bytes()
        image = Image.open(io.BytesIO(data))
        assert not image.getexif().get_ifd(GPS_IFD)
        assert not image.getexif()
        assert image.height > image.width


def test_the_same_file_twice_is_recognised(frontdesk_client, patient, private_media):
    data = jpeg_bytes()
    post_upload(frontdesk_client, patient, [upload("a.jpg", data)])
    response = post_upload(frontdesk_client, patient, [upload("again.jpg", data)])
    assert "“again.jpg”: this exact file is already among this patient’s photos" in response.content.decode()
    assert Photo.objects.count() == 1


def test_the_original_is_kept_privately_only_when_the_clinic_says_so(
    frontdesk_client, patient, private_media, settings
):
    settings.HARMONY_PHOTO_KEEP_ORIGINAL = True
    data = jpeg_bytes(gps=True)
    post_upload(frontdesk_client, patient, [upload("a.jpg", data)])
    photo = Photo.objects.get()
    assert photo.original.name.startswith("photos/")
    assert (private_media / photo.original.name).read_bytes() == data
    response = frontdesk_client.get(reverse("photos:file", args=[photo.code, "original"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data


def test_photos_uploaded_from_a_consultation_belong_to_it(frontdesk_client, patient, consultation, private_media):
    response = post_upload(
        frontdesk_client, patient, [upload("a.jpg", jpeg_bytes())], query=f"?consultation={consultation.code}"
    )
    assert response.status_code == 302
    assert Photo.objects.get().consultation == consultation


def test_photos_uploaded_from_a_treatment_session_belong_to_it_and_to_its_consultation(
    frontdesk_client, patient, accepted_plan, practitioner_user, private_media
):
    session = TreatmentSessionFactory(plan=accepted_plan, session_number=1, performed_by=practitioner_user)
    assert session.patient == patient
    url = reverse("photos:upload", args=[patient.code]) + f"?session={session.code}"
    page = frontdesk_client.get(url).content.decode()
    assert "treatment session 1" in page
    assert 'value="after" selected' in page  # a session's photos are usually the "after" set
    response = post_upload(frontdesk_client, patient, [upload("a.jpg", jpeg_bytes())], query=f"?session={session.code}")
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.session == session
    assert photo.consultation == accepted_plan.consultation
    detail = frontdesk_client.get(reverse("photos:detail", args=[photo.code])).content.decode()
    assert "treatment session 1" in detail


def test_a_session_of_another_patient_is_not_found(frontdesk_client, frontdesk_user, accepted_plan, practitioner_user):
    from patients import services as clinic_services

    session = TreatmentSessionFactory(plan=accepted_plan, session_number=1, performed_by=practitioner_user)
    other, _ = clinic_services.patient_create(
        by=frontdesk_user,
        given_name="Ann",
        family_name="Other",
        date_of_birth=timezone.localdate().replace(year=1990),
        consent_photos_clinical=True,
    )
    url = reverse("photos:upload", args=[other.code]) + f"?session={session.code}"
    assert frontdesk_client.get(url).status_code == 404


def test_a_consultation_of_another_patient_is_not_found(frontdesk_client, patient, consultation, frontdesk_user):
    from patients import services as clinic_services

    other, _ = clinic_services.patient_create(
        by=frontdesk_user,
        given_name="Ann",
        family_name="Other",
        date_of_birth=timezone.localdate().replace(year=1990),
        consent_photos_clinical=True,
    )
    url = reverse("photos:upload", args=[other.code]) + f"?consultation={consultation.code}"
    assert frontdesk_client.get(url).status_code == 404


def test_photo_files_never_live_under_a_public_url():
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    public = [Path(settings.STATIC_ROOT).resolve(), *(Path(d).resolve() for d in settings.STATICFILES_DIRS)]
    assert all(root != p and p not in root.parents for p in public)
    with pytest.raises(ValueError, match="no public URL"):
        private_storage.url("photos/ab/anything.jpg")


def test_the_upload_form_takes_several_files_and_has_labelled_fields(frontdesk_client, patient):
    html = frontdesk_client.get(reverse("photos:upload", args=[patient.code])).content.decode()
    assert 'type="file"' in html and "multiple" in html
    assert 'enctype="multipart/form-data"' in html
    for field in ("id_files", "id_view", "id_stage", "id_taken_on"):
        assert f'for="{field}"' in html
    assert "data-dropzone" in html
    assert "photos/upload.js" in html


def test_a_sessions_photos_show_on_its_record_before_ones_first(
    practitioner_client, patient, accepted_plan, practitioner_user, frontdesk_user, private_media
):
    from tests.fixtures.photos import store_photo

    session = TreatmentSessionFactory(plan=accepted_plan, session_number=1, performed_by=practitioner_user)
    store_photo(patient=patient, by=frontdesk_user, stage="after", session=session)
    store_photo(patient=patient, by=frontdesk_user, stage="before", session=session, color=(90, 60, 50))
    store_photo(
        patient=patient, by=frontdesk_user, stage="before", color=(20, 30, 40)
    )  # another day's photo: not this session's
    page = soup(practitioner_client.get(reverse("records:session_detail", args=[session.code])))
    photos = section(page, "Photos of this session")
    assert [" ".join(li.get_text().split()) for li in photos.select("ul.photo-thumbs > li")] == [
        "Before Front",
        "After Front",
    ]
    assert photos.select_one(f"a[href$='?session={session.code}']")
