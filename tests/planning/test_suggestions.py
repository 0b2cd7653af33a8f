"""Suggestions from a consultation's concerns: ranking (pure) and what the screening leaves out."""

from types import SimpleNamespace

import pytest

from catalog.rules import Rule
from catalog.screening import FLOORS
from planning.suggestions import Candidate, Suggestion, rank_suggestions, ruled_out, suggestions_for_consultation

from .check_factories import build_catalog, make_consultation

CHIN, CHEEKS, BROWS, NOSE = 1, 2, 3, 4
CONCERNS = [(CHIN, "Recessed chin"), (CHEEKS, "Sunken cheeks")]


def candidate(kind, pk, name, *concern_ids, exclusions=()):
    return Candidate(kind, pk, name.lower().replace(" ", "-"), name, frozenset(concern_ids), tuple(exclusions))


# --- pure ranking --------------------------------------------------------------------------------------------


def test_suggestions_are_ranked_by_how_many_concerns_they_cover():
    ranked = rank_suggestions(
        concerns=CONCERNS,
        candidates=[
            candidate("treatment", 1, "Cheek enhancement", CHEEKS),
            candidate("template", 2, "Cheek and chin", CHIN, CHEEKS, BROWS),
        ],
    )
    assert [(s.name, s.covers) for s in ranked] == [
        ("Cheek and chin", ("Recessed chin", "Sunken cheeks")),
        ("Cheek enhancement", ("Sunken cheeks",)),
    ]


def test_ties_put_templates_first_then_names_in_alphabetical_order():
    ranked = rank_suggestions(
        concerns=CONCERNS,
        candidates=[
            candidate("treatment", 1, "Chin augmentation", CHIN),
            candidate("treatment", 2, "Cheek enhancement", CHEEKS),
            candidate("template", 3, "Zygoma template", CHIN),
            candidate("template", 4, "Another template", CHEEKS),
        ],
    )
    assert [s.name for s in ranked] == ["Another template", "Zygoma template", "Cheek enhancement", "Chin augmentation"]


def test_a_candidate_that_covers_none_of_the_concerns_is_not_suggested():
    assert rank_suggestions(concerns=CONCERNS, candidates=[candidate("treatment", 1, "Nose", NOSE)]) == []
    assert rank_suggestions(concerns=[], candidates=[candidate("treatment", 1, "Cheeks", CHEEKS)]) == []


def test_excluded_candidates_are_kept_with_their_reasons_and_listed_last():
    ranked = rank_suggestions(
        concerns=CONCERNS,
        candidates=[
            candidate(
                "template", 1, "Cheek and chin", CHIN, CHEEKS, exclusions=["not suggested: x", "not suggested: x"]
            ),
            candidate("treatment", 2, "Cheek enhancement", CHEEKS),
        ],
    )
    assert [(s.name, s.excluded) for s in ranked] == [("Cheek enhancement", False), ("Cheek and chin", True)]
    assert ranked[1].reasons == ("not suggested: x",)  # each reason once


def test_the_reason_lists_the_covered_concerns_in_lower_case():
    suggestion = Suggestion("template", 1, "t", "T", ("Recessed chin", "Weak jawline"))
    assert suggestion.reason == "addresses: recessed chin, weak jawline"


def _product(pk, name, kind, substance, lidocaine=False):
    return SimpleNamespace(pk=pk, name=name, kind=kind, substance=substance, contains_lidocaine=lidocaine)


TREATMENT = SimpleNamespace(pk=7)
VOLUMA = _product(1, "Juvéderm Voluma XC", "filler", "hyaluronic_acid", lidocaine=True)
SCULPTRA = _product(2, "Sculptra Aesthetic", "filler", "poly_l_lactic_acid")
DYSPORT = _product(3, "Dysport", "toxin", "abobotulinumtoxinA")
BOTOX = _product(4, "Botox Cosmetic", "toxin", "onabotulinumtoxinA")


def why(product, screening, rules=FLOORS):
    return ruled_out(product, treatment=TREATMENT, area=None, screening=frozenset(screening), rules=rules)


def test_a_treatment_contraindicated_by_the_screening_is_ruled_out_with_the_rules_words():
    rule = Rule(
        "pregnancy-breastfeeding", "contraindicated", "toxin treatments are deferred",
        name="Pregnancy or breastfeeding", treatment_id=7,
    )  # fmt: skip
    assert why(BOTOX, {"pregnancy-breastfeeding"}, (rule, *FLOORS)) == (
        "Pregnancy or breastfeeding recorded — toxin treatments are deferred."
    )
    assert why(BOTOX, {"cold-sores"}, (rule, *FLOORS)) == ""


def test_pregnancy_rules_out_toxin_and_filler_even_without_a_catalog_rule():
    assert why(BOTOX, {"pregnancy-breastfeeding"}).endswith(
        "toxin treatment is deferred in pregnancy and breastfeeding."
    )
    assert "filler treatment is deferred" in why(VOLUMA, {"pregnancy-breastfeeding"})


