"""Plan pages: what each role sees, htmx edits, no-JS fallbacks, bad input, and the plan page's query count."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from catalog.models import FacialArea, Treatment
from planning import services
from planning.models import PlanItem, PlanStatus, TreatmentPlan
from tests.fixtures.planning import add_item, move_to
from tests.html import alerts, field_error, field_is_invalid, field_value, hrefs, main, rows, soup, table, text, text_of

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def detail(plan):
    return reverse("planning:plan_detail", kwargs={"code": plan.code})


def url(name, plan, **kwargs):
    return reverse(f"planning:{name}", kwargs={"code": plan.code, **kwargs})


def h1_count(response) -> int:
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


def _options(page, name) -> list[str]:
    """The names a select offers (its placeholder left out)."""
    select = soup(page).find("select", attrs={"name": name})
    return [text(option) for option in select.find_all("option") if option["value"]]


def _rows(page) -> list[list[str]]:
    """The body rows of the page's tables, each a list of its cells' texts."""
    return [row for node in soup(page).find_all("table") for row in rows(node)]


# --- the plan page ---------------------------------------------------------------------------------------------


def _plan_with(plan, by, count: int):
    """`count` items across sessions and areas (chin and cheeks alternate)."""
    for n in range(count):
        if n % 2:
            add_item(plan, by, treatment="cheek-enhancement", area="cheeks", dose="2", side="both", session=1 + n % 3)
        else:
            add_item(plan, by, dose="3.2", session=1 + n % 3)
    return plan


# Session, user, permissions, plan, items, the patient's history (read once for the checks, "last time in this
# area" and the chart), the items' injection points (read once for the checks, the chart and the points table),
# the checks' other data, chart areas, change history, suggestions, templates, sessions done, roles: measured with
# 2 and 12 items alike (27 when the history was read twice; 25 before the injection points; 26 before the points'
# changes joined the change history), plus the two-factor device's check (django-otp, on every signed-in request),
# plus the access log's one INSERT (accesslog.services.access_record).
PLAN_PAGE_QUERIES = 29


@pytest.mark.parametrize("count", [2, 12])
def test_the_plan_page_takes_a_fixed_number_of_queries_whatever_the_number_of_items(
    plan, practitioner_user, practitioner_client, django_assert_num_queries, count
):
    _plan_with(plan, practitioner_user, count)
    practitioner_client.get(detail(plan))  # warm the session and permission caches of this client
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = practitioner_client.get(detail(plan))
    assert response.status_code == 200
    assert response.content.decode().count('class="plan-item"') == count


def test_the_plan_page_groups_items_by_session_and_area_with_units_subtotals_and_total(
    plan, practitioner_user, practitioner_client
):
    add_item(
        plan, practitioner_user, treatment="eyebrow-lift", area="brow", product="botox-cosmetic", dose="6", side="both"
    )
    add_item(plan, practitioner_user, dose="3.2", session=2)
    plan.refresh_from_db()
    response = practitioner_client.get(detail(plan))
    page = soup(response)
    assert h1_count(response) == 1
    first, second = table(page, "Items in session 1"), table(page, "Items in session 2")
    assert text_of(first, ".area-name") == "Brow (lateral brow tail)" and text_of(second, ".area-name") == "Chin"
    assert "3 U per side" in text_of(first, "td:has([data-testid=dose])")  # 6 U on both sides
    assert text_of(second, "td:has([data-testid=dose])") == "3.2 mL"
    total = sum(i.price for i in plan.items.all())
    assert text_of(page, "[data-testid=plan-total]") == f"£{total:,.2f}"
    # The patient has no earlier treatments: each area says so (none claims a "last time").
    last_times = [text(node) for node in page.select(".area-row .last-time")]
    assert last_times == ["No earlier treatment recorded in this area"] * 2


def test_last_time_in_this_area_comes_from_the_patients_history(
    plan, practitioner_user, practitioner_client, consultation
):
    import datetime as dt

    from catalog.models import Product
    from tests.factories import PreviousTreatmentFactory

    PreviousTreatmentFactory(
        patient=consultation.patient,
        consultation=consultation,
        product=Product.objects.get(slug="juvederm-voluma-xc"),
        area=FacialArea.objects.get(slug="chin"),
        dose=Decimal("1.5"),
        dose_unit="mL",
        treated_on=dt.date(2025, 3, 14),
    )
    add_item(plan, practitioner_user, dose="3.2")
    chin = table(soup(practitioner_client.get(detail(plan))), "Items in session 1").select_one(".area-row")
    assert text_of(chin, ".area-name") == "Chin"
    assert text_of(chin, ".last-time").startswith("Last time in this area: Juvéderm Voluma XC 1.5 mL on 14 Mar 2025")


def test_the_front_desk_sees_prices_but_no_clinical_notes_findings_or_history(proposed_plan, frontdesk_client):
    TreatmentPlan.objects.filter(pk=proposed_plan.pk).update(notes="Secret clinical note", patient_notes="Bring ID")
    response = frontdesk_client.get(detail(proposed_plan))
    html = response.content.decode()
    assert response.status_code == 200 and h1_count(response) == 1
    page = soup(response)
    total = sum(i.price for i in proposed_plan.items.all())
    assert text_of(page, "[data-testid=plan-total]") == f"£{total:,.2f}"
    assert text(page.find(id="notes-heading").find_parent("section")) == "Notes for the patient Bring ID"
    assert "Secret clinical note" not in html
    assert "Safety checks" not in html and "Change history" not in html
    assert "Edit" not in re.sub(r"<[^>]+>", " ", html).split()  # no edit buttons
    assert 'name="version"' not in html


def test_the_front_desk_cannot_see_a_draft_nor_change_a_proposed_plan(plan_item, proposed_plan, frontdesk_client):
    assert frontdesk_client.get(url("plan_print", proposed_plan)).status_code == 200
    item = proposed_plan.items.get()
    assert frontdesk_client.post(url("item_remove", proposed_plan, item_id=item.pk), {"version": 9}).status_code == 403
    assert frontdesk_client.post(url("plan_status", proposed_plan), {"to": "accepted"}).status_code == 403
    proposed_plan.refresh_from_db()
    assert proposed_plan.status == PlanStatus.PROPOSED and proposed_plan.items.count() == 1


def test_the_front_desk_gets_404_on_a_draft_plan(plan, frontdesk_client):
    assert frontdesk_client.get(detail(plan)).status_code == 404


# --- adding items without JavaScript (the cascade re-renders with the next choices) ----------------------------


def test_the_add_form_offers_the_treatments_for_the_chosen_area_then_its_products_then_prefills_the_dose(
    plan, practitioner_client
):
    chin = FacialArea.objects.get(slug="chin")
    treatment = Treatment.objects.get(slug="chin-augmentation")
    response = practitioner_client.get(url("item_add", plan), {"area": chin.pk})
    assert h1_count(response) == 1 and text_of(response, "h1") == "Add an item: Chin"
    offered = _options(response, "treatment")
    assert "Chin augmentation" in offered and "Eyebrow lift (chemical brow lift)" not in offered

    page = practitioner_client.get(
        url("item_add", plan), {"area": chin.pk, "treatment": treatment.pk, "version": plan.version}
    )
    products = _options(page, "product")
    assert "Juvéderm Voluma XC" in products and not any("Botox" in name for name in products)

    product = treatment.products.get(slug="juvederm-voluma-xc")
    page = practitioner_client.get(
        url("item_add", plan), {"area": chin.pk, "treatment": treatment.pk, "product": product.pk}
    )
    assert field_value(page, "dose") == "1.9"
    help_text = text_of(page, "#id_dose_helptext")
    assert help_text.startswith("Typical 1–3 mL in total.") and help_text.endswith("· DERIVED.")


def test_without_javascript_the_next_choices_come_by_post_so_no_csrf_token_lands_in_a_url(plan, practitioner_client):
    chin = FacialArea.objects.get(slug="chin")
    treatment = Treatment.objects.get(slug="chin-augmentation")
    page = practitioner_client.get(url("item_add", plan), {"area": chin.pk}).content.decode()
    assert 'formmethod="get"' not in page
    response = practitioner_client.post(
        url("item_add", plan), {"version": plan.version, "area": chin.pk, "treatment": treatment.pk, "next": "1"}
    )
    assert response.status_code == 200
    assert "Juvéderm Voluma XC" in _options(response, "product")
    assert field_value(response, "treatment") == str(treatment.pk)  # the choice made is kept
    assert not plan.items.exists()  # asking for choices never saves


def test_adding_an_item_by_plain_post_redirects_to_the_plan(plan, practitioner_client):
    chin = FacialArea.objects.get(slug="chin")
    treatment = Treatment.objects.get(slug="chin-augmentation")
    product = treatment.products.get(slug="juvederm-voluma-xc")
    data = {"version": plan.version, "area": chin.pk, "treatment": treatment.pk, "product": product.pk}
    response = practitioner_client.post(
        url("item_add", plan), {**data, "dose": "3.4", "side": "midline", "session_number": 1}
    )
    assert response.status_code == 302
    item = plan.items.get()
    assert response["Location"] == detail(plan) + f"#item-{item.pk}"
    assert item.dose == Decimal("3.4")


@pytest.mark.parametrize(
    ("dose", "message"),
    [("1.25", "steps of 0.1 mL"), ("-2", "greater than or equal to 0"), ("lots", "Enter a number")],
)
def test_a_bad_dose_is_shown_next_to_the_field_and_what_was_typed_is_kept(plan, practitioner_client, dose, message):
    chin = FacialArea.objects.get(slug="chin")
    treatment = Treatment.objects.get(slug="chin-augmentation")
    product = treatment.products.get(slug="juvederm-voluma-xc")
    response = practitioner_client.post(
        url("item_add", plan),
        {
            "version": plan.version,
            "area": chin.pk,
            "treatment": treatment.pk,
            "product": product.pk,
            "dose": dose,
            "side": "midline",
            "session_number": 1,
            "rationale": "Typed by hand",
        },
    )
    assert response.status_code == 200
    assert message in field_error(response, "dose") and field_is_invalid(response, "dose")
    assert field_value(response, "dose") == dose and field_value(response, "rationale") == "Typed by hand"
    assert not plan.items.exists()


def test_nonsense_in_the_add_form_is_refused_without_a_server_error(plan, practitioner_client):
    response = practitioner_client.post(
        url("item_add", plan), {"version": "x", "area": "999999", "treatment": "abc", "product": "", "dose": "1"}
    )
    assert response.status_code == 200
    page = soup(response)
    assert field_error(page, "area").startswith("Select a valid choice")
    assert field_error(page, "treatment").startswith("Select a valid choice")
    assert field_error(page, "product") == "Choose the product."
    assert practitioner_client.get(url("item_add", plan), {"area": "nonsense"}).status_code == 200


# --- editing in place with htmx --------------------------------------------------------------------------------


def test_htmx_edit_swaps_an_edit_row_in_and_a_save_swaps_the_row_back_with_the_summary_refreshed(
    plan, practitioner_user, practitioner_client
):
    item = add_item(plan, practitioner_user, dose="3.2")
    plan.refresh_from_db()
    row = practitioner_client.get(url("item_edit", plan, item_id=item.pk), **HTMX).content.decode()
    assert row.startswith(f'<tbody id="item-{item.pk}" class="plan-item is-editing">')
    assert 'hx-post="' in row and 'name="version" value="2"' in row and "<h1" not in row

    response = practitioner_client.post(
        url("item_edit", plan, item_id=item.pk),
        {"version": plan.version, "product": item.product_id, "dose": "5", "side": "midline", "session_number": 1},
        **HTMX,
    )
    html = response.content.decode()
    assert html.startswith(f'<tbody id="item-{item.pk}" class="plan-item">')
    assert '<div id="plan-version" data-version="3" hidden hx-swap-oob="true">' in html
    assert 'id="findings-summary"' in html and 'id="face-chart"' in html and 'id="plan-totals"' in html
    assert "above the typical range" in html
    item.refresh_from_db()
    assert item.dose == Decimal("5")


def test_a_stale_htmx_edit_keeps_what_was_typed_and_says_why(
    plan, practitioner_user, other_practitioner, practitioner_client
):
    item = add_item(plan, practitioner_user, dose="3.2")
    seen = plan.version
    plan.refresh_from_db()
    services.plan_update_item(
        item=item, by=other_practitioner, expected_version=plan.version, dose="4", side="midline", session_number=1
    )

    response = practitioner_client.post(
        url("item_edit", plan, item_id=item.pk),
        {"version": seen, "product": item.product_id, "dose": "3.6", "side": "midline", "session_number": 1},
        **HTMX,
    )
    assert response.status_code == 200
    assert any(message.startswith("Someone else changed this plan") for message in alerts(response))
    assert field_value(response, "dose") == "3.6"
    item.refresh_from_db()
    assert item.dose == Decimal("4")


def test_editing_without_javascript_uses_a_page_and_redirects_back(plan, practitioner_user, practitioner_client):
    item = add_item(plan, practitioner_user, dose="3.2")
    plan.refresh_from_db()
    page = practitioner_client.get(url("item_edit", plan, item_id=item.pk))
    assert page.status_code == 200 and h1_count(page) == 1
    response = practitioner_client.post(
        url("item_edit", plan, item_id=item.pk),
        {"version": plan.version, "product": item.product_id, "dose": "3.5", "side": "midline", "session_number": 2},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.dose, item.session_number) == (Decimal("3.5"), 2)


def test_moving_an_item_to_another_session_with_htmx_redraws_the_page(plan, practitioner_user, practitioner_client):
    item = add_item(plan, practitioner_user, dose="3.2")
    plan.refresh_from_db()
    response = practitioner_client.post(
        url("item_edit", plan, item_id=item.pk),
        {"version": plan.version, "product": item.product_id, "dose": "3.2", "side": "midline", "session_number": 2},
        **HTMX,
    )
    assert response["HX-Redirect"].startswith(detail(plan))


def test_removing_an_item_works_as_a_plain_form(plan, practitioner_user, practitioner_client):
    item = add_item(plan, practitioner_user)
    plan.refresh_from_db()
    response = practitioner_client.post(
        url("item_remove", plan, item_id=item.pk), {"version": plan.version}, follow=True
    )
    assert any(message.startswith("Removed Chin augmentation") for message in alerts(response))
    assert not PlanItem.objects.filter(pk=item.pk).exists()


def test_a_stale_remove_keeps_the_item_and_explains(plan, practitioner_user, practitioner_client):
    item = add_item(plan, practitioner_user)
    response = practitioner_client.post(url("item_remove", plan, item_id=item.pk), {"version": 1}, follow=True)
    assert any(message.startswith("Someone else changed this plan") for message in alerts(response))
    assert PlanItem.objects.filter(pk=item.pk).exists()


# --- templates, suggestions, status ----------------------------------------------------------------------------


def test_a_suggestion_is_added_with_one_click(plan, practitioner_client):
    treatment = Treatment.objects.get(slug="cheek-enhancement")
    response = practitioner_client.post(
        url("suggestion_apply", plan), {"version": plan.version, "kind": "treatment", "id": treatment.pk}, follow=True
    )
    assert any(message.startswith("Added 1 item from the suggestion") for message in alerts(response))
    assert plan.items.get().treatment == treatment


def test_a_suggestion_the_screening_rules_out_says_why_on_the_plan_page(plan, practitioner_client, consultation):
    consultation.allergy_lidocaine = True
    consultation.save(update_fields=["allergy_lidocaine"])
    page = BeautifulSoup(practitioner_client.get(url("plan_detail", plan)).content, "html.parser")
    reasons = [div.get_text(" ", strip=True) for div in page.select("#suggestions .text-danger-emphasis")]
    assert (
        "Not suggested: Lidocaine (amide anaesthetic) allergy recorded — Juvéderm Voluma XC contains lidocaine."
        in reasons
    )


def test_a_broken_suggestion_post_is_refused_with_a_message(plan, practitioner_client):
    response = practitioner_client.post(
        url("suggestion_apply", plan), {"version": 1, "kind": "treatment", "id": "x"}, follow=True
    )
    assert response.status_code == 200 and any("could not be read" in message for message in alerts(response))
    assert not plan.items.exists()


def test_proposing_with_a_stop_finding_asks_for_the_override_reason_next_to_the_field(
    plan, practitioner_user, practitioner_client, consultation
):
    consultation.allergy_lidocaine = True
    consultation.save(update_fields=["allergy_lidocaine"])
    add_item(plan, practitioner_user, dose="3.2")
    plan.refresh_from_db()
    response = practitioner_client.post(url("plan_status", plan), {"version": plan.version, "to": "proposed"})
    assert response.status_code == 200 and h1_count(response) == 1
    assert field_is_invalid(response, "override_reason")
    assert "Write why this plan is proposed anyway" in field_error(response, "override_reason")
    response = practitioner_client.post(
        url("plan_status", plan),
        {"version": plan.version, "to": "proposed", "override_reason": "Lidocaine-free on the day"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.override_reason) == (PlanStatus.PROPOSED, "Lidocaine-free on the day")


def test_an_impossible_status_is_refused_by_the_form(plan_item, practitioner_client):
    plan = plan_item.plan
    response = practitioner_client.post(url("plan_status", plan), {"version": plan.version, "to": "completed"})
    assert response.status_code == 200
    assert field_error(response, "to").startswith("Select a valid choice. completed is not one of")


# --- print -----------------------------------------------------------------------------------------------------


def test_the_print_view_leaves_out_clinical_notes_findings_and_the_override_reason(
    plan, practitioner_user, practitioner_client, consultation
):
    consultation.allergy_lidocaine = True
    consultation.save(update_fields=["allergy_lidocaine"])
    add_item(plan, practitioner_user, dose="5")
    TreatmentPlan.objects.filter(pk=plan.pk).update(
        notes="Internal: watch the left side", patient_notes="Arrive 10 minutes early"
    )
    move_to(plan, practitioner_user, PlanStatus.PROPOSED, override_reason="Override: switching product")
    response = practitioner_client.get(url("plan_print", plan))
    html = response.content.decode()
    page = main(response)
    assert h1_count(response) == 1
    assert "Arrive 10 minutes early" in text(page) and "data-print" in html
    price = f"£{plan.items.get().price:,.2f}"
    [(_, product, _, amount, shown)] = [row for row in _rows(page) if len(row) == 5]
    assert (product, amount, shown) == ("Juvéderm Voluma XC", "5 mL", f"{price}*")  # * an example price
    assert text(page.find(id="print-aftercare").find_parent("section")).startswith("Aftercare Chin augmentation")
    assert text(page.find(string=re.compile(r"^\s*Total\s*$")).parent) == f"Total {price}"
    for secret in (
        "Internal: watch",
        "Override: switching",
        "lidocaine allergy",
        "above the typical range",
        "Safety checks",
    ):
        assert secret not in html


# --- the plans list and the pieces on other pages --------------------------------------------------------------


def test_the_plan_list_shows_practitioners_their_plans_and_the_front_desk_proposed_ones(
    plan_item, proposed_plan, practitioner_client, frontdesk_client
):
    assert [row[0] for row in _rows(main(practitioner_client.get(reverse("planning:plan_list"))))] == ["Plan A"]
    [row] = _rows(main(frontdesk_client.get(reverse("planning:plan_list"))))
    assert row[:3] == ["Plan A", "Zoë Martin", "Proposed"]


def test_the_consultation_page_lists_plans_with_totals_and_offers_new_plan_to_practitioners(
    plan_item, practitioner_client, frontdesk_client, consultation
):
    page = reverse("patients:consultation_detail", kwargs={"code": consultation.code})
    shown = main(practitioner_client.get(page))
    assert reverse("planning:plan_create", kwargs={"consultation_code": consultation.code}) in hrefs(shown)
    [row] = _rows(shown)
    assert row[:3] == ["Plan A", "Draft", "1"] and row[3] == f"£{plan_item.price:,.2f} *"
    html = frontdesk_client.get(page).content.decode()
    assert "New plan" not in html and detail(plan_item.plan) not in html  # a draft stays with the practitioner


def test_the_new_plan_page_suggests_the_next_free_title(plan, practitioner_client, consultation):
    response = practitioner_client.get(reverse("planning:plan_create", kwargs={"consultation_code": consultation.code}))
    assert field_value(response, "title") == "Plan B"
    response = practitioner_client.post(
        reverse("planning:plan_create", kwargs={"consultation_code": consultation.code}),
        {"title": "Plan A", "session_gap_days": 14},
    )
    assert response.status_code == 200
    assert field_error(response, "title").startswith("This consultation already has “Plan A”.")


def test_recording_a_session_by_form(accepted_plan, practitioner_client):
    item = accepted_plan.items.get()
    page = practitioner_client.get(url("session_record", accepted_plan))
    assert page.status_code == 200 and h1_count(page) == 1
    response = practitioner_client.post(
        url("session_record", accepted_plan),
        {
            "version": accepted_plan.version,
            "session_number": 1,
            "performed_on": "10/01/2026",
            "performed_time": "10:30",
            f"done_{item.pk}": "on",
            f"lot_{item.pk}": "",
            f"dose_{item.pk}": "3.2",
        },
    )
    assert response.status_code == 200
    assert field_error(response, f"lot_{item.pk}").startswith("Enter the lot number")
    assert field_error(response, f"reason_{item.pk}") == "The plan says 2 mL: say why a different dose was given."
    assert not accepted_plan.sessions.exists()
    response = practitioner_client.post(
        url("session_record", accepted_plan),
        {
            "version": accepted_plan.version,
            "session_number": 1,
            "performed_on": "10/01/2026",
            "performed_time": "10:30",
            f"done_{item.pk}": "on",
            f"lot_{item.pk}": "VB-2291",
            f"dose_{item.pk}": "3.2",
            f"reason_{item.pk}": "More volume needed on the day",
        },
        follow=True,
    )
    assert any(message.startswith("Session 1 recorded") for message in alerts(response))
    session = accepted_plan.sessions.get()
    assert session.items.get().lot_number == "VB-2291"
    # Photos taken at the session are one click away, linked to it.
    upload = reverse("photos:upload", args=[accepted_plan.patient.code]) + f"?session={session.code}"
    assert upload in hrefs(main(response))


def test_a_session_is_typed_as_a_clinic_date_and_a_24_hour_time(accepted_plan, practitioner_client):
    item = accepted_plan.items.get()
    page = practitioner_client.get(url("session_record", accepted_plan)).content.decode()
    for name in ("performed_on", "review_on", f"expiry_{item.pk}"):
        (tag,) = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
        assert 'type="text"' in tag and 'placeholder="dd/mm/yyyy"' in tag, tag
    (time_tag,) = re.findall(r'<input[^>]*name="performed_time"[^>]*>', page)
    assert 'type="text"' in time_tag and 'placeholder="hh:mm"' in time_tag
    assert 'type="date"' not in page and "datetime-local" not in page
    response = practitioner_client.post(
        url("session_record", accepted_plan),
        {
            "version": accepted_plan.version,
            "session_number": 1,
            "performed_on": "10/07/2025",
            "performed_time": "09:15",
            f"done_{item.pk}": "on",
            f"lot_{item.pk}": "VB-2291",
            f"dose_{item.pk}": "2",  # as planned
            "review_on": "2025-08-01",  # yyyy-mm-dd is read too
        },
        follow=True,
    )
    assert "Session 1 recorded. Review on 1 Aug 2025." in response.content.decode()
    session = accepted_plan.sessions.get()
    # 09:15 on the clinic's clock in July is 08:15 UTC (British Summer Time).
    assert session.performed_at == dt.datetime(2025, 7, 10, 8, 15, tzinfo=dt.UTC)


def test_a_session_date_in_the_future_is_refused_next_to_the_date(accepted_plan, practitioner_client):
    item = accepted_plan.items.get()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = practitioner_client.post(
        url("session_record", accepted_plan),
        {
            "version": accepted_plan.version,
            "session_number": 1,
            "performed_on": tomorrow.strftime("%d/%m/%Y"),
            "performed_time": "10:30",
            f"done_{item.pk}": "on",
            f"lot_{item.pk}": "VB-2291",
            f"dose_{item.pk}": "3.2",
            f"reason_{item.pk}": "More volume needed on the day",
        },
    )
    assert response.context["form"].errors["performed_on"] == ["A session cannot be recorded before it happened."]
    assert not accepted_plan.sessions.exists()


# --- every page linked from a plan renders, with one <h1>, for every role ---------------------------------------


@pytest.mark.parametrize("role", ["practitioner", "frontdesk", "catalogadmin", "outsider"])
def test_every_page_linked_from_plans_renders_with_one_h1(plan, proposed_plan, practitioner_user, users, role):
    from tests.conftest import client_for
    from tests.test_project import _walk

    other = services.plan_create(consultation=plan.consultation, by=practitioner_user, title="Plan B")
    add_item(
        other, practitioner_user, treatment="eyebrow-lift", area="brow", product="botox-cosmetic", dose="6", side="both"
    )
    client = client_for(users[role])
    if role == "practitioner":  # the walk reaches the practitioner's change pages from the draft
        seen, _ = _walk(client, start=detail(other), limit=150)
        assert any("/items/add/" in u for u in seen) and any("/details/" in u for u in seen)
    for start in (reverse("planning:plan_list"), detail(proposed_plan), detail(other)):
        seen, problems = _walk(client, start=start, limit=150)
        assert not problems, problems
        assert start in seen


def test_the_patient_page_lists_the_patients_plans(plan_item, practitioner_client, consultation):
    page = reverse("patients:patient_detail", kwargs={"code": consultation.patient.code})
    response = practitioner_client.get(page)
    assert response.status_code == 200
    links = hrefs(main(response))
    assert detail(plan_item.plan) in links
    assert reverse("planning:plan_create", kwargs={"consultation_code": consultation.code}) in links


def test_a_whole_dose_shows_as_typed_in_the_edit_and_add_forms_never_in_exponent_form(
    plan, practitioner_user, practitioner_client
):
    item = add_item(
        plan, practitioner_user, treatment="frown-lines", area="glabella", product="botox-cosmetic", dose="20",
        side="midline",
    )  # fmt: skip
    assert field_value(practitioner_client.get(url("item_edit", plan, item_id=item.pk)), "dose") == "20"  # not 2E+1
    glabella = FacialArea.objects.get(slug="glabella")
    frown = Treatment.objects.get(slug="frown-lines")
    query = f"?area={glabella.pk}&treatment={frown.pk}&product={item.product_id}"
    assert field_value(practitioner_client.get(url("item_add", plan) + query), "dose") == "20"
