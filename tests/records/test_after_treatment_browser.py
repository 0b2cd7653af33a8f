"""After the treatment, in a real browser: the practitioner signs the session record, its follow-ups reach the front
desk's worklist and the aftercare email is in the outbox; at the review both ratings are recorded beside a before and
after photo pair; a suspected occlusion is recorded through the guided mode (two rounds, a change in vision that
raises the banner at once); and the lot recall finds the patient.

Screenshots land in tests/screenshots/after-*.png; people look at them.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from followups.models import Followup
from outcomes.models import OutcomeRating
from records.models import AdverseEvent, OcclusionCase
from tests.browser.conftest import assert_accessible, assert_no_csp_errors, login, screenshot
from tests.factories import PASSWORD
from tests.fixtures.mfa import fill_otp
from tests.fixtures.photos import store_photo

pytestmark = pytest.mark.browser


@pytest.fixture
def reviewable(filler_session, frontdesk_user, private_media):
    """The filler session, with the lips' review 14 days on, the patient's email, and a before and an after photo."""
    item = filler_session.items.get()
    item.treatment.review_interval_days = 14
    item.treatment.save()
    patient = filler_session.patient
    patient.email = "zoe@example.com"
    patient.consent_photos_clinical = True
    patient.save()
    day = timezone.localdate(filler_session.performed_at)
    store_photo(patient=patient, by=frontdesk_user, stage="before", taken_on=day - dt.timedelta(days=1))
    store_photo(patient=patient, by=frontdesk_user, stage="after", taken_on=day, color=(60, 90, 120))
    return filler_session


def test_after_the_treatment(page, reviewable, kit_lot, frontdesk_user):
    session = reviewable
    patient = session.patient
    mail.outbox.clear()

    # 1. The practitioner signs the record: its follow-ups are scheduled and the aftercare goes out.
    login(page, "practitioner")
    page.goto(f"/records/sessions/{session.code}/")
    page.get_by_label("Your password").fill(PASSWORD)
    fill_otp(page, "practitioner")  # and the code from the app (two-factor, tests/fixtures/mfa.py)
    page.get_by_role("button", name="Sign the record").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("Record signed")
    followups = page.locator("section[aria-labelledby=session-followups-heading]")
    expect(followups).to_contain_text("Review")
    screenshot(page, "after-1-signed-with-follow-ups")
    assert [m.to for m in mail.outbox] == [["zoe@example.com"]]
    assert session.items.get().treatment.name in mail.outbox[0].body  # the aftercare of what was given

    # 2. The front desk sees the review on the worklist.
    page.context.clear_cookies()
    login(page, "frontdesk")
    page.goto("/follow-ups/?status=all")
    row = page.locator("tr[data-followup]", has_text=patient.display_name).filter(has_text="Review")
    expect(row).to_have_count(1)
    screenshot(page, "after-2-worklist")
    assert_accessible(page, "follow-ups worklist")
    page.context.clear_cookies()

    # 3. At the review: the photo pair side by side, and both ratings.
    login(page, "practitioner")
    page.goto(f"/outcomes/sessions/{session.code}/")
    expect(page.locator("img.outcome-photo-img")).to_have_count(2)
    page.locator(".outcome-rater[data-rater=practitioner]").locator("input[value='2']").check()  # 2 · much improved
    page.locator(".outcome-rater[data-rater=patient]").locator("input[value='3']").check()  # 3 · improved
    page.get_by_role("button", name="Save the ratings").click()
    expect(page.locator(".messages .alert-success")).to_be_visible()
    screenshot(page, "after-3-review")
    assert sorted(OutcomeRating.objects.values_list("rater", "score")) == [("patient", 3), ("practitioner", 2)]

    # 4. A suspected occlusion, through the guided mode.
    page.goto(f"/records/sessions/{session.code}/")
    page.get_by_role("link", name=re.compile("Suspected vascular occlusion")).click()
    page.get_by_role("button", name="Start the timed record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suspected vascular occlusion")
    page.get_by_label("Capillary refill").select_option("delayed")
    page.get_by_label("Skin colour").select_option("blanched")
    page.get_by_label("Pain").select_option("moderate")
    page.get_by_label("Hyaluronidase lot").select_option(str(kit_lot.pk))
    page.get_by_label(re.compile("Hyaluronidase given")).fill("300")
    page.get_by_role("button", name="Record the round").click()
    expect(page.get_by_role("heading", name="Record round 2")).to_be_visible()
    expect(page.get_by_test_id("next-due")).to_contain_text("Next reassessment due")
    page.get_by_label("Capillary refill").select_option("delayed")
    page.get_by_label("Skin colour").select_option("dusky")
    page.get_by_label("Pain").select_option("severe")
    page.get_by_label(re.compile("Any change in vision")).check()
    page.get_by_role("button", name="Record the round").click()
    banner = page.get_by_role("heading", name="Change in vision: refer for emergency eye care now")
    expect(banner).to_be_visible()
    screenshot(page, "after-4-occlusion-banner")
    page.get_by_label("Outcome").select_option("referred")
    page.get_by_label("Follow-up date").fill((timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="End the record").click()
    expect(page.get_by_role("heading", name="The adverse event recorded")).to_be_visible()
    screenshot(page, "after-5-occlusion-ended")
    case = OcclusionCase.objects.get()
    assert case.rounds.count() == 2 and case.rounds.filter(visual_symptoms=True).exists()
    assert AdverseEvent.objects.filter(session=session, kind="blanching").exists()
    assert Followup.objects.filter(session=session, kind="complication").exists()
    kit_lot.refresh_from_db()
    assert kit_lot.quantity_left == 600

    # 5. The lot recall finds the patient.
    page.goto("/records/recall/")
    page.get_by_label("Lot number").fill("vb20417")
    page.get_by_role("button", name="Find who received it").click()
    expect(page.get_by_role("heading", name=re.compile("Who received"))).to_contain_text("1 patient")
    expect(page.locator("table")).to_contain_text(patient.display_name)
    screenshot(page, "after-6-recall")
    assert_accessible(page, "recall")
    assert_no_csp_errors(page)
