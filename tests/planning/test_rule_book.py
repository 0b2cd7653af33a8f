"""The rule book's cases at their edges (issue: one rule book for the safety checks): plain data in, findings out.

Each rule's home is named in planning/checks/__init__.py; these tests hold the cases the old checks got wrong.
"""

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D

from catalog.rules import applicable_range, implausible_dose
from catalog.screening import FLOORS
from planning.checks import CAUTION, INFO, STOP, DoseRange, HistoryEntry, ItemInput, PlanInput, ProductInfo, run_checks

PLANNED = dt.date(2026, 6, 30)

VOLUX = ProductInfo(
    id=1,
    name="Juvéderm Volux XC",
    kind="filler",
    substance="hyaluronic_acid",
    unit="mL",
    contains_lidocaine=True,
    max_units_per_session=D("9"),
    limit_source="§3b Jawline (Volux): max 9 mL",
    limit_evidence_flag="LABEL-2",
    yearly_max=D("20"),
    yearly_max_body_weight_kg=D("60"),
    yearly_limit_group="Juvéderm gels",
    yearly_limit_source="§3b Any Juvéderm gel: ≤20 mL per 60 kg per year",
    yearly_limit_evidence_flag="LABEL",
    min_age=22,
    age_source="§3a Volux: adults over 21",
    age_evidence_flag="LABEL-2",
)
VOLUMA = replace(VOLUX, id=2, name="Juvéderm Voluma XC", max_units_per_session=None)
BOTOX = ProductInfo(
    id=10,
    name="Botox Cosmetic",
    kind="toxin",
    substance="onabotulinumtoxinA",
    unit="U",
    max_units_90_days=D("400"),
    limit_source="§2c BOTOX Cosmetic 400 U in 3 months",
    limit_evidence_flag="LABEL-2",
    min_age=18,
    age_source="§4a Age",
    age_evidence_flag="LABEL-2",
)
DYSPORT = ProductInfo(
    id=11,
    name="Dysport",
    kind="toxin",
    substance="abobotulinumtoxinA",
    unit="U",
    min_age=18,
    max_age=64,
    age_source="§2a Dysport glabellar lines, adults <65",
    age_evidence_flag="LABEL-2",
)

JAW_RANGE = DoseRange(D("3"), D("9"), "mL", False, "§3b Jawline (Volux)", "LABEL-2", product_id=1)
PLATYSMA_RANGE = DoseRange(D("26"), D("36"), "U", False, "§2a platysma 26/31/36 U", "LABEL-2", product_id=10)
CHEEK_RANGE = DoseRange(D("1"), D("3"), "mL", True, "§3b cheeks 1–3 mL per side", "PRACTICE")
GL_BOTOX = DoseRange(
    D("20"), D("20"), "U", False, "§2a BOTOX GL 20 U", "LABEL-2", product_id=10, product_name="Botox Cosmetic"
)
GL_DYSPORT = DoseRange(
    D("50"), D("50"), "U", False, "§2a Dysport GL 50 U", "LABEL-2", product_id=11, product_name="Dysport"
)
GENERIC_ONA = DoseRange(D("2"), D("5"), "U", True, "§2f brow", "REVIEW", unit_substance="onabotulinumtoxinA")


def item(key="1", *, product=VOLUX, dose="6", side="left", **kwargs) -> ItemInput:
    values = {
        "key": key,
        "treatment_id": 100,
        "treatment_name": "Jawline contouring",
        "area_id": 20,
        "area_name": "Jawline",
        "area_bilateral": True,
        "area_high_risk": False,
        "area_risk_note": "",
        "side": side,
        "product": product,
        "dose": D(dose),
        "dose_ranges": (JAW_RANGE,),
        "area_slug": "jawline",
        "review_interval_days": 14,
    }
    values.update(kwargs)
    return ItemInput(**values)


