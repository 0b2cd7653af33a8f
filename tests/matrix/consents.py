"""Consents URLs × roles, and the plan's PDF (made with clinic.pdf). The front desk and practitioners open a plan's
patient view and witness the patient's signatures; catalog admins and outsiders see none of it."""

from django.urls import reverse

from tests.fixtures.mfa import totp_code
from tests.matrix import Row, staff_page


def _plan(fixture: str, name: str, **extra):
    def build(request):
        obj = request.getfixturevalue(fixture)
        plan = getattr(obj, "plan", obj)
        return reverse(name, kwargs={"code": plan.code, **extra})

    return build


def _signed(which: int, name: str):
    """A record the patient signed on `proposed_plan` (0: the acceptance, 1: the filler consent)."""

    def build(request):
        from tests.fixtures.planning import sign_for_treatment

        acceptance, consents = sign_for_treatment(
            request.getfixturevalue("proposed_plan"), request.getfixturevalue("practitioner_user")
        )
        return reverse(name, args=[(acceptance, consents[0])[which].code])

    return build


def _sign_data(request):
    """What the signing page of `proposed_plan`'s filler consent posts: its hidden fields, a name, a drawing."""
    from consents import shown
    from consents.selectors import current_text
    from consents.signatures import data_url
    from tests.fixtures.planning import signature_png

    plan = request.getfixturevalue("proposed_plan")
    plan.refresh_from_db()
    text = current_text("filler")
    return {
        "version": plan.version,
        "text_version": text.version,
        "shown_hash": shown.sha256(shown.consent_shown(shown.plan_summary(plan), text)),
        "typed_name": "Zoë Martin",
        "signature": data_url(signature_png()),
        # a practitioner witness gives their two-factor code (tests/fixtures/mfa.py); others have no app to ask
        "witness_code": totp_code(request.getfixturevalue("practitioner_user")),
    }


READ = staff_page()  # practitioners and the front desk 200; catalog admins and outsiders 403
DRAFT = staff_page(practitioner=302, frontdesk=404)  # a draft has no patient view; the front desk never sees drafts

ROWS = [
    Row("consents:patient_view", READ, url=_plan("proposed_plan", "consents:patient_view")),
    Row("consents:patient_view", DRAFT, url=_plan("plan_item", "consents:patient_view"), id="draft patient_view"),
    Row("consents:sign", READ, url=_plan("proposed_plan", "consents:sign", what="plan")),
    Row("consents:sign", READ, url=_plan("proposed_plan", "consents:sign", what="filler"), id="consent sign"),
    Row(
        "consents:sign",
        staff_page(frontdesk=302, practitioner=302),
        url=_plan("proposed_plan", "consents:sign", what="filler"),
        method="post",
        data=_sign_data,
        id="POST consent sign",
    ),
    Row("consents:signed_detail", READ, url=_signed(1, "consents:signed_detail")),
    Row("consents:signed_detail", READ, url=_signed(0, "consents:signed_detail"), id="acceptance signed_detail"),
    Row("consents:signed_pdf", READ, url=_signed(1, "consents:signed_pdf")),
    Row("planning:plan_pdf", staff_page(frontdesk=404), url=_plan("plan", "planning:plan_pdf"), id="draft plan_pdf"),
    Row("planning:plan_pdf", READ, url=_plan("proposed_plan", "planning:plan_pdf"), id="proposed plan_pdf"),
]
