"""Plans are changed through the app (services with version checks and audit), so the admin only reads them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clinic.formatting import money
from clinic.security import BoundedInlineMixin
from planning import access
from planning.models import PerformedItem, PlanItem, TreatmentPlan, TreatmentSession


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Read-only, and only for clinical staff (planning/access.py says why)."""

    def has_view_permission(self, request, obj=None):
        return access.can_see_clinical(user=request.user) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return access.can_see_clinical(user=request.user) and super().has_module_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlanItemInline(BoundedInlineMixin, admin.TabularInline):
    model = PlanItem
    extra = 0
    can_delete = False
    fields = ("session_number", "treatment", "area", "side", "product", "dose", "dose_unit", "price_text")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="price")
    def price_text(self, obj):
        return money(obj.price)


@admin.register(TreatmentPlan)
class TreatmentPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "patient", "practitioner", "status", "updated_at")
    list_filter = ("status",)
    search_fields = ("title", "patient__family_name", "patient__given_name")
    inlines = [PlanItemInline]


class PerformedItemInline(BoundedInlineMixin, admin.TabularInline):
    model = PerformedItem
    extra = 0
    can_delete = False
    fields = ("product", "area", "side", "dose", "dose_unit", "lot_number", "lot_expiry")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TreatmentSession)
class TreatmentSessionAdmin(ReadOnlyAdmin):
    list_display = ("patient", "plan", "session_number", "performed_at", "review_on")
    inlines = [PerformedItemInline]