def glabella(key="g", *, product=BOTOX, dose="20", **kwargs) -> ItemInput:
    values = {
        "treatment_name": "Frown lines",
        "treatment_id": 200,
        "area_id": 30,
        "area_name": "Glabellar lines",
        "area_slug": "glabella",
        "area_bilateral": False,
        "side": "midline",
        "dose_ranges": (GL_BOTOX, GL_DYSPORT),
    }
    values.update(kwargs)
    return item(key, product=product, dose=dose, **values)


def past(days_before, *, product=BOTOX, dose="20", area_id=30, **kwargs) -> HistoryEntry:
    values = {
        "on": PLANNED - dt.timedelta(days=days_before),
        "product_id": product.id,
        "product_name": product.name,
        "kind": product.kind,
        "substance": product.substance,
        "area_id": area_id,
        "area_name": "Glabellar lines",
        "dose": None if dose is None else D(dose),
        "unit": product.unit,
        "origin": "recorded at consultation",
        "yearly_limit_group": product.yearly_limit_group,
    }
    values.update(kwargs)
    return HistoryEntry(**values)


def plan(*items, history=(), screening=(), weight="70", born=dt.date(1990, 1, 1), **kwargs) -> PlanInput:
    return PlanInput(
        planned_date=PLANNED,
        session_gap_days=14,
        items=tuple(items),
        history=tuple(history),
        screening_slugs=frozenset(screening),
        rules=FLOORS,
        birth_date=born,
        body_weight_kg=None if weight is None else D(weight),
        **kwargs,
    )


def found(findings, code):
    return [f for f in findings if f.code == code]


# --- totals per treatment, area and session --------------------------------------------------------------------


def test_left_and_right_items_are_added_before_a_total_range_and_the_session_maximum():
    findings = run_checks(plan(item("1", dose="6", side="left"), item("2", dose="6", side="right")))
    [above] = found(findings, "dose-above-range")
    assert above.severity == CAUTION and "add up to 12 mL" in above.message and "3–9 mL" in above.message
    [stop] = found(findings, "session-limit")
    assert stop.severity == STOP and "12 mL of Juvéderm Volux XC" in stop.message and "9 mL per session" in stop.message


def test_a_total_exactly_at_the_top_of_the_range_and_the_maximum_gives_no_dose_finding():
    findings = run_checks(plan(item("1", dose="4.5", side="left"), item("2", dose="4.5", side="right")))
    assert not found(findings, "dose-above-range") and not found(findings, "session-limit")
    assert not found(findings, "dose-below-range")


def test_platysma_on_each_side_is_one_total_not_below_the_range_twice():
    platysma = {
        "product": BOTOX,
        "treatment_name": "Neck bands",
        "area_name": "Platysma bands",
        "area_slug": "platysma",
        "dose_ranges": (PLATYSMA_RANGE,),
    }
    findings = run_checks(
        plan(item("1", dose="20", side="left", **platysma), item("2", dose="20", side="right", **platysma))
    )
    assert not found(findings, "dose-below-range")
    [above] = found(findings, "dose-above-range")
    assert "add up to 40 U" in above.message
    at_top = run_checks(
        plan(item("1", dose="18", side="left", **platysma), item("2", dose="18", side="right", **platysma))
    )
    assert not found(at_top, "dose-above-range") and not found(at_top, "dose-below-range")


def test_a_per_side_range_compares_each_sides_sum():
    cheeks = {"product": VOLUMA, "dose_ranges": (CHEEK_RANGE,), "area_name": "Cheeks", "area_slug": "cheeks"}
    findings = run_checks(
        plan(item("1", dose="2", side="left", **cheeks), item("2", dose="1.5", side="left", **cheeks))
    )
    [above] = found(findings, "dose-above-range")
    assert "3.5 mL on the left side" in above.message
    # 2 mL on both sides (1 mL a side) plus 2 mL on the left: the left has 3 mL (at the top), the right 1 mL.
    ok = run_checks(plan(item("1", dose="2", side="both", **cheeks), item("2", dose="2", side="left", **cheeks)))
    assert not found(ok, "dose-above-range") and not found(ok, "dose-below-range")


