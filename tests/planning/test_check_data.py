"""Building the checks' plain data from the database: the right rows, in a fixed number of queries."""

import datetime as dt
import zoneinfo
from decimal import Decimal as D

import pytest
from django.utils import timezone

from catalog.rules import rule_applies
from planning.check_data import findings_by_item, findings_for_plan, plan_input_for
from planning.checks import CAUTION, STOP, Finding
from planning.checks.screening import target_for
from tests.factories import PerformedItemFactory, PreviousTreatmentFactory, TreatmentSessionFactory

from .check_factories import add_item, build_catalog, make_consultation, make_plan

pytestmark = pytest.mark.django_db

PLANNED = dt.date(2025, 6, 30)


@pytest.fixture
def mini():
    return build_catalog()


def test_plan_input_carries_items_ranges_products_and_contraindications(mini):
    consultation = make_consultation(allergy_lidocaine=True)
    plan = make_plan(consultation, planned_for=PLANNED)
    item = add_item(plan, mini.cheek_filler, mini.cheeks, mini.voluma, "2.5")

    data = plan_input_for(plan)

    assert data.planned_date == PLANNED and data.session_gap_days == 14
    [entry] = data.items
    assert (entry.key, entry.area_name, entry.side, entry.dose) == (str(item.pk), "Cheeks", "both", D("2.5"))
    assert entry.product.name == "Juvéderm Voluma XC" and entry.product.contains_lidocaine
    [dose_range] = entry.dose_ranges
    assert (dose_range.dose_min, dose_range.dose_max, dose_range.per_side) == (D("1"), D("3"), True)
    applying = {r.slug for r in data.rules if not r.builtin and rule_applies(r, target_for(entry))}
    assert applying == {"lidocaine-allergy", "pregnancy-breastfeeding"}
    assert data.screening_slugs == {"lidocaine-allergy"}
    assert data.screening_names == {"lidocaine-allergy": "Lidocaine allergy"}


def test_a_plan_without_a_date_is_checked_as_of_today_in_the_clinic_time_zone(mini):
    plan = make_plan(make_consultation())
    assert plan_input_for(plan).planned_date == timezone.localdate()


def test_findings_for_plan_reports_a_lidocaine_allergy_and_an_over_range_dose(mini):
    plan = make_plan(make_consultation(allergy_lidocaine=True), planned_for=PLANNED)
    cheeks = add_item(plan, mini.cheek_filler, mini.cheeks, mini.voluma, "6.2")
    findings = findings_for_plan(plan)

    assert [(f.severity, f.code) for f in findings] == [(STOP, "contraindication"), (CAUTION, "dose-above-range")]
    assert "Juvéderm Voluma XC contains lidocaine" in findings[0].message
    assert "3.1 mL per side" in findings[1].message
    assert set(findings_by_item(findings)) == {str(cheeks.pk)}


def test_a_filler_without_lidocaine_is_not_stopped_by_a_lidocaine_allergy(mini):
    plan = make_plan(make_consultation(allergy_lidocaine=True), planned_for=PLANNED)
    add_item(plan, mini.cheek_filler, mini.cheeks, mini.sculptra, "2")
    assert findings_for_plan(plan) == []


def test_cows_milk_allergy_stops_dysport_from_the_catalog_link(mini):
    plan = make_plan(make_consultation(allergy_cows_milk=True), planned_for=PLANNED)
    add_item(plan, mini.frown_lines, mini.glabella, mini.dysport, "50", side="midline")
    [finding] = findings_for_plan(plan)
    assert finding.severity == STOP and "Cow's milk protein allergy" in finding.message
    assert "Lee et al. 2018 (§4a) · REVIEW" in finding.source


