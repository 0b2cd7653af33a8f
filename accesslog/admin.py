"""The access log in the Django admin: read-only (no add, change or delete, for anyone, superusers included)."""

from django.contrib import admin

from accesslog.models import AccessEntry


@admin.register(AccessEntry)
class AccessEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "kind", "record_code", "patient_code", "address", "page")
    list_filter = ("kind",)
    search_fields = ("user__username",)
    list_select_related = ("user",)
    date_hierarchy = "at"
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
