"""The seed catalog, as plain data. `python manage.py load_catalog` loads it, and brings the seed's own rows of an
older database up to date (see catalog/loader.py): change a seeded value here, not in a migration.

Every clinical number below (dose ranges, intervals, per-session, yearly and age limits, contraindication rules)
comes from a row of the project's clinical reference; the row is named in `source` (section + source) with its
evidence flag, and docs/clinical-sources.md lists every one of them by section, so a clinician can check it from
the repository alone and an admin can correct it. PRACTICE / GK / TRIAL values are hints
for defaults, never hard limits. Prices are round EXAMPLE figures (not clinical numbers): `price_is_example` stays
True until the clinic sets its own. Texts printed for the patient (downtime, aftercare) are plain words without
citations; their sources are in the comments next to them.

Face-chart points are percentages of a front-view diagram (face centred, midline x=50, oval spanning x 20..80 and
y 5..97). A bilateral area stores ONE point: the patient's right side, which is the viewer's left (x < 50); the
chart mirrors it. Profile points are for a right-profile view (the face looks to the viewer's right).
"""

# Evidence flags, spelt as catalog.models.EvidenceFlag values.
LABEL, LABEL_2, TRIAL, REVIEW, PRACTICE, DERIVED, GK = (
    "LABEL",
    "LABEL-2",
    "TRIAL",
    "REVIEW",
    "PRACTICE",
    "DERIVED",
    "GK",
)

# --- Sources: one string per reference row, so the same row is cited the same way everywhere. -------------------
S_BOTOX_LABEL = "§2a BOTOX Cosmetic: drugs.com/dosage/botox-cosmetic.html; renalandurologynews.com/drug/botox-cosmetic"
S_DYSPORT_GL = "§2a Dysport glabellar lines: dysportusa.com/healthcare-professionals/administering-dysport"
S_XEOMIN_GL = "§2a Xeomin glabellar lines: xeominaesthetic.com/professionals/usage"
S_XEOMIN_UFL = "§2a Xeomin upper facial lines (2024): americanmedspa.org; prescriberpoint.com/therapies/xeomin"
S_JEUVEAU_GL = "§2a Jeuveau glabellar lines: drugs.com/dosage/jeuveau.html"
S_DAXXIFY_GL = "§2a Daxxify glabellar lines: reference.medscape.com (Daxxify)"
S_BOTOX_PLATYSMA = "§2a BOTOX Cosmetic platysma bands (2024): drugs.com/dosage/botox-cosmetic.html"
S_MASSETER = "§2f Masseter: Xie et al., PRS (pt.scribd.com/document/336555471)"
S_BROW = "§2f Brow lift (lateral brow tail): Lupo, JDD 2016"
S_LIP_FLIP = "§2f Lip flip: drosman.com; maternie.com"
S_GUMMY = "§2f Gummy smile: Lupo, JDD 2016 (start 2 U, REVIEW); aesthetics.life (5 U per side, PRACTICE)"
S_DAO = "§2f DAO: Anat Cell Biol figure (acbjournal.org acb-56-2-161 fig 3)"
S_MENTALIS = "§2f Mentalis: exploreplasticsurgery.com"
S_NEFERTITI = "§2f Nefertiti lift: plasticsurgerykey.com chapter"
S_CHEEKS = "§3b Cheeks / midface: purebeautymi.com"
S_TEMPLES = "§3b Temples: purebeautymi.com"
S_TEAR_TROUGH = "§3b Tear trough: purebeautymi.com"
S_NOSE = "§3b Nose (non-surgical rhinoplasty): PMC5142491 (mean 0.4 mL, TRIAL); purebeautymi.com (0.5–1 mL, PRACTICE)"
S_LIPS = "§3b Lips (typical): envisageclinic.com.au; dratatianaleal.com"
S_CHIN_ONLY = (
    "§3b Chin only, default hint: 1–3 mL per session, DERIVED from PMC9241653 (Chen, Ma, Wang, Dermatol Surg 2022: "
    "median 1.85 mL per treatment, 326 patients, TRIAL)"
)
S_VOLUX_JAW = "§3b Jawline (Volux): oncologynurseadvisor.com/drug/juvederm-volux-xc"
S_NLF_ULTRA = "§3b NLF (Juvéderm Ultra/Ultra Plus): oncologynurseadvisor.com/drug/juvederm-ultra"
S_NLF_VOLLURE = "§3b NLF (Vollure): ASJ 2020 Vollure 18-month RCT"
S_TOXIN_REVIEW = "§5 Toxin review / touch-up ~2 weeks: beautiquebeautiful.com; radiantfr.com; ja.iliveok.com"
S_MASSETER_REVIEW = "§5 Masseter review 3–4 weeks: wiki-global.win follow-up article"
S_TOXIN_FLOOR = "§5 Toxin re-treatment floor ≥90 days: labels (§2c)"
S_FILLER_TOUCHUP = (
    "§5 Filler touch-up ~2 weeks to 1 month: manualspro.net; oncologynurseadvisor Juvéderm Ultra; JDD 2021"
)
S_FILLER_MAINTENANCE = (
    "§5 Filler maintenance: HA resorbs over ~6–18 months (Wysong review, REVIEW); repeat when the effect fades, "
    "no minimum interval in the reference"
)
S_POST_FILLER = "§5 Post-filler advice: oncologynurseadvisor Volux"

# --- Facial areas (§1) ---------------------------------------------------------------------------------------
HIGH_RISK_NOTE = (
    "Juvéderm labeling reports embolisation, vascular occlusion, ischaemia and blindness "
    "after glabella and nose injections. Stop at once for disproportionate or remote pain, blanching beyond the "
    "injected area, dusky or reticular discolouration, or any change in vision (§4c, Juvéderm XC / Voluma ISI "
    "LABEL-2°; all HA/CaHA labels LABEL). Keep hyaluronidase at hand in an emergency kit, enough for repeated "
    "high-dose rounds (§4c, vindoctraining.com; insidemedspa.com, PRACTICE). For an occlusion, the high-dose "
    "pulsed protocol: hyaluronidase injected into the ischaemic tissue, repeated hourly until capillary refill and "
    "skin colour return and the pain has gone, the dose scaled to the ischaemic area (§4c, DeLorenzi HDPH, REVIEW)."
)

