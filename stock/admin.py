"""Stock in the Django admin, read-only: lots, vials, the ledger and the stock settings, each with its history.

Every change goes through the stock pages and stock.services, which lock the row, check what is left and write a
ledger row; an edit here would bypass all three. The admin is for catalog admins (the only staff), who see stock.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clinic.formatting import amount
from stock.models import ProductLot, StockMovement, StockSetting, Vial


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProductLot)
class ProductLotAdmin(ReadOnlyAdmin):
    list_display = ("product", "lot_number", "expiry", "received_text", "left_text", "received_at")
    list_filter = ("product",)
    search_fields = ("lot_number", "product__name")
    list_select_related = ("product",)
    date_hierarchy = "expiry"

    @admin.display(description="received")
    def received_text(self, obj):
        return amount(obj.quantity_received, obj.unit)

    @admin.display(description="left")
    def left_text(self, obj):
        return obj.left_text


@admin.register(Vial)
class VialAdmin(ReadOnlyAdmin):
    list_display = ("lot", "opened_at", "diluent_ml", "concentration", "units_left", "beyond_use_at", "discarded_at")
    list_select_related = ("lot__product",)
    search_fields = ("lot__lot_number", "lot__product__name")

    @admin.display(description="concentration")
    def concentration(self, obj):
        return obj.concentration_text


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = ("at", "lot", "kind", "quantity_text", "by", "reference", "reason")
    list_filter = ("kind",)
    list_select_related = ("lot__product", "by")
    search_fields = ("lot__lot_number", "reference", "reason")

    @admin.display(description="quantity")
    def quantity_text(self, obj):
        return amount(obj.quantity, obj.unit)


@admin.register(StockSetting)
class StockSettingAdmin(ReadOnlyAdmin):
    list_display = ("product", "low_stock_packages")
    list_select_related = ("product",)
