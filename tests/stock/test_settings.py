"""The stock settings read from the environment: a clinic policy for opened vials, and the low-stock default."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from clinic.settings import env_positive_int


@pytest.mark.parametrize(("typed", "expected"), [("", None), ("  ", None), ("48", 48), (" 72 ", 72)])
def test_the_vial_policy_is_empty_or_a_whole_number_of_hours(monkeypatch, typed, expected):
    monkeypatch.setenv("HARMONY_VIAL_USE_HOURS", typed)
    assert env_positive_int("HARMONY_VIAL_USE_HOURS", None) == expected


def test_an_unset_low_stock_default_is_one_package(monkeypatch):
    monkeypatch.delenv("HARMONY_LOW_STOCK_PACKAGES", raising=False)
    assert env_positive_int("HARMONY_LOW_STOCK_PACKAGES", 1) == 1


@pytest.mark.parametrize("typed", ["0", "-4", "24h", "1.5"])
def test_a_policy_that_is_not_a_whole_number_of_hours_stops_start_up(monkeypatch, typed):
    monkeypatch.setenv("HARMONY_VIAL_USE_HOURS", typed)
    with pytest.raises(ImproperlyConfigured, match="HARMONY_VIAL_USE_HOURS must be a whole number above zero"):
        env_positive_int("HARMONY_VIAL_USE_HOURS", None)


def test_the_project_settings_default_to_the_label_and_one_package(settings):
    # tests/settings.py sets neither variable: the label decides, and one package is the low-stock line.
    assert settings.HARMONY_VIAL_USE_HOURS is None
    assert settings.HARMONY_LOW_STOCK_PACKAGES == 1
