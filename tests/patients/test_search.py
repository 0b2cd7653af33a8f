"""Patient search: accents, case and partial names don't matter; dates of birth and phones work; POST only."""

from datetime import date

import pytest
from django.urls import reverse

from patients.models import Patient
from patients.selectors import parse_search_query, search_patients
from tests.factories import PatientFactory
from tests.html import field_error, field_value, hrefs, one, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(frontdesk_user):
    rows = [
        ("Zoë", "Martin", date(1988, 4, 12), "+44 7700 900123"),
        ("Amélie", "Laurent", date(1979, 9, 3), "+44 7700 900456"),
        ("Marcus", "O'Brien", date(1983, 1, 27), "07700 900789"),
        ("Sofía", "Núñez", date(1995, 6, 18), ""),
        ("Martina", "Zoellner", date(1990, 1, 1), ""),
    ]
    return {
        given: PatientFactory(given_name=given, family_name=family, date_of_birth=dob, phone=phone)
        for given, family, dob, phone in rows
    }


def _names(query, user, **kwargs):
    _, rows, _ = search_patients(user=user, query=query, **kwargs)
    return [p.given_name for p in rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zoe", ["Zoë", "Martina"]),  # Zoë Martin, and Martina Zoellner (zoe-llner)
        ("ZOË", ["Zoë", "Martina"]),
        ("zoe mart", ["Zoë", "Martina"]),
        ("zoe martin", ["Zoë", "Martina"]),
        ("mart", ["Zoë", "Martina"]),
        ("martin zoë", ["Zoë", "Martina"]),
        ("amelie", ["Amélie"]),
        ("AMÉLIE laur", ["Amélie"]),
        ("nunez", ["Sofía"]),
        ("núñez sof", ["Sofía"]),
        ("o'brien", ["Marcus"]),
        ("obrien", ["Marcus"]),  # people type names without the apostrophe
        ("O\u2019Brien", ["Marcus"]),  # a phone keyboard's curly apostrophe
        ("laurent zoe", []),
    ],
)
def test_name_search_ignores_accents_case_and_word_order_and_accepts_fragments(people, frontdesk_user, query, expected):
    assert sorted(_names(query, frontdesk_user)) == sorted(expected)


def test_name_results_are_ordered_by_last_then_first_name(people, frontdesk_user):
    assert _names("mart", frontdesk_user) == ["Zoë", "Martina"]  # Martin before Zoellner


@pytest.mark.parametrize("query", ["12/04/1988", "1988-04-12", "12-04-1988", "12.04.1988", " 12/04/1988 "])
def test_date_of_birth_search_accepts_day_first_and_iso_dates(people, frontdesk_user, query):
    assert _names(query, frontdesk_user) == ["Zoë"]


@pytest.mark.parametrize("query", ["07700 900123", "+44 7700 900123", "900123", "7700900123", "(07700) 900-123"])
def test_phone_search_matches_digits_whatever_the_spacing_or_prefix(people, frontdesk_user, query):
    assert _names(query, frontdesk_user) == ["Zoë"]


def test_phone_saved_in_local_form_is_found_by_its_local_digits(people, frontdesk_user):
    assert _names("07700 900789", frontdesk_user) == ["Marcus"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("z", "at least 2 letters"),
        ("12", "at least 4 digits"),
        ("31/02/1990", "not a real date"),
        ("x" * 101, "at most 100"),
    ],
)
def test_unusable_queries_explain_themselves(query, message):
    parsed = parse_search_query(query)
    assert parsed.kind == ""
    assert message in parsed.message


def test_archived_patients_are_hidden_unless_asked_for(people, frontdesk_user):
    people["Zoë"].is_archived = True
    people["Zoë"].save()
    assert _names("zoe", frontdesk_user) == ["Martina"]
    assert sorted(_names("zoe", frontdesk_user, include_archived=True)) == ["Martina", "Zoë"]


def test_results_are_capped_and_say_there_are_more(frontdesk_user):
    Patient.objects.bulk_create(
        Patient(given_name=f"Ann{i}", family_name="Smith", date_of_birth=date(1980, 1, 1), search_text=f"ann{i} smith")
        for i in range(55)
    )
    _, rows, more = search_patients(user=frontdesk_user, query="smith")
    assert len(rows) == 50
    assert more


# --- The page -------------------------------------------------------------------------------------------------


def test_search_runs_by_post_and_the_query_never_appears_in_a_url(people, frontdesk_client):
    response = frontdesk_client.post(reverse("patients:patient_search"), {"q": "zoe"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Martin, Zoë" in html
    assert "?q=" not in html
    assert 'method="post"' in html
    assert response.request["PATH_INFO"] == "/patients/"
    assert response.request.get("QUERY_STRING", "") == ""


def test_a_get_with_a_query_string_searches_nothing(people, frontdesk_client):
    response = frontdesk_client.get(reverse("patients:patient_search"), {"q": "zoe"})
    assert "Martin, Zoë" not in response.content.decode()


def test_htmx_search_returns_only_the_results_fragment(people, frontdesk_client):
    response = frontdesk_client.post(reverse("patients:patient_search"), {"q": "amelie"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Laurent, Amélie" in html
    assert "<html" not in html
    assert "<h1" not in html


def test_htmx_search_with_an_unusable_query_shows_the_reason(frontdesk_client):
    response = frontdesk_client.post(reverse("patients:patient_search"), {"q": "z"}, HTTP_HX_REQUEST="true")
    assert "at least 2 letters" in response.content.decode()


def test_without_javascript_an_unusable_query_is_explained_next_to_the_field(frontdesk_client):
    response = frontdesk_client.post(reverse("patients:patient_search"), {"q": "31/02/1990"})
    assert "not a real date" in field_error(response, "q")
    assert field_value(response, "q") == "31/02/1990"


def test_no_match_offers_to_register_a_new_patient(frontdesk_client):
    results = one(frontdesk_client.post(reverse("patients:patient_search"), {"q": "nobody"}), "#search-results")
    assert text_of(results, "h2") == "No patient found"
    assert reverse("patients:patient_create") in hrefs(results)  # the offer to register, not the header's button


def test_search_results_take_a_fixed_number_of_queries(frontdesk_client, django_assert_num_queries, frontdesk_user):
    def run():
        return frontdesk_client.post(reverse("patients:patient_search"), {"q": "smith"}, HTTP_HX_REQUEST="true")

    PatientFactory(given_name="A", family_name="Smith", date_of_birth=date(1980, 1, 1))
    run()  # warm the session and permission caches
    # session, user, permissions (user + group), the search, the role names of the navigation context
    with django_assert_num_queries(6):
        run()
    for i in range(30):
        PatientFactory(given_name=f"A{i}", family_name="Smith", date_of_birth=date(1980, 1, 1))
    with django_assert_num_queries(6):
        assert run().content.decode().count("Smith,") == 31


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "index"), [("zoe mart", "clinic_patient_search_trgm"), ("900123", "clinic_patient_phone_trgm")]
)
def test_postgresql_serves_name_and_phone_fragments_from_the_trigram_indexes(patient, query, index):
    from django.db import connection

    from patients.selectors import search_queryset

    qs = search_queryset(parse_search_query(query))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny test table would otherwise be scanned
    plan = qs.explain()
    assert index in plan, plan
