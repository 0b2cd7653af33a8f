"""The catalog admins' editor: every catalog model in the Django admin, each with its change history.

Only catalog admins reach it (the admin needs is_staff, which only they have). Rows that plans and consultations
point at (areas, concerns, products, contraindications, treatments, templates) are retired, never deleted: the
delete permission is removed here and "Retire" / "Reactivate" actions take its place, so a saved plan always keeps
the row it was made from. Dose ranges, contraindication rules and template items can be deleted inside their
parent (nothing points at them).
"""

from decimal import ROUND_HALF_UP

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from catalog.models import (
    PENNY,
    CombinationTemplate,
    Concern,
    Contraindication,
    ContraindicationRule,
    FacialArea,
    Product,
    TemplateItem,
    TemplateItemPoint,
    Treatment,
    TreatmentArea,
    prices_agree,
    unit_price_for,
)
from catalog.templatetags.catalog_tags import age_text, flag_label, limit_texts
from clinic.formatting import amount, money
from clinic.security import BoundedInlineMixin, SafeAutocompleteMixin


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


class CatalogAdmin(SafeAutocompleteMixin, RetireNotDeleteMixin, SimpleHistoryAdmin):
    actions = [retire, reactivate]
    list_per_page = 50
    save_on_top = True

    def get_prepopulated_fields(self, request, obj=None):
        # A slug is a key other code uses (screening answers, demo data, URLs): set it once, on creation.
        return {} if obj else {"slug": ("name",)}

    def get_readonly_fields(self, request, obj=None):
        return ("slug",) if obj else ()


def flag_badge(flag: str) -> str:
    return flag_label(flag) or "—"


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
PRICE_FIELDS = ("package_size", "price_per_package", "price_per_unit")


class ProductAdminForm(forms.ModelForm):
    """The package price and the unit price are one price said two ways: change either and the other follows.

    Changing only the package price or the package size re-derives the unit price; changing only the unit price
    re-derives the package price. Changing both prices so that they disagree is refused next to the unit price
    (Product.clean says how they differ).
    """

    class Meta:
        model = Product
        fields = PRICE_FIELDS  # the admin adds the rest from ProductAdmin.fieldsets

    def clean(self):
        cleaned = super().clean()
        if any(self.has_error(name) for name in PRICE_FIELDS):
            # Compare nothing half-entered: the message next to the bad number is the one that matters.
            self._keep_stored_prices()
            return cleaned
        size, package, unit = (cleaned.get(name) for name in PRICE_FIELDS)
        if any(value is None or value <= 0 for value in (size, package, unit)) or prices_agree(package, unit, size):
            return cleaned  # Product.clean puts any message next to its field
        changed = set(self.changed_data)
        if {"price_per_package", "price_per_unit"} <= changed:
            return cleaned  # both typed and they disagree: Product.clean refuses it
        if "price_per_unit" in changed:
            self._follow("price_per_package", (unit * size).quantize(PENNY, rounding=ROUND_HALF_UP), "price_per_unit")
        else:
            because = "price_per_package" if "price_per_package" in changed else "package_size"
            self._follow("price_per_unit", unit_price_for(package, size), because)
        return cleaned

    def _follow(self, name: str, value, because: str):
        """Set the price that follows, or refuse next to the field that was changed when it cannot be stored."""
        field = Product._meta.get_field(name)
        try:
            field.run_validators(value)
            if value <= 0:
                raise ValidationError("a price must be above zero.")
        except ValidationError as error:
            self.add_error(because, f"That makes the {field.verbose_name} {money(value)}: {' '.join(error.messages)}")
            self._keep_stored_prices()
            return
        self.cleaned_data[name] = value

    def _keep_stored_prices(self):
        for name in PRICE_FIELDS:
            self.cleaned_data.pop(name, None)