def test_history_gathers_previous_treatments_performed_sessions_and_other_accepted_plans(mini, practitioner_user):
    consultation = make_consultation()
    plan = make_plan(consultation, planned_for=PLANNED)
    add_item(plan, mini.frown_lines, mini.glabella, mini.botox, "20", side="midline")
    patient = consultation.patient
    PreviousTreatmentFactory(
        patient=patient, product=mini.botox, dose=D("100"), dose_unit="U", treated_on=PLANNED - dt.timedelta(days=80)
    )
    PreviousTreatmentFactory(
        patient=patient, product=None, product_name="Some toxin abroad", dose=D("10"), dose_unit="U",
        treated_on=dt.date(2024, 1, 1),
    )  # fmt: skip
    performed_plan = make_plan(consultation, title="Done", status="in_progress", planned_for=dt.date(2025, 5, 1))
    performed_item = add_item(performed_plan, mini.frown_lines, mini.glabella, mini.botox, "150")
    add_item(performed_plan, mini.brow_lift, mini.brow, mini.botox, "8", session_number=2)
    session = TreatmentSessionFactory(
        plan=performed_plan,
        session_number=1,
        performed_at=timezone.make_aware(dt.datetime(2025, 5, 1, 23, 30)),
        performed_by=practitioner_user,
    )
    performed = PerformedItemFactory(session=session, plan_item=performed_item, lot_number="C1234")
    assert (performed.product, performed.dose, performed.dose_unit) == (mini.botox, D("150"), "U")
    accepted = make_plan(consultation, title="Plan B", status="accepted", planned_for=dt.date(2025, 6, 1))
    add_item(accepted, mini.frown_lines, mini.glabella, mini.botox, "140", session_number=2)
    draft = make_plan(consultation, title="Plan C", planned_for=dt.date(2025, 6, 1))
    add_item(draft, mini.frown_lines, mini.glabella, mini.botox, "300")

    history = plan_input_for(plan).history

    summary = [(e.on, e.product_name, e.dose, e.kind, e.origin) for e in history]
    assert summary == [
        (dt.date(2024, 1, 1), "Some toxin abroad", D("10"), "toxin", "recorded at consultation"),
        (dt.date(2025, 4, 11), "Botox Cosmetic", D("100"), "toxin", "recorded at consultation"),
        (dt.date(2025, 5, 1), "Botox Cosmetic", D("150"), "toxin", "performed session"),
        (dt.date(2025, 5, 15), "Botox Cosmetic", D("8"), "toxin", "planned in “Done” (in progress)"),
        (dt.date(2025, 6, 15), "Botox Cosmetic", D("140"), "toxin", "planned in “Plan B” (accepted)"),
    ]
    # The performed session 1 of "Done" stands in for its planned item; the draft plan is not history.
    [limit] = [f for f in findings_for_plan(plan) if f.code == "toxin-90-day-limit"]
    assert "makes 418 U" in limit.message


def test_a_session_just_after_midnight_in_the_clinic_is_dated_that_local_day_not_the_utc_day(mini, practitioner_user):
    # 00:30 on 2 May in London (BST) is 23:30 UTC on 1 May: the history must say 2 May, the clinic's day.
    consultation = make_consultation()
    plan = make_plan(consultation, planned_for=PLANNED)
    add_item(plan, mini.frown_lines, mini.glabella, mini.botox, "20", side="midline")
    other = make_plan(consultation, title="Done", status="in_progress", planned_for=dt.date(2025, 5, 2))
    done = add_item(other, mini.frown_lines, mini.glabella, mini.botox, "20", side="midline")
    performed_at = timezone.make_aware(dt.datetime(2025, 5, 2, 0, 30), zoneinfo.ZoneInfo("Europe/London"))
    assert performed_at.astimezone(dt.UTC).date() == dt.date(2025, 5, 1)
    session = TreatmentSessionFactory(plan=other, performed_at=performed_at, performed_by=practitioner_user)
    PerformedItemFactory(session=session, plan_item=done)  # Botox 20 U in the glabella, as planned
    with timezone.override("Europe/London"):
        [entry] = plan_input_for(plan).history
    assert entry.on == dt.date(2025, 5, 2) and entry.origin == "performed session"


def test_sessions_of_the_plan_itself_are_not_history(mini, practitioner_user):
    consultation = make_consultation()
    plan = make_plan(consultation, status="in_progress", planned_for=PLANNED)
    item = add_item(plan, mini.frown_lines, mini.glabella, mini.botox, "20", side="midline")
    session = TreatmentSessionFactory(plan=plan, performed_by=practitioner_user)
    PerformedItemFactory(session=session, plan_item=item)
    assert plan_input_for(plan).history == ()


def test_a_generic_toxin_range_carries_the_units_its_catalog_row_names(mini, consultation):
    plan = make_plan(consultation)
    add_item(plan, mini.brow_lift, mini.brow, mini.botox, 6)
    [item] = plan_input_for(plan).items
    [dose_range] = item.dose_ranges
    assert (dose_range.product_id, dose_range.unit_substance) == (None, "onabotulinumtoxinA")


