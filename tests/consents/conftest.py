"""Helpers for the consents tests: plans with both kinds of treatment, and the signing page as a browser posts it."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from consents.signatures import data_url
from planning.models import PlanStatus
from tests.fixtures.mfa import code_for_client
from tests.fixtures.planning import add_item, move_to, signature_png
from tests.html import field, soup


def blank_png(width=600, height=200, colour=(0, 0, 0, 0)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 200), (30, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


def sign_url(plan, what: str) -> str:
    return reverse("consents:sign", args=[plan.code, what])


def patient_view_url(plan) -> str:
    return reverse("consents:patient_view", args=[plan.code])


def hidden_values(page) -> dict:
    """The hidden fields the signing page carries (plan version, hash of what it shows, text version)."""
    page = soup(page)
    names = ("version", "shown_hash", "text_version")
    return {n: field(page, n)["value"] for n in names if page.find("input", attrs={"name": n})}


def post_sign(client, plan, what, *, signature=None, typed_name="Zoë Martin", by_typing=False, hidden=None):
    """Submit the signing page as the browser does: its hidden fields, the typed name and the canvas's data URL."""
    page = client.get(sign_url(plan, what))
    data = {**(hidden or hidden_values(page)), "typed_name": typed_name}
    data["signature"] = data_url(signature_png()) if signature is None else signature
    if by_typing:
        data["signed_by_typing"] = "on"
    data.setdefault("witness_code", code_for_client(client))  # the witness's two-factor code (tests/fixtures/mfa.py)
    return client.post(sign_url(plan, what), data)


@pytest.fixture
def two_kind_plan(plan, plan_item, practitioner_user):
    """`plan` with the chin filler (session 1) and a frown-lines toxin item (session 2), proposed."""
    add_item(
        plan,
        practitioner_user,
        treatment="frown-lines",
        area="glabella",
        product="botox-cosmetic",
        dose="20",
        side="midline",
        session=2,
    )
    return move_to(plan, practitioner_user, PlanStatus.PROPOSED)
