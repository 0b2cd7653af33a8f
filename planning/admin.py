"""Plans are changed through the app (services with version checks and audit), so the admin only reads them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from planning.models import PerformedItem, PlanItem, TreatmentPlan, TreatmentSession
from planning.selectors import CLINICAL_PERM


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Read-only, and only for clinical staff: the admin shows every plan (drafts too) with its clinical notes and
    override reasons, which the app hides from the front desk. A front-desk member who also keeps the catalog is
    staff, and holds planning.view_treatmentplan, so the model permission alone would let them read it all here."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(CLINICAL_PERM) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return request.user.has_perm(CLINICAL_PERM) and super().has_module_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    can_delete = False
    fields = ("session_number", "treatment", "area", "side", "product", "dose", "dose_unit", "price")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TreatmentPlan)
class TreatmentPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "patient", "practitioner", "status", "updated_at")
    list_filter = ("status",)
    search_fields = ("title", "patient__family_name", "patient__given_name")
    inlines = [PlanItemInline]


class PerformedItemInline(admin.TabularInline):
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
