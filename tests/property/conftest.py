"""Hypothesis settings for the generated hostile-input tests, and the figures they report at the end of the run.

Profiles (HYPOTHESIS_PROFILE=...):
- "harmony" (the default): 200 examples per form, the same examples every run (derandomised, so a CI failure is
  reproducible), no deadline (a page renders in tens of milliseconds, more on a busy machine), no example database
  written into the working tree.
- "harmony-explore": 1000 fresh random examples per form, for a longer hunt by hand.
"""

import os

from hypothesis import HealthCheck, settings

COMMON = {
    "deadline": None,
    "database": None,
    # The fixtures (users, catalog, patient, plan ...) are built once per test; every example runs in a savepoint
    # that is rolled back, so what one example writes never reaches the next (tests/property/test_forms.py).
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
    "print_blob": True,
}
settings.register_profile("harmony", max_examples=200, derandomize=True, **COMMON)
settings.register_profile("harmony-explore", max_examples=1000, **COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "harmony"))

FIGURES: dict[str, dict[str, int]] = {}


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("generated hostile input: examples per form and what the app answered")
    total = 0
    for label, counts in sorted(FIGURES.items()):
        examples = sum(counts.values())
        total += examples
        detail = ", ".join(f"{verdict} {n}" for verdict, n in sorted(counts.items()))
        terminalreporter.write_line(f"{label:48} {examples:5}  ({detail})")
    terminalreporter.write_line(f"{len(FIGURES)} forms and endpoints, {total} examples")
