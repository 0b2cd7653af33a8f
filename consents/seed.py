"""Version 1 of each consent text (toxin, filler, photos), in plain words for the patient.

Each text's source note, for the clinic only, says where its facts come from: the rows of the clinical reference
(docs/clinical-sources.md lists the same rows for the catalog) with their evidence flags, and GK for what the
reference does not hold. No number is given to the patient that the reference does not give. A clinic reviews
these words before use and publishes its own versions in the admin.

`seed_texts` creates version 1 of a kind that has no text at all, and leaves every other kind alone. The migration
consents/0003 calls it, and so does post_migrate (ConsentsConfig.ready): a test runner that flushes the tables
after a transactional test gets the texts back, as the roles come back (clinic/apps.py).
"""

# ruff: noqa: E501  (the texts are written a paragraph a line, as the patient reads them)

TOXIN_BODY = """Botulinum toxin is a medicine injected in small amounts into chosen muscles of the face. It relaxes those muscles for a while, which softens the lines they make when you frown, raise your eyebrows or smile.

What to expect
The effect is not immediate. It starts within a few days and is at its strongest after one to four weeks. It usually lasts about three to four months; then the muscles work again, the lines come back, and the treatment can be repeated, no more often than every three months. We see you again about two weeks after the treatment to check the result.

Common effects
Bruising, redness, slight swelling or tenderness where the needle went in, and headache. These are usually mild and pass within days.

Rare effects
An eyelid or an eyebrow can droop if the medicine reaches a muscle next to the one treated. This is temporary: it wears off as the treatment does. Very rarely the medicine spreads further: contact the clinic at once, or call the emergency services, if you have any difficulty swallowing, speaking or breathing.

Before your treatment, please tell us
If you are pregnant or breastfeeding; if you have a muscle or nerve condition (such as myasthenia gravis), difficulty swallowing or breathing, or a heart condition; if you have an infection where the injections would go; if you have ever reacted to a botulinum toxin treatment, or have an allergy (including to cow's milk protein or albumin); and which medicines you take, especially antibiotics given by injection and muscle relaxants.

By signing, I confirm that
- I have read this information and the plan it is given for.
- My practitioner has explained the treatment, what it can and cannot do, its risks, and the alternatives, including having no treatment.
- I have been able to ask questions, and I am satisfied with the answers.
- I have told the clinic about my health and my medicines as fully as I can.
- I understand that results differ from person to person and cannot be guaranteed.
- I consent to botulinum toxin treatment as planned, and I know I can change my mind at any time before it is given."""

TOXIN_SOURCES = """Where the facts of this text come from (clinical reference rows; flags as in docs/clinical-sources.md):
- What the treatment does (relaxes the injected muscles, softens the lines they make): GK, the description of the treatment's indication, as in the catalog's treatments.
- Starts within a few days, strongest after one to four weeks, lasts about three to four months: §2d Onset and duration, BoNT-A upper face (up to ~2 days; peak 1 week – 1 month; ~3–4 months), StatPearls "Botulinum Toxin Treatment of the Upper Face", REVIEW. Masseter and other off-label areas last longer (§2d), which "usually" covers.
- Repeated no more often than every three months: §2c / §5 Toxin re-treatment floor ≥90 days, labels, LABEL-2°.
- Review about two weeks after: §5 Toxin review / touch-up ~2 weeks, PRACTICE (as the catalog's toxin aftercare).
- Bruising, redness, swelling, tenderness and headache as common effects: GK — the reference lists no adverse-event frequencies for toxins; check against the product's patient leaflet.
- Eyelid or brow drooping: §4a Glabella technique (avoid levator palpebrae; stay ≥1 cm above the central brow: ptosis), BOTOX Cosmetic, LABEL-2°. That it is temporary and wears off with the treatment: derived from §2d duration (the effect is the toxin's own), GK.
- Spread of effect, difficulty swallowing, speaking or breathing: §4a Neuromuscular disorders and Pre-existing dysphagia/breathing difficulty warnings, LABEL-2° (as the catalog's toxin aftercare, catalog/seed.py TOXIN_AFTERCARE).
- What to tell us: §4a Pregnancy (LABEL-2° / PRACTICE), Lactation (LABEL-2°), Neuromuscular disorders, dysphagia, breathing, cardiovascular disease (LABEL-2°), Infection at the injection site (LABEL-2°), Hypersensitivity to any BoNT (LABEL-2°), Cow's milk protein allergy (Dysport; REVIEW / LABEL-2°), Human albumin excipient (LABEL-2°), Aminoglycosides and muscle relaxants (LABEL-2°).
- The consent statements (explained, alternatives including no treatment, questions answered, no guarantee, may withdraw): GK, the general elements of informed consent; not from the reference.
No number is given that the reference does not give."""

