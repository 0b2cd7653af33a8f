"""The catalog admins' editor: every catalog model in the Django admin, each with its change history.

Only catalog admins reach it (the admin needs is_staff, which only they have). Rows that plans and consultations
point at (areas, concerns, products, contraindications, treatments, templates) are retired, never deleted: the
delete permission is removed here and "Retire" / "Reactivate" actions take its place, so a saved plan always keeps
the row it was made from. Dose ranges, contraindication links and template items can be deleted inside their
parent (nothing points at them).
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from catalog.models import (
    CombinationTemplate,
    Concern,
    Contraindication,
    FacialArea,
    Product,
    TemplateItem,
    Treatment,
    TreatmentArea,
    TreatmentContraindication,
)


def _set_active(modeladmin, request, queryset, active: bool):
    changed = 0
    for obj in queryset.filter(is_active=not active):
        obj.is_active = active
        obj._change_reason = "Reactivated" if active else "Retired"
        obj.save(update_fields=["is_active"])
        changed += 1
    word = "reactivated" if active else "retired"
    modeladmin.message_user(request, f"{changed} {word}. History keeps who did it and when.", messages.SUCCESS)


@admin.action(description="Retire selected (hide from browsing and new plans)")
def retire(modeladmin, request, queryset):
    _set_active(modeladmin, request, queryset, active=False)


@admin.action(description="Reactivate selected")
def reactivate(modeladmin, request, queryset):
    _set_active(modeladmin, request, queryset, active=True)


class RetireNotDeleteMixin:
    """Plans and consultations point at these rows: retire them instead of deleting them."""

    def has_delete_permission(self, request, obj=None):
        return False


class CatalogAdmin(RetireNotDeleteMixin, SimpleHistoryAdmin):
    actions = [retire, reactivate]
    list_per_page = 50
    save_on_top = True

    def get_prepopulated_fields(self, request, obj=None):
        # A slug is a key other code uses (screening answers, demo data, URLs): set it once, on creation.
        return {} if obj else {"slug": ("name",)}

    def get_readonly_fields(self, request, obj=None):
        return ("slug",) if obj else ()


def flag_badge(flag: str) -> str:
    return flag.replace("LABEL-2", "LABEL-2°") if flag else "—"


# --- Facial areas and concerns --------------------------------------------------------------------------------
@admin.register(FacialArea)
class FacialAreaAdmin(CatalogAdmin):
    list_display = ("name", "common_name", "region", "modality", "bilateral", "is_high_risk", "chart", "is_active")
    list_filter = ("region", "modality", "bilateral", "is_high_risk", "is_active")
    search_fields = ("name", "common_name", "slug", "key_structure")
    ordering = ("display_order", "name")
    fieldsets = (
        (None, {"fields": ("name", "slug", "common_name", "region", "modality", "bilateral", "key_structure")}),
        ("Risk", {"fields": ("is_high_risk", "risk_note")}),
        (
            "Face chart",
            {
                "fields": (("chart_x", "chart_y"), ("profile_x", "profile_y"), "display_order"),
                "description": "Percentages of the front-view diagram (midline x = 50). For a paired area give the "
                "patient's right side (the viewer's left, x < 50); the chart mirrors it.",
            },
        ),
        ("Source", {"fields": ("source", "evidence_flag", "is_active")}),
    )

    @admin.display(description="chart (x, y)")
    def chart(self, obj):
        return f"{obj.chart_x:g}, {obj.chart_y:g}"


@admin.register(Concern)
class ConcernAdmin(CatalogAdmin):
    list_display = ("name", "slug", "area_list", "display_order", "is_active")
    list_filter = ("is_active", "areas__region")
    search_fields = ("name", "slug", "description")
    autocomplete_fields = ("areas",)
    fields = ("name", "slug", "description", "areas", "display_order", "is_active")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("areas")

    @admin.display(description="areas")
    def area_list(self, obj):
        return ", ".join(a.name for a in obj.areas.all()) or "—"


# --- Products and contraindications ---------------------------------------------------------------------------
@admin.register(Product)
class ProductAdmin(CatalogAdmin):
    list_display = ("name", "kind", "package", "price", "contains_lidocaine", "limits", "is_active")
    list_filter = ("kind", "substance", "contains_lidocaine", "price_is_example", "is_active", "manufacturer")
    search_fields = ("name", "slug", "manufacturer", "other_allergens")
    fieldsets = (
        (None, {"fields": ("name", "slug", "manufacturer", "kind", "substance", "description", "indications")}),
        (
            "Package and price",
            {
                "fields": (
                    ("dose_unit", "package_size"),
                    "package_description",
                    ("price_per_package", "price_per_unit"),
                    "price_is_example",
                ),
                "description": "Toxin units are product-specific: they are never converted between brands.",
            },
        ),
        ("Safety", {"fields": ("contains_lidocaine", "other_allergens", "typical_duration_months")}),
        (
            "Toxin limits (only where a label gives them)",
            {"fields": (("max_units_per_session", "max_units_90_days"), "limit_source", "limit_evidence_flag")},
        ),
        ("Source", {"fields": ("source", "evidence_flag", "is_active")}),
    )

    @admin.display(description="package", ordering="package_size")
    def package(self, obj):
        return f"{obj.package_size.normalize():f} {obj.dose_unit}"

    @admin.display(description="price", ordering="price_per_unit")
    def price(self, obj):
        example = " (example)" if obj.price_is_example else ""
        return f"£{obj.price_per_unit:,.2f} per {obj.dose_unit}{example}"

    @admin.display(description="label limits")
    def limits(self, obj):
        parts = []
        if obj.max_units_per_session:
            parts.append(f"{obj.max_units_per_session:g} U / session")
        if obj.max_units_90_days:
            parts.append(f"{obj.max_units_90_days:g} U / 90 days")
        return "; ".join(parts) or "—"


@admin.register(Contraindication)
class ContraindicationAdmin(RetireNotDeleteMixin, SimpleHistoryAdmin):
    list_display = ("name", "slug", "applies_to", "default_severity", "flag")
    list_filter = ("default_severity", "applies_to_toxins", "applies_to_fillers", "evidence_flag")
    search_fields = ("name", "slug", "description")
    autocomplete_fields = ("products",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("products")

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": ("name",)}

    def get_readonly_fields(self, request, obj=None):
        # The slug is what consultation screening answers map onto (clinic.models.SCREENING_QUESTIONS).
        return ("slug",) if obj else ()

    @admin.display(description="applies to")
    def applies_to(self, obj):
        parts = []
        if obj.applies_to_toxins:
            parts.append("all toxins")
        if obj.applies_to_fillers:
            parts.append("all fillers")
        parts.extend(p.name for p in obj.products.all())
        return ", ".join(parts) or "linked treatments only"

    @admin.display(description="evidence", ordering="evidence_flag")
    def flag(self, obj):
        return flag_badge(obj.evidence_flag)


# --- Treatments with their dose ranges and contraindications -------------------------------------------------
class DoseRangeInlineForm(forms.ModelForm):
    """Narrow inputs so the eleven columns of a dose range fit on a laptop screen (no inline styles: strict CSP)."""

    class Meta:
        model = TreatmentArea
        fields = (
            "area",
            "product",
            "dose_min",
            "dose_max",
            "default_dose",
            "unit",
            "per_side",
            "injection_points",
            "source",
            "evidence_flag",
            "note",
        )
        widgets = {
            "dose_min": forms.NumberInput(attrs={"class": "vIntegerField", "step": "any"}),
            "dose_max": forms.NumberInput(attrs={"class": "vIntegerField", "step": "any"}),
            "default_dose": forms.NumberInput(attrs={"class": "vIntegerField", "step": "any"}),
            "injection_points": forms.TextInput(attrs={"size": 14}),
            "source": forms.Textarea(attrs={"rows": 2, "cols": 34}),
            "note": forms.Textarea(attrs={"rows": 2, "cols": 26}),
        }


class DoseRangeInline(admin.TabularInline):
    model = TreatmentArea
    form = DoseRangeInlineForm
    extra = 0
    autocomplete_fields = ("area", "product")
    fields = DoseRangeInlineForm.Meta.fields
    verbose_name = "dose range"
    verbose_name_plural = "Areas and dose ranges (in the product's unit; per side where the area is paired)"


class TreatmentContraindicationInline(admin.TabularInline):
    model = TreatmentContraindication
    extra = 0
    autocomplete_fields = ("contraindication",)
    fields = ("contraindication", "severity", "note")


@admin.register(Treatment)
class TreatmentAdmin(CatalogAdmin):
    list_display = ("name", "modality", "areas_with_ranges", "intervals", "display_order", "is_active")
    list_filter = ("modality", "is_active", "concerns", "dose_ranges__area__region")
    search_fields = ("name", "slug", "description", "goal")
    autocomplete_fields = ("concerns", "products")
    inlines = (DoseRangeInline, TreatmentContraindicationInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "modality", "goal", "description", "concerns", "products")}),
        (
            "Follow-up",
            {
                "fields": (
                    "review_interval_days",
                    ("review_interval_source", "review_interval_evidence_flag"),
                    "repeat_interval_days",
                    ("interval_source", "interval_evidence_flag"),
                )
            },
        ),
        ("For the patient", {"fields": ("downtime", "aftercare")}),
        (None, {"fields": ("display_order", "is_active")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("dose_ranges__area", "dose_ranges__product")

    @admin.display(description="areas and dose ranges")
    def areas_with_ranges(self, obj):
        return format_html_join(
            mark_safe("<br>"),
            "{}: {}{}",
            (
                (r.area.name, r.range_display, f" ({r.product.name})" if r.product else "")
                for r in obj.dose_ranges.all()
            ),
        )

    @admin.display(description="review / repeat")
    def intervals(self, obj):
        review = f"{obj.review_interval_days} d" if obj.review_interval_days else "—"
        repeat = f"≥ {obj.repeat_interval_days} d" if obj.repeat_interval_days else "—"
        return f"{review} / {repeat}"


@admin.register(TreatmentArea)
class DoseRangeAdmin(SimpleHistoryAdmin):
    """Every dose range in one list, to review sources and flags across the catalog."""

    list_display = ("treatment", "area", "product", "dose_range", "flag", "source")
    list_filter = ("evidence_flag", "unit", "per_side", "treatment__modality", "area__region")
    search_fields = ("treatment__name", "area__name", "product__name", "source", "note")
    autocomplete_fields = ("treatment", "area", "product")
    list_select_related = ("treatment", "area", "product")

    @admin.display(description="dose range", ordering="dose_min")
    def dose_range(self, obj):
        return obj.range_display

    @admin.display(description="evidence", ordering="evidence_flag")
    def flag(self, obj):
        return flag_badge(obj.evidence_flag)


@admin.register(TreatmentContraindication)
class TreatmentContraindicationAdmin(SimpleHistoryAdmin):
    list_display = ("treatment", "contraindication", "severity", "note")
    list_filter = ("severity", "contraindication")
    search_fields = ("treatment__name", "contraindication__name")
    autocomplete_fields = ("treatment", "contraindication")
    list_select_related = ("treatment", "contraindication")


# --- Combination templates ------------------------------------------------------------------------------------
class TemplateItemInline(admin.TabularInline):
    model = TemplateItem
    extra = 0
    autocomplete_fields = ("treatment", "area", "product")
    fields = ("session_number", "order", "treatment", "area", "product", "default_dose", "side")


@admin.register(CombinationTemplate)
class CombinationTemplateAdmin(CatalogAdmin):
    list_display = ("name", "balances", "item_count", "display_order", "is_active")
    list_filter = ("is_active", "concerns")
    search_fields = ("name", "slug", "description")
    autocomplete_fields = ("concerns",)
    inlines = (TemplateItemInline,)
    fields = ("name", "slug", "description", "concerns", "display_order", "is_active")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("concerns").annotate(n_items=Count("items"))

    @admin.display(description="balances")
    def balances(self, obj):
        return ", ".join(c.name for c in obj.concerns.all()) or "—"

    @admin.display(description="items", ordering="n_items")
    def item_count(self, obj):
        return obj.n_items


@admin.register(TemplateItem)
class TemplateItemAdmin(SimpleHistoryAdmin):
    list_display = ("template", "session_number", "treatment", "area", "product", "default_dose", "side")
    list_filter = ("template", "session_number", "side")
    search_fields = ("template__name", "treatment__name", "area__name")
    autocomplete_fields = ("template", "treatment", "area", "product")
    list_select_related = ("template", "treatment", "area", "product")
