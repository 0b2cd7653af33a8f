"""Form submissions the front-desk tests post."""


def patient_post(**overrides) -> dict:
    """A valid registration form submission."""
    data = {
        "given_name": "Amélie",
        "family_name": "Laurent",
        "preferred_name": "Amy",
        "date_of_birth": "03/09/1979",
        "sex": "female",
        "phone": "+44 7700 900456",
        "email": "amelie@example.com",
        "address": "",
        "notes": "",
        "consent_treatment_data": "on",
        "submission_key": "5b0a3c1e-8d7f-4e0b-9a51-0c2b9f8f1a11",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def consultation_post(*, practitioner=None, concerns=(), rows=(), **overrides) -> dict:
    data = {
        "when_date": "2026-12-01",
        "when_time": "10:30",
        "practitioner": practitioner.pk if practitioner else "",
        "status": "booked",
        "concerns": [c.pk for c in concerns],
        "goals": "Softer look",
        "priorities": "",
        "budget": "",
        "screening_notes": "",
        "body_weight_kg": "",
        "previous-TOTAL_FORMS": str(max(len(rows), 1)),
        "previous-INITIAL_FORMS": "0",
        "previous-MIN_NUM_FORMS": "0",
        "previous-MAX_NUM_FORMS": "30",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"previous-{index}-{key}"] = value
    data.update(overrides)
    return data
