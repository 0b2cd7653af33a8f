"""The review page: both GAIS ratings per area treated, with a note, beside a before/after photo pair; corrections
keep their history; bad scores get a message next to the field."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes import services
from outcomes.models import OutcomeRating, Rater
from outcomes.selectors import photo_pair
from tests.factories import FacialAreaFactory, PerformedItemFactory
from tests.fixtures.photos import store_photo
from tests.html import alerts, field, field_value, soup, table_rows, text, text_of

pytestmark = pytest.mark.django_db


def score_error(page, name: str) -> str:
    """The message next to a GAIS score: its radios sit in a fieldset that points at the message (crispy-forms
    writes it as `error_<n>_id_<name>`); tests.html.field_error expects a single control."""
    page = soup(page)
    group = page.select_one(f"#div_id_{name} fieldset")
    assert group is not None, f"no score group {name}"
    described = page.find(id=group["aria-describedby"])
    return text(described) if described is not None else ""


def review_url(session) -> str:
    return reverse("outcomes:review", kwargs={"code": session.code})


def prefix(session, rater: str) -> str:
    area_id = session.items.first().area_id
    return f"a{area_id}-{rater}"


def both(session, *, practitioner=("2", "Lines much softer"), patient=("3", "Happy, a little more next time")):
    p, q = prefix(session, "practitioner"), prefix(session, "patient")
    return {
        f"{p}-score": practitioner[0],
        f"{p}-note": practitioner[1],
        f"{q}-score": patient[0],
        f"{q}-note": patient[1],
    }


def test_the_practitioner_records_both_ratings_with_a_note_and_who_and_when(
    performed_session, practitioner_client, practitioner_user
):
    before = timezone.now()
    response = practitioner_client.post(review_url(performed_session), both(performed_session))
    assert response.status_code == 302
    ratings = {r.rater: r for r in OutcomeRating.objects.filter(session=performed_session)}
    assert set(ratings) == {Rater.PRACTITIONER, Rater.PATIENT}
    assert (ratings["practitioner"].score, ratings["practitioner"].note) == (2, "Lines much softer")
    assert (ratings["patient"].score, ratings["patient"].note) == (3, "Happy, a little more next time")
    # The patient's rating is entered by staff on the patient's behalf: rated_by is the staff member.
    assert all(r.rated_by == practitioner_user and r.rated_at >= before for r in ratings.values())
    assert all(r.history.count() == 1 and r.history.first().history_user == practitioner_user for r in ratings.values())

    page = soup(practitioner_client.get(response["Location"]))
    assert "2 ratings saved." in alerts(page)
    assert field_value(page, f"{prefix(performed_session, 'practitioner')}-note") == "Lines much softer"
    checked = page.select_one(f"input[name='{prefix(performed_session, 'patient')}-score'][checked]")
    assert checked is not None and checked["value"] == "3"


def test_a_correction_changes_the_rating_and_keeps_the_earlier_one_in_its_history(
    performed_session, practitioner_client, other_practitioner
):
    practitioner_client.post(review_url(performed_session), both(performed_session))
    from tests.conftest import client_for

    client_for(other_practitioner).post(
        review_url(performed_session), both(performed_session, practitioner=("1", "Very much better at 4 weeks"))
    )
    rating = OutcomeRating.objects.get(session=performed_session, rater=Rater.PRACTITIONER)
    assert (rating.score, rating.note, rating.rated_by) == (1, "Very much better at 4 weeks", other_practitioner)
    assert [h.score for h in rating.history.order_by("history_date")] == [2, 1]
    # The patient's rating was sent again unchanged: no new history row for it.
    assert OutcomeRating.objects.get(session=performed_session, rater=Rater.PATIENT).history.count() == 1

    page = soup(practitioner_client.get(review_url(performed_session)))
    earlier = text_of(page, ".outcome-earlier")
    assert "Earlier ratings (1)" in earlier
    assert "Practitioner: 2 · much improved · “Lines much softer”" in earlier


@pytest.mark.parametrize("score", ["7", "0", "abc"])
def test_a_score_outside_the_scale_is_refused_next_to_the_field_and_the_typed_note_is_kept(
    performed_session, practitioner_client, score
):
    data = both(performed_session, practitioner=(score, "Typed note"))
    response = practitioner_client.post(review_url(performed_session), data)
    assert response.status_code == 200
    name = f"{prefix(performed_session, 'practitioner')}-score"
    assert score_error(response, name) == "Choose a score from 1 (very much improved) to 5 (worse)."
    assert field_value(response, f"{prefix(performed_session, 'practitioner')}-note") == "Typed note"
    assert "Some ratings could not be saved: see the messages next to them." in alerts(response)
    assert not OutcomeRating.objects.exists()  # the patient's valid rating waits for the whole page


def test_a_note_without_a_score_asks_for_the_score(performed_session, practitioner_client):
    data = both(performed_session, practitioner=("", "Seen at 2 weeks"))
    response = practitioner_client.post(review_url(performed_session), data)
    assert response.status_code == 200
    assert (
        score_error(response, f"{prefix(performed_session, 'practitioner')}-score")
        == "Choose a score to go with the note."
    )


def test_the_service_refuses_an_area_not_treated_in_the_session_and_saves_nothing(performed_session, practitioner_user):
    treated = performed_session.items.first().area_id
    other = FacialAreaFactory()
    with pytest.raises(services.ReviewErrors) as caught:
        services.review_save(
            session=performed_session,
            by=practitioner_user,
            ratings=[
                services.RatingInput(area_id=treated, rater=Rater.PRACTITIONER, score=2),
                services.RatingInput(area_id=other.pk, rater=Rater.PRACTITIONER, score=2),
            ],
        )
    assert set(caught.value.by_key) == {(other.pk, Rater.PRACTITIONER)}
    assert not OutcomeRating.objects.exists()


def test_the_service_refuses_a_score_of_six(performed_session, practitioner_user):
    treated = performed_session.items.first().area_id
    with pytest.raises(services.ReviewErrors) as caught:
        services.review_save(
            session=performed_session,
            by=practitioner_user,
            ratings=[services.RatingInput(area_id=treated, rater=Rater.PATIENT, score=6)],
        )
    [error] = caught.value.by_key.values()
    assert "score" in error.message_dict


def test_every_area_treated_in_the_session_is_rated_once_even_with_two_items_there(
    performed_session, practitioner_client
):
    item = performed_session.items.first()
    PerformedItemFactory(session=performed_session, area=item.area)  # a second product in the same area
    second = PerformedItemFactory(session=performed_session)  # another area
    page = soup(practitioner_client.get(review_url(performed_session)))
    areas = [text(legend).split(" ·")[0] for legend in page.select("fieldset.outcome-area > legend")]
    assert sorted(areas) == sorted([item.area.name, second.area.name])


# --- the photo pair --------------------------------------------------------------------------------------------


@pytest.fixture
def photographed(performed_session, frontdesk_user, private_media):
    """The session's patient with photos around the session's day: front and left profile, before and after, plus a
    later progress photo and an archived after photo of the front."""
    type(performed_session).objects.filter(pk=performed_session.pk).update(
        performed_at=timezone.now() - dt.timedelta(days=30)  # the review is a few weeks later: today
    )
    performed_session.refresh_from_db()
    patient = performed_session.patient
    patient.consent_photos_clinical = True
    patient.save()
    on = timezone.localtime(performed_session.performed_at).date()
    made = {}
    for key, view, stage, days in [
        ("old_front_before", "front", "before", -60),
        ("front_before", "front", "before", 0),
        ("front_after", "front", "after", 14),
        ("front_progress", "front", "progress", 21),
        ("earlier_after", "front", "after", -2),  # the "after" of an earlier treatment,
        ("profile_before", "left_profile", "before", -1),
        ("profile_after", "left_profile", "after", 14),
        ("oblique_after", "left_oblique", "after", 14),  # no before of this view
    ]:
        made[key] = store_photo(
            patient=patient,
            by=frontdesk_user,
            view=view,
            stage=stage,
            taken_on=on + dt.timedelta(days=days),
            color=(100 + 10 * len(made), 120, 140),  # each file different: the same bytes twice are refused
        )
    archived = store_photo(
        patient=patient,
        by=frontdesk_user,
        view="front",
        stage="after",
        taken_on=on + dt.timedelta(days=20),
        color=(10, 200, 10),
    )
    archived.is_archived = True
    archived.save()
    return made


def test_the_photo_pair_is_the_latest_before_and_after_of_one_view_never_a_progress_or_other_angle(
    performed_session, photographed
):
    pair = photo_pair(session=performed_session)
    assert (pair.before, pair.after) == (photographed["front_before"], photographed["front_after"])
    assert (pair.before.view, pair.before.stage, pair.after.view, pair.after.stage) == (
        "front",
        "before",
        "front",
        "after",
    )
    assert [v for v, _ in pair.views] == ["front", "left_profile"]  # the oblique has no "before"

    profile = photo_pair(session=performed_session, view="left_profile")
    assert (profile.before, profile.after) == (photographed["profile_before"], photographed["profile_after"])
    # A view without both falls back to the first that has both.
    assert photo_pair(session=performed_session, view="left_oblique").view == "front"


def test_the_review_page_shows_the_pair_side_by_side_through_the_permission_checked_file_view(
    performed_session, photographed, practitioner_client
):
    page = soup(practitioner_client.get(review_url(performed_session) + "?view=left_profile"))
    images = page.select("[data-testid=photo-pair] img")
    assert [img["src"] for img in images] == [
        reverse("photos:file", args=[photographed["profile_before"].code, "image"]),
        reverse("photos:file", args=[photographed["profile_after"].code, "image"]),
    ]
    assert [img["alt"].split(",")[1].strip() for img in images] == ["before", "after"]
    assert field(page, "view").name == "select"


def test_the_review_page_says_so_when_there_is_no_pair(performed_session, practitioner_client):
    page = soup(practitioner_client.get(review_url(performed_session)))
    assert "No before and after photos of the same view yet" in text_of(page, "#photos-heading + p")


# --- where the review is reached from ----------------------------------------------------------------------------


def test_the_session_record_page_shows_the_outcome_and_links_to_the_review(performed_session, practitioner_client):
    practitioner_client.post(review_url(performed_session), both(performed_session, patient=("", "")))
    page = soup(practitioner_client.get(reverse("records:session_detail", kwargs={"code": performed_session.code})))
    section = page.select_one("[data-testid=session-outcome]")
    assert section.select_one(f"a[href='{review_url(performed_session)}']") is not None
    [row] = table_rows(section, "GAIS ratings at review, by area")
    assert row[1:] == ["2 · much improved Lines much softer", "Not rated yet"]


def test_the_patient_page_lists_the_sessions_with_how_far_their_outcome_is_rated(
    performed_session, practitioner_client, frontdesk_client
):
    practitioner_client.post(review_url(performed_session), both(performed_session))
    url = reverse("patients:patient_detail", kwargs={"code": performed_session.patient.code})
    page = soup(practitioner_client.get(url))
    [row] = table_rows(page, "Sessions performed and how far their outcome is rated")
    assert row[2] == "1 of 1 area"
    assert page.select_one(f"[data-testid=patient-outcomes] a[href='{review_url(performed_session)}']") is not None
    # Outcomes are clinical: the front desk sees no such section.
    assert soup(frontdesk_client.get(url)).select_one("[data-testid=patient-outcomes]") is None


def test_the_front_desk_may_not_open_the_review(performed_session, frontdesk_client):
    assert frontdesk_client.get(review_url(performed_session)).status_code == 403
    assert frontdesk_client.post(review_url(performed_session), both(performed_session)).status_code == 403
    assert not OutcomeRating.objects.exists()