def test_items_in_different_sessions_are_not_added_up():
    findings = run_checks(plan(item("1", dose="6", side="left"), item("2", dose="6", side="right", session_number=2)))
    assert not found(findings, "dose-above-range") and not found(findings, "session-limit")


# --- impossible doses ----------------------------------------------------------------------------------------


def test_a_dose_orders_of_magnitude_above_the_range_is_a_typing_error_and_just_below_is_not():
    cheek = replace(CHEEK_RANGE)
    # both sides: the top is 2 × 3 mL; ten times that is the last plausible dose
    assert implausible_dose(D("60"), unit="mL", dose_range=cheek, bilateral=True, side="both") is None
    message = implausible_dose(D("60.1"), unit="mL", dose_range=cheek, bilateral=True, side="both")
    assert message and "typing error" in message and "6 mL" in message
    assert implausible_dose(D("10000"), unit="mL", dose_range=cheek, bilateral=True, side="left")


def test_without_a_range_the_labelled_maximum_or_a_unit_ceiling_bounds_typing_errors():
    assert implausible_dose(D("90"), unit="mL", session_max=D("9")) is None
    assert "labelled maximum per session" in implausible_dose(D("90.1"), unit="mL", session_max=D("9"))
    assert implausible_dose(D("100"), unit="mL") is None and implausible_dose(D("101"), unit="mL")
    assert implausible_dose(D("1000"), unit="U") is None and implausible_dose(D("1001"), unit="U")


# --- which range applies --------------------------------------------------------------------------------------


def test_a_generic_toxin_range_is_only_for_its_own_substances_products():
    ranges = [GENERIC_ONA]
    assert applicable_range(ranges, product_id=10, unit="U", substance="onabotulinumtoxinA") is GENERIC_ONA
    assert applicable_range(ranges, product_id=11, unit="U", substance="abobotulinumtoxinA") is None
    assert (
        applicable_range([GL_BOTOX, GL_DYSPORT], product_id=11, unit="U", substance="abobotulinumtoxinA") is GL_DYSPORT
    )


# --- history typed by name -------------------------------------------------------------------------------------


def test_an_unknown_toxin_in_the_window_is_a_caution_that_its_units_cannot_be_added():
    unknown = past(30, product=BOTOX, product_id=None, product_name="Some toxin", substance="other_toxin")
    findings = run_checks(plan(glabella(), history=[unknown]))
    [caution] = found(findings, "toxin-unknown-product")
    assert caution.severity == CAUTION and "cannot be added" in caution.message and "Some toxin" in caution.message
    assert not found(findings, "toxin-other-products-in-window")


# --- intervals ---------------------------------------------------------------------------------------------------


def test_a_top_up_of_the_same_product_and_area_within_the_review_window_is_a_touch_up():
    findings = run_checks(plan(glabella(dose="4"), history=[past(14)]))
    [touch_up] = found(findings, "touch-up")
    assert touch_up.severity == INFO and "14 days" in touch_up.message and "§5" in touch_up.source
    assert not found(findings, "retreatment-interval")
    day_after = run_checks(plan(glabella(dose="4"), history=[past(15)]))
    assert found(day_after, "retreatment-interval") and not found(day_after, "touch-up")


def test_a_top_up_with_another_product_or_area_is_a_re_treatment():
    other_area = run_checks(plan(glabella(dose="4"), history=[past(10, area_id=99)]))
    assert found(other_area, "retreatment-interval") and not found(other_area, "touch-up")


def test_a_treatments_own_longer_repeat_interval_is_used():
    masseter = {"repeat_interval_days": 180, "interval_source": "clinic policy", "area_id": 40, "area_name": "Masseter"}
    findings = run_checks(plan(glabella(dose="20", **masseter), history=[past(120, area_id=40)]))
    [finding] = found(findings, "treatment-interval")
    assert finding.severity == CAUTION and "180 days" in finding.message and "clinic policy" in finding.source
    assert not found(findings, "retreatment-interval")
    assert not found(run_checks(plan(glabella(**masseter), history=[past(180, area_id=40)])), "treatment-interval")
    # A repeat interval at or under the 90-day label floor adds nothing: the floor already holds.
    assert not found(run_checks(plan(glabella(repeat_interval_days=90), history=[past(120)])), "treatment-interval")