def test_a_product_with_lidocaine_is_ruled_out_for_a_lidocaine_allergy_and_named():
    rules = (Rule("lidocaine-allergy", "contraindicated", name="Lidocaine allergy", only_with_lidocaine=True), *FLOORS)
    assert why(VOLUMA, {"lidocaine-allergy"}, rules) == (
        "Lidocaine allergy recorded — Juvéderm Voluma XC contains lidocaine."
    )
    assert why(SCULPTRA, {"lidocaine-allergy"}, rules) == ""


def test_dysport_is_ruled_out_for_a_cows_milk_protein_allergy_and_botox_is_not():
    assert "Dysport (abobotulinumtoxinA) lists cow's milk protein" in why(DYSPORT, {"cows-milk-protein-allergy"})
    assert why(BOTOX, {"cows-milk-protein-allergy"}) == ""


# --- from the database ---------------------------------------------------------------------------------------


@pytest.fixture
def mini(db):
    return build_catalog()


def test_a_consultation_about_chin_and_cheeks_gets_the_cheek_and_chin_template_first(mini):
    consultation = make_consultation(concerns=[mini.recessed_chin, mini.sunken_cheeks])
    suggestions = suggestions_for_consultation(consultation)
    assert [(s.kind, s.name, s.reason) for s in suggestions] == [
        ("template", "Cheek and Chin Augmentation with Botox Brow Lift", "addresses: recessed chin, sunken cheeks"),
        ("treatment", "Cheek enhancement", "addresses: sunken cheeks"),
        ("treatment", "Chin augmentation", "addresses: recessed chin"),
    ]
    assert not any(s.excluded for s in suggestions)


def test_a_lidocaine_allergy_excludes_the_template_whose_default_filler_contains_lidocaine(mini):
    consultation = make_consultation(concerns=[mini.recessed_chin, mini.sunken_cheeks], allergy_lidocaine=True)
    suggestions = suggestions_for_consultation(consultation)
    by_name = {s.name: s for s in suggestions}
    template = by_name["Cheek and Chin Augmentation with Botox Brow Lift"]
    assert template.excluded
    assert all(s.excluded for s in suggestions[suggestions.index(template) :])  # excluded ones come last
    assert template.reasons == ("Lidocaine allergy recorded — Juvéderm Voluma XC contains lidocaine.",)
    # Cheek enhancement stays suggested: a filler without lidocaine (Sculptra) remains possible.
    assert not by_name["Cheek enhancement"].excluded
    # Chin augmentation's only eligible product contains lidocaine, so it is no suggestion either.
    chin = by_name["Chin augmentation"]
    assert chin.excluded
    assert chin.reasons == (
        "No eligible product suits this screening: lidocaine allergy recorded — Juvéderm Voluma XC contains lidocaine.",
    )


def test_pregnancy_excludes_every_toxin_and_filler_suggestion_with_reasons(mini):
    consultation = make_consultation(concerns=[mini.heavy_brows, mini.frown], pregnant_or_breastfeeding=True)
    suggestions = suggestions_for_consultation(consultation)
    assert suggestions and all(s.excluded for s in suggestions)
    brow = next(s for s in suggestions if s.name == "Eyebrow lift")
    assert brow.reasons == ("Pregnancy or breastfeeding recorded — toxin treatments are deferred.",)


def test_retired_treatments_and_templates_are_not_suggested(mini):
    mini.cheek_filler.is_active = False
    mini.cheek_filler.save()
    mini.cheek_chin_brow.is_active = False
    mini.cheek_chin_brow.save()
    consultation = make_consultation(concerns=[mini.recessed_chin, mini.sunken_cheeks])
    assert [s.name for s in suggestions_for_consultation(consultation)] == ["Chin augmentation"]


def test_a_consultation_without_concerns_gets_no_suggestions(mini, django_assert_num_queries):
    consultation = make_consultation()
    with django_assert_num_queries(1):
        assert suggestions_for_consultation(consultation) == []


@pytest.mark.parametrize("many", [False, True])
def test_suggestions_take_a_fixed_number_of_queries(mini, many, django_assert_num_queries):
    concerns = [mini.recessed_chin]
    if many:
        concerns = [mini.recessed_chin, mini.sunken_cheeks, mini.heavy_brows, mini.frown, mini.nose_concern]
    consultation = make_consultation(concerns=concerns, allergy_lidocaine=True)
    # concerns, templates (+ their concerns, + items), treatments (+ their concerns), screening names,
    # treatment links, product links
    with django_assert_num_queries(10):
        suggestions = suggestions_for_consultation(consultation)
    assert len(suggestions) == (7 if many else 2)


def test_suggestions_without_a_positive_screening_skip_the_contraindication_queries(mini, django_assert_num_queries):
    consultation = make_consultation(concerns=[mini.recessed_chin, mini.sunken_cheeks, mini.heavy_brows])
    # concerns, templates (+ their concerns, + items), treatments (+ their concerns)
    with django_assert_num_queries(6):
        suggestions = suggestions_for_consultation(consultation)
    assert suggestions[0].name == "Cheek and Chin Augmentation with Botox Brow Lift"
