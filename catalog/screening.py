"""The medical screening questions and the built-in floors of the contraindication rule book: one home for both.

Adding a screening question is one line in SCREENING_QUESTIONS (then `manage.py makemigrations` adds its yes/no
field to the consultation) plus its catalog Contraindication row with the same slug, and its rules in the admin
or catalog/seed.py. Adding a built-in floor is one entry in FLOORS.

A floor is a rule the reference states so plainly that it holds even if the catalog's row is missing or milder
(defence in depth): the catalog may make it stricter, never milder. Sources are sections of
docs/clinical-sources.md (restated from the shared clinical reference).
"""

from catalog.rules import ALWAYS, CAUTION, CONTRAINDICATED, FILLER, TOXIN, Rule

# (consultation field, question as asked, catalog Contraindication slug)
SCREENING_QUESTIONS: list[tuple[str, str, str]] = [
    ("pregnant_or_breastfeeding", "Pregnant or breastfeeding", "pregnancy-breastfeeding"),
    (
        "neuromuscular_disorder",
        "Neuromuscular disorder (myasthenia gravis, Lambert-Eaton, ALS)",
        "neuromuscular-disorder",
    ),
    ("allergy_lidocaine", "Allergy to lidocaine or amide anaesthetics", "lidocaine-allergy"),
    (
        "allergy_hyaluronic_acid",
        "Allergy to hyaluronic acid or gram-positive bacterial proteins",
        "ha-gram-positive-allergy",
    ),
    ("allergy_cows_milk", "Allergy to cow's milk protein", "cows-milk-protein-allergy"),
    ("allergy_albumin", "Allergy to human albumin", "albumin-allergy"),
    ("severe_allergies", "Severe allergies with anaphylaxis, or multiple severe allergies", "severe-allergies"),
    ("anticoagulants", "Takes anticoagulants or antiplatelets (aspirin, NSAIDs, warfarin, ...)", "anticoagulants"),
    ("aminoglycosides", "Takes aminoglycoside antibiotics", "aminoglycosides"),
    ("bleeding_disorder", "Bleeding disorder", "bleeding-disorder"),
    ("autoimmune_disease", "Autoimmune disease", "autoimmune-disease"),
    ("active_skin_infection", "Active skin infection or inflammation at a treatment site", "active-skin-infection"),
    ("keloid_scarring", "Keloid or hypertrophic scarring", "keloid-scarring"),
    ("recent_dental_or_vaccination", "Dental work or vaccination in the last 2 weeks", "recent-dental-vaccination"),
    ("cold_sores", "History of cold sores (herpes labialis)", "cold-sores"),
]
SCREENING_FIELDS = [field for field, _, _ in SCREENING_QUESTIONS]
SCREENING_NAMES = {slug: label for _, label, slug in SCREENING_QUESTIONS}

FLOORS: tuple[Rule, ...] = (
    Rule(
        "lidocaine-allergy",
        CONTRAINDICATED,
        "{product} contains lidocaine",
        "Clinical reference §4b: lidocaine allergy, lidocaine-containing fillers (Voluma DFU; Kysse IFU)",
        "LABEL",
        only_with_lidocaine=True,
        builtin=True,
    ),
    Rule(
        "pregnancy-breastfeeding",
        CONTRAINDICATED,
        "toxin treatment is deferred in pregnancy and breastfeeding",
        "Clinical reference §4a: pregnancy, practice is to defer; lactation, use cannot be recommended",
        "LABEL-2/PRACTICE",
        modality=TOXIN,
        builtin=True,
    ),
    Rule(
        "pregnancy-breastfeeding",
        CONTRAINDICATED,
        "filler treatment is deferred in pregnancy and breastfeeding (safety not established)",
        "Clinical reference §4b: pregnancy / breastfeeding, safety not established",
        "LABEL-2",
        modality=FILLER,
        builtin=True,
    ),
    Rule(
        "cows-milk-protein-allergy",
        CONTRAINDICATED,
        "{product} (abobotulinumtoxinA) lists cow's milk protein among its excipients",
        "Clinical reference §4a: cow's milk protein allergy, Dysport (lactose + albumin excipients)",
        "REVIEW/LABEL-2",
        substance="abobotulinumtoxinA",
        builtin=True,
    ),
    Rule(
        "neuromuscular-disorder",
        CAUTION,
        "higher risk of serious systemic effects (swallowing, breathing) from botulinum toxin",
        "Clinical reference §4a: neuromuscular disorders, higher risk of serious systemic effects",
        "LABEL-2",
        modality=TOXIN,
        builtin=True,
    ),
    Rule(
        "keloid-scarring",
        CONTRAINDICATED,
        "{product}'s label contraindicates it in patients with keloid or hypertrophic scarring",
        "Clinical reference §4b: keloid / hypertrophic scarring, contraindication for Sculptra (Sculptra PI)",
        "LABEL",
        substance="poly_l_lactic_acid",
        builtin=True,
    ),
    Rule(
        ALWAYS,
        CONTRAINDICATED,
        "{product}'s label says it is not to be injected into the lip vermilion",
        "Clinical reference §4b: Sculptra, not into the lip vermilion (madfesderm.com ISI; Sculptra PI)",
        "LABEL-2/LABEL",
        name="Label restriction",
        substance="poly_l_lactic_acid",
        area_slug="lips",
        builtin=True,
    ),
)