@admin.register(Product)
class ProductAdmin(CatalogAdmin):
    form = ProductAdminForm
    list_display = ("name", "kind", "package", "price", "contains_lidocaine", "limits", "ages", "is_active")
    list_filter = ("kind", "substance", "contains_lidocaine", "price_is_example", "is_active", "manufacturer")
    search_fields = ("name", "slug", "manufacturer", "aliases", "other_allergens")
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
                "description": "Toxin units are product-specific: they are never converted between brands. The "
                "package price and the price per U or mL always agree: change one and the other follows.",
            },
        ),
        ("Names", {"fields": ("aliases",)}),
        ("Safety", {"fields": ("contains_lidocaine", "other_allergens", "typical_duration_months")}),
        (
            "Limits (only where a label gives them; above them is a stop)",
            {
                "fields": (
                    ("max_units_per_session", "max_units_90_days"),
                    "limit_source",
                    "limit_evidence_flag",
                    ("yearly_max", "yearly_max_body_weight_kg", "yearly_limit_group"),
                    ("yearly_limit_source", "yearly_limit_evidence_flag"),
                )
            },
        ),
        (
            "Ages (labelled or studied; outside them is a caution, under 18 a stop)",
            {"fields": (("min_age", "max_age"), "age_source", "age_evidence_flag")},
        ),
        (
            "Reconstitution (toxins: the labelled diluent and how long an opened vial may be used)",
            {
                "fields": (
                    ("reconstitution_ml", "use_within_hours"),
                    "reconstitution_source",
                    "reconstitution_evidence_flag",
                )
            },
        ),
        ("Source", {"fields": ("source", "evidence_flag", "is_active")}),
    )

    @admin.display(description="package", ordering="package_size")
    def package(self, obj):
        return amount(obj.package_size, obj.dose_unit)

    @admin.display(description="price", ordering="price_per_unit")
    def price(self, obj):
        example = " (example)" if obj.price_is_example else ""
        return f"{money(obj.price_per_unit)} per {obj.dose_unit}{example}"

    @admin.display(description="label limits")
    def limits(self, obj):
        return "; ".join(limit_texts(obj)) or "—"

    @admin.display(description="ages")
    def ages(self, obj):
        return age_text(obj) or "—"


class RuleInline(BoundedInlineMixin, SafeAutocompleteMixin, admin.TabularInline):
    model = ContraindicationRule
    extra = 0
    autocomplete_fields = ("treatment", "product", "area")
    fields = (
        "treatment",
        "modality",
        "substance",
        "product",
        "area",
        "only_with_lidocaine",
        "severity",
        "reason",
        "source",
        "evidence_flag",
    )
    verbose_name = "rule"
    verbose_name_plural = "Rules: what this answer applies to, how severely and why (the most severe match decides)"


