"""What each role may see and do with stock: the one home of these decisions.

Views (403 for a page the user's role may not open, 404 for a lot or vial that does not exist), the stock pages'
buttons (through `StockAccess`, handed to every stock page as `can`), the navigation and the admin ask here.

- Practitioners see stock (lots, opened vials, the ledger), open vials from toxin lots and use stock: from a lot
  (fillers, and toxins drawn without a vial record) or from an opened vial; they discard a vial past its use.
- Catalog admins see stock, receive lots, correct a lot's count (with a reason) and set each product's low-stock
  threshold, and the least hyaluronidase the emergency kit keeps.
- The front desk sees nothing of stock.
- The Django admin shows stock read-only: every change goes through the pages and stock.services, which lock, check
  and record it in the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

VIEW_PERM = "stock.view_productlot"
RECEIVE_PERM = "stock.add_productlot"
ADJUST_PERM = "stock.change_productlot"
USE_PERM = "stock.use_productlot"
OPEN_VIAL_PERM = "stock.add_vial"
USE_VIAL_PERM = "stock.change_vial"
THRESHOLD_PERM = "stock.change_stocksetting"
KIT_PERM = "stock.change_emergencykitsetting"


def _has(user, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(perm))


def can_view_stock(*, user) -> bool:
    return _has(user, VIEW_PERM)


def can_receive(*, user) -> bool:
    return can_view_stock(user=user) and _has(user, RECEIVE_PERM)


def can_adjust(*, user) -> bool:
    """Correct a lot's count after counting the shelf (a reason is always asked for)."""
    return can_view_stock(user=user) and _has(user, ADJUST_PERM)


def can_use(*, user) -> bool:
    """Take stock from a lot for a treatment."""
    return can_view_stock(user=user) and _has(user, USE_PERM)


def can_open_vial(*, user) -> bool:
    return can_use(user=user) and _has(user, OPEN_VIAL_PERM)


def can_use_vial(*, user) -> bool:
    """Draw from an opened vial, or discard one."""
    return can_view_stock(user=user) and _has(user, USE_VIAL_PERM)


def can_set_threshold(*, user) -> bool:
    return can_view_stock(user=user) and _has(user, THRESHOLD_PERM)


def can_set_kit_minimum(*, user) -> bool:
    """Set the least hyaluronidase the emergency kit keeps."""
    return can_view_stock(user=user) and _has(user, KIT_PERM)


def require(allowed: bool) -> None:
    """403 unless `allowed` (one of the can_* answers above)."""
    if not allowed:
        raise PermissionDenied


@dataclass(frozen=True)
class StockAccess:
    """What the user may do on the stock pages; templates read it as `can` (`{% if can.receive %}`)."""

    receive: bool
    adjust: bool
    use: bool
    open_vial: bool
    use_vial: bool
    set_threshold: bool
    set_kit_minimum: bool = False

    @classmethod
    def of(cls, *, user) -> StockAccess:
        return cls(
            receive=can_receive(user=user),
            adjust=can_adjust(user=user),
            use=can_use(user=user),
            open_vial=can_open_vial(user=user),
            use_vial=can_use_vial(user=user),
            set_threshold=can_set_threshold(user=user),
            set_kit_minimum=can_set_kit_minimum(user=user),
        )