# --- yearly volume ---------------------------------------------------------------------------------------------


def test_juvederm_gels_are_added_up_over_12_months_against_20_ml_per_60_kg():
    earlier = past(100, product=VOLUMA, dose="15", area_id=50)
    [stop] = found(run_checks(plan(item(dose="6", side="left"), history=[earlier], weight="60")), "yearly-volume-limit")
    assert stop.severity == STOP and "21 mL" in stop.message and "20 mL for 60 kg" in stop.message
    assert not found(run_checks(plan(item(dose="5"), history=[earlier], weight="60")), "yearly-volume-limit")
    assert not found(run_checks(plan(item(dose="6"), history=[earlier], weight="90")), "yearly-volume-limit")  # 30 mL
    a_year_ago = past(365, product=VOLUMA, dose="15", area_id=50)
    assert not found(run_checks(plan(item(dose="6"), history=[a_year_ago], weight="60")), "yearly-volume-limit")


def test_without_a_recorded_weight_the_yearly_volume_is_said_to_be_unchecked():
    [finding] = found(run_checks(plan(item(dose="6"), weight=None)), "yearly-volume-unchecked")
    assert finding.severity == INFO and "could not be checked" in finding.message


# --- age -------------------------------------------------------------------------------------------------------


def test_age_on_the_session_date_against_the_products_ages():
    seventeen = dt.date(2008, 7, 1)  # 17 on 30 Jun 2026, 18 the next day
    [minor] = found(run_checks(plan(glabella(), born=seventeen)), "age-minor")
    assert minor.severity == STOP and "17" in minor.message
    eighteen = dt.date(2008, 6, 30)
    assert not found(run_checks(plan(glabella(), born=eighteen)), "age-minor")
    dysport = glabella(product=DYSPORT, dose="50")
    assert not found(run_checks(plan(dysport, born=dt.date(1961, 7, 1))), "age-outside-label")  # 64
    [old] = found(run_checks(plan(dysport, born=dt.date(1961, 6, 30))), "age-outside-label")  # 65 that day
    assert old.severity == CAUTION and "up to 64" not in old.message and "18 to 64" in old.message
    [young] = found(run_checks(plan(item(dose="6"), born=dt.date(2005, 1, 1))), "age-outside-label")  # 21
    assert young.severity == CAUTION and "22 and over" in young.message


# --- forehead without glabella ----------------------------------------------------------------------------------


def test_forehead_toxin_without_glabellar_lines_in_the_session_is_a_caution():
    forehead = glabella("f", area_id=31, area_name="Forehead lines", area_slug="forehead", dose_ranges=())
    [finding] = found(run_checks(plan(forehead)), "forehead-without-glabella")
    assert finding.severity == CAUTION and "§2a" in finding.source
    assert not found(run_checks(plan(forehead, glabella())), "forehead-without-glabella")
    later = glabella(session_number=2)
    assert found(run_checks(plan(forehead, later)), "forehead-without-glabella")


# --- another brand's label dose ---------------------------------------------------------------------------------


def test_a_dose_that_is_another_brands_label_dose_says_units_are_not_interchangeable():
    [finding] = found(run_checks(plan(glabella(dose="50"))), "other-brand-dose")
    assert finding.severity == CAUTION and "Dysport's labelled dose" in finding.message
    assert not found(run_checks(plan(glabella(dose="20"))), "other-brand-dose")
    assert not found(run_checks(plan(glabella(product=DYSPORT, dose="50"))), "other-brand-dose")
    assert not found(run_checks(plan(glabella(dose="40"))), "other-brand-dose")