def test_findings_by_item_keeps_plan_wide_findings_under_none():
    findings = [Finding(STOP, "a", "x", "1"), Finding(CAUTION, "b", "y", None), Finding(CAUTION, "c", "z", "1")]
    assert findings_by_item(findings) == {"1": [findings[0], findings[2]], None: [findings[1]]}


def _plan_with_items(mini, count: int):
    consultation = make_consultation(allergy_lidocaine=True, pregnant_or_breastfeeding=True)
    PreviousTreatmentFactory(
        patient=consultation.patient, product=mini.botox, dose=D("20"), dose_unit="U", treated_on=PLANNED
    )
    plan = make_plan(consultation, planned_for=PLANNED)
    rows = [
        (mini.cheek_filler, mini.cheeks, mini.voluma, "2"),
        (mini.chin_filler, mini.chin, mini.sculptra, "1"),
        (mini.frown_lines, mini.glabella, mini.dysport, "50"),
        (mini.brow_lift, mini.brow, mini.botox, "6"),
        (mini.rhinoplasty, mini.nose, mini.voluma, "0.5"),
    ]
    for index in range(count):
        treatment, area, product, dose = rows[index % len(rows)]
        add_item(plan, treatment, area, product, dose, session_number=1 + index // len(rows))
    return plan


@pytest.mark.parametrize("count", [1, 10])
def test_building_the_check_data_takes_the_same_number_of_queries_for_1_and_10_items(
    mini, count, django_assert_num_queries
):
    plan = _plan_with_items(mini, count)
    plan.consultation  # noqa: B018 -- loaded, as the plan page has it
    # items, their injection points, dose ranges, contraindication rules, previous treatments, performed items,
    # other plans' items
    with django_assert_num_queries(7):
        findings = findings_for_plan(plan)
    assert len({f.item_key for f in findings}) == count  # every item got at least its pregnancy stop


def test_the_issue_scenario_on_the_seed_catalog_finds_the_over_range_dose_and_the_lidocaine_allergy(
    seeded_catalog, django_assert_max_num_queries
):
    from catalog.models import CombinationTemplate, Concern, TreatmentArea
    from planning.suggestions import suggestions_for_consultation

    concerns = Concern.objects.filter(slug__in=["recessed-chin", "sunken-cheeks"])
    consultation = make_consultation(concerns=concerns, allergy_lidocaine=True)
    template = CombinationTemplate.objects.get(name="Cheek and Chin Augmentation with Botox Brow Lift")

    [first, *_] = suggestions_for_consultation(consultation)
    listed = {s.name: s for s in suggestions_for_consultation(consultation)}
    assert listed[template.name].covers == ("Recessed chin", "Sunken cheeks")
    assert listed[template.name].excluded  # its default filler contains lidocaine: kept, marked, with the reason
    assert any("contains lidocaine" in r for r in listed[template.name].reasons)
    # Every cheek and chin filler in the seed contains lidocaine, so nothing is suggested outright: each
    # suggestion is kept, marked and explained.
    assert all(s.excluded and s.reasons for s in listed.values())
    assert first.name == template.name  # the template covers most concerns, so it still leads

    plan = make_plan(consultation, planned_for=PLANNED)
    items = {}
    for row in template.items.select_related("treatment", "area", "product"):
        items[row.area.slug] = add_item(
            plan,
            row.treatment,
            row.area,
            row.product,
            row.default_dose,
            side=row.side,
            session_number=row.session_number,
        )
    chin = items["chin"]
    chin_range = TreatmentArea.objects.get(treatment=chin.treatment, area=chin.area, product__isnull=True)
    chin.dose = chin_range.dose_max + 1
    chin.save()

    with django_assert_max_num_queries(9):
        findings = findings_for_plan(plan)
    for_chin = findings_by_item(findings)[str(chin.pk)]
    assert {(f.severity, f.code) for f in for_chin} >= {(STOP, "contraindication"), (CAUTION, "dose-above-range")}
    lidocaine = next(f for f in for_chin if f.code == "contraindication")
    assert "Lidocaine" in lidocaine.message and "Juvéderm Voluma XC" in lidocaine.message
    over = next(f for f in for_chin if f.code == "dose-above-range")
    assert chin_range.source in over.source
