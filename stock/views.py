"""The stock pages: the stock overview, receiving a lot, a lot and a vial with their ledgers, and the forms that
use, correct, open and discard stock. Views stay thin: stock.access decides who may, stock.services changes,
stock.selectors reads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from catalog.models import Product
from clinic.formatting import amount, day, moment, quantity
from clinic.formtools import add_service_errors
from stock import access, selectors, services
from stock.access import StockAccess
from stock.forms import (
    AdjustForm,
    DiscardVialForm,
    KitMinimumForm,
    OpenVialForm,
    ReceiveForm,
    ThresholdForm,
    UseLotForm,
    UseVialForm,
)
from stock.models import (
    EXPIRY_WARNING_DAYS,
    KIT_MINIMUM_DEFAULT,
    KIT_MINIMUM_SOURCE,
    low_stock_threshold,
    packages_text,
)


def _form_page(request, *, form, title: str, submit: str, cancel: str, crumbs: list, facts=(), warning: str = ""):
    """One page with one form: its heading, what it is about (`facts`), and the form with its errors in place."""
    return render(
        request,
        "stock/form_page.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "cancel": cancel,
            "crumbs": crumbs,
            "facts": facts,
            "warning": warning,
        },
    )


def _lot_crumbs(lot) -> list:
    return [(reverse("stock:index"), "Stock"), (reverse("stock:lot_detail", args=[lot.code]), f"Lot {lot.lot_number}")]


def _lot_facts(lot, today) -> list:
    return [
        ("Product", lot.product.name),
        ("Lot", lot.lot_number),
        ("Expiry", day(lot.expiry)),
        ("Left", lot.left_text),
        *([("Cannot be used", lot.unusable_reason(on=today))] if lot.unusable_reason(on=today) else []),
    ]


def _vial_facts(vial) -> list:
    return [
        ("Product", vial.lot.product.name),
        ("Lot", vial.lot.lot_number),
        ("Opened", moment(vial.opened_at)),
        ("Concentration", f"{vial.concentration_text} ({amount(vial.units, 'U')} in {amount(vial.diluent_ml, 'mL')})"),
        ("Beyond-use time", vial.beyond_use_text),
        ("Left", amount(vial.units_left, "U")),
    ]


@require_GET
def stock_index(request):
    access.require(access.can_view_stock(user=request.user))
    today = timezone.localdate()
    lines = selectors.stock_overview(on=today)
    return render(
        request,
        "stock/index.html",
        {
            "lines": lines,
            "kit": selectors.emergency_kit(lines=lines, on=today),
            "today": today,
            "can": StockAccess.of(user=request.user),
            "warning_days": EXPIRY_WARNING_DAYS,
        },
    )


@require_http_methods(["GET", "POST"])
def lot_receive(request):
    access.require(access.can_receive(user=request.user))
    form = ReceiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lot = services.receive_lot(
                product=data["product"],
                lot_number=data["lot_number"],
                expiry=data["expiry"],
                packages=data["packages"],
                by=request.user,
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Received {packages_text(lot.quantity_received, lot.product)} "
                f"({amount(lot.quantity_received, lot.unit)}) of {lot.product.name}, lot {lot.lot_number}.",
            )
            return redirect("stock:lot_detail", code=lot.code)
    return _form_page(
        request,
        form=form,
        title="Receive stock",
        submit="Receive stock",
        cancel=reverse("stock:index"),
        crumbs=[(reverse("stock:index"), "Stock")],
    )


@require_GET
def lot_detail(request, code):
    lot = selectors.get_lot(user=request.user, code=code)
    today = timezone.localdate()
    return render(
        request,
        "stock/lot_detail.html",
        {
            "lot": lot,
            "today": today,
            "problem": lot.unusable_reason(on=today),
            "expires_soon": lot.expires_soon(today),
            "warning_days": EXPIRY_WARNING_DAYS,
            "ledger": selectors.lot_ledger(lot=lot),
            "vials": selectors.lot_vials(lot=lot),
            "can": StockAccess.of(user=request.user),
            "now": timezone.now(),
        },
    )


@require_http_methods(["GET", "POST"])
def lot_use(request, code):
    access.require(access.can_use(user=request.user))
    lot = selectors.get_lot(user=request.user, code=code)
    form = UseLotForm(request.POST or None, lot=lot)
    if request.method == "POST" and form.is_valid():
        try:
            services.use_from_lot(
                lot=lot, amount=form.cleaned_data["amount"], by=request.user, reference=form.cleaned_data["reference"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            taken = amount(form.cleaned_data["amount"], lot.unit)
            messages.success(request, f"Took {taken} from lot {lot.lot_number}; {lot.left_text} left.")
            return redirect("stock:lot_detail", code=lot.code)
    today = timezone.localdate()
    return _form_page(
        request,
        form=form,
        title=f"Use stock from lot {lot.lot_number}",
        submit="Record use",
        cancel=reverse("stock:lot_detail", args=[lot.code]),
        crumbs=_lot_crumbs(lot),
        facts=_lot_facts(lot, today),
        warning=lot.unusable_reason(on=today),
    )


@require_http_methods(["GET", "POST"])
def lot_adjust(request, code):
    access.require(access.can_adjust(user=request.user))
    lot = selectors.get_lot(user=request.user, code=code)
    before = lot.quantity_left
    form = AdjustForm(request.POST or None, lot=lot)
    if request.method == "POST" and form.is_valid():
        try:
            services.adjust_lot(
                lot=lot,
                quantity_left=form.cleaned_data["quantity_left"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Lot {lot.lot_number}'s count is corrected from {amount(before, lot.unit)} to {lot.left_text}.",
            )
            return redirect("stock:lot_detail", code=lot.code)
    return _form_page(
        request,
        form=form,
        title=f"Correct the count of lot {lot.lot_number}",
        submit="Correct the count",
        cancel=reverse("stock:lot_detail", args=[lot.code]),
        crumbs=_lot_crumbs(lot),
        facts=_lot_facts(lot, timezone.localdate()),
    )


@require_http_methods(["GET", "POST"])
def vial_open(request, code):
    access.require(access.can_open_vial(user=request.user))
    lot = selectors.get_lot(user=request.user, code=code)
    if not lot.product.is_toxin:
        messages.info(request, f"{lot.product.name} is a filler: it is used straight from the lot, not from a vial.")
        return redirect("stock:lot_detail", code=lot.code)
    form = OpenVialForm(request.POST or None, lot=lot)
    if request.method == "POST" and form.is_valid():
        try:
            vial = services.open_vial(
                lot=lot,
                by=request.user,
                diluent_ml=form.cleaned_data["diluent_ml"],
                opened_at=form.cleaned_data["opened_at"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Vial opened: {amount(vial.units, 'U')} in {amount(vial.diluent_ml, 'mL')}, "
                f"{vial.concentration_text}. Beyond-use time: {vial.beyond_use_text}.",
            )
            return redirect("stock:vial_detail", code=vial.code)
    today = timezone.localdate()
    return _form_page(
        request,
        form=form,
        title=f"Open a vial of lot {lot.lot_number}",
        submit="Open the vial",
        cancel=reverse("stock:lot_detail", args=[lot.code]),
        crumbs=_lot_crumbs(lot),
        facts=[*_lot_facts(lot, today), ("Beyond-use", form.beyond_use_help)],
        warning=lot.unusable_reason(on=today),
    )


@require_GET
def vial_detail(request, code):
    vial = selectors.get_vial(user=request.user, code=code)
    now = timezone.now()
    return render(
        request,
        "stock/vial_detail.html",
        {
            "vial": vial,
            "lot": vial.lot,
            "problem": vial.unusable_reason(at=now),
            "past_beyond_use": vial.is_past_beyond_use(now),
            "ledger": selectors.vial_ledger(vial=vial),
            "can": StockAccess.of(user=request.user),
        },
    )


def _vial_crumbs(vial) -> list:
    return [
        *_lot_crumbs(vial.lot),
        (reverse("stock:vial_detail", args=[vial.code]), f"Vial opened {moment(vial.opened_at)}"),
    ]


@require_http_methods(["GET", "POST"])
def vial_use(request, code):
    access.require(access.can_use_vial(user=request.user))
    vial = selectors.get_vial(user=request.user, code=code)
    form = UseVialForm(request.POST or None, vial=vial)
    if request.method == "POST" and form.is_valid():
        units = form.cleaned_data["units"]
        try:
            services.use_from_vial(vial=vial, units=units, by=request.user, reference=form.cleaned_data["reference"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Drew {amount(units, 'U')} ({amount(vial.volume_for(units), 'mL')} at {vial.concentration_text}); "
                f"{amount(vial.units_left, 'U')} left in the vial.",
            )
            return redirect("stock:vial_detail", code=vial.code)
    return _form_page(
        request,
        form=form,
        title="Draw from the vial",
        submit="Record use",
        cancel=reverse("stock:vial_detail", args=[vial.code]),
        crumbs=_vial_crumbs(vial),
        facts=_vial_facts(vial),
        warning=vial.unusable_reason(at=timezone.now()),
    )


@require_http_methods(["GET", "POST"])
def vial_discard(request, code):
    access.require(access.can_use_vial(user=request.user))
    vial = selectors.get_vial(user=request.user, code=code)
    left = vial.units_left
    form = DiscardVialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.discard_vial(vial=vial, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Vial discarded: {amount(left, 'U')} recorded as thrown away.")
            return redirect("stock:lot_detail", code=vial.lot.code)
    return _form_page(
        request,
        form=form,
        title="Discard the vial",
        submit="Discard what is left",
        cancel=reverse("stock:vial_detail", args=[vial.code]),
        crumbs=_vial_crumbs(vial),
        facts=_vial_facts(vial),
    )


@require_http_methods(["GET", "POST"])
def threshold_edit(request, slug):
    access.require(access.can_set_threshold(user=request.user))
    product = get_object_or_404(Product, slug=slug)
    current = low_stock_threshold(selectors.stock_setting(product=product))
    form = ThresholdForm(request.POST or None, initial={"low_stock_packages": current.normalize()})
    if request.method == "POST" and form.is_valid():
        try:
            setting = services.set_low_stock_threshold(
                product=product, packages=form.cleaned_data["low_stock_packages"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if setting.low_stock_packages:
                below = quantity(setting.low_stock_packages)
                text = f"{product.name} is flagged when fewer than {below} packages are left."
            else:
                text = f"{product.name} is never flagged as low on stock."
            messages.success(request, text)
            return redirect(reverse("stock:index") + f"#product-{product.slug}")
    return _form_page(
        request,
        form=form,
        title=f"Low-stock threshold for {product.name}",
        submit="Save the threshold",
        cancel=reverse("stock:index"),
        crumbs=[(reverse("stock:index"), "Stock")],
        facts=[("Product", product.name), ("One package", amount(product.package_size, product.dose_unit))],
    )


@require_http_methods(["GET", "POST"])
def kit_minimum_edit(request):
    """The least hyaluronidase the emergency kit keeps; the default is a hint from §4c, never a limit."""
    access.require(access.can_set_kit_minimum(user=request.user))
    current, is_default = selectors.kit_minimum()
    form = KitMinimumForm(request.POST or None, initial={"minimum_units": current.normalize()})
    if request.method == "POST" and form.is_valid():
        try:
            setting = services.set_kit_minimum(units=form.cleaned_data["minimum_units"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if setting.minimum_units:
                least = amount(setting.minimum_units, "U")
                text = f"The stock page warns when less than {least} of hyaluronidase is left."
            else:
                text = "The stock page no longer warns about the emergency kit's quantity (expiring lots still are)."
            messages.success(request, text)
            return redirect(reverse("stock:index") + "#emergency-kit")
    return _form_page(
        request,
        form=form,
        title="Emergency kit: hyaluronidase to keep",
        submit="Save the minimum",
        cancel=reverse("stock:index"),
        crumbs=[(reverse("stock:index"), "Stock")],
        facts=[
            ("Now", amount(current, "U") + (" (the default hint)" if is_default else "")),
            ("Default hint", f"{amount(KIT_MINIMUM_DEFAULT, 'U')}: {KIT_MINIMUM_SOURCE}"),
        ],
    )