FILLER_BODY = """A dermal filler is a gel injected under the skin to restore volume or shape, for example in the cheeks, the chin or the lips. Most fillers we use are made of hyaluronic acid, a substance found naturally in the skin. The body slowly absorbs it, so the result fades with time, usually over about 6 to 18 months depending on the product and the area.

Common effects
Bruising, swelling, redness and tenderness where the filler went in are common and usually settle within days. Bruising is more likely if you take medicines or supplements that thin the blood. You may feel small lumps or some unevenness: tell us at your review, as most can be treated.

Infection
As with any injection, there is a small risk of infection. Contact the clinic if the treated area becomes more and more red, hot, painful or swollen, or if you feel unwell: an infection needs treatment.

Rare but serious: a blocked blood vessel
Rarely, filler can enter or press on a blood vessel and block the blood flow (a vascular occlusion). This can damage the skin, which may then scar. Very rarely it affects the eye and causes loss of sight (blindness), which may be permanent. The risk is higher in some areas, such as between the eyebrows and the nose.
The warning signs are severe or unusual pain, skin that turns white, or dusky and mottled, near the treated area, and any change in your vision. This is an emergency and is treated straight away. For hyaluronic-acid fillers the treatment is an enzyme, hyaluronidase, injected into the area to dissolve the filler, and repeated until the blood flow returns. The clinic keeps it at hand whenever fillers are given.
If any warning sign appears after you have left, contact the clinic at once, or go to the nearest emergency department and say you have had a filler treatment.

After your treatment
For 24 hours avoid strenuous exercise, intense sun or heat, and alcohol; no make-up for 12 hours.

Before your treatment, please tell us
If you are pregnant or breastfeeding; if you have ever had a severe allergic reaction, or have an allergy to lidocaine or other local anaesthetics (many fillers contain it); if you have a bleeding disorder or take medicines or supplements that thin the blood (such as aspirin, anti-inflammatory painkillers, warfarin, St John's wort or high-dose vitamin E); if you have an autoimmune condition, take medicines that lower your immunity, or tend to form raised scars; if you get cold sores (for treatment of the lips); if you have had dental work or a vaccination in the last two weeks; or if you have a skin infection, inflammation or a rash where the injections would go.

By signing, I confirm that
- I have read this information and the plan it is given for.
- My practitioner has explained the treatment, what it can and cannot do, its risks and how they are treated, and the alternatives, including having no treatment.
- I have been able to ask questions, and I am satisfied with the answers.
- I have told the clinic about my health and my medicines as fully as I can.
- I know the warning signs of a blocked blood vessel and what to do if they appear.
- I understand that results differ from person to person and cannot be guaranteed.
- I consent to dermal filler treatment as planned, and I know I can change my mind at any time before it is given."""