AREAS = [
    # slug, name, common name, region, modality, bilateral, key structure, front (x, y), profile (x, y), source, flag
    {
        "slug": "forehead",
        "name": "Forehead lines",
        "common_name": "forehead",
        "region": "upper",
        "modality": "toxin",
        "bilateral": False,
        "key_structure": "frontalis",
        "chart": (50, 17),
        "profile": (74, 17),
        "source": "§1 Forehead lines: drugs.com/dosage/botox-cosmetic.html; americanmedspa.org (Xeomin)",
        "flag": LABEL_2,
    },
    {
        "slug": "glabella",
        "name": "Glabellar lines",
        "common_name": "frown lines, “11s”",
        "region": "upper",
        "modality": "toxin",
        "bilateral": False,
        "key_structure": "corrugator, procerus, depressor supercilii",
        "chart": (50, 31),
        "profile": (80, 31),
        "high_risk": True,
        "source": "§1 Glabellar lines: drugs.com (BOTOX Cosmetic, Jeuveau); reference.medscape.com (Daxxify)",
        "flag": LABEL_2,
    },
    {
        "slug": "crows-feet",
        "name": "Lateral canthal lines",
        "common_name": "crow's feet",
        "region": "upper",
        "modality": "toxin",
        "bilateral": True,
        "key_structure": "lateral orbicularis oculi",
        "chart": (26, 37),
        "profile": (62, 37),
        "source": "§1 Lateral canthal lines: drugs.com botox-cosmetic; americanmedspa.org",
        "flag": LABEL_2,
    },
    {
        "slug": "brow",
        "name": "Brow (lateral brow tail)",
        "common_name": "chemical brow lift",
        "region": "upper",
        "modality": "toxin",
        "bilateral": True,
        "key_structure": "superolateral orbicularis oculi (brow depressor)",
        "chart": (32, 29),
        "profile": (68, 29),
        "source": "§1 Brow (lateral brow tail): Lupo, JDD 2016 “Tox Outside the Box”",
        "flag": REVIEW,
    },
    {
        "slug": "temples",
        "name": "Temples",
        "common_name": "temple hollowing",
        "region": "upper",
        "modality": "filler",
        "bilateral": True,
        "key_structure": "temporal fossa soft tissue",
        "chart": (25, 26),
        "profile": (54, 27),
        "source": "§1 Temples: cms.medugate.me (Voluma temple indication)",
        "flag": LABEL_2,
    },
    {
        "slug": "cheeks",
        "name": "Cheek / malar / midface",
        "common_name": "cheeks",
        "region": "mid",
        "modality": "filler",
        "bilateral": True,
        "key_structure": "malar fat pads / supraperiosteal",
        "chart": (32, 50),
        "profile": (66, 49),
        "source": "§1 Cheek / malar / midface: Voluma XC DFU; smartbeautyguide Lyft; JDD 2021 HA-RC trial",
        "flag": LABEL,
    },
    {
        "slug": "tear-trough",
        "name": "Infraorbital hollow",
        "common_name": "tear trough, under-eye",
        "region": "mid",
        "modality": "filler",
        "bilateral": True,
        "key_structure": "tear-trough / palpebromalar groove",
        "chart": (39, 43),
        "profile": (72, 42),
        "source": "§1 Infraorbital hollow: practicaldermatology.com; nexusnewsgroup.com",
        "flag": LABEL_2,
    },
    {
        "slug": "nose",
        "name": "Nose – dorsum/tip",
        "common_name": "non-surgical rhinoplasty",
        "region": "mid",
        "modality": "filler",
        "bilateral": False,
        "key_structure": "deep fat / supraperichondrial plane",
        "chart": (50, 48),
        "profile": (86, 47),
        "high_risk": True,
        "source": "§1 Nose – dorsum/tip: StatPearls “Filler Rhinoplasty”",
        "flag": REVIEW,
    },
    {
        "slug": "bunny-lines",
        "name": "Nose – “bunny lines”",
        "common_name": "nasal scrunch lines",
        "region": "mid",
        "modality": "toxin",
        "bilateral": True,
        "key_structure": "transverse nasalis",
        "chart": (46, 41),
        "profile": (81, 40),
        "source": "§1 Nose – bunny lines: JDD 2020 consensus update",
        "flag": REVIEW,
    },
    {
        "slug": "nasolabial-folds",
        "name": "Nasolabial folds",
        "common_name": "smile lines",
        "region": "mid",
        "modality": "filler",
        "bilateral": True,
        "key_structure": "nasolabial fold",
        "chart": (41, 61),
        "profile": (75, 61),
        "source": "§1 Nasolabial folds: respective IFUs/SSEDs (§3)",
        "flag": LABEL,
    },
    {
        "slug": "gummy-smile",
        "name": "Gummy smile",
        "common_name": "excessive gingival display",
        "region": "mid",
        "modality": "toxin",
        "bilateral": True,
        "key_structure": "levator labii superioris alaeque nasi (LLSAN), LLS, zygomaticus minor (“Yonsei point”)",
        "chart": (44, 56),
        "profile": (78, 56),
        "source": "§1 Gummy smile: Hwang et al., Angle Orthod 2009",
        "flag": REVIEW,
    },
    {
        "slug": "lips",
        "name": "Lips",
        "common_name": "lip volume",
        "region": "lower",
        "modality": "filler",
        "bilateral": False,
        "key_structure": "vermilion / submucosa",
        "chart": (50, 70),
        "profile": (82, 70),
        "source": "§1 Lips: IFUs (§3)",
        "flag": LABEL,
    },
    {
        "slug": "perioral",
        "name": "Perioral lines",
        "common_name": "smoker's / lipstick lines",
        "region": "lower",
        "modality": "both",
        "bilateral": False,
        "key_structure": "orbicularis oris",
        "chart": (50, 65),
        "profile": (81, 65),
        "source": "§1 Perioral lines: IFUs; Benedetto (PME article)",
        "flag": LABEL,
    },
    {
        "slug": "dao",
        "name": "Oral commissure / DAO",
        "common_name": "downturned mouth corners",
        "region": "lower",
        "modality": "toxin",
        "bilateral": True,
        "key_structure": "depressor anguli oris",
        "chart": (37, 83),
        "profile": (72, 82),
        "source": "§1 Oral commissure / DAO: Anat Cell Biol figure (acbjournal.org)",
        "flag": REVIEW,
    },
    {
        "slug": "marionette",
        "name": "Marionette lines / pre-jowl sulcus",
        "common_name": "marionettes",
        "region": "lower",
        "modality": "filler",
        "bilateral": True,
        "key_structure": "labiomandibular fold",
        "chart": (40, 77),
        "profile": (74, 77),
        "source": "§1 Marionette lines: Voluma DFU; PMC11634383",
        "flag": LABEL,
    },
    {
        "slug": "chin",
        "name": "Chin",
        "common_name": "chin projection",
        "region": "lower",
        "modality": "filler",
        "bilateral": False,
        "key_structure": "pogonion / supraperiosteal",
        "chart": (50, 91),
        "profile": (79, 90),
        "source": "§1 Chin: Voluma DFU; PMC9698183",
        "flag": LABEL,
    },
    {
        "slug": "mentalis",
        "name": "Chin (mentalis)",
        "common_name": "cobblestone / dimpled chin",
        "region": "lower",
        "modality": "toxin",
        "bilateral": True,
        "key_structure": "mentalis",
        "chart": (46, 86),
        "profile": (78, 85),
        "source": "§1 Chin (mentalis): Yi et al., Anat Cell Biol 2023",
        "flag": REVIEW,
    },
    {
        "slug": "jawline",
        "name": "Jawline",
        "common_name": "jaw definition",
        "region": "lower",
        "modality": "filler",
        "bilateral": True,
        "key_structure": "mandibular border",
        "chart": (28, 80),
        "profile": (56, 83),
        "source": "§1 Jawline: oncologynurseadvisor.com/drug/juvederm-volux-xc",
        "flag": LABEL_2,
    },
    {
        "slug": "masseter",
        "name": "Masseter",
        "common_name": "jaw slimming, bruxism",
        "region": "lower",
        "modality": "toxin",
        "bilateral": True,
        "key_structure": "masseter",
        "chart": (25, 70),
        "profile": (48, 70),
        "source": "§1 Masseter: Xie et al., PRS “Classification of Masseter Hypertrophy”",
        "flag": REVIEW,
    },
    {
        "slug": "platysma",
        "name": "Platysma bands",
        "common_name": "neck bands",
        "region": "neck",
        "modality": "toxin",
        "bilateral": True,
        "key_structure": "platysma",
        "chart": (40, 99),
        "profile": (62, 99),
        "source": "§1 Platysma bands: drugs.com botox-cosmetic (Table 1, Oct 2024)",
        "flag": LABEL_2,
    },
    {
        "slug": "nefertiti",
        "name": "Jawline via platysma",
        "common_name": "“Nefertiti lift”",
        "region": "neck",
        "modality": "toxin",
        "bilateral": True,
        "key_structure": "posterior platysma + mandibular border",
        "chart": (31, 87),
        "profile": (50, 88),
        "source": "§1 Jawline via platysma: plasticsurgerykey.com “Platysma and the Nefertiti Lift”",
        "flag": REVIEW,
    },
]

# --- Concerns ------------------------------------------------------------------------------------------------
CONCERNS = [
    {"slug": "recessed-chin", "name": "Recessed chin", "areas": ["chin"]},
    {"slug": "weak-jawline", "name": "Weak jawline", "areas": ["jawline", "chin", "nefertiti"]},
    {"slug": "sunken-cheeks", "name": "Sunken cheeks", "areas": ["cheeks"]},
    {"slug": "uneven-cheeks", "name": "Uneven cheeks", "areas": ["cheeks"]},
    {"slug": "disproportionate-nose", "name": "Disproportionate nose / dorsal hump", "areas": ["nose"]},
    {"slug": "thin-lips", "name": "Thin lips", "areas": ["lips"]},
    {"slug": "perioral-lines", "name": "Perioral lines", "areas": ["perioral", "lips"]},
    {"slug": "forehead-lines", "name": "Forehead lines", "areas": ["forehead"]},
    {"slug": "frown-lines", "name": "Frown lines", "areas": ["glabella"]},
    {"slug": "crows-feet", "name": "Crow's feet", "areas": ["crows-feet"]},
    {"slug": "low-heavy-brows", "name": "Low or heavy brows", "areas": ["brow"]},
    {"slug": "square-jaw", "name": "Square jaw (masseter hypertrophy)", "areas": ["masseter"]},
    {"slug": "platysmal-bands", "name": "Platysmal bands", "areas": ["platysma", "nefertiti"]},
    {"slug": "gummy-smile", "name": "Gummy smile", "areas": ["gummy-smile"]},
    {"slug": "downturned-mouth-corners", "name": "Downturned mouth corners", "areas": ["dao", "marionette"]},
    {"slug": "tear-troughs", "name": "Tear troughs", "areas": ["tear-trough"]},
    {"slug": "nasolabial-folds", "name": "Nasolabial folds", "areas": ["nasolabial-folds"]},
    {"slug": "temple-hollowing", "name": "Temple hollowing", "areas": ["temples"]},
    {"slug": "marionette-lines", "name": "Marionette lines", "areas": ["marionette", "dao"]},
    {"slug": "dimpled-chin", "name": "Dimpled (cobblestone) chin", "areas": ["mentalis"]},
    {"slug": "bunny-lines", "name": "Bunny lines", "areas": ["bunny-lines"]},
]

# --- Products (§2, §3a). Prices are round examples, never clinical numbers. -----------------------------------
EXAMPLE_PRICE = "Prices are round examples for the demo: set the clinic's own and untick “price is example”."
HA_ALLERGEN = "Gram-positive bacterial proteins (HA made by Streptococcus fermentation)"

# Ages are whole years, inclusive: "adults over 21" (>21) is stored as 22, "<18 not established" as 18, "adults
# <65" as 64.
S_AGE_TOXINS = "§4a Age: <18 not established (renalandurologynews; dysportusa.com)"
S_AGE_DYSPORT = (
    "§4a Age: <18 not established; Dysport GL indication adults <65 (renalandurologynews; dysportusa.com); "
    "§2a Dysport glabellar lines (adults <65 y)"
)
S_AGE_FILLERS = "§4b Studied ages: most fillers >21 or ≥22 (rejuvenate-skin.org)"
S_JUVEDERM_YEARLY = (
    "§3b Any Juvéderm gel: ≤20 mL per 60 kg body mass per year (safety of more not established); Voluma DFU "
    "(scribd mirror); Volux/Ultra MPR"
)
S_TOXIN_REUSE = "§2b Consensus on reuse: Alam et al., Dermatol Surg 2015, PubMed 25705950 (ASDS consensus, REVIEW)"

# §2b: what the label says about a reconstituted vial, then what the ASDS consensus allows as a clinic policy.
TOXIN_LABEL_24H = "Its label says to use it within 24 hours of reconstitution, kept refrigerated (2–8 °C). "
TOXIN_LABEL_NOT_RETRIEVED = (
    "How long it keeps after reconstitution was not retrieved from its label (the Botox Cosmetic and Jeuveau labels "
    "say within 24 hours, refrigerated): follow its current label. "
)
TOXIN_REUSE = (
    "An expert consensus (ASDS) allows keeping a reconstituted vial for at least 4 weeks, refrigerated or refrozen, "
    "and using one vial for several patients with proper handling: that is a clinic policy, not the label. "
)


def _ages(min_age, max_age, source, flag):
    return {"min_age": min_age, "max_age": max_age, "age_source": source, "age_flag": flag}


def _juvederm_yearly(flag):
    """The shared Juvéderm yearly limit (§3b): 20 mL per 60 kg of body weight over a year, all Juvéderm gels."""
    return {
        "yearly_max": "20",
        "yearly_max_body_weight_kg": "60",
        "yearly_limit_group": "Juvéderm gels",
        "yearly_limit_source": S_JUVEDERM_YEARLY,
        "yearly_limit_flag": flag,
    }


