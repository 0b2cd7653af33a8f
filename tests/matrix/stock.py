"""Stock URLs × roles. Practitioners see stock, use it and open vials; catalog admins see it, receive it, correct
counts and set thresholds; the front desk and outsiders get 403 everywhere; an unknown lot, vial or product is a 404
for those who may see stock."""

import uuid

from django.urls import reverse
from django.utils import timezone

from tests.matrix import Row, staff_page

SEE = staff_page(frontdesk=403, practitioner=200, catalogadmin=200)
MISSING = staff_page(frontdesk=403, practitioner=404, catalogadmin=404)
PRACTITIONER_ONLY = staff_page(frontdesk=403, practitioner=200, catalogadmin=403)
ADMIN_ONLY = staff_page(frontdesk=403, practitioner=403, catalogadmin=200)


def _lot(name: str, fixture: str = "toxin_lot"):
    def build(request):
        return reverse(name, kwargs={"code": request.getfixturevalue(fixture).code})

    return build


def _vial(name: str):
    def build(request):
        return reverse(name, kwargs={"code": request.getfixturevalue("opened_vial").code})

    return build


def _unknown(name: str):
    return lambda request: reverse(name, kwargs={"code": uuid.uuid4()})


def _threshold(request):
    return reverse("stock:threshold", kwargs={"slug": request.getfixturevalue("botox_product").slug})


def _receive_data(request):
    product = request.getfixturevalue("botox_product")
    return {"product": product.pk, "lot_number": "M7001", "expiry": "31/12/2099", "packages": "2", "note": ""}


def _open_data(request):
    now = timezone.localtime()
    return {"diluent_ml": "2.5", "opened_on": now.strftime("%d/%m/%Y"), "opened_time": now.strftime("%H:%M")}


ROWS = [
    Row("stock:index", SEE),
    Row("stock:receive", ADMIN_ONLY),
    Row(
        "stock:receive",
        staff_page(frontdesk=403, practitioner=403, catalogadmin=302),
        method="post",
        data=_receive_data,
        id="POST stock:receive",
    ),
    Row("stock:lot_detail", SEE, url=_lot("stock:lot_detail")),
    Row("stock:lot_detail", MISSING, url=_unknown("stock:lot_detail"), id="GET stock:lot_detail (unknown code)"),
    Row("stock:lot_use", PRACTITIONER_ONLY, url=_lot("stock:lot_use", "filler_lot")),
    Row(
        "stock:lot_use",
        staff_page(frontdesk=403, practitioner=302, catalogadmin=403),
        url=_lot("stock:lot_use", "filler_lot"),
        method="post",
        data=lambda request: {"amount": "1", "reference": "matrix"},
        id="POST stock:lot_use",
    ),
    Row(
        "stock:lot_use",
        staff_page(frontdesk=403, practitioner=404, catalogadmin=403),
        url=_unknown("stock:lot_use"),
        id="GET stock:lot_use (unknown code)",
    ),
    Row("stock:lot_adjust", ADMIN_ONLY, url=_lot("stock:lot_adjust")),
    Row(
        "stock:lot_adjust",
        staff_page(frontdesk=403, practitioner=403, catalogadmin=302),
        url=_lot("stock:lot_adjust"),
        method="post",
        data=lambda request: {"quantity_left": "250", "reason": "counted on the shelf"},
        id="POST stock:lot_adjust",
    ),
    Row("stock:vial_open", PRACTITIONER_ONLY, url=_lot("stock:vial_open")),
    Row(
        "stock:vial_open",
        staff_page(frontdesk=403, practitioner=302, catalogadmin=403),
        url=_lot("stock:vial_open"),
        method="post",
        data=_open_data,
        id="POST stock:vial_open",
    ),
    Row("stock:vial_detail", SEE, url=_vial("stock:vial_detail")),
    Row("stock:vial_detail", MISSING, url=_unknown("stock:vial_detail"), id="GET stock:vial_detail (unknown code)"),
    Row("stock:vial_use", PRACTITIONER_ONLY, url=_vial("stock:vial_use")),
    Row(
        "stock:vial_use",
        staff_page(frontdesk=403, practitioner=302, catalogadmin=403),
        url=_vial("stock:vial_use"),
        method="post",
        data=lambda request: {"units": "20", "reference": "matrix"},
        id="POST stock:vial_use",
    ),
    Row("stock:vial_discard", PRACTITIONER_ONLY, url=_vial("stock:vial_discard")),
    Row("stock:threshold", ADMIN_ONLY, url=_threshold),
    Row(
        "stock:threshold",
        staff_page(frontdesk=403, practitioner=403, catalogadmin=404),
        url=lambda request: reverse("stock:threshold", kwargs={"slug": "no-such-product"}),
        id="GET stock:threshold (unknown product)",
    ),
]
