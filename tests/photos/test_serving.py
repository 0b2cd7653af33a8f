"""Photo bytes leave only through photos:file: permission-checked, never cached, every serve logged."""

import pytest
from django.urls import reverse

from photos.models import PhotoAccess

pytestmark = pytest.mark.django_db


def file_url(photo, variant="image"):
    return reverse("photos:file", args=[photo.code, variant])


def test_a_practitioner_gets_the_photo_with_no_store_and_a_neutral_name(practitioner_client, photo):
    response = practitioner_client.get(file_url(photo))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="photo-image.jpg"'
    assert b"".join(response.streaming_content) == photo.image.open("rb").read()


def test_every_serve_is_logged_with_who_and_which_file(frontdesk_client, practitioner_client, photo, users):
    practitioner_client.get(file_url(photo, "thumb"))
    frontdesk_client.get(file_url(photo, "image"))
    rows = list(PhotoAccess.objects.order_by("at", "id").values_list("user__username", "variant", "photo"))
    assert rows == [("practitioner", "thumb", photo.pk), ("frontdesk", "image", photo.pk)]


@pytest.mark.parametrize("role", ["catalogadmin", "outsider"])
def test_a_catalog_admin_or_outsider_gets_403_and_no_bytes_and_no_log(role, role_client, photo):
    response = role_client(role).get(file_url(photo))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert not PhotoAccess.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, photo):
    response = client.get(file_url(photo))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not PhotoAccess.objects.exists()


def test_x_accel_mode_hands_the_bytes_to_nginx_after_the_check(practitioner_client, photo, settings):
    settings.HARMONY_PHOTO_SERVE_MODE = "x-accel"
    response = practitioner_client.get(file_url(photo))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected_photos/{photo.image.name}"
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]
    assert PhotoAccess.objects.filter(photo=photo, variant="image").count() == 1


def test_x_accel_mode_still_refuses_a_catalog_admin(catalogadmin_client, photo, settings):
    settings.HARMONY_PHOTO_SERVE_MODE = "x-accel"
    response = catalogadmin_client.get(file_url(photo))
    assert response.status_code == 403
    assert "X-Accel-Redirect" not in response


def test_a_missing_file_is_a_404_not_an_error(practitioner_client, photo):
    photo.image.storage.delete(photo.image.name)
    assert practitioner_client.get(file_url(photo)).status_code == 404
    assert not PhotoAccess.objects.exists()