PRODUCTS = [
    {
        "slug": "juvederm-voluma-xc",
        "name": "Juvéderm Voluma XC",
        "aliases": "Juvederm Voluma XC, Voluma XC, Voluma",
        "manufacturer": "Allergan Aesthetics",
        "kind": "filler",
        "substance": "hyaluronic_acid",
        "package_size": "1.0",
        "package_description": "1.0 mL syringe (syringe size: GK, §7)",
        "price_per_package": "350",
        "price_per_unit": "350",
        "contains_lidocaine": True,
        "other_allergens": HA_ALLERGEN,
        "typical_duration_months": 24,
        **_juvederm_yearly(LABEL),
        **_ages(22, None, "§3a Juvéderm Voluma XC: adults >21 (vdocument.in Voluma DFU)", LABEL),
        "indications": "Deep cheek augmentation for age-related midface deficit; chin augmentation; temple hollowing "
        "(2024); adults over 21.",
        "source": "§3a Juvéderm Voluma XC: vdocument.in Voluma DFU; PMC4482214; cms.medugate.me",
        "flag": LABEL,
    },
    {
        "slug": "juvederm-volux-xc",
        "name": "Juvéderm Volux XC",
        "aliases": "Juvederm Volux XC, Volux XC, Volux",
        "manufacturer": "Allergan Aesthetics",
        "kind": "filler",
        "substance": "hyaluronic_acid",
        "package_size": "1.0",
        "package_description": "1.0 mL syringe (syringe size: GK)",
        "price_per_package": "400",
        "price_per_unit": "400",
        "contains_lidocaine": True,
        "other_allergens": HA_ALLERGEN,
        "typical_duration_months": 12,
        "max_units_per_session": "9",
        "limit_source": "§3b Jawline (Volux): initial usually 6.8 mL, max 9 mL (as summarised, “per inj”); repeat "
        "usually 3 mL; oncologynurseadvisor.com/drug/juvederm-volux-xc",
        "limit_flag": LABEL_2,
        **_juvederm_yearly(LABEL_2),
        **_ages(
            22, None, "§3a Juvéderm Volux XC: adults >21 (oncologynurseadvisor.com/drug/juvederm-volux-xc)", LABEL_2
        ),
        "indications": "Jawline definition for moderate–severe loss, adults over 21 (2022).",
        "source": "§3a Juvéderm Volux XC: oncologynurseadvisor.com/drug/juvederm-volux-xc; empr.com",
        "flag": LABEL_2,
    },
    {
        "slug": "juvederm-volbella-xc",
        "name": "Juvéderm Volbella XC",
        "aliases": "Juvederm Volbella XC, Volbella XC, Volbella",
        "manufacturer": "Allergan Aesthetics",
        "kind": "filler",
        "substance": "hyaluronic_acid",
        "package_size": "0.55",
        "package_description": "0.55 mL syringe (syringe size: GK, §7)",
        "price_per_package": "275",
        "price_per_unit": "500",
        "contains_lidocaine": True,
        "other_allergens": HA_ALLERGEN,
        "typical_duration_months": 12,
        **_juvederm_yearly(LABEL_2),
        **_ages(22, None, S_AGE_FILLERS, LABEL_2),
        "indications": "Lips and perioral rhytids (2016); infraorbital hollows (2022; FDA-required product training "
        "before use, §4c).",
        "source": "§3a Juvéderm Volbella XC: SSED P110033/S018; practicaldermatology.com; PMC8520027",
        "flag": LABEL,
    },
    {
        "slug": "juvederm-ultra-xc",
        "name": "Juvéderm Ultra XC",
        "aliases": "Juvederm Ultra XC, Ultra XC",
        "manufacturer": "Allergan Aesthetics",
        "kind": "filler",
        "substance": "hyaluronic_acid",
        "package_size": "1.0",
        "package_description": "1.0 mL syringe (syringe size: GK, §7)",
        "price_per_package": "300",
        "price_per_unit": "300",
        "contains_lidocaine": True,
        "other_allergens": HA_ALLERGEN,
        "typical_duration_months": 12,
        **_juvederm_yearly(LABEL_2),
        **_ages(22, None, S_AGE_FILLERS, LABEL_2),
        "indications": "Mid–deep dermis wrinkles and folds (nasolabial folds); lips and perioral (2015).",
        "source": "§3a Juvéderm Ultra XC: kipdf.com Ultra XC DFU; pubmed 26618456",
        "flag": LABEL,
    },
    {
        "slug": "juvederm-vollure-xc",
        "name": "Juvéderm Vollure XC",
        "aliases": "Juvederm Vollure XC, Vollure XC, Vollure",
        "manufacturer": "Allergan Aesthetics",
        "kind": "filler",
        "substance": "hyaluronic_acid",
        "package_size": "1.0",
        "package_description": "1.0 mL syringe (syringe size: GK)",
        "price_per_package": "325",
        "price_per_unit": "325",
        "contains_lidocaine": True,
        "other_allergens": HA_ALLERGEN,
        "typical_duration_months": 18,
        **_juvederm_yearly(LABEL_2),
        **_ages(22, None, S_AGE_FILLERS, LABEL_2),
        "indications": "Mid–deep dermis moderate–severe wrinkles and folds such as nasolabial folds (2017).",
        "source": "§3a Juvéderm Vollure XC: SSED P110033/S020; ASJ 2020",
        "flag": LABEL,
    },
    {
        "slug": "restylane-kysse",
        "name": "Restylane Kysse",
        "aliases": "Kysse",
        "manufacturer": "Galderma",
        "kind": "filler",
        "substance": "hyaluronic_acid",
        "package_size": "1.0",
        "package_description": "1.0 mL syringe (syringe size: GK, §7)",
        "price_per_package": "300",
        "price_per_unit": "300",
        "contains_lidocaine": True,
        "other_allergens": HA_ALLERGEN,
        "typical_duration_months": None,
        **_ages(22, None, "§3a Restylane Kysse: lips, over 21 (fdocuments.us Kysse IFU)", LABEL),
        "indications": "Lips and upper perioral rhytids, over 21 (2020). Duration ~1 year is GK (§7).",
        "source": "§3a Restylane Kysse: fdocuments.us Kysse IFU; dokumen.tips SSED",
        "flag": LABEL,
    },
    {
        "slug": "restylane-lyft",
        "name": "Restylane Lyft",
        "aliases": "Lyft",
        "manufacturer": "Galderma",
        "kind": "filler",
        "substance": "hyaluronic_acid",
        "package_size": "1.0",
        "package_description": "1.0 mL syringe (also 2 mL)",
        "price_per_package": "350",
        "price_per_unit": "350",
        "contains_lidocaine": True,
        "other_allergens": HA_ALLERGEN,
        "typical_duration_months": 12,
        **_ages(22, None, S_AGE_FILLERS, LABEL_2),
        "indications": "Cheek augmentation / midface contour deficiency; moderate–severe folds (nasolabial folds).",
        "source": "§3a Restylane Lyft: smartbeautyguide.com; medsayfa.com IFU reproduction; rodeoderm.com (12–24 mo)",
        "flag": LABEL_2,
    },
    {
        "slug": "restylane-defyne",
        "name": "Restylane Defyne",
        "aliases": "Defyne",
        "manufacturer": "Galderma",
        "kind": "filler",
        "substance": "hyaluronic_acid",
        "package_size": "1.0",
        "package_description": "1.0 mL syringe (syringe size: GK, §7)",
        "price_per_package": "350",
        "price_per_unit": "350",
        "contains_lidocaine": True,
        "other_allergens": HA_ALLERGEN,
        "typical_duration_months": 11,
        **_ages(22, None, S_AGE_FILLERS, LABEL_2),
        "indications": "Deep nasolabial folds; chin retrusion (chin effect to 48 weeks).",
        "source": "§3a Restylane Refyne / Defyne: dokumen.tips SSED P140029/S021; PMC9698183",
        "flag": LABEL,
    },
    {
        "slug": "restylane-contour",
        "name": "Restylane Contour",
        "manufacturer": "Galderma",
        "kind": "filler",
        "substance": "hyaluronic_acid",
        "package_size": "1.0",
        "package_description": "1.0 mL syringe (syringe size: GK)",
        "price_per_package": "350",
        "price_per_unit": "350",
        "contains_lidocaine": True,
        "other_allergens": HA_ALLERGEN,
        "typical_duration_months": 11,
        **_ages(22, None, S_AGE_FILLERS, LABEL_2),
        "indications": "Cheek augmentation and midface contour deficiencies (effect through 48 weeks).",
        "source": "§3a Restylane Contour: JDD 2021 HA-RC trial",
        "flag": TRIAL,
    },
    {
        "slug": "rha-3",
        "name": "RHA 3",
        "manufacturer": "Revance / Teoxane",
        "kind": "filler",
        "substance": "hyaluronic_acid",
        "package_size": "1.2",
        "package_description": "1.2 mL syringe (EU pack size; US size GK, §7)",
        "price_per_package": "360",
        "price_per_unit": "300",
        "contains_lidocaine": True,
        "other_allergens": "",
        "typical_duration_months": 15,
        **_ages(22, None, S_AGE_FILLERS, LABEL_2),
        "indications": "Dynamic facial wrinkles and folds (nasolabial folds).",
        "source": "§3a RHA 2/3/4: PMC7384057 (Kaufman-Janette 2019); dermalfillersupplier.com",
        "flag": TRIAL,
    },
    {
        "slug": "radiesse-plus",
        "name": "Radiesse (+)",
        "manufacturer": "Merz Aesthetics",
        "kind": "filler",
        "substance": "calcium_hydroxylapatite",
        "package_size": "1.5",
        "package_description": "1.5 mL syringe (also 0.8 mL)",
        "price_per_package": "450",
        "price_per_unit": "300",
        "contains_lidocaine": True,
        "other_allergens": "",
        "typical_duration_months": 18,
        **_ages(22, None, S_AGE_FILLERS, LABEL_2),
        "indications": "Subdermal moderate–severe wrinkles and folds (nasolabial folds); HIV facial lipoatrophy. Not "
        "reversible with hyaluronidase (not HA).",
        "source": "§3a Radiesse: scribd Radiesse IFU IN00053-10; manualspro.net Radiesse (+) guide; medderm.net",
        "flag": LABEL,
    },
    {
        "slug": "sculptra-aesthetic",
        "name": "Sculptra Aesthetic",
        "aliases": "Sculptra",
        "manufacturer": "Galderma",
        "kind": "filler",
        "substance": "poly_l_lactic_acid",
        "package_size": "5.0",
        "package_description": "367.5 mg vial, reconstituted with 5 mL sterile water (stored IFU version)",
        "price_per_package": "500",
        "price_per_unit": "100",
        "contains_lidocaine": False,
        "other_allergens": "",
        "typical_duration_months": 24,
        **_ages(22, None, S_AGE_FILLERS, LABEL_2),
        "indications": "Immune-competent patients: shallow–deep nasolabial fold contour deficiencies and other facial "
        "wrinkles (deep-dermal grid technique). Not into the lip vermilion. Up to 4 sessions ~3 weeks apart (§5).",
        "source": "§3a Sculptra Aesthetic: products.sanofi.us Sculptra PI; dokumen.tips leaflet",
        "flag": LABEL,
    },
    {
        "slug": "botox-cosmetic",
        "name": "Botox Cosmetic",
        "aliases": "Botox",
        "manufacturer": "Allergan Aesthetics",
        "kind": "toxin",
        "substance": "onabotulinumtoxinA",
        "package_size": "100",
        "package_description": "100 U vial (also 50 U); 100 U + 2.5 mL saline → 4 U/0.1 mL",
        "price_per_package": "1000",
        "price_per_unit": "10",
        "contains_lidocaine": False,
        "other_allergens": "human albumin",
        "typical_duration_months": 4,
        "max_units_90_days": "400",
        "limit_source": "§2c BOTOX Cosmetic: max cumulative 400 U in a 3-month interval (all indications); "
        "renalandurologynews.com; drugs.com §2.1",
        "limit_flag": LABEL_2,
        "reconstitution_ml": "2.5",
        "use_within_hours": 24,
        "reconstitution_source": "§2b BOTOX Cosmetic: 100 U + 2.5 mL saline → 4 U/0.1 mL; use within 24 h, 2–8 °C "
        "(spotidoc.com/doc/160901 Allergan dilution guide)",
        "reconstitution_flag": LABEL_2,
        **_ages(18, None, S_AGE_TOXINS, LABEL_2),
        "indications": "Glabellar, lateral canthal and forehead lines; platysma bands (2024).",
        "description": TOXIN_LABEL_24H + TOXIN_REUSE + EXAMPLE_PRICE,
        "source": "§2a/§2b BOTOX Cosmetic: drugs.com/dosage/botox-cosmetic.html; spotidoc.com Allergan dilution guide; "
        + S_TOXIN_REUSE,
        "flag": LABEL_2,
    },
    {
        "slug": "dysport",
        "name": "Dysport",
        "manufacturer": "Galderma (Ipsen)",
        "kind": "toxin",
        "substance": "abobotulinumtoxinA",
        "package_size": "300",
        "package_description": "300 U vial (aesthetic); 300 U + 2.5 mL → 10 U/0.08 mL",
        "price_per_package": "1200",
        "price_per_unit": "4",
        "contains_lidocaine": False,
        "other_allergens": "cow's milk protein (lactose), human albumin",
        "typical_duration_months": 4,
        "reconstitution_ml": "2.5",
        "reconstitution_source": "§2b Dysport: 300 U + 2.5 mL → 10 U/0.08 mL (dysportusa.com HCP page)",
        "reconstitution_flag": LABEL_2,
        **_ages(18, 64, S_AGE_DYSPORT, LABEL_2),
        "indications": "Glabellar lines (adults under 65). Dysport units are NOT BOTOX units (§2c, §2e).",
        "description": TOXIN_LABEL_NOT_RETRIEVED + TOXIN_REUSE + EXAMPLE_PRICE,
        "source": "§2a/§2b Dysport: dysportusa.com HCP pages; women.emedtv.com; " + S_TOXIN_REUSE,
        "flag": LABEL_2,
    },
    {
        "slug": "xeomin",
        "name": "Xeomin",
        "manufacturer": "Merz Aesthetics",
        "kind": "toxin",
        "substance": "incobotulinumtoxinA",
        "package_size": "100",
        "package_description": "100 U vial (also 50 U); room-temperature storage before reconstitution",
        "price_per_package": "900",
        "price_per_unit": "9",
        "contains_lidocaine": False,
        "other_allergens": "human albumin",
        "typical_duration_months": 3,
        "max_units_per_session": "400",
        "limit_source": "§2c Xeomin: max cumulative 400 U per treatment session for any indication; re-treat no more "
        "often than every 3 months; xeominaesthetic.com; drugs.com/dosage/xeomin.html",
        "limit_flag": LABEL_2,
        **_ages(18, None, S_AGE_TOXINS, LABEL_2),
        "indications": "Glabellar lines; upper facial lines (2024: glabellar, forehead, lateral canthal).",
        "description": TOXIN_LABEL_NOT_RETRIEVED + TOXIN_REUSE + EXAMPLE_PRICE,
        "source": "§2a/§2b Xeomin: xeominaesthetic.com; americanmedspa.org; §2d redefinebyz.com (~3 months, PRACTICE); "
        "§4a human albumin: medicine.com/drug/incobotulinumtoxina/hcp; " + S_TOXIN_REUSE,
        "flag": LABEL_2,
    },
    {
        "slug": "jeuveau",
        "name": "Jeuveau",
        "manufacturer": "Evolus",
        "kind": "toxin",
        "substance": "prabotulinumtoxinA",
        "package_size": "100",
        "package_description": "100 U vial (with albumin 0.5 mg); 100 U + 2.5 mL → 4 U/0.1 mL",
        "price_per_package": "900",
        "price_per_unit": "9",
        "contains_lidocaine": False,
        "other_allergens": "human albumin",
        "typical_duration_months": None,
        "reconstitution_ml": "2.5",
        "use_within_hours": 24,
        "reconstitution_source": "§2b Jeuveau: 100 U + 2.5 mL → 4 U/0.1 mL; use within 24 h, 2–8 °C "
        "(drugs.com/dosage/jeuveau.html)",
        "reconstitution_flag": LABEL_2,
        **_ages(18, None, S_AGE_TOXINS, LABEL_2),
        "indications": "Glabellar lines.",
        "description": TOXIN_LABEL_24H + TOXIN_REUSE + EXAMPLE_PRICE,
        "source": "§2a/§2b Jeuveau: drugs.com/dosage/jeuveau.html; mdtodate.com; " + S_TOXIN_REUSE,
        "flag": LABEL_2,
    },
    {
        "slug": "daxxify",
        "name": "Daxxify",
        "manufacturer": "Revance",
        "kind": "toxin",
        "substance": "daxibotulinumtoxinA",
        "package_size": "100",
        "package_description": "100 U vial (also 50 U); 8 U/0.1 mL dose volume",
        "price_per_package": "1200",
        "price_per_unit": "12",
        "contains_lidocaine": False,
        "other_allergens": "",
        "typical_duration_months": 6,
        **_ages(18, None, S_AGE_TOXINS, LABEL_2),
        "indications": "Glabellar lines (median ~6 months). Its label forbids unit conversion.",
        "description": TOXIN_LABEL_NOT_RETRIEVED + TOXIN_REUSE + EXAMPLE_PRICE,
        "source": "§2a/§2d Daxxify: reference.medscape.com; vitaeheal.com; " + S_TOXIN_REUSE,
        "flag": LABEL_2,
    },
]
# --- The emergency kit (§4c) ------------------------------------------------------------------------------------
# Hyaluronidase is kept in stock to dissolve HA filler in a suspected vascular occlusion; it is never planned, so it is
# linked to no treatment (plan items offer only a treatment's products). The reference names no hyaluronidase
# product nor its vial size: a generic row, counted in single units until the clinic sets the vials it buys.
# The full rows: §4c emergency kit (vindoctraining.com; insidemedspa.com, PRACTICE); HDPH, DeLorenzi (REVIEW);
# high-dose totals up to ~1500 U (ACE Group guideline v2.4, PMC6011868; CMAC, JCAD 2021; REVIEW / PRACTICE).
S_KIT = (
    "§4c emergency kit: hyaluronidase, enough for repeated high-dose rounds (PRACTICE); HDPH, DeLorenzi: repeated "
    "hourly into the ischaemic tissue until refill, colour and pain resolve (REVIEW); totals to ~1500 U cited (ACE "
    "v2.4, CMAC 2021)"
)
assert len(S_KIT) <= 300, "Product.source holds 300 characters"
KIT_PRODUCTS = [
    {
        "slug": "hyaluronidase",
        "name": "Hyaluronidase",
        "manufacturer": "Any (set the clinic's own product)",
        "kind": "enzyme",
        "substance": "hyaluronidase",
        "package_size": "1",
        "package_description": "Counted in single units: the reference gives no vial size; set the vials the clinic "
        "buys",
        "price_per_package": "1",
        "price_per_unit": "1",
        "contains_lidocaine": False,
        "other_allergens": "",
        "indications": "Emergency kit: dissolves hyaluronic-acid filler, e.g. in a suspected vascular occlusion. Not a "
        "treatment to plan.",
        "description": "Emergency-kit medicine, kept in stock with its lots and expiry dates. The high-dose pulsed "
        "protocol repeats it hourly into the ischaemic tissue until capillary refill, skin colour and pain resolve, "
        "the dose scaled to the ischaemic area; high-dose totals up to about 1500 U are cited. The package size and "
        "the price are examples, not from the reference: set the clinic's own.",
        "source": S_KIT,
        "flag": PRACTICE,
    },
]

