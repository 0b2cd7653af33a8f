"""The rule book's cases that need the database: typed history, impossible doses at the field, ineligible products,
the one range decision in the add form, suggestions that swap a product, and the template preview."""

import datetime as dt
from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from catalog.models import Contraindication, ContraindicationRule
from planning import services
from planning.check_data import findings_for_plan
from planning.suggestions import suggestions_for_consultation
from tests.factories import FacialAreaFactory, PreviousTreatmentFactory, TreatmentAreaFactory
from tests.html import field_error, field_is_invalid, field_value, soup

from .check_factories import add_item, build_catalog, make_consultation, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def mini():
    return build_catalog()


def _codes(findings):
    return {f.code for f in findings}


# --- history typed by name ---------------------------------------------------------------------------------------


def test_botox_typed_by_name_counts_toward_the_400_unit_limit_and_is_no_brand_switch(mini):
    mini.botox.aliases = "Botox"
    mini.botox.save()
    consultation = make_consultation()
    PreviousTreatmentFactory(
        patient=consultation.patient, product=None, product_name="Botox", dose=D("390"), dose_unit="U",
        substance="other_toxin", treated_on=timezone.localdate() - dt.timedelta(days=100),
    )  # fmt: skip
    plan = make_plan(consultation, planned_for=timezone.localdate() - dt.timedelta(days=20))
    add_item(plan, mini.frown_lines, mini.glabella, mini.botox, 20, side="midline")
    findings = findings_for_plan(plan)
    assert "toxin-90-day-limit" in _codes(findings)  # 390 U typed as "Botox" + 20 U planned, 80 days apart
    assert "brand-switch" not in _codes(findings)
    assert "toxin-unknown-product" not in _codes(findings)


def test_a_toxin_the_catalog_does_not_know_is_a_caution_that_its_units_cannot_be_added(mini):
    consultation = make_consultation()
    PreviousTreatmentFactory(
        patient=consultation.patient, product=None, product_name="Mystery toxin", dose=D("50"), dose_unit="U",
        substance="other_toxin", treated_on=timezone.localdate() - dt.timedelta(days=30),
    )  # fmt: skip
    plan = make_plan(consultation)
    add_item(plan, mini.frown_lines, mini.glabella, mini.botox, 20, side="midline")
    [finding] = [f for f in findings_for_plan(plan) if f.code == "toxin-unknown-product"]
    assert finding.severity == "caution" and "Mystery toxin" in finding.message


# --- impossible doses and ineligible products, refused at the field ----------------------------------------------


def test_an_impossible_dose_is_refused_at_the_dose_field_and_nothing_is_saved(mini):
    plan = make_plan(make_consultation())
    with pytest.raises(ValidationError) as exc:
        services.plan_add_item(
            plan=plan, by=plan.practitioner, treatment=mini.cheek_filler, area=mini.cheeks, product=mini.voluma,
            dose="10000", side="both", expected_version=plan.version,
        )  # fmt: skip
    assert "typing error" in " ".join(exc.value.message_dict["dose"])
    assert not plan.items.exists()
    # Ten times the top of the range for both sides (2 × 3 mL) is still accepted, with a caution from the checks.
    item = services.plan_add_item(
        plan=plan, by=plan.practitioner, treatment=mini.cheek_filler, area=mini.cheeks, product=mini.voluma,
        dose="60", side="both", expected_version=plan.version,
    )  # fmt: skip
    assert "dose-above-range" in _codes(findings_for_plan(item.plan))


def test_the_add_form_shows_the_impossible_dose_message_next_to_the_field_and_keeps_the_input(
    mini, practitioner_client
):
    plan = make_plan(make_consultation())
    response = practitioner_client.post(
        reverse("planning:item_add", kwargs={"code": plan.code}),
        {
            "version": plan.version, "area": mini.cheeks.pk, "treatment": mini.cheek_filler.pk,
            "product": mini.voluma.pk, "dose": "10000", "side": "both", "session_number": 1, "rationale": "volume",
        },
    )  # fmt: skip
    assert response.status_code == 200
    page = soup(response)
    assert field_value(page, "dose") == "10000" and field_is_invalid(page, "dose")
    assert "typing error" in field_error(page, "dose")  # next to the dose, not somewhere on the page
    assert field_value(page, "rationale") == "volume"
    assert not plan.items.exists()


