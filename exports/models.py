"""What was handed over when a patient's whole record was exported (the right of access).

Each download leaves one row: whose record, who exported it, when, in which format, and the SHA-256 and size of
the file produced, so the clinic can show exactly what the patient was given. Reads are also in the access log
(accesslog). Rows are never changed or deleted through the app.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from patients.models import Patient


class ExportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    JSON = "json", "JSON"


class RecordExport(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+")
    exported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    exported_at = models.DateTimeField(auto_now_add=True)
    format = models.CharField(max_length=4, choices=ExportFormat)
    sha256 = models.CharField("SHA-256 of the file", max_length=64)
    size_bytes = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-exported_at"]
        verbose_name = "record export"

    def __str__(self):
        return f"{self.get_format_display()} export by {self.exported_by} on {self.exported_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A record export is an audit entry: it is never changed.")
        super().save(*args, **kwargs)