HA_FILLERS = [p["slug"] for p in PRODUCTS if p["substance"] == "hyaluronic_acid"]
LIDOCAINE_FILLERS = [p["slug"] for p in PRODUCTS if p["kind"] == "filler" and p["contains_lidocaine"]]
ALBUMIN_TOXINS = [p["slug"] for p in PRODUCTS if p["kind"] == "toxin" and "human albumin" in p["other_allergens"]]

# --- Contraindications (§4a toxins, §4b fillers) and their rules. ---------------------------------------------
# A Contraindication is the screening answer (its slug is a key of catalog.screening.SCREENING_QUESTIONS); its rules
# say what it applies to and how severely, each with a plain reason ("{product}" is replaced by the product's name)
# and its own source row. The shapes are those migration 0003 gave an existing database, so load_catalog matches
# them: a treatment's list (TOXIN_CONTRAS, ...) -> rules scoped to that treatment; "all toxins" / "all fillers" ->
# rules scoped to the modality; product lists -> one rule per product.
CONTRAINDICATED, CAUTION = "contraindicated", "caution"


def _rule(severity, reason, source, flag, **scope):
    """One rule; scope keys (all optional): modality, substance, product, area (slugs), only_with_lidocaine."""
    return {"severity": severity, "reason": reason, "source": source, "flag": flag, **scope}