def test_refusing_an_ineligible_product_says_why(mini):
    with pytest.raises(ValidationError) as exc:
        services.validate_item_choice(treatment=mini.chin_filler, area=mini.chin, product=mini.sculptra)
    assert "the catalog does not list it for this treatment" in exc.value.message_dict["product"][0]
    lips = FacialAreaFactory(name="Lips", region="lower", bilateral=False, chart_x=50, chart_y=70)
    TreatmentAreaFactory(  # 0.5–1 mL in total: lips are not a paired area
        treatment=mini.chin_filler, area=lips, dose_min=D("0.5"), dose_max=D("1"),
        source="§3b lips", evidence_flag="PRACTICE",
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.validate_item_choice(treatment=mini.chin_filler, area=lips, product=mini.sculptra)
    assert "lip vermilion" in exc.value.message_dict["product"][0]
    with pytest.raises(ValidationError) as exc:
        services.validate_item_choice(treatment=mini.chin_filler, area=mini.chin, product=mini.botox)
    assert "it is a botulinum toxin" in exc.value.message_dict["product"][0]


def test_sculptra_in_the_lips_is_a_stop_with_its_label_reason_even_if_the_catalog_allowed_it(mini):
    lips = FacialAreaFactory(name="Lips", region="lower", bilateral=False, chart_x=50, chart_y=70)
    TreatmentAreaFactory(  # 0.5–1 mL in total: lips are not a paired area
        treatment=mini.cheek_filler, area=lips, dose_min=D("0.5"), dose_max=D("1"),
        source="§3b lips", evidence_flag="PRACTICE",
    )  # fmt: skip
    plan = make_plan(make_consultation())
    add_item(plan, mini.cheek_filler, lips, mini.sculptra, 1, side="midline")
    [stop] = [f for f in findings_for_plan(plan) if f.code == "contraindication"]
    assert stop.severity == "stop" and "lip vermilion" in stop.message


# --- one range decision in the add form ----------------------------------------------------------------------------


def test_the_add_form_never_shows_a_range_in_another_brands_units(mini, practitioner_client):
    # A generic onabotulinumtoxinA range for the brow, with Dysport eligible: Dysport gets no Botox-unit range.
    mini.brow_lift.products.add(mini.dysport)
    plan = make_plan(make_consultation())
    page = practitioner_client.post(
        reverse("planning:item_add", kwargs={"code": plan.code}),
        {"version": plan.version, "area": mini.brow.pk, "treatment": mini.brow_lift.pk, "product": mini.dysport.pk,
         "next": "1"},
    )  # fmt: skip
    soup = BeautifulSoup(page.content, "html.parser")
    help_text = soup.find(id="id_dose_helptext").get_text()
    assert "2–5" not in help_text and "other products' units" in help_text
    assert soup.find("input", {"name": "dose"}).get("value") in (None, "")  # nothing prefilled in Botox units
    botox = practitioner_client.post(
        reverse("planning:item_add", kwargs={"code": plan.code}),
        {"version": plan.version, "area": mini.brow.pk, "treatment": mini.brow_lift.pk, "product": mini.botox.pk,
         "next": "1"},
    )  # fmt: skip
    botox_help = BeautifulSoup(botox.content, "html.parser").find(id="id_dose_helptext").get_text()
    assert "Typical 2–5 U per side" in botox_help


# --- suggestions and templates with an allergy ---------------------------------------------------------------------


def test_a_lidocaine_allergy_swaps_the_template_filler_for_an_allowed_one_and_says_so(mini):
    consultation = make_consultation(concerns=[mini.sunken_cheeks], allergy_lidocaine=True)
    [template] = [s for s in suggestions_for_consultation(consultation) if s.kind == "template"]
    assert "Juvéderm Voluma XC → Sculptra Aesthetic" in " ".join(template.swaps)
    plan = make_plan(consultation)
    result = services.plan_apply_template(
        plan=plan, template=mini.cheek_chin_brow, by=plan.practitioner, expected_version=plan.version
    )
    cheeks = next(i for i in result.added if i.area_id == mini.cheeks.pk)
    assert cheeks.product == mini.sculptra and "Swapped from Juvéderm Voluma XC" in cheeks.rationale
    assert any("Sculptra Aesthetic" in s for s in result.swapped)


def test_applying_a_template_shows_its_findings_first_and_changes_nothing_until_confirmed(mini, practitioner_client):
    consultation = make_consultation(concerns=[mini.sunken_cheeks], pregnant_or_breastfeeding=True)
    plan = make_plan(consultation)
    apply_url = reverse("planning:template_apply", kwargs={"code": plan.code})
    preview = practitioner_client.post(apply_url, {"version": plan.version, "template": mini.cheek_chin_brow.pk})
    assert preview.status_code == 200
    soup = BeautifulSoup(preview.content, "html.parser")
    assert soup.h1.get_text(strip=True).startswith("Before adding")
    findings = soup.select(".finding-stop")
    assert findings and "Pregnancy or breastfeeding" in findings[0].get_text()
    assert not plan.items.exists()
    plan.refresh_from_db()
    assert plan.version == 1  # the preview took no version
    confirm = soup.find("input", {"name": "confirm"})
    assert confirm["value"] == "1"
    done = practitioner_client.post(
        apply_url, {"version": plan.version, "template": mini.cheek_chin_brow.pk, "confirm": "1"}
    )
    assert done.status_code == 302 and plan.items.count() == 3


def test_a_rule_without_a_screening_answer_needs_a_scope(mini):
    rule = ContraindicationRule(severity="contraindicated")
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    assert "product" in exc.value.message_dict
    answer = Contraindication.objects.get(slug="lidocaine-allergy")
    ContraindicationRule(contraindication=answer, severity="caution").full_clean()
