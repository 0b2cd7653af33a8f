"""The vascular occlusion protocol's versions in the Django admin, for catalog admins (change_occlusionprotocol).

Saving the form always publishes a new version, which becomes the current one; the version edited stays as it was,
with the occlusion records run under it (records.services.occlusion_protocol_publish). Nothing is deleted. Session
records and occlusion records are not in the admin: they are seen on their own pages (records.access).
"""

from django.contrib import admin, messages
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from records import services
from records.models import OcclusionProtocol


@admin.register(OcclusionProtocol)
class OcclusionProtocolAdmin(SimpleHistoryAdmin):
    list_display = ("title", "version", "is_current", "used_count", "created_at", "created_by")
    ordering = ("-version",)
    base_fields = ("title", "body", "source_note", "reassess_minutes", "reassess_source")
    info_fields = ("version", "is_current", "created_at", "created_by")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by").annotate(used=Count("cases"))

    @admin.display(description="occlusion records", ordering="used")
    def used_count(self, obj):
        return obj.used

    def get_fields(self, request, obj=None):
        return self.base_fields + (self.info_fields if obj else ())

    def get_readonly_fields(self, request, obj=None):
        return self.info_fields if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        new = services.occlusion_protocol_publish(
            title=data["title"],
            body=data["body"],
            source_note=data["source_note"],
            reassess_minutes=data["reassess_minutes"],
            reassess_source=data["reassess_source"],
            by=request.user,
        )
        # The admin goes on (its log entry, its redirect) with the new version; the edited one is never saved.
        for name in ("pk", "id", "version", "is_current", *self.base_fields, "created_at"):
            setattr(obj, name, getattr(new, name))
        obj.created_by = new.created_by
        obj._state.adding = False
        messages.info(
            request, f"Version {new.version} is now the clinic's protocol; earlier versions stay as they were."
        )