# Rules used both for a modality and in the treatments' lists, so both say the same thing the same way.
PREGNANCY_TOXIN = _rule(
    CONTRAINDICATED,
    "toxin treatment is deferred in pregnancy and breastfeeding (no adequate human data)",
    "§4a Pregnancy: drugs.com/pregnancy/onabotulinumtoxina.html; peakexpression.co.uk (practice is to defer); "
    "§4a Lactation: uat.mimsdev.com (Dysport SmPC)",
    LABEL_2,
)
PREGNANCY_FILLER = _rule(
    CONTRAINDICATED,
    "filler safety is not established in pregnancy and breastfeeding",
    "§4b Pregnancy / breastfeeding: rejuvenate-skin.org; Volux MPR",
    LABEL_2,
)
INFECTION_TOXIN = _rule(
    CONTRAINDICATED,
    "toxin is not injected where there is an infection at the injection site",
    "§4a Infection at proposed injection site: renalandurologynews (BOTOX Cosmetic); 120ty.net (Jeuveau); "
    "themeditary/medscape (Daxxify)",
    LABEL_2,
)
INFECTION_FILLER = _rule(
    CONTRAINDICATED,
    "filler waits until infection or inflammation at the site (cysts, acne, rash, hives) is controlled",
    "§4b Active inflammation or infection at site: jfishmanmd.com (Volbella ISI); drdianemcconnehey.com",
    LABEL_2,
)
NEUROMUSCULAR = _rule(
    CAUTION,
    "higher risk of serious effects on swallowing and breathing at usual toxin doses",
    "§4a Neuromuscular disorders: renalandurologynews (BOTOX Cosmetic); butalbitalapap.org (Daxxify MPR)",
    LABEL_2,
)
AMINOGLYCOSIDES = _rule(
    CAUTION,
    "these medicines can strengthen the effect of botulinum toxin",
    "§4a Aminoglycosides / curare-like agents: druglib.com BOTOX interactions; revance.com (Daxxify)",
    LABEL_2,
)
ANTICOAGULANTS = _rule(
    CAUTION,
    "more bruising and bleeding; avoid them before treatment where possible",
    "§4b Antiplatelets/anticoagulants: oncologynurseadvisor Juvéderm Ultra; medsayfa.com Lyft IFU",
    LABEL_2,
)
AUTOIMMUNE = _rule(
    CAUTION,
    "decide case by case, and avoid filler during an active flare (granuloma risk)",
    "§4b Autoimmune disease: De Boulle & Heydenrych 2015 consensus (abstract); lovmedspa.com",
    REVIEW,
)
DENTAL_VACCINATION = _rule(
    CAUTION,
    "filler is deferred for about two weeks after dental work or a vaccination",
    "§4b Recent dental work or vaccination (≈2 weeks): lovmedspa.com; coloradoaestheticsacademy.com",
    PRACTICE,
)
COLD_SORES = _rule(
    CAUTION,
    "antiviral prophylaxis is commonly started 2–3 days before lip filler",
    "§4b Herpes labialis history (lips/perioral): lovmedspa.com; wiadomoscidermatologiczne.pl review",
    PRACTICE,
)
S_ALBUMIN_ANY_COMPONENT = "§4a Hypersensitivity to any BoNT preparation or component: puregoldmedical.com (BOTOX ISI)"
ALBUMIN_SOURCES = {
    "botox-cosmetic": "§4a Human albumin excipient; §2b BOTOX Cosmetic vials contain human albumin (spotidoc.com "
    "Allergan dilution guide); " + S_ALBUMIN_ANY_COMPONENT,
    "dysport": "§4a Human albumin excipient: dysport.com ISI; " + S_ALBUMIN_ANY_COMPONENT,
    "jeuveau": "§4a Human albumin excipient: mdtodate.com (Jeuveau composition); " + S_ALBUMIN_ANY_COMPONENT,
    "xeomin": "§4a Human albumin excipient: medicine.com/drug/incobotulinumtoxina/hcp (Xeomin 50/100/200 U vials "
    "contain albumin human); " + S_ALBUMIN_ANY_COMPONENT,
}

CONTRAINDICATIONS = [
    {
        "slug": "pregnancy-breastfeeding",
        "name": "Pregnancy or breastfeeding",
        "description": "Toxins: no adequate human data, practice is to defer; lactation: use cannot be recommended "
        "(EU SmPC). Fillers: safety not established.",
        "source": "§4a Pregnancy / Lactation: drugs.com/pregnancy/onabotulinumtoxina.html; uat.mimsdev.com; "
        "§4b rejuvenate-skin.org; Volux MPR",
        "flag": LABEL_2,
        "rules": [{**PREGNANCY_TOXIN, "modality": "toxin"}, {**PREGNANCY_FILLER, "modality": "filler"}],
    },
    {
        "slug": "neuromuscular-disorder",
        "name": "Neuromuscular disorder",
        "description": "ALS, myasthenia gravis, Lambert-Eaton: label warning of serious systemic effects (dysphagia, "
        "respiratory compromise) at usual toxin doses.",
        "source": "§4a Neuromuscular disorders: renalandurologynews (BOTOX Cosmetic); butalbitalapap.org (Daxxify MPR)",
        "flag": LABEL_2,
        "rules": [{**NEUROMUSCULAR, "modality": "toxin"}],
    },
    {
        "slug": "lidocaine-allergy",
        "name": "Lidocaine (amide anaesthetic) allergy",
        "description": "Contraindication for lidocaine-containing fillers (XC range, Kysse, Lyft, Radiesse (+), RHA).",
        "source": "§4b Lidocaine allergy: Voluma DFU; Kysse IFU",
        "flag": LABEL,
        "rules": [
            _rule(
                CONTRAINDICATED,
                "{product} contains lidocaine",
                "§4b Lidocaine (amide anaesthetic) allergy: Voluma DFU; Kysse IFU",
                LABEL,
                product=slug,
            )
            for slug in LIDOCAINE_FILLERS
        ],
    },
    {
        "slug": "ha-gram-positive-allergy",
        "name": "Allergy to hyaluronic acid or Gram-positive bacterial proteins",
        "description": "Contraindication for hyaluronic-acid fillers.",
        "source": "§4b Allergy to Gram-positive bacterial proteins: Voluma DFU; Kysse IFU",
        "flag": LABEL,
        "rules": [
            _rule(
                CONTRAINDICATED,
                "{product} is a hyaluronic-acid filler, and its label excludes an allergy to Gram-positive "
                "bacterial proteins",
                "§4b Allergy to Gram-positive bacterial proteins: Voluma DFU; Kysse IFU",
                LABEL,
                product=slug,
            )
            for slug in HA_FILLERS
        ],
    },
    {
        "slug": "cows-milk-protein-allergy",
        "name": "Cow's milk protein allergy",
        "description": "Contraindication for Dysport only (its excipients include lactose and albumin).",
        "source": "§4a Cow's milk protein allergy: Lee et al. 2018 Table 1; women.emedtv.com Dysport warnings",
        "flag": LABEL_2,
        "rules": [
            _rule(
                CONTRAINDICATED,
                "{product}'s ingredients include lactose, and cow's milk protein allergy is a contraindication",
                "§4a Cow's milk protein allergy: Lee et al. 2018 Table 1 (REVIEW); women.emedtv.com Dysport warnings",
                LABEL_2,
                product="dysport",
            )
        ],
    },
    {
        "slug": "albumin-allergy",
        "name": "Human albumin allergy",
        "description": "Hypersensitivity to any component is a contraindication; BOTOX, Dysport, Jeuveau and Xeomin "
        "contain human albumin.",
        "source": "§4a Human albumin excipient; Hypersensitivity to any component: dysport.com ISI; mdtodate.com; "
        "medicine.com/drug/incobotulinumtoxina/hcp; puregoldmedical.com",
        "flag": LABEL_2,
        "rules": [
            _rule(CONTRAINDICATED, "{product} contains human albumin", ALBUMIN_SOURCES[slug], LABEL_2, product=slug)
            for slug in ALBUMIN_TOXINS
        ],
    },
    {
        "slug": "severe-allergies",
        "name": "Severe allergies (anaphylaxis or multiple severe allergies)",
        "description": "Contraindication for Juvéderm, Restylane and Radiesse fillers.",
        "source": "§4b Severe allergy with anaphylaxis history: Voluma DFU; Kysse IFU; Radiesse IFU",
        "flag": LABEL,
        "rules": [
            _rule(
                CONTRAINDICATED,
                "{product}'s label excludes severe allergies with anaphylaxis, or multiple severe allergies",
                "§4b Severe allergy with anaphylaxis history, or multiple severe allergies: Voluma DFU; Kysse IFU; "
                "Radiesse IFU",
                LABEL,
                product=p["slug"],
            )
            for p in PRODUCTS
            if p["slug"].startswith(("juvederm", "restylane", "radiesse"))
        ],
    },
    {
        "slug": "anticoagulants",
        "name": "Anticoagulants or antiplatelets",
        "description": "Aspirin, NSAIDs, warfarin, St John's wort, high-dose vitamin E: more bruising and bleeding; "
        "avoid before treatment where possible.",
        "source": "§4b Antiplatelets/anticoagulants: oncologynurseadvisor Juvéderm Ultra; medsayfa.com Lyft IFU",
        "flag": LABEL_2,
        "rules": [{**ANTICOAGULANTS, "modality": "filler"}],
    },
    {
        "slug": "aminoglycosides",
        "name": "Aminoglycosides or curare-like agents",
        "description": "Potentiate botulinum toxin: use only with caution.",
        "source": "§4a Aminoglycosides / curare-like agents: druglib.com BOTOX interactions; revance.com (Daxxify)",
        "flag": LABEL_2,
        "rules": [{**AMINOGLYCOSIDES, "modality": "toxin"}],
    },
    {
        "slug": "bleeding-disorder",
        "name": "Bleeding disorder",
        "description": "Contraindication for Radiesse and (per ISI summary) Restylane Lyft.",
        "source": "§4b Bleeding disorders: Radiesse IFU; smartbeautyguide.com",
        "flag": LABEL,
        "rules": [
            _rule(
                CONTRAINDICATED,
                "{product}'s label excludes bleeding disorders",
                "§4b Bleeding disorders: Radiesse IFU (scribd)",
                LABEL,
                product="radiesse-plus",
            ),
            _rule(
                CONTRAINDICATED,
                "{product}'s label excludes bleeding disorders",
                "§4b Bleeding disorders: smartbeautyguide.com (Restylane Lyft, per ISI summary)",
                LABEL_2,
                product="restylane-lyft",
            ),
        ],
    },
    {
        "slug": "autoimmune-disease",
        "name": "Autoimmune disease",
        "description": "Individualise; avoid filler during an active flare (granuloma risk).",
        "source": "§4b Autoimmune disease: De Boulle & Heydenrych 2015 consensus (abstract); lovmedspa.com",
        "flag": REVIEW,
        "rules": [{**AUTOIMMUNE, "modality": "filler"}],
    },
    {
        "slug": "active-skin-infection",
        "name": "Active skin infection or inflammation at the site",
        "description": "Toxins: infection at the proposed site is a contraindication. Fillers: defer until cysts, "
        "acne, rash or hives are controlled.",
        "source": "§4a Infection at proposed injection site: renalandurologynews; §4b jfishmanmd.com (Volbella ISI)",
        "flag": LABEL_2,
        "rules": [{**INFECTION_TOXIN, "modality": "toxin"}, {**INFECTION_FILLER, "modality": "filler"}],
    },
    {
        "slug": "keloid-scarring",
        "name": "Keloid or hypertrophic scarring",
        "description": "Contraindication for Sculptra (label); not studied with Volux; a relative contraindication "
        "for toxins in practice.",
        "source": "§4b Keloid / hypertrophic scarring: Sculptra PI; Volux MPR; §4a training.wereviveu.com (PRACTICE)",
        "flag": LABEL,
        "rules": [
            _rule(
                CAUTION,
                "keloid scarring is a relative contraindication for toxin in practice",
                "§4a Keloid scarring (relative contraindication): training.wereviveu.com (cites AAFP 2014)",
                PRACTICE,
                modality="toxin",
            ),
            _rule(
                CONTRAINDICATED,
                "{product}'s label contraindicates it in keloid or hypertrophic scarring",
                "§4b Keloid / hypertrophic scarring: Sculptra PI",
                LABEL,
                product="sculptra-aesthetic",
            ),
            _rule(
                CAUTION,
                "{product} was not studied in keloid or hypertrophic scarring",
                "§4b Keloid / hypertrophic scarring: Volux MPR (not studied)",
                LABEL_2,
                product="juvederm-volux-xc",
            ),
        ],
    },
    {
        "slug": "recent-dental-vaccination",
        "name": "Dental work or vaccination in the last 2 weeks",
        "description": "Defer filler treatment for about two weeks.",
        "source": "§4b Recent dental work or vaccination: lovmedspa.com; coloradoaestheticsacademy.com",
        "flag": PRACTICE,
        "rules": [{**DENTAL_VACCINATION, "modality": "filler"}],
    },
    {
        "slug": "cold-sores",
        "name": "History of cold sores (herpes labialis)",
        "description": "Lip and perioral filler: antiviral prophylaxis is commonly started 2–3 days before.",
        "source": "§4b Herpes labialis history: lovmedspa.com; wiadomoscidermatologiczne.pl review",
        "flag": PRACTICE,
        "rules": [],  # lip filler only: in LIP_CONTRAS, on the lip-enhancement treatment
    },
]

