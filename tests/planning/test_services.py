"""Plan services: validation, price snapshots, version checks, transitions, override reasons, sessions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.models import CombinationTemplate, FacialArea, Product, Treatment, TreatmentArea
from planning import services
from planning.models import PlanItem, PlanStatus, TreatmentPlan
from planning.services import PerformedLine, StalePlanError
from tests.factories import CombinationTemplateFactory, TemplateItemFactory
from tests.fixtures.planning import add_item, catalog_item, move_to, sign_for_treatment

pytestmark = pytest.mark.django_db

TEMPLATE = "Cheek and Chin Augmentation with Botox Brow Lift"


def _fresh(plan):
    plan.refresh_from_db()
    return plan


# --- adding items ----------------------------------------------------------------------------------------------


def test_adding_an_item_takes_a_price_snapshot_that_a_later_catalog_price_change_leaves_alone(plan, practitioner_user):
    voluma = Product.objects.get(slug="juvederm-voluma-xc")
    item = add_item(plan, practitioner_user, dose="3.2")
    assert item.unit_price == voluma.price_per_unit
    assert item.price == (Decimal("3.2") * voluma.price_per_unit).quantize(Decimal("0.01"))
    assert item.price_is_example is True
    assert item.dose_unit == "mL"

    Product.objects.filter(pk=voluma.pk).update(
        price_per_unit=voluma.price_per_unit * 3, price_per_package=voluma.price_per_package * 3, price_is_example=False
    )
    item.refresh_from_db()
    assert item.unit_price == voluma.price_per_unit
    assert item.price_is_example is True


def test_changing_the_dose_keeps_the_snapshot_unit_price(plan, practitioner_user):
    item = add_item(plan, practitioner_user, dose="3.2")
    Product.objects.filter(pk=item.product_id).update(price_per_unit=Decimal("999"), price_per_package=Decimal("999"))
    _fresh(plan)
    services.plan_update_item(
        item=item, by=practitioner_user, expected_version=plan.version, dose="4", side="midline", session_number=1
    )
    item.refresh_from_db()
    assert item.price == (Decimal("4") * item.unit_price).quantize(Decimal("0.01"))
    assert item.unit_price != Decimal("999")


def test_every_write_bumps_the_plan_version(plan, practitioner_user):
    assert plan.version == 1
    item = add_item(plan, practitioner_user)
    assert _fresh(plan).version == 2
    services.plan_remove_item(item=item, by=practitioner_user, expected_version=2)
    assert _fresh(plan).version == 3


def test_a_product_that_is_not_eligible_for_the_treatment_is_refused(plan, practitioner_user):
    with pytest.raises(ValidationError) as exc:
        add_item(plan, practitioner_user, product="botox-cosmetic")
    assert "not an eligible product" in str(exc.value)
    assert not plan.items.exists()


def test_an_area_the_treatment_is_not_given_in_is_refused(plan, practitioner_user):
    with pytest.raises(ValidationError) as exc:
        add_item(plan, practitioner_user, area="lips")
    assert "is not given in" in str(exc.value)


def test_a_retired_product_cannot_be_planned(plan, practitioner_user):
    Product.objects.filter(slug="juvederm-voluma-xc").update(is_active=False)
    with pytest.raises(ValidationError) as exc:
        add_item(plan, practitioner_user)
    assert "retired" in str(exc.value)


@pytest.mark.parametrize(
    ("treatment", "area", "product", "dose", "side", "message"),
    [
        ("eyebrow-lift", "brow", "botox-cosmetic", "2.5", "both", "1 U steps"),
        ("chin-augmentation", "chin", "juvederm-voluma-xc", "1.25", "midline", "steps of 0.1 mL"),
        ("chin-augmentation", "chin", "juvederm-voluma-xc", "0", "midline", "above zero"),
        ("chin-augmentation", "chin", "juvederm-voluma-xc", "-1", "midline", "above zero"),
        ("chin-augmentation", "chin", "juvederm-voluma-xc", "abc", "midline", "as a number"),
        ("chin-augmentation", "chin", "juvederm-voluma-xc", "1000000", "midline", "cannot be right"),
    ],
)
def test_doses_must_be_positive_and_in_the_products_step(
    plan, practitioner_user, treatment, area, product, dose, side, message
):
    t, a, p = catalog_item(treatment, area, product)
    with pytest.raises(ValidationError) as exc:
        services.plan_add_item(
            plan=plan, by=practitioner_user, treatment=t, area=a, product=p, dose=dose, side=side, expected_version=1
        )
    assert message in " ".join(exc.value.messages)


def test_whole_units_and_tenths_of_a_millilitre_are_accepted(plan, practitioner_user):
    assert (
        add_item(
            plan,
            practitioner_user,
            treatment="eyebrow-lift",
            area="brow",
            product="botox-cosmetic",
            dose="4",
            side="both",
        ).dose
        == 4
    )
    assert add_item(plan, practitioner_user, dose="1.1").dose == Decimal("1.1")


def test_a_midline_area_is_stored_as_midline_and_a_paired_area_refuses_midline(plan, practitioner_user):
    assert add_item(plan, practitioner_user, side="both").side == "midline"
    with pytest.raises(ValidationError) as exc:
        add_item(plan, practitioner_user, treatment="cheek-enhancement", area="cheeks", dose="1", side="midline")
    assert "paired area" in str(exc.value)


# --- optimistic locking ----------------------------------------------------------------------------------------


def test_a_stale_edit_is_refused_and_the_other_practitioners_change_is_kept(
    plan, practitioner_user, other_practitioner
):
    item = add_item(plan, practitioner_user, dose="3.2")
    seen = _fresh(plan).version  # both practitioners open the plan at this version

    services.plan_update_item(
        item=PlanItem.objects.get(pk=item.pk),
        by=other_practitioner,
        expected_version=seen,
        dose="4",
        side="midline",
        session_number=1,
    )
    with pytest.raises(StalePlanError) as exc:
        services.plan_update_item(
            item=PlanItem.objects.get(pk=item.pk),
            by=practitioner_user,
            expected_version=seen,
            dose="3.5",
            side="midline",
            session_number=1,
        )
    assert "Someone else changed this plan" in exc.value.messages[0]
    item.refresh_from_db()
    assert item.dose == Decimal("4")
    assert _fresh(plan).version == seen + 1


def test_a_stale_remove_and_a_stale_template_are_refused_too(plan, practitioner_user):
    item = add_item(plan, practitioner_user)
    stale = _fresh(plan).version - 1
    with pytest.raises(StalePlanError):
        services.plan_remove_item(item=item, by=practitioner_user, expected_version=stale)
    with pytest.raises(StalePlanError):
        services.plan_apply_template(
            plan=plan,
            template=CombinationTemplate.objects.get(name=TEMPLATE),
            by=practitioner_user,
            expected_version=stale,
        )
    assert plan.items.count() == 1


def test_a_missing_version_is_refused_with_a_message(plan, practitioner_user):
    t, a, p = catalog_item("chin-augmentation", "chin", "juvederm-voluma-xc")
    with pytest.raises(StalePlanError) as exc:
        services.plan_add_item(
            plan=plan,
            by=practitioner_user,
            treatment=t,
            area=a,
            product=p,
            dose="3",
            side="midline",
            expected_version=None,
        )
    assert "version" in exc.value.messages[0]


def test_only_draft_plans_can_change_their_items(proposed_plan, practitioner_user):
    item = proposed_plan.items.get()
    with pytest.raises(ValidationError) as exc:
        add_item(proposed_plan, practitioner_user)
    assert "only draft plans can be changed" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.plan_remove_item(item=item, by=practitioner_user, expected_version=proposed_plan.version)
    assert proposed_plan.items.count() == 1


# --- templates and suggestions ---------------------------------------------------------------------------------


def test_applying_a_template_adds_its_items_with_their_sessions_in_one_version_step(plan, practitioner_user):
    template = CombinationTemplate.objects.get(name=TEMPLATE)
    result = services.plan_apply_template(plan=plan, template=template, by=practitioner_user, expected_version=1)
    assert len(result.added) == template.items.count() == 3
    assert result.skipped == []
    assert {(i.area.slug, i.session_number, i.side) for i in plan.items.all()} == {
        ("brow", 1, "both"),
        ("cheeks", 2, "both"),
        ("chin", 2, "midline"),
    }
    assert all(i.template_id == template.pk for i in plan.items.all())
    assert _fresh(plan).version == 2


def test_a_template_line_with_a_retired_product_falls_back_to_another_eligible_one(plan, practitioner_user):
    Product.objects.filter(slug="juvederm-voluma-xc").update(is_active=False)
    template = CombinationTemplate.objects.get(name=TEMPLATE)
    result = services.plan_apply_template(plan=plan, template=template, by=practitioner_user, expected_version=1)
    assert len(result.added) == 3
    assert not plan.items.filter(product__slug="juvederm-voluma-xc").exists()


def test_a_template_toxin_line_whose_brand_is_retired_never_carries_its_units_over_to_another_brand(
    plan, practitioner_user
):
    # Units are product-specific and not convertible (§2c): 20 U was Botox's glabella dose; the brand that stands
    # in gets its own labelled dose from the catalog (Daxxify 40 U, Dysport 50 U, §2a), never Botox's 20 U.
    frown_lines = Treatment.objects.get(slug="frown-lines")
    template = CombinationTemplateFactory(name="Frown lines only")
    TemplateItemFactory(
        template=template,
        treatment=frown_lines,
        area=FacialArea.objects.get(slug="glabella"),
        product=Product.objects.get(slug="botox-cosmetic"),
        default_dose=Decimal("20"),
        side="midline",
    )
    Product.objects.filter(slug="botox-cosmetic").update(is_active=False)
    result = services.plan_apply_template(plan=plan, template=template, by=practitioner_user, expected_version=1)
    (item,) = result.added
    labelled = TreatmentArea.objects.get(treatment=frown_lines, product=item.product).default_dose
    assert item.product.slug != "botox-cosmetic" and item.dose == labelled != Decimal("20")
    assert "Botox Cosmetic" in item.rationale and "not interchangeable" in item.rationale


def test_a_generic_range_in_onabotulinumtoxin_units_gives_no_default_dose_for_another_toxin_brand(seeded_catalog):
    brow_lift = Treatment.objects.get(slug="eyebrow-lift")
    brow = FacialArea.objects.get(slug="brow")
    generic = TreatmentArea.objects.filter(treatment=brow_lift, area=brow)
    generic.update(product=None, unit_substance="onabotulinumtoxinA")
    dysport, botox = Product.objects.get(slug="dysport"), Product.objects.get(slug="botox-cosmetic")
    brow_lift.products.add(dysport)
    assert services.default_dose_for(brow_lift, brow, botox, "both") == Decimal("6")
    assert services.default_dose_for(brow_lift, brow, dysport, "both") is None


def test_taking_a_treatment_suggestion_adds_it_in_the_concerned_area_with_the_default_dose(plan, practitioner_user):
    chin = Treatment.objects.get(slug="chin-augmentation")
    result = services.plan_apply_suggestion(
        plan=plan, kind="treatment", suggestion_id=chin.pk, by=practitioner_user, expected_version=1
    )
    (item,) = result.added
    assert item.area.slug == "chin"
    assert item.dose == Decimal("1.9")  # the catalog's default for the chin (seed, §3b chin-only DERIVED row)


def test_a_per_side_default_is_doubled_for_both_sides(plan, practitioner_user):
    cheeks = Treatment.objects.get(slug="cheek-enhancement")
    (item,) = services.plan_apply_suggestion(
        plan=plan, kind="treatment", suggestion_id=cheeks.pk, by=practitioner_user, expected_version=1
    ).added
    assert (item.side, item.dose) == ("both", Decimal("2"))  # 1 mL per side (seed default) on both sides


def test_an_unknown_suggestion_is_refused_with_a_message(plan, practitioner_user):
    with pytest.raises(ValidationError):
        services.plan_apply_suggestion(
            plan=plan, kind="template", suggestion_id=999999, by=practitioner_user, expected_version=1
        )
    with pytest.raises(ValidationError):
        services.plan_apply_suggestion(
            plan=plan, kind="other", suggestion_id=1, by=practitioner_user, expected_version=1
        )


# --- status ----------------------------------------------------------------------------------------------------


def test_a_plan_moves_through_its_statuses_and_records_who_and_when(plan_item, practitioner_user):
    plan = plan_item.plan
    for status in (PlanStatus.PROPOSED, PlanStatus.ACCEPTED, PlanStatus.IN_PROGRESS, PlanStatus.COMPLETED):
        before = timezone.now()
        if status == PlanStatus.ACCEPTED:
            sign_for_treatment(plan, practitioner_user)  # the patient signs the proposed plan first
        move_to(plan, practitioner_user, status)
        assert plan.status == status
        assert plan.status_changed_by == practitioner_user
        assert plan.status_changed_at >= before
    with pytest.raises(ValidationError):
        move_to(plan, practitioner_user, PlanStatus.DRAFT)


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ((), PlanStatus.ACCEPTED),
        ((), PlanStatus.COMPLETED),
        ((PlanStatus.PROPOSED,), PlanStatus.IN_PROGRESS),
        ((PlanStatus.CANCELLED,), PlanStatus.DRAFT),
    ],
)
def test_transitions_outside_the_plan_lifecycle_are_refused(plan_item, practitioner_user, path, refused):
    plan = move_to(plan_item.plan, practitioner_user, *path)
    with pytest.raises(ValidationError) as exc:
        move_to(plan, practitioner_user, refused)
    assert "cannot become" in " ".join(exc.value.messages)


def test_a_declined_plan_can_go_back_to_draft_and_be_changed_again(plan_item, practitioner_user):
    plan = move_to(plan_item.plan, practitioner_user, PlanStatus.PROPOSED, PlanStatus.DECLINED, PlanStatus.DRAFT)
    assert add_item(plan, practitioner_user, dose="3.2").pk


def test_an_empty_plan_cannot_be_proposed(plan, practitioner_user):
    with pytest.raises(ValidationError) as exc:
        move_to(plan, practitioner_user, PlanStatus.PROPOSED)
    assert "at least one item" in " ".join(exc.value.messages)


def test_proposing_with_a_stop_finding_needs_a_written_override_reason_which_is_kept(
    plan, practitioner_user, consultation
):
    consultation.allergy_lidocaine = True
    consultation.save(update_fields=["allergy_lidocaine"])
    add_item(plan, practitioner_user, dose="3.2")  # Voluma XC contains lidocaine: a stop finding

    with pytest.raises(ValidationError) as exc:
        move_to(plan, practitioner_user, PlanStatus.PROPOSED, override_reason="   ")
    assert "override_reason" in exc.value.message_dict
    assert _fresh(plan).status == PlanStatus.DRAFT

    move_to(plan, practitioner_user, PlanStatus.PROPOSED, override_reason="Lidocaine-free product on the day.")
    assert plan.status == PlanStatus.PROPOSED
    assert plan.override_reason == "Lidocaine-free product on the day."
    assert plan.history.first().history_change_reason.endswith("with override")


def test_without_a_stop_finding_no_override_reason_is_kept(plan_item, practitioner_user):
    plan = move_to(plan_item.plan, practitioner_user, PlanStatus.PROPOSED, override_reason="not needed")
    assert plan.override_reason == ""


# --- history ---------------------------------------------------------------------------------------------------


def test_changes_are_recorded_in_the_history_with_who_and_why(plan, practitioner_user):
    item = add_item(plan, practitioner_user, dose="3.2")
    services.plan_update_item(
        item=item,
        by=practitioner_user,
        expected_version=_fresh(plan).version,
        dose="4",
        side="midline",
        session_number=1,
    )
    latest = item.history.first()
    assert latest.history_user == practitioner_user
    assert latest.history_change_reason == "Changed dose 3.2 → 4 mL"
    assert plan.history.last().history_change_reason == "Plan created"


# --- creating plans --------------------------------------------------------------------------------------------


def test_a_consultation_holds_alternatives_with_distinct_titles(plan, consultation, practitioner_user):
    assert services.next_plan_title(consultation) == "Plan B"
    plan_b = services.plan_create(consultation=consultation, by=practitioner_user, title="Plan B")
    assert plan_b.patient == consultation.patient
    with pytest.raises(ValidationError) as exc:
        services.plan_create(consultation=consultation, by=practitioner_user, title="Plan A")
    assert "Plan C" in str(exc.value)
    assert TreatmentPlan.objects.filter(consultation=consultation).count() == 2


def test_a_plan_needs_a_title(consultation, practitioner_user, seeded_catalog):
    with pytest.raises(ValidationError):
        services.plan_create(consultation=consultation, by=practitioner_user, title="  ")


# --- sessions performed ----------------------------------------------------------------------------------------


def test_recording_a_session_keeps_lots_sets_the_review_date_and_starts_the_plan(accepted_plan, practitioner_user):
    item = accepted_plan.items.get()
    performed = timezone.now() - dt.timedelta(hours=1)
    session = services.session_record(
        plan=accepted_plan,
        by=practitioner_user,
        session_number=1,
        performed_at=performed,
        lines=[
            PerformedLine(
                plan_item=item, lot_number=" VB123A ", lot_expiry=timezone.localdate() + dt.timedelta(days=300)
            )
        ],
        expected_version=accepted_plan.version,
    )
    (done,) = session.items.all()
    assert (done.lot_number, done.dose, done.dose_unit) == ("VB123A", item.dose, "mL")
    interval = item.treatment.review_interval_days
    assert session.review_on == timezone.localtime(performed).date() + dt.timedelta(days=interval)
    assert _fresh(accepted_plan).status == PlanStatus.IN_PROGRESS


def test_a_session_needs_a_lot_number_for_every_item_done(accepted_plan, practitioner_user):
    item = accepted_plan.items.get()
    with pytest.raises(ValidationError) as exc:
        services.session_record(
            plan=accepted_plan,
            by=practitioner_user,
            session_number=1,
            performed_at=timezone.now(),
            lines=[PerformedLine(plan_item=item, lot_number="")],
            expected_version=accepted_plan.version,
        )
    assert f"lot_{item.pk}" in exc.value.message_dict
    assert not accepted_plan.sessions.exists()


def test_a_draft_plan_cannot_have_sessions_recorded(plan_item, practitioner_user):
    with pytest.raises(ValidationError):
        services.session_record(
            plan=plan_item.plan,
            by=practitioner_user,
            session_number=1,
            performed_at=timezone.now(),
            lines=[PerformedLine(plan_item=plan_item, lot_number="X1")],
            expected_version=plan_item.plan.version,
        )


@pytest.mark.parametrize(
    ("dose", "unit_price", "expected"),
    [("0.5", "10.05", "5.03"), ("0.5", "10.15", "5.08"), ("20", "10.00", "200.00"), ("0.1", "0.05", "0.01")],
)
def test_item_prices_round_half_a_penny_up_like_a_till(dose, unit_price, expected):
    from planning.models import PlanItem

    assert PlanItem.price_for(Decimal(dose), Decimal(unit_price)) == Decimal(expected)