FILLER_SOURCES = """Where the facts of this text come from (clinical reference rows; flags as in docs/clinical-sources.md):
- That the consent covers adverse events and their treatment (vascular complications, blindness): §4c, 10-point plan, Heydenrych et al. 2021 (PMC8279269), REVIEW. This text follows it: each adverse event below is given with what is done about it.
- Hyaluronic acid absorbed over about 6 to 18 months: §5 Filler maintenance, HA resorbs over ~6–18 months, Wysong review, REVIEW (product durations in §5 vary; "usually" and "depending on the product" cover them).
- Bruising and swelling, more with blood thinners: §4b Antiplatelets/anticoagulants (more bruising/bleeding), oncologynurseadvisor Juvéderm Ultra; medsayfa.com Lyft IFU, LABEL-2° (as the catalog's filler downtime, catalog/seed.py FILLER_DOWNTIME). Redness and tenderness, and that they settle within days: GK.
- Lumps or unevenness, and that most can be treated: GK — the reference has no row on nodules or their treatment.
- Infection: §4b Immunosuppressive therapy (infection risk), LABEL-2°, and Active inflammation or infection at site (defer), LABEL-2°. The warning signs of an infection and that it needs treatment: GK.
- Blocked blood vessel, skin damage, blindness, higher risk between the eyebrows and in the nose: §4c Juvéderm XC / Voluma ISI (glabella and nose: embolisation, occlusion, ischaemia/infarction, blindness), LABEL-2°; nose as a frequent cause, aestheticnursing.co.uk citing Sito 2019, REVIEW. "May be permanent": §4c Sito et al. JCAD 2019 (93 cases: blindness 61%, 72% no improvement), REVIEW. "Rarely": §4c incidence as low as ~0.001% (Faulkner 2022, REVIEW); the number itself is not given to the patient. That skin damage may scar: GK (from ischaemia/infarction in the label row).
- Warning signs (unusual pain, white or dusky, mottled skin, change in vision): §4c Juvéderm ISI, LABEL-2°, and all current HA/CaHA labels (vision change, blanching, unusual pain), LABEL.
- Treated straight away with hyaluronidase, injected into the area and repeated until the blood flow returns: §4c high-dose pulsed hyaluronidase (DeLorenzi, REVIEW; repeated hourly until capillary refill, colour and no pain); for HA fillers only (Chatrath et al. 2019: HA cases did better owing to hyaluronidase, REVIEW). Kept at hand: §4c emergency kit with hyaluronidase, PRACTICE.
- What to do after leaving (contact the clinic, emergency department): GK, as the catalog's filler aftercare.
- After your treatment (24 hours no strenuous exercise, sun or heat, alcohol; no make-up for 12 hours): §5 Post-filler advice, oncologynurseadvisor Volux, LABEL-2° (catalog/seed.py FILLER_AFTERCARE).
- What to tell us: §4b Severe allergy/anaphylaxis (LABEL), Lidocaine allergy (LABEL), Bleeding disorders (LABEL / LABEL-2°), Antiplatelets/anticoagulants (LABEL-2°), Autoimmune disease (REVIEW abstract / PRACTICE), Immunosuppressive therapy (LABEL-2°), Keloid/hypertrophic scarring (LABEL / LABEL-2°), Herpes labialis (PRACTICE / REVIEW), Recent dental work or vaccination ≈2 weeks (PRACTICE), Active inflammation or infection (LABEL-2°), Pregnancy/breastfeeding (LABEL-2°).
- The consent statements: GK, the general elements of informed consent, with the §4c 10-point-plan row for adverse events and their treatment.
No number is given that the reference does not give."""

PHOTOS_BODY = """Photos of your face before, during and after treatment help your practitioner plan it and see how it worked. They are part of your medical record.

How your photos are kept
Your photos are stored privately and securely. Only the clinic's staff who look after you can see them.
They are never shown outside the clinic, on a website, on social media or in advertising, unless you give your separate permission for that, which you are free to refuse.

Your choice
You do not have to agree to photos to have your treatment. You can withdraw your consent at any time by telling the clinic; photos already taken stay in your medical record.

By signing, I agree that the clinic may take photos of my face before, during and after my treatment, for my medical record, as described above."""

PHOTOS_SOURCES = """Not from the clinical reference: this text describes how Harmony handles clinical photos (the photos app: photos stored under private storage and served only after a permission check to clinic staff; marketing use needs its own, separate consent, off unless given; nothing is deleted, records are archived). Review it against the clinic's own data-protection policy before use."""

TEXTS = [
    ("toxin", "Your consent to botulinum toxin treatment", TOXIN_BODY, TOXIN_SOURCES),
    ("filler", "Your consent to dermal filler treatment", FILLER_BODY, FILLER_SOURCES),
    ("photos", "Your consent to clinical photos", PHOTOS_BODY, PHOTOS_SOURCES),
]


def seed_texts(apps=None, schema_editor=None) -> int:
    """Create version 1 of each kind that has no text yet; return how many were created."""
    if apps is None:
        from django.apps import apps
    try:
        ConsentText = apps.get_model("consents", "ConsentText")
    except LookupError:  # consents is not migrated yet
        return 0
    created = 0
    for kind, title, body, sources in TEXTS:
        if not ConsentText.objects.filter(kind=kind).exists():
            ConsentText.objects.create(
                kind=kind, version=1, title=title, body=body, source_note=sources, is_current=True
            )
            created += 1
    return created
