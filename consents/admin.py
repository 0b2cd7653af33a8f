"""The consent texts in the Django admin, for catalog admins (consents.change_consenttext).

Saving the form always publishes a new version, which becomes the current one of its kind; the version edited
stays as it was (consents.services.consent_text_publish). A version a patient has signed is shown read-only, with
a link that starts a new version from its words. Nothing is deleted. Signatures are not in the admin: they are seen
on the patient's pages (consents.access).
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from consents import services
from consents.forms import ConsentTextForm
from consents.models import ConsentText


@admin.register(ConsentText)
class ConsentTextAdmin(SimpleHistoryAdmin):
    form = ConsentTextForm
    list_display = ("title", "kind", "version", "is_current", "signed_count", "created_at", "created_by")
    list_filter = ("kind", "is_current")
    search_fields = ("title", "body")
    ordering = ("kind", "-version")
    base_fields = ("kind", "title", "body", "source_note")
    info_fields = ("version", "is_current", "created_at", "created_by", "new_version_link")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by").annotate(signed=Count("signatures"))

    @admin.display(description="signed", ordering="signed")
    def signed_count(self, obj):
        return obj.signed

    @admin.display(description="new version")
    def new_version_link(self, obj):
        if obj is None or not obj.pk:
            return "-"
        url = reverse("admin:consents_consenttext_add") + f"?from={obj.pk}"
        return format_html('<a href="{}">Write a new version from this one</a>', url)

    def get_fields(self, request, obj=None):
        return self.base_fields + (self.info_fields if obj else ())

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if obj.is_used:
            return self.base_fields + self.info_fields
        return ("kind", *self.info_fields)

    def has_change_permission(self, request, obj=None):
        # A signed version is only viewed: its words never change.
        if obj is not None and obj.is_used:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        source = request.GET.get("from", "")
        text = ConsentText.objects.filter(pk=source).first() if source.isdigit() else None
        if text is not None:
            initial.update(kind=text.kind, title=text.title, body=text.body, source_note=text.source_note)
        return initial

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        new = services.consent_text_publish(
            kind=obj.kind if change else data["kind"],
            title=data["title"],
            body=data["body"],
            source_note=data["source_note"],
            by=request.user,
        )
        # The admin goes on (its log entry, its redirect) with the new version; the edited one is never saved.
        for name in ("pk", "id", "version", "is_current", "kind", "title", "body", "source_note", "created_at"):
            setattr(obj, name, getattr(new, name))
        obj.created_by = new.created_by
        obj._state.adding = False
        messages.info(
            request,
            f"Version {new.version} is now the current {new.get_kind_display().lower()} consent; "
            "earlier versions stay as they were.",
        )
