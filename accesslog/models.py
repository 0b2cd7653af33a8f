"""Who read which patient record, when, from where and through which page; and each user's signed-in sessions.

accesslog sits below every other app (pyproject.toml's layers), so every app can write to it; it imports none of
them. That is why an entry names its record and patient by their UUID codes, not by foreign keys: the log keeps no
patient data of its own and cannot be touched by anything that happens to the records it names.

AccessEntry is append-only through the app: `save()` refuses an existing row, `delete()` refuses, and its queryset
refuses `update()` and `delete()`. It has no django-simple-history table: a row is never changed, so a history of
its changes would only double every insert. docs/access-log.md shows how the database itself can refuse too.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from clinic.formatting import moment


class ImmutableEntry(Exception):
    """Raised when code tries to change or delete an access entry."""


class RecordKind(models.TextChoices):
    PATIENT = "patient", "Patient record"
    CONSULTATION = "consultation", "Consultation"
    PLAN = "plan", "Treatment plan"
    PLAN_PRINT = "plan_print", "Printed treatment plan"
    CONSENT = "consent", "Signed consent"
    PLAN_ACCEPTANCE = "plan_acceptance", "Signed plan acceptance"
    PHOTO = "photo", "Photo"
    PHOTOS = "photos", "Photo gallery"
    EXPORT = "export", "Record export"


class AccessEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableEntry("Access entries cannot be changed.")

    def delete(self):
        raise ImmutableEntry("Access entries cannot be deleted.")

    def for_patient(self, code):
        return self.filter(patient_code=code)


class AccessEntry(models.Model):
    at = models.DateTimeField(default=timezone.now, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    kind = models.CharField(max_length=20, choices=RecordKind, editable=False)
    record_code = models.UUIDField(editable=False)
    patient_code = models.UUIDField(editable=False)
    address = models.GenericIPAddressField(null=True, blank=True, editable=False)
    page = models.CharField(max_length=120, editable=False, help_text="The URL name of the page that was opened.")

    objects = AccessEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "access entry"
        verbose_name_plural = "access entries"
        indexes = [
            models.Index(fields=["patient_code", "-at"], name="access_patient_at_idx"),
            models.Index(fields=["user", "-at"], name="access_user_at_idx"),
        ]

    def __str__(self):
        return f"{self.user} opened {self.get_kind_display().lower()} {self.record_code} at {moment(self.at)}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableEntry("Access entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEntry("Access entries cannot be deleted.")


class UserSession(models.Model):
    """One signed-in browser: the row behind "your sessions", keyed to Django's session key.

    Created when a user signs in, removed when the session ends (sign-out, idle or absolute limit, "sign out
    everywhere else", deactivation). Listing a user's sessions reads these rows, never the whole session table. No
    history: these rows change every few minutes (last seen) and are gone when the session is.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="harmony_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(max_length=300, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    signed_in_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen_at"]
        indexes = [models.Index(fields=["user", "-last_seen_at"], name="usersession_user_idx")]

    def __str__(self):
        return f"{self.user} since {moment(self.signed_in_at)}"
