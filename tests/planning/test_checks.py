"""The plan safety checks at their edges: plain data in, findings out, no database."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D

from catalog.rules import Rule
from catalog.screening import FLOORS
from planning.checks import (
    CAUTION,
    INFO,
    STOP,
    DoseRange,
    Finding,
    HistoryEntry,
    ItemInput,
    PlanInput,
    ProductInfo,
    fmt_amount,
    run_checks,
    sides_overlap,
    summarise,
    worst_severity,
)

PLANNED = dt.date(2025, 6, 30)

BOTOX = ProductInfo(
    id=1,
    name="Botox Cosmetic",
    kind="toxin",
    substance="onabotulinumtoxinA",
    unit="U",
    max_units_90_days=D(400),
    limit_source="renalandurologynews.com/drug/botox-cosmetic (§2c)",
    limit_evidence_flag="LABEL-2",
)
XEOMIN = ProductInfo(
    id=2,
    name="Xeomin",
    kind="toxin",
    substance="incobotulinumtoxinA",
    unit="U",
    max_units_per_session=D(400),
    limit_source="drugs.com/dosage/xeomin.html (§2c)",
    limit_evidence_flag="LABEL-2",
)
DYSPORT = ProductInfo(
    id=3,
    name="Dysport",
    kind="toxin",
    substance="abobotulinumtoxinA",
    unit="U",
)
VOLUMA = ProductInfo(
    id=10,
    name="Juvéderm Voluma XC",
    kind="filler",
    substance="hyaluronic_acid",
    unit="mL",
    contains_lidocaine=True,
)
# The catalog's rules for these products (ContraindicationRule rows), as planning.check_data hands them over.
CATALOG_RULES = (
    Rule(
        "cows-milk-protein-allergy",
        "contraindicated",
        "",
        "Lee 2018",
        "REVIEW",
        "Cow's milk protein allergy",
        product_id=3,
    ),
    Rule(
        "lidocaine-allergy",
        "contraindicated",
        "{product} contains lidocaine",
        "Voluma DFU",
        "LABEL",
        "Lidocaine allergy",
        product_id=10,
    ),
)
SCULPTRA = ProductInfo(id=11, name="Sculptra Aesthetic", kind="filler", substance="poly_l_lactic_acid", unit="mL")

CHEEK_RANGE = DoseRange(D("1"), D("3"), "mL", True, "purebeautymi.com (§3b cheeks)", "PRACTICE")
CHIN_RANGE = DoseRange(D("1"), D("3"), "mL", False, "Voluma DFU (§3b)", "LABEL")
GLABELLA_BOTOX = DoseRange(D("20"), D("20"), "U", False, "drugs.com botox-cosmetic (§2a)", "LABEL-2", product_id=1)
GLABELLA_DYSPORT = DoseRange(
    D("50"), D("50"), "U", False, "dysportusa.com (§2a)", "LABEL-2", product_id=3, product_name="Dysport"
)
MASSETER_GENERIC = DoseRange(
    D("20"),
    D("40"),
    "U",
    True,
    "Xie et al., PRS (§2f)",
    "REVIEW",
    note="onabotulinumtoxinA-type units",
    unit_substance="onabotulinumtoxinA",
)


def item(key="1", *, product=VOLUMA, dose="2", side="both", area_id=20, area_name="Cheeks", **kwargs) -> ItemInput:
    values = {
        "key": key,
        "treatment_id": 100,
        "treatment_name": "Cheek enhancement",
        "area_id": area_id,
        "area_name": area_name,
        "area_bilateral": True,
        "area_high_risk": False,
        "area_risk_note": "",
        "side": side,
        "product": product,
        "dose": D(dose),
        "session_number": 1,
        "dose_ranges": (CHEEK_RANGE,),
    }
    values.update(kwargs)
    return ItemInput(**values)


def toxin_item(key="1", *, product=BOTOX, dose="20", **kwargs) -> ItemInput:
    kwargs.setdefault("treatment_name", "Frown lines")
    kwargs.setdefault("area_id", 30)
    kwargs.setdefault("area_name", "Glabella")
    kwargs.setdefault("side", "midline")
    kwargs.setdefault("dose_ranges", (GLABELLA_BOTOX, GLABELLA_DYSPORT))
    return item(key, product=product, dose=dose, **kwargs)


def history(days_before: int, *, product=BOTOX, dose="20", origin="recorded at consultation", **kwargs):
    values = {
        "on": PLANNED - dt.timedelta(days=days_before),
        "product_id": product.id,
        "product_name": product.name,
        "kind": product.kind,
        "substance": product.substance,
        "area_id": 30,
        "area_name": "Glabella",
        "dose": None if dose is None else D(dose),
        "unit": product.unit,
        "origin": origin,
    }
    values.update(kwargs)
    return HistoryEntry(**values)


def plan(*items, history=(), screening=(), gap=14, names=None, rules=CATALOG_RULES, **kwargs) -> PlanInput:
    return PlanInput(
        planned_date=PLANNED,
        session_gap_days=gap,
        items=tuple(items),
        history=tuple(history),
        screening_slugs=frozenset(screening),
        screening_names=names or {},
        rules=(*rules, *FLOORS),
        **kwargs,
    )


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


# --- dose ranges ---------------------------------------------------------------------------------------------


def test_a_dose_exactly_at_the_range_minimum_and_maximum_gives_no_finding():
    assert run_checks(plan(item(dose="1", side="left"))) == []
    assert run_checks(plan(item(dose="3", side="right"))) == []
    assert run_checks(plan(item(dose="3", area_name="Chin", dose_ranges=(CHIN_RANGE,), side="midline"))) == []


def test_a_dose_just_above_the_maximum_is_a_caution_citing_the_range_source():
    [finding] = run_checks(plan(item(dose="3.1", side="left")))
    assert (finding.severity, finding.code, finding.item_key) == (CAUTION, "dose-above-range", "1")
    assert "3.1 mL" in finding.message and "1–3 mL per side" in finding.message
    assert finding.source == "purebeautymi.com (§3b cheeks) · PRACTICE"


def test_a_dose_just_below_the_minimum_is_only_information():
    [finding] = run_checks(plan(item(dose="0.9", side="left")))
    assert (finding.severity, finding.code) == (INFO, "dose-below-range")


def test_a_per_side_range_halves_a_dose_given_on_both_sides_and_says_so():
    assert run_checks(plan(item(dose="6", side="both"))) == []  # 3 mL per side: at the maximum
    [finding] = run_checks(plan(item(dose="6.2", side="both")))
    assert finding.code == "dose-above-range"
    assert "6.2 mL for both sides is 3.1 mL per side" in finding.message
    [below] = run_checks(plan(item(dose="1.8", side="both")))
    assert below.code == "dose-below-range" and "0.9 mL per side" in below.message


def test_a_range_for_the_whole_area_is_never_halved():
    [finding] = run_checks(plan(item(dose="3.1", side="both", dose_ranges=(CHIN_RANGE,))))
    assert finding.code == "dose-above-range" and "per side" not in finding.message


def test_a_range_never_stops_a_plan_however_far_above_it_is():
    findings = run_checks(plan(item(dose="40", side="left")))
    assert worst_severity(findings) == CAUTION


def test_the_product_specific_range_wins_over_the_generic_one():
    generic = DoseRange(D("10"), D("30"), "U", False, "generic", "PRACTICE", unit_substance="onabotulinumtoxinA")
    findings = run_checks(plan(toxin_item(dose="25", dose_ranges=(generic, GLABELLA_BOTOX))))
    [finding] = only(findings, "dose-above-range")
    assert "for Botox Cosmetic of 20 U" in finding.message
    assert finding.source == "drugs.com botox-cosmetic (§2a) · LABEL-2"


def test_dysport_is_compared_with_its_own_range_not_botox_units():
    assert run_checks(plan(toxin_item(product=DYSPORT, dose="50"))) == []
    [finding] = run_checks(plan(toxin_item(product=DYSPORT, dose="60")))
    assert finding.code == "dose-above-range" and "for Dysport of 50 U" in finding.message


def test_a_toxin_with_only_another_brands_range_gets_information_that_units_differ():
    findings = run_checks(plan(toxin_item(product=XEOMIN, dose="20", dose_ranges=(GLABELLA_DYSPORT,))))
    [finding] = findings
    assert (finding.severity, finding.code) == (INFO, "dose-range-other-units")
    assert "not interchangeable" in finding.message and "Dysport 50 U" in finding.message


def test_a_generic_range_in_onabotulinumtoxin_units_is_not_compared_with_dysport():
    findings = run_checks(plan(toxin_item(product=DYSPORT, dose="100", side="both", dose_ranges=(MASSETER_GENERIC,))))
    assert codes(findings) == ["dose-range-other-units"]
    [same_substance] = run_checks(
        plan(toxin_item(product=BOTOX, dose="90", side="both", dose_ranges=(MASSETER_GENERIC,)))
    )
    assert same_substance.code == "dose-above-range" and "45 U per side" in same_substance.message


def test_an_item_without_any_range_gets_no_range_finding():
    assert run_checks(plan(item(dose="5", dose_ranges=()))) == []


# --- toxin per-session and 90-day maxima ------------------------------------------------------------------------


def test_toxin_units_exactly_at_the_per_session_maximum_give_no_finding():
    findings = run_checks(
        plan(toxin_item("1", product=XEOMIN, dose="200"), toxin_item("2", product=XEOMIN, dose="200", area_id=31))
    )
    assert only(findings, "toxin-session-limit") == []


def test_toxin_units_above_the_per_session_maximum_stop_the_plan_on_the_item_that_crosses_it():
    findings = run_checks(
        plan(toxin_item("1", product=XEOMIN, dose="200"), toxin_item("2", product=XEOMIN, dose="201", area_id=31))
    )
    [finding] = only(findings, "toxin-session-limit")
    assert (finding.severity, finding.item_key) == (STOP, "2")
    assert "401 U of Xeomin" in finding.message and "400 U per session" in finding.message
    assert finding.source == "drugs.com/dosage/xeomin.html (§2c) · LABEL-2"
    assert findings[0] == finding  # most severe first


def test_the_per_session_maximum_counts_each_session_on_its_own():
    findings = run_checks(
        plan(
            toxin_item("1", product=XEOMIN, dose="300"),
            toxin_item("2", product=XEOMIN, dose="300", session_number=2),
            gap=120,
        )
    )
    assert only(findings, "toxin-session-limit") == []


def test_cumulative_toxin_units_exactly_at_the_90_day_maximum_give_no_finding():
    findings = run_checks(plan(toxin_item(dose="20"), history=[history(89, dose="380")]))
    assert only(findings, "toxin-90-day-limit") == []


def test_cumulative_toxin_units_above_the_90_day_maximum_stop_the_plan():
    findings = run_checks(plan(toxin_item(dose="21"), history=[history(89, dose="380")]))
    [finding] = only(findings, "toxin-90-day-limit")
    assert finding.severity == STOP
    assert "21 U in this plan plus 380 U" in finding.message and "makes 401 U" in finding.message
    assert "400 U in 90 days" in finding.message and "recorded at consultation" in finding.message
    assert "LABEL-2" in finding.source


def test_a_toxin_treatment_exactly_90_days_before_is_outside_the_window():
    findings = run_checks(plan(toxin_item(dose="21"), history=[history(90, dose="380")]))
    assert only(findings, "toxin-90-day-limit") == []
    assert only(findings, "retreatment-interval") == []


def test_cumulative_units_add_up_every_origin_of_the_same_product():
    entries = [
        history(80, dose="150", origin="recorded at consultation"),
        history(40, dose="150", origin="performed session"),
        history(10, dose="90", origin="planned in “Plan B” (accepted)"),
    ]
    [finding] = only(run_checks(plan(toxin_item(dose="20"), history=entries)), "toxin-90-day-limit")
    assert "makes 410 U" in finding.message
    assert all(
        origin in finding.message for origin in ("recorded at consultation", "performed session", "planned in “Plan B”")
    )


def test_cumulative_units_add_the_same_substance_under_another_product_entry():
    therapeutic = history(30, dose="390", product_id=99, product_name="BOTOX (therapeutic)")
    assert only(run_checks(plan(toxin_item(dose="20"), history=[therapeutic])), "toxin-90-day-limit")


def test_units_of_other_toxin_brands_are_never_added_but_are_mentioned():
    findings = run_checks(plan(toxin_item(dose="20"), history=[history(30, product=DYSPORT, dose="390")]))
    assert only(findings, "toxin-90-day-limit") == []
    [note] = only(findings, "toxin-other-products-in-window")
    assert note.severity == INFO and "Dysport 390 U" in note.message and "across BoNT products" in note.message


def test_a_later_session_of_the_plan_is_checked_at_its_own_date():
    # Session 2 is 14 days after the planned date: an entry 100 days before the planned date is 114 days before it,
    # and an entry dated 10 days after the planned date (another accepted plan) is inside its window.
    future = history(-10, dose="390", origin="planned in “Plan B” (accepted)")
    findings = run_checks(plan(toxin_item(dose="20", session_number=2), history=[future]))
    assert only(findings, "toxin-90-day-limit")


def test_toxin_in_two_sessions_of_the_same_plan_adds_up_within_90_days():
    findings = run_checks(plan(toxin_item("1", dose="250"), toxin_item("2", dose="151", session_number=2), gap=14))
    [finding] = only(findings, "toxin-90-day-limit")
    assert finding.item_key == "2" and "401 U in this plan" in finding.message and "14 Jul 2025" in finding.message
    assert (
        only(
            run_checks(plan(toxin_item("1", dose="250"), toxin_item("2", dose="150", session_number=2))),
            "toxin-90-day-limit",
        )
        == []
    )


def test_an_unrecorded_earlier_dose_is_a_caution_that_the_total_may_be_higher():
    findings = run_checks(plan(toxin_item(dose="20"), history=[history(100, dose=None), history(30, dose=None)]))
    [finding] = only(findings, "toxin-90-day-unknown-dose")
    assert finding.severity == CAUTION and "not recorded" in finding.message


# --- re-treatment interval and brand switch ----------------------------------------------------------------------


def test_toxin_89_days_after_the_last_toxin_is_a_caution():
    [finding] = only(run_checks(plan(toxin_item(), history=[history(89)])), "retreatment-interval")
    assert finding.severity == CAUTION and "89 days" in finding.message
    assert "20 U" in finding.message and "LABEL-2°" in finding.source and "90 days" in finding.source


def test_toxin_90_days_after_the_last_toxin_gives_no_interval_finding():
    assert only(run_checks(plan(toxin_item(), history=[history(90)])), "retreatment-interval") == []


def test_a_filler_in_history_does_not_count_as_a_toxin_treatment():
    filler = history(10, product=VOLUMA, dose="1", area_id=20, area_name="Cheeks")
    assert run_checks(plan(toxin_item(), history=[filler])) == []


def test_a_second_toxin_session_in_the_same_plan_is_checked_against_the_first():
    findings = run_checks(plan(toxin_item("1"), toxin_item("2", session_number=2, area_id=31), gap=14))
    [finding] = only(findings, "retreatment-interval")
    assert finding.item_key == "2" and "14 days" in finding.message and "session 1 of this plan" in finding.message


def test_toxin_less_than_90_days_before_a_later_toxin_already_planned_is_a_caution():
    # A toxin booked in another accepted plan 30 days after this one: the interval is as short either way round.
    later = history(-30, origin="planned in “Plan B” (accepted)")
    [finding] = only(run_checks(plan(toxin_item(), history=[later])), "retreatment-interval")
    assert finding.severity == CAUTION and "30 days before" in finding.message and "Plan B" in finding.message
    assert "90 days" in finding.source


def test_a_later_toxin_exactly_90_days_after_gives_no_interval_finding():
    assert only(run_checks(plan(toxin_item(), history=[history(-90)])), "retreatment-interval") == []


def test_units_of_a_later_planned_toxin_within_90_days_count_towards_the_maximum():
    # 300 U now and 101 U of the same product booked 60 days later: 401 U within one 3-month interval (§2c).
    later = history(-60, dose="101", origin="planned in “Plan B” (accepted)")
    [finding] = only(run_checks(plan(toxin_item(dose="300"), history=[later])), "toxin-90-day-limit")
    assert finding.severity == STOP and "makes 401 U" in finding.message and "29 Aug 2025" in finding.message
    assert (
        only(run_checks(plan(toxin_item(dose="300"), history=[history(-90, dose="101")])), "toxin-90-day-limit") == []
    )


def test_a_different_toxin_brand_than_last_time_is_a_caution_showing_last_brand_dose_and_date():
    findings = run_checks(plan(toxin_item(product=DYSPORT, dose="50"), history=[history(120, dose="20")]))
    [finding] = only(findings, "brand-switch")
    assert finding.severity == CAUTION
    assert "Botox Cosmetic 20 U on 2 Mar 2025" in finding.message
    assert "not interchangeable" in finding.message and "Dysport" in finding.message


def test_the_same_brand_as_last_time_gives_no_brand_switch_finding():
    assert run_checks(plan(toxin_item(dose="20"), history=[history(120, dose="20")])) == []


def test_the_brand_switch_compares_with_the_latest_toxin_only():
    entries = [history(300, product=DYSPORT, dose="50"), history(120, dose="20")]
    assert only(run_checks(plan(toxin_item(dose="20"), history=entries)), "brand-switch") == []


def test_a_brand_typed_by_the_patient_is_compared_by_name():
    typed = history(120, dose="20", product_id=None, product_name="botox cosmetic")
    assert only(run_checks(plan(toxin_item(dose="20"), history=[typed])), "brand-switch") == []


def test_a_patient_with_no_history_gets_no_history_findings():
    findings = run_checks(plan(toxin_item(dose="20"), toxin_item("2", product=XEOMIN, dose="20", area_id=31)))
    history_codes = {"retreatment-interval", "brand-switch", "toxin-90-day-limit", "toxin-other-products-in-window"}
    assert not history_codes & set(codes(findings))


# --- contraindications ---------------------------------------------------------------------------------------


def test_lidocaine_allergy_stops_a_filler_containing_lidocaine_and_names_it():
    [finding] = run_checks(
        plan(item(), screening={"lidocaine-allergy"}, names={"lidocaine-allergy": "Lidocaine allergy"})
    )
    assert (finding.severity, finding.code) == (STOP, "contraindication")
    assert finding.message == (
        "Cheek enhancement in Cheeks: Lidocaine allergy recorded in the screening (contraindicated) — "
        "Juvéderm Voluma XC contains lidocaine."
    )
    assert "Voluma DFU · LABEL" in finding.source


def test_lidocaine_allergy_stops_a_lidocaine_filler_even_without_a_catalog_link():
    [finding] = run_checks(plan(item(), screening={"lidocaine-allergy"}, rules=()))
    assert finding.severity == STOP and "Juvéderm Voluma XC contains lidocaine" in finding.message


def test_lidocaine_allergy_does_not_stop_a_filler_without_lidocaine():
    sculptra = item(product=SCULPTRA, dose="2")
    assert run_checks(plan(sculptra, screening={"lidocaine-allergy"})) == []
    # A treatment-wide lidocaine rule written "only with lidocaine" leaves a lidocaine-free product alone.
    treatment_rule = Rule(
        "lidocaine-allergy", "contraindicated", "", "IFU", "LABEL", treatment_id=100, only_with_lidocaine=True
    )
    assert run_checks(plan(sculptra, screening={"lidocaine-allergy"}, rules=(treatment_rule,))) == []


def test_cows_milk_protein_allergy_stops_dysport_but_not_botox():
    findings = run_checks(plan(toxin_item(product=DYSPORT, dose="50"), screening={"cows-milk-protein-allergy"}))
    [finding] = only(findings, "contraindication")
    assert finding.severity == STOP and "Dysport" in finding.message
    assert run_checks(plan(toxin_item(dose="20"), screening={"cows-milk-protein-allergy"})) == []


def test_cows_milk_protein_allergy_stops_dysport_without_a_catalog_link():
    findings = run_checks(
        plan(toxin_item(product=DYSPORT, dose="50"), screening={"cows-milk-protein-allergy"}, rules=())
    )
    assert worst_severity(findings) == STOP


def test_pregnancy_or_breastfeeding_stops_both_toxin_and_filler():
    findings = run_checks(
        plan(
            toxin_item("1"),
            item("2"),
            screening={"pregnancy-breastfeeding"},
            names={"pregnancy-breastfeeding": "Pregnancy or breastfeeding"},
        )
    )
    stops = only(findings, "contraindication")
    assert [(f.item_key, f.severity) for f in stops] == [("1", STOP), ("2", STOP)]
    assert all("Pregnancy or breastfeeding" in f.message and "§4" in f.source for f in stops)


def test_a_catalog_caution_for_pregnancy_is_raised_to_a_stop():
    rule = Rule("pregnancy-breastfeeding", "caution", "", "x", "GK", "Pregnancy or breastfeeding", treatment_id=100)
    findings = run_checks(plan(item(), screening={"pregnancy-breastfeeding"}, rules=(rule,)))
    assert worst_severity(findings) == STOP


def test_neuromuscular_disorder_follows_the_catalog_severity_for_toxin():
    caution = Rule("neuromuscular-disorder", "caution", "", "BOTOX PI", "LABEL-2", treatment_id=100)
    stop = replace(caution, severity="contraindicated")
    screening = {"neuromuscular-disorder"}
    [as_caution] = run_checks(plan(toxin_item(), screening=screening, rules=(caution,)))
    assert as_caution.severity == CAUTION and "BOTOX PI · LABEL-2" in as_caution.source
    [as_stop] = run_checks(plan(toxin_item(), screening=screening, rules=(stop,)))
    assert as_stop.severity == STOP
    [unlinked] = run_checks(plan(toxin_item(), screening=screening, rules=()))
    assert unlinked.severity == CAUTION
    assert run_checks(plan(item(), screening=screening)) == []  # a filler is not affected


def test_keloid_scarring_stops_sculptra_whose_label_contraindicates_it_even_if_the_catalog_says_caution():
    # §4b: keloid / hypertrophic scarring is a contraindication for Sculptra (Sculptra PI, LABEL); the built-in
    # floor holds even where the catalog's rule for the product says only "caution".
    rule = Rule("keloid-scarring", "caution", "", "Sculptra PI", "LABEL", "Keloid or hypertrophic scarring")
    sculptra = item(product=SCULPTRA, dose="2")
    [finding] = only(run_checks(plan(sculptra, screening={"keloid-scarring"}, rules=(rule,))), "contraindication")
    assert finding.severity == STOP and "Sculptra Aesthetic" in finding.message and "§4b" in finding.source
    volux = item(product=replace(VOLUMA, id=12, name="Juvéderm Volux XC"))
    [caution] = only(run_checks(plan(volux, screening={"keloid-scarring"}, rules=(rule,))), "contraindication")
    assert caution.severity == CAUTION


def test_one_answer_with_different_severities_per_product_says_one_thing():
    # The catalog: keloid scarring contraindicated for Sculptra, a caution for every other filler. A Sculptra item
    # gets one stop whose message does not also say "use with caution".
    rules = (
        Rule(
            "keloid-scarring", "contraindicated", "its label contraindicates it", "Sculptra PI", "LABEL", product_id=11
        ),
        Rule("keloid-scarring", "caution", "not studied", "Volux MPR", "LABEL-2", modality="filler"),
    )
    names = {"keloid-scarring": "Keloid or hypertrophic scarring"}
    sculptra = item(product=SCULPTRA, dose="2")
    [finding] = only(
        run_checks(plan(sculptra, screening={"keloid-scarring"}, rules=rules, names=names)), "contraindication"
    )
    assert finding.severity == STOP
    assert "use with caution" not in finding.message and "not studied" not in finding.message
    assert "(contraindicated) — its label contraindicates it" in finding.message
    [other] = only(run_checks(plan(item(), screening={"keloid-scarring"}, rules=rules)), "contraindication")
    assert other.severity == CAUTION and "not studied" in other.message and "contraindicated)" not in other.message


def test_a_rule_without_a_screening_answer_always_applies():
    # Sculptra is not for the lip vermilion (§4b, a built-in floor): whatever the screening says.
    lips = item(product=SCULPTRA, dose="1", area_slug="lips", area_name="Lips", area_bilateral=False, side="midline")
    [finding] = only(run_checks(plan(lips)), "contraindication")
    assert finding.severity == STOP and "lip vermilion" in finding.message and "§4b" in finding.source
    assert not only(run_checks(plan(item(product=SCULPTRA, dose="2"))), "contraindication")


def test_a_screening_answer_the_catalog_does_not_link_gives_no_finding():
    assert run_checks(plan(item(), screening={"cold-sores"})) == []


def test_a_contraindication_found_twice_for_one_item_is_reported_once_at_its_worst():
    treatment_rule = Rule("lidocaine-allergy", "caution", "", "treatment row", "LABEL", treatment_id=100)
    findings = run_checks(plan(item(), screening={"lidocaine-allergy"}, rules=(*CATALOG_RULES, treatment_rule)))
    [finding] = findings
    assert finding.severity == STOP and "Voluma DFU" in finding.source
    assert "treatment row" not in finding.source  # the milder rule does not speak in a stop


# --- high-risk areas and duplicate areas ----------------------------------------------------------------------


def test_filler_in_a_high_risk_area_is_a_caution_with_the_areas_risk_note():
    nose = item(
        area_name="Nose", area_high_risk=True, area_risk_note="Vascular occlusion and blindness risk.", dose_ranges=()
    )
    [finding] = run_checks(plan(nose))
    assert (finding.severity, finding.code) == (CAUTION, "high-risk-area")
    assert "Vascular occlusion and blindness risk" in finding.message and "§4c" in finding.source


def test_toxin_in_a_high_risk_area_is_not_a_high_risk_finding():
    assert run_checks(plan(toxin_item(area_high_risk=True, area_risk_note="filler risk"))) == []


def test_the_same_area_twice_in_one_session_with_overlapping_sides_is_a_caution_on_the_second_item():
    findings = run_checks(plan(item("1", side="both", dose="2"), item("2", side="left", dose="1")))
    [finding] = findings
    assert (finding.severity, finding.code, finding.item_key) == (CAUTION, "duplicate-area", "2")
    assert "Cheeks is planned twice in session 1" in finding.message
    assert only(run_checks(plan(item("1", side="left"), item("2", side="left"))), "duplicate-area")


def test_left_and_right_of_the_same_area_or_different_sessions_are_not_duplicates():
    assert run_checks(plan(item("1", side="left"), item("2", side="right"))) == []
    assert run_checks(plan(item("1"), item("2", session_number=2))) == []
    assert run_checks(plan(item("1"), item("2", area_id=21, area_name="Temples"))) == []


def test_sides_overlap_reads_both_as_the_whole_area():
    assert sides_overlap("both", "midline") and sides_overlap("right", "right")
    assert not sides_overlap("left", "right") and not sides_overlap("left", "midline")


# --- ordering and summary ------------------------------------------------------------------------------------


def test_findings_come_most_severe_first_and_are_deterministic():
    p = plan(
        item("1", dose="0.5", side="left"),
        item("2", dose="10", side="right"),
        toxin_item("3", product=DYSPORT, dose="50"),
        screening={"cows-milk-protein-allergy"},
    )
    findings = run_checks(p)
    assert [f.severity for f in findings] == [STOP, CAUTION, INFO]
    assert run_checks(p) == findings


def test_summarise_counts_each_severity_and_names_the_worst():
    findings = [Finding(INFO, "a", "x"), Finding(CAUTION, "b", "y"), Finding(CAUTION, "c", "z")]
    summary = summarise(findings)
    assert (summary.stop, summary.caution, summary.info, summary.total) == (0, 2, 1, 3)
    assert summary.worst_severity == CAUTION and not summary.has_stop
    assert summarise([]).worst_severity is None and worst_severity([]) is None


def test_amounts_print_without_trailing_zeros():
    assert [fmt_amount(D(v)) for v in ("20.00", "2.50", "0.10", "100")] == ["20", "2.5", "0.1", "100"]


# --- injection points against the item's dose (checks.points) --------------------------------------------------


def test_points_that_add_up_to_the_items_dose_say_nothing():
    p = plan(toxin_item("1", dose="20", point_doses=(D("4"),) * 5))
    assert only(run_checks(p), "points-dose-mismatch") == []


def test_points_that_add_up_to_another_dose_are_a_caution_beside_the_item():
    p = plan(toxin_item("7", dose="20", point_doses=(D("4"), D("4"), D("4"), D("4"), D("2"))))
    [finding] = only(run_checks(p), "points-dose-mismatch")
    assert finding.severity == CAUTION and finding.item_key == "7"
    assert finding.message.startswith("The points add up to 18 U; the item says 20 U.")


def test_an_item_without_points_has_no_points_finding():
    p = plan(toxin_item("1", dose="20"), item("2", dose="2"))
    assert "points-dose-mismatch" not in codes(run_checks(p))


def test_filler_points_are_added_in_millilitres_to_the_hundredth():
    p = plan(item("1", dose="1", point_doses=(D("0.25"), D("0.25"), D("0.4"))))
    [finding] = only(run_checks(p), "points-dose-mismatch")
    assert finding.message.startswith("The points add up to 0.9 mL; the item says 1 mL.")
