"""Version 1 of the clinic's protocol for a suspected filler vascular occlusion, written from §4c of the clinical
reference (docs/clinical-sources.md). The catalog admin publishes later versions in the Django admin
(records/admin.py); each occlusion record keeps the version it was run with.

The body is plain clinical steps, one a line; every step's rows are cited in the source note, never in the body.
"""

TITLE = "Suspected vascular occlusion after filler"

BODY = "\n".join(
    (
        "Stop injecting at once if you see pain out of proportion or away from the injection site, blanching beyond "
        "the injected area, or dusky or reticular (mottled) discolouration.",
        "Any change in vision, or signs of a stroke, is an emergency: refer the patient at once for emergency eye "
        "care and call emergency services. Do not wait for further rounds of hyaluronidase.",
        "Give hyaluronidase alone, injected into the whole ischaemic area, including the adjacent tissue. The dose "
        "scales with the amount of ischaemic tissue: there is no fixed dose per round.",
        "Reassess every hour: capillary refill, skin colour and pain. Repeat the hyaluronidase hourly until capillary"
        " refill, colour and pain have all returned to normal.",
        "Record each round: the time, capillary refill, skin colour, pain, any visual symptom, and the hyaluronidase "
        "lot and units given.",
        "High-dose protocols can need large totals over several rounds: keep enough hyaluronidase in the emergency "
        "kit for repeated rounds.",
        "When the signs have resolved, or the patient is referred, record the outcome and book a follow-up review.",
    )
)

SOURCE_NOTE = "\n".join(
    (
        "Warning signs, stop injecting: §4c Juvéderm XC / Voluma ISI (drdianemcconnehey.com), LABEL-2°; all current "
        "HA/CaHA labels (Voluma DFU; Kysse IFU; Radiesse IFU): stop injecting if vision change, stroke signs, "
        "blanching, unusual pain, LABEL.",
        "Vision change as an emergency: §4c all HA/CaHA labels (stop for vision change or stroke signs), LABEL; "
        "blindness in 61% of 93 reported vascular-complication cases (Sito et al., JCAD 2019, REVIEW; see also "
        "Chatrath et al., PRS GO 2019, PMC6554164, REVIEW); retrobulbar hyaluronidase for vision loss is unproven "
        "or controversial (CMAC consensus, JCAD 2021, REVIEW), so referral is not delayed for it.",
        "Hyaluronidase alone into the ischaemic tissue, dose scaled to the ischaemic area, no fixed dose per round: "
        "§4c high-dose pulsed hyaluronidase (HDPH), DeLorenzi, ASJ (mosaferian.com/en/?p=1142), REVIEW; case report "
        "of 750 U into the involved and adjacent areas, reperfusion reassessed by capillary refill, blanching and "
        "symptoms (Ugonabo & Levin, JDD 2021;20(3):338), TRIAL (case report).",
        "Hourly reassessment and repetition until capillary refill, skin colour and pain resolve: §4c HDPH, "
        "DeLorenzi, REVIEW; repeated (e.g. hourly) dosing over the ischaemic territory (beautytrainingportal.com; "
        "aestheticsjournal.com CMAC; ACE Group guideline v2.4, PMC6011868; CMAC high-dose guideline JCAD 2021), "
        "REVIEW / PRACTICE.",
        "Emergency kit, enough for repeated high-dose rounds (totals up to ~1500 U cited): §4c vindoctraining.com; "
        "insidemedspa.com, PRACTICE; high-dose protocol totals, REVIEW / PRACTICE.",
        "Outcome and follow-up: §4c informed consent should cover adverse events and their treatment (Heydenrych et "
        "al. 2021, PMC8279269), REVIEW; the follow-up date is the practitioner's choice.",
    )
)

REASSESS_MINUTES = 60
REASSESS_SOURCE = "§4c HDPH (DeLorenzi, ASJ): repeated hourly until resolution, REVIEW"


def seed_protocol(apps, schema_editor=None):
    """Version 1, current, unless a version exists already (a migration's RunPython)."""
    Protocol = apps.get_model("records", "OcclusionProtocol")
    if Protocol.objects.exists():
        return
    Protocol.objects.create(
        version=1,
        title=TITLE,
        body=BODY,
        source_note=SOURCE_NOTE,
        reassess_minutes=REASSESS_MINUTES,
        reassess_source=REASSESS_SOURCE,
        is_current=True,
    )