# Rules without a screening answer: they always apply (label restrictions).
LABEL_RESTRICTIONS = [
    _rule(
        CONTRAINDICATED,
        "{product}'s label says it is not to be injected into the lip vermilion",
        "§4b Sculptra: not into lip vermilion; madfesderm.com ISI; Sculptra PI (LABEL-2° / LABEL)",
        LABEL_2,
        product="sculptra-aesthetic",
        area="lips",
    ),
]

# --- Treatments ----------------------------------------------------------------------------------------------
TOXIN_INTERVALS = {
    "review": 14,
    "review_source": S_TOXIN_REVIEW,
    "review_flag": PRACTICE,
    "repeat": 90,
    "repeat_source": S_TOXIN_FLOOR,
    "repeat_flag": LABEL_2,
}
FILLER_INTERVALS = {
    "review": 14,
    "review_source": S_FILLER_TOUCHUP,
    "review_flag": LABEL_2,
    "repeat": None,
    "repeat_source": S_FILLER_MAINTENANCE,
    "repeat_flag": REVIEW,
}
# Printed for the patient: plain words, no citations. Sources: TOXIN_DOWNTIME §2d (StatPearls upper face, REVIEW:
# onset up to ~2 days, peak 1 week to 1 month); TOXIN_AFTERCARE §5 toxin review ~2 weeks (PRACTICE) and the §4a
# label warnings on swallowing and breathing (LABEL-2°); FILLER_DOWNTIME §4b anticoagulants (more bruising,
# LABEL-2°) and §5 post-filler advice (oncologynurseadvisor Volux, LABEL-2°); FILLER_AFTERCARE §5 post-filler advice
# and the §4c warning signs of a blocked blood vessel (Juvéderm ISI LABEL-2°; all HA/CaHA labels LABEL).
TOXIN_DOWNTIME = "None expected. The effect starts within about two days and is strongest after one to four weeks."
FILLER_DOWNTIME = (
    "Swelling or bruising where the injections were given is possible, more so if you take blood-thinning "
    "medicines. No strenuous exercise, heat or alcohol for 24 hours."
)
TOXIN_AFTERCARE = (
    "Results build over the first days and are at their best at about two weeks; we review you then. Contact the "
    "clinic at once about any difficulty swallowing, speaking or breathing."
)
FILLER_AFTERCARE = (
    "For 24 hours avoid strenuous exercise, intense sun or heat, and alcohol; no make-up for 12 hours. Contact the "
    "clinic at once for severe or unusual pain, whitening or dusky, mottled skin near the treated area, or any change "
    "in vision."
)
# Where each aftercare text comes from (Treatment.aftercare_source, for the catalog admin; never shown to patients).
TOXIN_AFTERCARE_SOURCE = (
    "§5 Toxin review / touch-up ~2 weeks (PRACTICE); §4a label warnings on swallowing and breathing (LABEL-2°)"
)
FILLER_AFTERCARE_SOURCE = (
    "§5 Post-filler advice: oncologynurseadvisor Volux (LABEL-2°); §4c warning signs of a blocked blood vessel: "
    "Juvéderm ISI (LABEL-2°), all HA/CaHA labels (LABEL)"
)
# Treatment-level rules (a treatment's own list; modality- and product-wide rules are on the contraindications).
TOXIN_CONTRAS = [
    {"contraindication": "pregnancy-breastfeeding", **PREGNANCY_TOXIN},
    {"contraindication": "active-skin-infection", **INFECTION_TOXIN},
    {"contraindication": "neuromuscular-disorder", **NEUROMUSCULAR},
    {"contraindication": "aminoglycosides", **AMINOGLYCOSIDES},
]
FILLER_CONTRAS = [
    {"contraindication": "pregnancy-breastfeeding", **PREGNANCY_FILLER},
    {"contraindication": "active-skin-infection", **INFECTION_FILLER},
    {"contraindication": "anticoagulants", **ANTICOAGULANTS},
    {"contraindication": "autoimmune-disease", **AUTOIMMUNE},
    {"contraindication": "recent-dental-vaccination", **DENTAL_VACCINATION},
]
LIP_CONTRAS = [*FILLER_CONTRAS, {"contraindication": "cold-sores", **COLD_SORES}]
BOTOX_UNITS_NOTE = (
    "§2f ranges are in onabotulinumtoxinA-type units and not label: stored for Botox Cosmetic only. Other brands "
    "need their own sourced range (units are not interchangeable, §2c)."
)


def _botox_range(area, dose_min, dose_max, default, source, flag, *, per_side=True, points="", note=""):
    return {
        "area": area,
        "product": "botox-cosmetic",
        "min": dose_min,
        "max": dose_max,
        "default": default,
        "per_side": per_side,
        "points": points,
        "source": source,
        "flag": flag,
        "note": note or BOTOX_UNITS_NOTE,
    }


