"""Two-factor sign-in: the devices are django-otp's (otp_totp's authenticator app, otp_static's backup codes); this app
keeps only the audit of their recovery.

A reset removes every device of a user (they enrol again at their next sign-in, or from their account page), and
leaves one row here: who reset whose devices, when and why. Rows are never changed or deleted through the app.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class DeviceReset(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mfa_resets")
    reset_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reset_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(
        max_length=300,
        help_text="Why, e.g. “lost phone”.",
        error_messages={"blank": "Say why the devices are reset (it is kept in the audit)."},
    )
    devices_removed = models.PositiveSmallIntegerField(default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reset_at"]
        verbose_name = "two-factor reset"

    def __str__(self):
        return f"{self.user} reset by {self.reset_by} on {self.reset_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A two-factor reset is an audit entry: it is never changed.")
        super().save(*args, **kwargs)
