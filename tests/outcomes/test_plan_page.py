"""The next plan shows last time's outcome beside "last time in this area", read once per page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outcomes import services
from outcomes.models import Rater
from planning.pages import LAST_TIME_NOTES
from tests.factories import ConsultationFactory, PerformedItemFactory, PlanItemFactory, TreatmentPlanFactory
from tests.html import soup, text, text_of

pytestmark = pytest.mark.django_db


def rate(session, by, area, practitioner, patient=None):
    ratings = [services.RatingInput(area_id=area.pk, rater=Rater.PRACTITIONER, score=practitioner)]
    if patient is not None:
        ratings.append(services.RatingInput(area_id=area.pk, rater=Rater.PATIENT, score=patient))
    services.review_save(session=session, by=by, ratings=ratings)


def next_plan(session, practitioner, areas):
    """A new draft plan for the session's patient with an item in each of `areas`."""
    plan = TreatmentPlanFactory(
        consultation=ConsultationFactory(patient=session.patient), practitioner=practitioner, title="Plan B"
    )
    for area in areas:
        PlanItemFactory(plan=plan, area=area)
    return plan


def detail(plan) -> str:
    return reverse("planning:plan_detail", kwargs={"code": plan.code})


def test_outcomes_registers_its_note_for_the_plan_page_once():
    from outcomes.sections import last_time_notes

    assert LAST_TIME_NOTES.count(last_time_notes) == 1


def test_the_next_plan_shows_last_times_outcome_beside_last_time_in_this_area(
    performed_session, practitioner_user, practitioner_client
):
    area = performed_session.items.first().area
    rate(performed_session, practitioner_user, area, practitioner=2, patient=3)
    plan = next_plan(performed_session, practitioner_user, [area])
    page = soup(practitioner_client.get(detail(plan)))
    row = page.select_one("table .area-row")
    day = timezone.localtime(performed_session.performed_at).strftime("%-d %b %Y")
    assert text_of(row, ".last-time").startswith("Last time in this area:")
    assert text_of(row, ".last-time-outcome") == (
        f"Outcome at review ({day} session, GAIS): practitioner 2 (much improved), patient 3 (improved)"
    )
    # The face chart's area list says it too.
    assert f"Outcome at review ({day} session, GAIS)" in text_of(page, ".area-last-outcome")


def test_the_latest_rated_session_in_the_area_gives_the_outcome_and_an_unrated_rater_says_so(
    performed_session, practitioner_user, practitioner_client
):
    area = performed_session.items.first().area
    rate(performed_session, practitioner_user, area, practitioner=4, patient=4)
    later = PerformedItemFactory(
        session__plan=performed_session.plan,
        session__session_number=2,
        session__performed_at=performed_session.performed_at + dt.timedelta(days=30),
        area=area,
    ).session
    rate(later, practitioner_user, area, practitioner=1)
    page = soup(practitioner_client.get(detail(next_plan(performed_session, practitioner_user, [area]))))
    assert text_of(page, "table .area-row .last-time-outcome").endswith(
        "practitioner 1 (very much improved), patient not rated"
    )


def test_the_front_desk_sees_no_outcome_on_the_plan_page(performed_session, practitioner_user, frontdesk_client):
    from planning.models import PlanStatus

    area = performed_session.items.first().area
    rate(performed_session, practitioner_user, area, practitioner=2, patient=2)
    plan = next_plan(performed_session, practitioner_user, [area])
    type(plan).objects.filter(pk=plan.pk).update(status=PlanStatus.PROPOSED)
    page = soup(frontdesk_client.get(detail(plan)))
    assert page.select(".last-time-outcome") == [] and page.select(".area-last-outcome") == []


@pytest.mark.parametrize("rated", [1, 4])
def test_the_outcome_costs_the_plan_page_one_query_whatever_the_number_of_rated_areas(
    performed_session, practitioner_user, practitioner_client, rated
):
    areas = [performed_session.items.first().area]
    areas += [PerformedItemFactory(session=performed_session).area for _ in range(rated - 1)]
    plan = next_plan(performed_session, practitioner_user, areas)
    practitioner_client.get(detail(plan))  # warm the session and permission caches of this client
    with CaptureQueriesContext(connection) as unrated:
        practitioner_client.get(detail(plan))
    for area in areas:
        rate(performed_session, practitioner_user, area, practitioner=2, patient=3)
    with CaptureQueriesContext(connection) as with_outcomes:
        response = practitioner_client.get(detail(plan))
    assert len(soup(response).select("table .last-time-outcome")) == rated
    outcome_queries = [q["sql"] for q in with_outcomes.captured_queries if "outcomes_outcomerating" in q["sql"]]
    assert len(outcome_queries) == 1
    assert len(with_outcomes) == len(unrated)  # the one outcome query was made (and found nothing) before too
    assert [text(n) for n in soup(response).select("table .area-name")] == [
        a.name for a in sorted(areas, key=lambda a: (a.display_order, a.name))
    ]