TREATMENTS = [
    # Toxin treatments.
    dict(
        slug="frown-lines",
        name="Frown lines (glabellar lines)",
        modality="toxin",
        goal="Soften the vertical “11” lines between the brows.",
        description="On-label for every US cosmetic toxin. Each brand has its own labelled dose: units are "
        "product-specific and never converted.",
        concerns=["frown-lines"],
        products=["botox-cosmetic", "dysport", "xeomin", "jeuveau", "daxxify"],
        ranges=[
            {
                "area": "glabella",
                "product": "botox-cosmetic",
                "min": "20",
                "max": "20",
                "default": "20",
                "per_side": False,
                "points": "4 U/0.1 mL × 5 sites",
                "source": S_BOTOX_LABEL + " (glabellar lines 20 U)",
                "flag": LABEL_2,
                "note": "Stay ≥1 cm above the central brow to avoid ptosis (§4a glabella technique).",
            },
            {
                "area": "glabella",
                "product": "dysport",
                "min": "50",
                "max": "50",
                "default": "50",
                "per_side": False,
                "points": "10 U × 5 sites",
                "source": S_DYSPORT_GL + " (50 U)",
                "flag": LABEL_2,
                "note": "Adults under 65. Dysport units are not BOTOX units.",
            },
            {
                "area": "glabella",
                "product": "xeomin",
                "min": "20",
                "max": "20",
                "default": "20",
                "per_side": False,
                "points": "4 U × 5 sites",
                "source": S_XEOMIN_GL + " (20 U)",
                "flag": LABEL_2,
            },
            {
                "area": "glabella",
                "product": "jeuveau",
                "min": "20",
                "max": "20",
                "default": "20",
                "per_side": False,
                "points": "4 U/0.1 mL × 5 sites",
                "source": S_JEUVEAU_GL + " (20 U)",
                "flag": LABEL_2,
            },
            {
                "area": "glabella",
                "product": "daxxify",
                "min": "40",
                "max": "40",
                "default": "40",
                "per_side": False,
                "points": "8 U/0.1 mL × 5 sites",
                "source": S_DAXXIFY_GL + " (40 U)",
                "flag": LABEL_2,
                "note": "Daxxify's label forbids converting its units.",
            },
        ],
        contraindications=TOXIN_CONTRAS,
        **TOXIN_INTERVALS,
    ),
    dict(
        slug="forehead-smoothing",
        name="Forehead smoothing",
        modality="toxin",
        goal="Smooth horizontal forehead lines without dropping the brows.",
        description="BOTOX Cosmetic's forehead dose is given together with the glabellar dose (20 U + 20 U = 40 U); "
        "Xeomin's 2024 upper-facial-lines label doses forehead 20 U and glabella 20 U.",
        concerns=["forehead-lines"],
        products=["botox-cosmetic", "xeomin"],
        ranges=[
            {
                "area": "forehead",
                "product": "botox-cosmetic",
                "min": "20",
                "max": "20",
                "default": "20",
                "per_side": False,
                "points": "4 U × 5 frontalis sites",
                "source": S_BOTOX_LABEL + " (forehead lines 20 U)",
                "flag": LABEL_2,
                "note": "Must be given with the glabellar 20 U (40 U in all).",
            },
            {
                "area": "glabella",
                "product": "botox-cosmetic",
                "min": "20",
                "max": "20",
                "default": "20",
                "per_side": False,
                "points": "4 U × 5 sites",
                "source": S_BOTOX_LABEL + " (glabellar 20 U with forehead lines)",
                "flag": LABEL_2,
            },
            {
                "area": "forehead",
                "product": "xeomin",
                "min": "20",
                "max": "20",
                "default": "20",
                "per_side": False,
                "source": S_XEOMIN_UFL + " (FHL 20 U)",
                "flag": LABEL_2,
            },
            {
                "area": "glabella",
                "product": "xeomin",
                "min": "20",
                "max": "20",
                "default": "20",
                "per_side": False,
                "source": S_XEOMIN_UFL + " (GL 20 U)",
                "flag": LABEL_2,
            },
        ],
        contraindications=TOXIN_CONTRAS,
        **TOXIN_INTERVALS,
    ),
    dict(
        slug="crows-feet",
        name="Crow's feet (lateral canthal lines)",
        modality="toxin",
        goal="Soften the lines fanning from the outer corners of the eyes.",
        description="On-label for BOTOX Cosmetic and Xeomin: 24 U in all, 12 U each side.",
        concerns=["crows-feet"],
        products=["botox-cosmetic", "xeomin"],
        ranges=[
            {
                "area": "crows-feet",
                "product": "botox-cosmetic",
                "min": "12",
                "max": "12",
                "default": "12",
                "per_side": True,
                "points": "4 U × 3 sites per side",
                "source": "DERIVED from " + S_BOTOX_LABEL + " (lateral canthal lines 24 U total)",
                "flag": DERIVED,
                "note": "24 U total = 12 U per side (label pattern 4 U × 3 sites per side).",
            },
            {
                "area": "crows-feet",
                "product": "xeomin",
                "min": "12",
                "max": "12",
                "default": "12",
                "per_side": True,
                "source": "DERIVED from " + S_XEOMIN_UFL + " (LCL 24 U total)",
                "flag": DERIVED,
                "note": "24 U total = 12 U per side (an even split: the reference gives the 3-sites-per-side "
                "pattern for BOTOX Cosmetic only).",
            },
        ],
        contraindications=TOXIN_CONTRAS,
        **TOXIN_INTERVALS,
    ),
    dict(
        slug="eyebrow-lift",
        name="Eyebrow lift (chemical brow lift)",
        modality="toxin",
        goal="Lift the tail of the brow by relaxing the brow depressor.",
        description="Off-label. Small doses at the lateral brow tail.",
        concerns=["low-heavy-brows"],
        products=["botox-cosmetic"],
        ranges=[_botox_range("brow", "2", "5", "3", S_BROW + " (2–5 U per brow tail)", REVIEW)],
        contraindications=TOXIN_CONTRAS,
        **TOXIN_INTERVALS,
    ),
    dict(
        slug="jawline-slimming",
        name="Jawline slimming (masseter)",
        modality="toxin",
        goal="Slim a square lower face (masseter hypertrophy); also eases bruxism.",
        description="Off-label. Dose tailored to bulge type and muscle thickness (1–3 sites per side); thickness "
        "fell ~13→9 mm at 3 months in the cited series. Effect often lasts 6–9 months (§2d).",
        concerns=["square-jaw"],
        products=["botox-cosmetic"],
        ranges=[
            _botox_range(
                "masseter",
                "20",
                "40",
                "25",
                S_MASSETER + " (20–40 U per masseter)",
                REVIEW,
                points="1–3 sites per side",
            )
        ],
        contraindications=TOXIN_CONTRAS,
        **{**TOXIN_INTERVALS, "review": 21, "review_source": S_MASSETER_REVIEW, "review_flag": PRACTICE},
    ),
    dict(
        slug="platysma-neck-bands",
        name="Neck bands and Nefertiti lift (platysma)",
        modality="toxin",
        goal="Soften vertical neck bands and sharpen the jawline by relaxing the platysma.",
        description="Platysma bands are on-label for BOTOX Cosmetic (2024); the Nefertiti lift is off-label. Keep "
        "the session ≤40 U to avoid dysphagia or dysphonia (§2f).",
        concerns=["platysmal-bands", "weak-jawline"],
        products=["botox-cosmetic"],
        ranges=[
            {
                "area": "platysma",
                "product": "botox-cosmetic",
                "min": "26",
                "max": "36",
                "default": "26",
                "per_side": False,
                "points": "per band",
                "source": S_BOTOX_PLATYSMA + " (26 / 31 / 36 U)",
                "flag": LABEL_2,
                "note": "26 U: 1 band each side; 31 U: 1 + 2 bands; 36 U: 2 bands each side.",
            },
            _botox_range(
                "nefertiti",
                "15",
                "20",
                "15",
                S_NEFERTITI + " (15–20 U per side, max 20 U per side)",
                REVIEW,
                points="intradermal along the mandibular border",
                note="Max 20 U per side; session ≤40 U. " + BOTOX_UNITS_NOTE,
            ),
        ],
        contraindications=TOXIN_CONTRAS,
        **TOXIN_INTERVALS,
    ),
    dict(
        slug="lip-flip",
        name="Lip flip",
        modality="toxin",
        goal="Show more of the upper lip by relaxing the orbicularis oris.",
        description="Off-label. Effect is shorter than in the upper face (~2 months, §2d PRACTICE).",
        concerns=["thin-lips", "perioral-lines"],
        products=["botox-cosmetic"],
        ranges=[
            _botox_range(
                "perioral",
                "2",
                "4",
                "2",
                S_LIP_FLIP + " (2–4 U)",
                PRACTICE,
                per_side=False,
                note="REVIEW (Benedetto): 1–2 U per site, ≤2 U per site at the first session, "
                "symmetric. " + BOTOX_UNITS_NOTE,
            )
        ],
        # No cold-sores link: §4b's herpes labialis row is about lip FILLER; no reference row covers toxin.
        contraindications=TOXIN_CONTRAS,
        **TOXIN_INTERVALS,
    ),
    dict(
        slug="gummy-smile",
        name="Gummy smile",
        modality="toxin",
        goal="Reduce gum show when smiling.",
        description="Off-label. Under-treat first: risk of a long or frozen upper lip (§2f).",
        concerns=["gummy-smile"],
        products=["botox-cosmetic"],
        ranges=[
            _botox_range(
                "gummy-smile",
                "2",
                "5",
                "2",
                S_GUMMY,
                PRACTICE,
                points="canine fossa–alar junction",
                note="Start at 2 U (Lupo, REVIEW); 5 U per side is a practice figure. " + BOTOX_UNITS_NOTE,
            )
        ],
        contraindications=TOXIN_CONTRAS,
        **TOXIN_INTERVALS,
    ),
    dict(
        slug="mouth-corner-lift",
        name="Mouth corner lift (DAO)",
        modality="toxin",
        goal="Lift downturned mouth corners by relaxing the depressor anguli oris.",
        description="Off-label. A single point per side at the mid-pupillary line × mandibular border landmark.",
        concerns=["downturned-mouth-corners", "marionette-lines"],
        products=["botox-cosmetic"],
        ranges=[
            _botox_range("dao", "2", "3", "2", S_DAO + " (2–3 U at a single point)", REVIEW, points="1 site per side")
        ],
        contraindications=TOXIN_CONTRAS,
        **TOXIN_INTERVALS,
    ),
    dict(
        slug="dimpled-chin",
        name="Dimpled chin (mentalis)",
        modality="toxin",
        goal="Smooth a cobblestone chin by relaxing the mentalis.",
        description="Off-label. Keep the whole chin at or under 16–20 U (§2f).",
        concerns=["dimpled-chin"],
        products=["botox-cosmetic"],
        ranges=[
            _botox_range("mentalis", "4", "8", "4", S_MENTALIS + " (4–8 U per side, ≤16–20 U whole chin)", PRACTICE)
        ],
        contraindications=TOXIN_CONTRAS,
        **TOXIN_INTERVALS,
    ),
    # Filler treatments.
    dict(
        slug="cheek-enhancement",
        name="Cheek enhancement",
        modality="filler",
        goal="Restore midface volume and lift, and balance uneven cheeks.",
        description="On-label for Voluma XC, Restylane Lyft and Restylane Contour. Deep (supraperiosteal) placement.",
        concerns=["sunken-cheeks", "uneven-cheeks"],
        products=["juvederm-voluma-xc", "restylane-lyft", "restylane-contour"],
        ranges=[
            {
                "area": "cheeks",
                "product": None,
                "min": "1",
                "max": "3",
                "default": "1",
                "per_side": True,
                "source": S_CHEEKS + " (1–3 mL per side)",
                "flag": PRACTICE,
                "note": "mL of any eligible filler. Restylane Contour trial mean total 4.3 mL (§3b, TRIAL).",
            }
        ],
        contraindications=FILLER_CONTRAS,
        **FILLER_INTERVALS,
    ),
    dict(
        slug="chin-augmentation",
        name="Chin augmentation",
        modality="filler",
        goal="Bring a recessed chin forward to balance the nose and lips in profile.",
        description="On-label for Voluma XC (chin) and Restylane Defyne (chin retrusion).",
        concerns=["recessed-chin", "weak-jawline"],
        products=["juvederm-voluma-xc", "restylane-defyne"],
        ranges=[
            {
                "area": "chin",
                "product": None,
                "min": "1",
                "max": "3",
                "default": "1.9",
                "per_side": False,
                "source": S_CHIN_ONLY,
                "flag": DERIVED,
                "note": "Total for the chin, any eligible filler. 1.9 mL is the 1.85 mL median rounded to the 0.1 mL "
                "planning step. Chin + jaw together (Volux, young adults) took 4.0 ± 0.8 mL (§3b, Bertossi, TRIAL).",
            }
        ],
        contraindications=FILLER_CONTRAS,
        **FILLER_INTERVALS,
    ),
    dict(
        slug="non-surgical-rhinoplasty",
        name="Non-surgical rhinoplasty",
        modality="filler",
        goal="Camouflage a dorsal hump and refine the nasal profile without surgery.",
        description="Off-label and HIGH-RISK (vascular occlusion, blindness: §4c). HA only, so hyaluronidase can "
        "reverse it; keep an emergency kit with hyaluronidase to hand.",
        concerns=["disproportionate-nose"],
        products=["juvederm-voluma-xc", "restylane-lyft"],
        ranges=[
            {
                "area": "nose",
                "product": None,
                "min": "0.4",
                "max": "1",
                "default": "0.5",
                "per_side": False,
                "source": S_NOSE,
                "flag": PRACTICE,
                "note": "0.4 mL is the case-series mean per treatment (TRIAL); 0.5–1 mL is practice.",
            }
        ],
        contraindications=FILLER_CONTRAS,
        **FILLER_INTERVALS,
    ),
    dict(
        slug="lip-enhancement",
        name="Lip enhancement",
        modality="filler",
        goal="Add lip volume and definition in proportion to the lower face.",
        description="On-label for Volbella XC, Ultra XC and Restylane Kysse. 2–4 mL produces very large lips (§3b).",
        concerns=["thin-lips", "perioral-lines"],
        products=["juvederm-volbella-xc", "juvederm-ultra-xc", "restylane-kysse"],
        ranges=[
            {
                "area": "lips",
                "product": None,
                "min": "0.5",
                "max": "1",
                "default": "0.5",
                "per_side": False,
                "source": S_LIPS + " (0.5–1 mL per session)",
                "flag": PRACTICE,
            }
        ],
        contraindications=LIP_CONTRAS,
        **FILLER_INTERVALS,
    ),
    dict(
        slug="tear-trough",
        name="Tear trough",
        modality="filler",
        goal="Soften under-eye hollows.",
        description="On-label for Volbella XC (2022), which requires completing the manufacturer's training first "
        "(§4c).",
        concerns=["tear-troughs"],
        products=["juvederm-volbella-xc"],
        ranges=[
            {
                "area": "tear-trough",
                "product": None,
                "min": "0.5",
                "max": "1",
                "default": "0.5",
                "per_side": True,
                "source": S_TEAR_TROUGH + " (0.5–1 mL per side)",
                "flag": PRACTICE,
                "note": "Volbella IOH gain ~0.73–0.78 mL per side at 12 months (PMC8520027, TRIAL).",
            }
        ],
        contraindications=FILLER_CONTRAS,
        **FILLER_INTERVALS,
    ),
    dict(
        slug="jawline-contouring",
        name="Jawline contouring",
        modality="filler",
        goal="Define the mandibular border.",
        description="On-label for Juvéderm Volux XC (2022).",
        concerns=["weak-jawline"],
        products=["juvederm-volux-xc"],
        ranges=[
            {
                "area": "jawline",
                "product": "juvederm-volux-xc",
                "min": "3",
                "max": "9",
                "default": "3",
                "per_side": False,
                "source": S_VOLUX_JAW + " (initial usually 6.8 mL, max 9 mL; repeat usually 3 mL)",
                "flag": LABEL_2,
                "note": "Total for the jawline: usually 6.8 mL initially (max 9 mL), 3 mL at repeat.",
            }
        ],
        contraindications=FILLER_CONTRAS,
        **FILLER_INTERVALS,
    ),
    dict(
        slug="nasolabial-folds",
        name="Nasolabial folds",
        modality="filler",
        goal="Soften the smile lines from nose to mouth corners.",
        description="On-label for Juvéderm Ultra XC and Vollure XC, Restylane Lyft and Defyne, RHA, Radiesse and "
        "Sculptra. Dose ranges are sourced for Ultra XC and Vollure XC only; other products have none stored.",
        concerns=["nasolabial-folds"],
        products=[
            "juvederm-ultra-xc",
            "juvederm-vollure-xc",
            "restylane-lyft",
            "restylane-defyne",
            "rha-3",
            "radiesse-plus",
            "sculptra-aesthetic",
        ],
        ranges=[
            {
                "area": "nasolabial-folds",
                "product": "juvederm-ultra-xc",
                "min": "0.7",
                "max": "1.6",
                "default": "0.7",
                "per_side": True,
                "source": S_NLF_ULTRA + " (initial usually 1.6 mL per site; repeat 0.7 mL)",
                "flag": LABEL_2,
                "note": "1.6 mL per fold initially, 0.7 mL at repeat.",
            },
            {
                "area": "nasolabial-folds",
                "product": "juvederm-vollure-xc",
                "min": "0.6",
                "max": "1.7",
                "default": "0.6",
                "per_side": True,
                "source": S_NLF_VOLLURE + " (median 1.7 mL per fold; 0.6 mL repeat)",
                "flag": TRIAL,
                "note": "Median 1.7 mL per fold for initial + touch-up; 0.6 mL at repeat.",
            },
        ],
        contraindications=FILLER_CONTRAS,
        **FILLER_INTERVALS,
    ),
    dict(
        slug="temple-filler",
        name="Temple filler",
        modality="filler",
        goal="Fill temple hollowing so the upper face frames the eyes.",
        description="On-label for Juvéderm Voluma XC (2024).",
        concerns=["temple-hollowing"],
        products=["juvederm-voluma-xc"],
        ranges=[
            {
                "area": "temples",
                "product": None,
                "min": "0.5",
                "max": "2",
                "default": "0.5",
                "per_side": True,
                "source": S_TEMPLES + " (0.5–2 mL per side)",
                "flag": PRACTICE,
            }
        ],
        contraindications=FILLER_CONTRAS,
        **FILLER_INTERVALS,
    ),
]

