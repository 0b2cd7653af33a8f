"""The due dates, as plain functions over what was given (followups/schedule.py): no database."""

import datetime as dt
from types import SimpleNamespace

from followups import schedule

DAY = dt.date(2026, 3, 10)


def given(review=None, repeat=None, months=None, name="t"):
    treatment = SimpleNamespace(review_interval_days=review, repeat_interval_days=repeat, name=name)
    return SimpleNamespace(treatment=treatment, product=SimpleNamespace(typical_duration_months=months), name=name)


def test_add_months_keeps_the_day_or_takes_the_month_end():
    assert schedule.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert schedule.add_months(dt.date(2026, 11, 15), 4) == dt.date(2027, 3, 15)


def test_treatments_reviewed_on_the_same_day_are_one_visit():
    frown, crows = given(review=14, name="frown"), given(review=14, name="crows")
    visits = schedule.reviews([frown, crows], performed_on=DAY)
    assert [(v.due_on, v.items) for v in visits] == [(DAY + dt.timedelta(days=14), (frown, crows))]


def test_a_longer_review_is_its_own_visit():
    frown, masseter = given(review=14), given(review=21)
    visits = schedule.reviews([frown, masseter], performed_on=DAY)
    assert [v.due_on for v in visits] == [DAY + dt.timedelta(days=14), DAY + dt.timedelta(days=21)]


def test_the_practitioners_review_date_moves_the_first_visit_and_gathers_the_ones_before_it():
    frown, masseter, late = given(review=14), given(review=21), given(review=60)
    moved = DAY + dt.timedelta(days=25)
    visits = schedule.reviews([frown, masseter, late], performed_on=DAY, review_on=moved)
    assert [(v.due_on, v.items) for v in visits] == [(moved, (frown, masseter)), (DAY + dt.timedelta(days=60), (late,))]


def test_a_review_date_without_catalog_intervals_reviews_everything_given():
    item = given()
    assert schedule.reviews([item], performed_on=DAY, review_on=DAY + dt.timedelta(days=7))[0].items == (item,)
    assert schedule.reviews([item], performed_on=DAY) == []


def test_repeat_follows_the_products_duration_but_never_before_the_treatments_floor():
    # Botox: 4 months (later than the 90-day floor); a product lasting 2 months: still the 90-day floor.
    assert schedule.repeat_on_for(given(repeat=90, months=4), DAY) == dt.date(2026, 7, 10)
    assert schedule.repeat_on_for(given(repeat=90, months=2), DAY) == DAY + dt.timedelta(days=90)
    # No duration known: the floor; a filler with neither: no repeat visit.
    assert schedule.repeat_on_for(given(repeat=90), DAY) == DAY + dt.timedelta(days=90)
    assert schedule.repeat_on_for(given(months=24), DAY) == dt.date(2028, 3, 10)
    assert schedule.repeat_on_for(given(), DAY) is None


def test_followups_for_lists_reviews_then_repeats():
    visits = schedule.followups_for([given(review=14, repeat=90, months=4)], performed_on=DAY)
    assert [(v.kind, v.due_on) for v in visits] == [
        ("review", DAY + dt.timedelta(days=14)),
        ("repeat", dt.date(2026, 7, 10)),
    ]