@admin.register(Contraindication)
class ContraindicationAdmin(SafeAutocompleteMixin, RetireNotDeleteMixin, SimpleHistoryAdmin):
    list_display = ("name", "slug", "rule_summary", "flag")
    list_filter = ("evidence_flag", "rules__severity")
    search_fields = ("name", "slug", "description")
    inlines = (RuleInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("rules__product", "rules__treatment", "rules__area")

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": ("name",)}

    def get_readonly_fields(self, request, obj=None):
        # The slug is what consultation screening answers map onto (catalog.screening.SCREENING_QUESTIONS).
        return ("slug",) if obj else ()

    @admin.display(description="rules")
    def rule_summary(self, obj):
        return "; ".join(f"{r.scope_display}: {r.get_severity_display().lower()}" for r in obj.rules.all()) or "—"

    @admin.display(description="evidence", ordering="evidence_flag")
    def flag(self, obj):
        return flag_badge(obj.evidence_flag)


@admin.register(ContraindicationRule)
class ContraindicationRuleAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    """Every rule in one list, including those without a screening answer (label restrictions)."""

    list_display = ("answer", "scope", "severity", "reason", "flag")
    list_filter = ("severity", "modality", "substance", "only_with_lidocaine", "contraindication")
    search_fields = ("contraindication__name", "treatment__name", "product__name", "area__name", "reason", "source")
    autocomplete_fields = ("contraindication", "treatment", "product", "area")
    list_select_related = ("contraindication", "treatment", "product", "area")
    fieldsets = (
        (None, {"fields": ("contraindication",)}),
        (
            "Applies to (an empty field matches everything; every field set must match)",
            {"fields": ("treatment", ("modality", "substance"), "product", "area", "only_with_lidocaine")},
        ),
        ("Finding", {"fields": ("severity", "reason", ("source", "evidence_flag"))}),
    )

    @admin.display(description="screening answer", ordering="contraindication__name")
    def answer(self, obj):
        return obj.contraindication or "Always (label restriction)"

    @admin.display(description="applies to")
    def scope(self, obj):
        return obj.scope_display

    @admin.display(description="evidence", ordering="evidence_flag")
    def flag(self, obj):
        return flag_badge(obj.evidence_flag)


# --- Treatments with their dose ranges and contraindication rules --------------------------------------------
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
            "unit_substance",
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


class DoseRangeInline(BoundedInlineMixin, SafeAutocompleteMixin, admin.TabularInline):
    model = TreatmentArea
    form = DoseRangeInlineForm
    extra = 0
    autocomplete_fields = ("area", "product")
    fields = DoseRangeInlineForm.Meta.fields
    verbose_name = "dose range"
    verbose_name_plural = "Areas and dose ranges (in the product's unit; per side where the area is paired)"


class TreatmentRuleInline(BoundedInlineMixin, SafeAutocompleteMixin, admin.TabularInline):
    model = ContraindicationRule
    extra = 0
    autocomplete_fields = ("contraindication", "product", "area")
    fields = (
        "contraindication",
        "substance",
        "product",
        "area",
        "only_with_lidocaine",
        "severity",
        "reason",
        "source",
        "evidence_flag",
    )
    verbose_name = "contraindication rule"
    verbose_name_plural = "Contraindication rules for this treatment (more live on each contraindication)"


@admin.register(Treatment)
class TreatmentAdmin(CatalogAdmin):
    list_display = ("name", "modality", "areas_with_ranges", "intervals", "display_order", "is_active")
    list_filter = ("modality", "is_active", "concerns", "dose_ranges__area__region")
    search_fields = ("name", "slug", "description", "goal")
    autocomplete_fields = ("concerns", "products")
    inlines = (DoseRangeInline, TreatmentRuleInline)
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
class DoseRangeAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    """Every dose range in one list, to review sources and flags across the catalog."""

    list_display = ("treatment", "area", "product", "dose_range", "unit_substance", "flag", "source")
    list_filter = ("evidence_flag", "unit", "unit_substance", "per_side", "treatment__modality", "area__region")
    search_fields = ("treatment__name", "area__name", "product__name", "source", "note")
    autocomplete_fields = ("treatment", "area", "product")
    list_select_related = ("treatment", "area", "product")

    @admin.display(description="dose range", ordering="dose_min")
    def dose_range(self, obj):
        return obj.range_display

    @admin.display(description="evidence", ordering="evidence_flag")
    def flag(self, obj):
        return flag_badge(obj.evidence_flag)


# --- Combination templates ------------------------------------------------------------------------------------
class TemplateItemInline(BoundedInlineMixin, SafeAutocompleteMixin, admin.TabularInline):
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


class TemplateItemPointInline(BoundedInlineMixin, admin.TabularInline):
    """The item's standard injection-point pattern; applying the template copies it onto the plan item. x and y are
    percent of the chosen diagram, as the areas' chart points are."""

    model = TemplateItemPoint
    extra = 0
    fields = ("order", "label", "view", "x", "y", "dose", "depth", "technique", "instrument", "gauge")


@admin.register(TemplateItem)
class TemplateItemAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ("template", "session_number", "treatment", "area", "product", "default_dose", "side")
    list_filter = ("template", "session_number", "side")
    search_fields = ("template__name", "treatment__name", "area__name")
    autocomplete_fields = ("template", "treatment", "area", "product")
    list_select_related = ("template", "treatment", "area", "product")
    inlines = (TemplateItemPointInline,)