# --- Standard injection-point patterns of template items (§2a label patterns) ----------------------------------
# The number of sites and the dose at each are the label's (§2a); the positions are drawing coordinates on the
# front diagram (percent of it, like the areas' chart points above: midline x=50, the patient's right at x < 50),
# placed around the area's chart point. They say where the chart draws a point, not where to inject: the
# practitioner moves them to the patient's face. Depth, technique and instrument are left to the practitioner
# (the reference gives none for these patterns).
S_GLABELLA_PATTERN = S_BOTOX_LABEL + " (glabellar lines: 4 U/0.1 mL × 5 sites, 2 per corrugator, 1 procerus)"
S_FOREHEAD_PATTERN = S_BOTOX_LABEL + " (forehead lines: 4 U × 5 frontalis sites)"
S_CANTHAL_PATTERN = S_BOTOX_LABEL + " (lateral canthal lines: 4 U × 3 sites per side)"


def _pattern(source: str, flag: str, dose: str, *points: tuple[float, float, str]) -> dict:
    """A template item's point pattern: every point `dose` (in the item's unit) at (x, y) with a label."""
    return {
        "source": source,
        "flag": flag,
        "points": [{"x": x, "y": y, "dose": dose, "label": label} for x, y, label in points],
    }


GLABELLA_PATTERN = _pattern(  # around the glabella's chart point (50, 31)
    S_GLABELLA_PATTERN,
    LABEL_2,
    "4",
    (39, 24.5, "right corrugator, lateral"),
    (45, 28, "right corrugator, medial"),
    (50, 33, "procerus"),
    (55, 28, "left corrugator, medial"),
    (61, 24.5, "left corrugator, lateral"),
)
FOREHEAD_PATTERN = _pattern(  # across the forehead's chart point (50, 17)
    S_FOREHEAD_PATTERN,
    LABEL_2,
    "4",
    (34, 18, "frontalis, right lateral"),
    (42, 16, "frontalis, right"),
    (50, 15, "frontalis, centre"),
    (58, 16, "frontalis, left"),
    (66, 18, "frontalis, left lateral"),
)
CANTHAL_PATTERN = _pattern(  # beside each eye, around the crow's feet chart point (26, 37) and its mirror
    S_CANTHAL_PATTERN,
    LABEL_2,
    "4",
    (25, 33, "right, upper"),
    (23.5, 37.5, "right, middle"),
    (25, 42, "right, lower"),
    (75, 33, "left, upper"),
    (76.5, 37.5, "left, middle"),
    (75, 42, "left, lower"),
)

# --- Combination templates (toxin in session 1, filler in session 2 two weeks later). Doses are the item's
# total, as on a plan item: an item on both sides carries both sides' dose. An item may carry its standard point
# pattern ("points", above), which applying the template copies onto the plan item. ---------------------------
TEMPLATES = [
    {
        "slug": "cheek-chin-botox-brow-lift",
        "name": "Cheek and Chin Augmentation with Botox Brow Lift",
        "description": "Balances a flat midface and a recessed chin, and opens the eyes with a lifted brow tail. The "
        "brow toxin is given first; cheek and chin filler follow two weeks later, after the toxin review.",
        "concerns": ["recessed-chin", "sunken-cheeks", "low-heavy-brows"],
        "items": [
            {
                "treatment": "eyebrow-lift",
                "area": "brow",
                "product": "botox-cosmetic",
                "dose": "6",  # total for both brow tails: 3 U each, inside §2f's 2-5 U per brow tail
                "side": "both",
                "session": 1,
            },
            {
                "treatment": "cheek-enhancement",
                "area": "cheeks",
                "product": "juvederm-voluma-xc",
                "dose": "2",  # total for both cheeks: 1 mL each, inside §3b's 1-3 mL per side
                "side": "both",
                "session": 2,
            },
            {
                "treatment": "chin-augmentation",
                "area": "chin",
                "product": "juvederm-voluma-xc",
                "dose": "1.9",  # the chin range's default: §3b chin-only median 1.85 mL, to the 0.1 mL step
                "side": "midline",
                "session": 2,
            },
        ],
    },
    {
        "slug": "rhinoplasty-lip-enhancement",
        "name": "Non-Surgical Rhinoplasty with Lip Enhancement",
        "description": "Balances the profile: a smoother nasal dorsum and fuller lips in proportion to it. Both are "
        "hyaluronic-acid fillers, given in one session (the nose is a high-risk area: §4c).",
        "concerns": ["disproportionate-nose", "thin-lips"],
        "items": [
            {
                "treatment": "non-surgical-rhinoplasty",
                "area": "nose",
                "product": "restylane-lyft",
                "dose": "0.5",
                "side": "midline",
                "session": 1,
            },
            {
                "treatment": "lip-enhancement",
                "area": "lips",
                "product": "restylane-kysse",
                "dose": "0.5",
                "side": "midline",
                "session": 1,
            },
        ],
    },
    {
        "slug": "jawline-slimming-cheek-contouring",
        "name": "Jawline Slimming with Cheek Contouring",
        "description": "Turns a square lower face into a softer heart shape: masseter toxin slims the jaw while cheek "
        "filler lifts the midface. Toxin first; cheek filler two weeks later.",
        "concerns": ["square-jaw", "sunken-cheeks", "uneven-cheeks"],
        "items": [
            {
                "treatment": "jawline-slimming",
                "area": "masseter",
                "product": "botox-cosmetic",
                "dose": "50",  # total for both masseters: 25 U each, inside §2f's 20-40 U per masseter
                "side": "both",
                "session": 1,
            },
            {
                "treatment": "cheek-enhancement",
                "area": "cheeks",
                "product": "juvederm-voluma-xc",
                "dose": "2",  # total for both cheeks: 1 mL each, inside §3b's 1-3 mL per side
                "side": "both",
                "session": 2,
            },
        ],
    },
    {
        "slug": "upper-face-lines-botox",
        "name": "Upper Face Lines with Botox",
        # §2a: BOTOX Cosmetic's label doses the three together, 20 U glabellar + 20 U forehead + 24 U lateral
        # canthal = 64 U (FHL + GL + LCL), the forehead always with the glabellar lines.
        "description": "Softens frown lines, forehead lines and crow's feet in one toxin session, the three "
        "upper-face areas the BOTOX Cosmetic label treats together: between the brows, across the forehead and "
        "beside each eye. Each item carries the label's injection-point pattern.",
        "concerns": ["frown-lines", "forehead-lines", "crows-feet"],
        "items": [
            {
                "treatment": "frown-lines",
                "area": "glabella",
                "product": "botox-cosmetic",
                "dose": "20",  # §2a glabellar lines 20 U = 4 U × 5 sites
                "side": "midline",
                "session": 1,
                "points": GLABELLA_PATTERN,
            },
            {
                "treatment": "forehead-smoothing",
                "area": "forehead",
                "product": "botox-cosmetic",
                "dose": "20",  # §2a forehead lines 20 U = 4 U × 5 frontalis sites, with the glabellar 20 U
                "side": "midline",
                "session": 1,
                "points": FOREHEAD_PATTERN,
            },
            {
                "treatment": "crows-feet",
                "area": "crows-feet",
                "product": "botox-cosmetic",
                "dose": "24",  # §2a lateral canthal lines 24 U in all = 4 U × 3 sites per side
                "side": "both",
                "session": 1,
                "points": CANTHAL_PATTERN,
            },
        ],
    },
]
