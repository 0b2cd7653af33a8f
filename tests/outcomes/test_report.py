"""The clinic's outcomes report: n, mean and median GAIS by rater and % improved, by treatment and product over a
period, as a table and a server-drawn SVG chart."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes import services
from outcomes.models import Rater
from outcomes.stats import Figures, RatedArea, figures, report_rows
from tests.factories import PerformedItemFactory, ProductFactory, TreatmentFactory
from tests.html import soup, table_rows, text

REPORT = reverse("outcomes:report")
CAPTION = (
    "n is the number of areas rated at a review. Mean and median are GAIS scores (lower is better); "
    "a dash means no rating yet."
)


def test_figures_give_n_mean_median_and_the_share_improved():
    assert figures([1, 3, 5]) == Figures(count=3, mean=Decimal("3.0"), median=Decimal("3.0"), improved_percent=67)
    assert figures([2, 5]) == Figures(count=2, mean=Decimal("3.5"), median=Decimal("3.5"), improved_percent=50)
    assert figures([]) == Figures(count=0, mean=None, median=None, improved_percent=None)


def test_report_rows_group_by_treatment_and_product_and_count_each_rater_over_their_own_ratings():
    rows = report_rows(
        [
            RatedArea("Frown lines", "Toxin A", practitioner=1, patient=2),
            RatedArea("Frown lines", "Toxin A", practitioner=3, patient=None),
            RatedArea("Chin", "Filler B", practitioner=None, patient=4),
        ]
    )
    assert [(r.treatment, r.product, r.n) for r in rows] == [("Chin", "Filler B", 1), ("Frown lines", "Toxin A", 2)]
    assert rows[1].practitioner.count == 2 and rows[1].patient.count == 1
    assert rows[0].practitioner.mean is None and rows[0].patient.improved_percent == 0


def _session_at(day: dt.date, *, treatment, product, practitioner_score, patient_score, by):
    item = PerformedItemFactory(
        session__performed_at=timezone.make_aware(dt.datetime.combine(day, dt.time(11, 0))),
        treatment=treatment,
        product=product,
    )
    ratings = [services.RatingInput(area_id=item.area_id, rater=Rater.PRACTITIONER, score=practitioner_score)]
    if patient_score is not None:
        ratings.append(services.RatingInput(area_id=item.area_id, rater=Rater.PATIENT, score=patient_score))
    services.review_save(session=item.session, by=by, ratings=ratings)
    return item


@pytest.fixture
def known(db, practitioner_user):
    """Three rated areas in March 2026 and one in January: the report's figures are worked out by hand below."""
    frown = TreatmentFactory(name="Frown lines")
    chin = TreatmentFactory(name="Chin", modality="filler")
    toxin = ProductFactory(name="Toxin A")
    filler = ProductFactory(name="Filler B", filler=True)
    by = practitioner_user
    _session_at(dt.date(2026, 3, 2), treatment=frown, product=toxin, practitioner_score=1, patient_score=2, by=by)
    _session_at(dt.date(2026, 3, 20), treatment=frown, product=toxin, practitioner_score=3, patient_score=5, by=by)
    _session_at(dt.date(2026, 3, 31), treatment=chin, product=filler, practitioner_score=4, patient_score=None, by=by)
    _session_at(dt.date(2026, 1, 15), treatment=frown, product=toxin, practitioner_score=5, patient_score=5, by=by)


def test_the_report_shows_the_figures_of_the_period_chosen(known, practitioner_client):
    page = soup(practitioner_client.get(REPORT, {"start": "01/03/2026", "end": "31/03/2026"}))
    assert table_rows(page, CAPTION) == [
        ["Chin", "Filler B", "1", "4.0", "4.0", "0% of 1", "–", "–", "–"],
        # practitioner 1 and 3: mean 2.0, median 2.0, both improved; patient 2 and 5: mean 3.5, one of two improved
        ["Frown lines", "Toxin A", "2", "2.0", "2.0", "100% of 2", "3.5", "3.5", "50% of 2"],
    ]


def test_without_dates_the_report_takes_every_session(known, catalogadmin_client):
    page = soup(catalogadmin_client.get(REPORT))
    frown = table_rows(page, CAPTION)[1]
    # practitioner 1, 3, 5: mean 3.0, median 3.0, 2 of 3 improved; patient 2, 5, 5: mean 4.0, median 5.0, 1 of 3
    assert frown == ["Frown lines", "Toxin A", "3", "3.0", "3.0", "67% of 3", "4.0", "5.0", "33% of 3"]


def test_the_chart_is_an_inline_svg_with_a_title_a_description_and_a_bar_per_rater(known, practitioner_client):
    response = practitioner_client.get(REPORT, {"start": "01/03/2026", "end": "31/03/2026"})
    svg = soup(response).select_one("svg[data-testid=outcome-chart]")
    assert svg["role"] == "img" and svg["aria-labelledby"] == "chart-title chart-desc"
    assert text(svg.select_one("title#chart-title")).startswith("Share of areas rated improved")
    assert "The table above gives the same figures" in text(svg.select_one("desc#chart-desc"))
    bars = svg.select("rect.chart-bar-practitioner, rect.chart-bar-patient")
    labels = [text(bar.title) for bar in bars if bar.title]
    assert labels == [
        "Chin · Filler B, practitioner: 0%",
        "Chin · Filler B, patient: no ratings",
        "Frown lines · Toxin A, practitioner: 100%",
        "Frown lines · Toxin A, patient: 50%",
    ]
    widths = [int(bar["width"]) for bar in bars if bar.title]
    assert widths[2] == 2 * widths[3] > 0 and widths[0] == widths[1] == 0
    assert "style=" not in response.content.decode().split("<svg", 1)[1].split("</svg>")[0]


def test_a_period_with_no_ratings_says_so(known, practitioner_client):
    page = soup(practitioner_client.get(REPORT, {"start": "01/06/2026", "end": "30/06/2026"}))
    assert "No outcomes were rated for sessions in this period." in text(page)
    assert page.select_one("svg") is None or page.select_one("svg[data-testid=outcome-chart]") is None


def test_a_date_typed_wrong_or_an_end_before_the_start_is_refused_next_to_the_field(known, practitioner_client):
    from tests.html import field_error, field_value

    response = practitioner_client.get(REPORT, {"start": "31/02/2026", "end": "01/03/2026"})
    assert field_error(response, "start").startswith("Enter a valid date as dd/mm/yyyy")
    assert field_value(response, "start") == "31/02/2026"
    response = practitioner_client.get(REPORT, {"start": "02/03/2026", "end": "01/03/2026"})
    assert field_error(response, "end") == "The end of the period is before its start."
    assert soup(response).select_one("svg[data-testid=outcome-chart]") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "page", "listed"),
    [
        ("practitioner", "planning:plan_list", True),
        ("catalogadmin", "catalog:index", True),
        ("frontdesk", "planning:plan_list", False),
    ],
)
def test_the_report_is_in_the_navigation_for_practitioners_and_catalog_admins_only(role_client, role, page, listed):
    links = [a["href"] for a in soup(role_client(role).get(reverse(page))).select("nav a")]
    assert (REPORT in links) is listed
