import pytest

from tests.browser.conftest import assert_accessible, assert_no_csp_errors, login, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("username", "visible", "hidden"),
    [
        ("frontdesk", ["Dashboard", "Patients", "Plans", "Catalog"], ["Catalog admin"]),
        ("practitioner", ["Dashboard", "Patients", "Plans", "Catalog"], ["Catalog admin"]),
        ("catalogadmin", ["Catalog", "Catalog admin"], ["Patients", "Dashboard"]),
    ],
)
def test_each_role_signs_in_and_sees_its_navigation(page, users, username, visible, hidden):
    page.goto("/")
    assert "/accounts/login/" in page.url
    assert_accessible(page, "login page")
    login(page, username)
    nav = page.get_by_role("navigation", name="Main navigation")
    for label in visible:
        assert nav.get_by_role("link", name=label, exact=True).count() == 1, label
    for label in hidden:
        assert nav.get_by_role("link", name=label, exact=True).count() == 0, label
    assert page.get_by_test_id("nav-user").inner_text().strip()
    assert_accessible(page, f"{username} start page")
    assert_no_csp_errors(page)
    screenshot(page, f"nav-{username}")


def test_wrong_password_shows_a_clear_message_and_keeps_the_username(page, users):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("frontdesk")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("Please enter a correct username and password").is_visible()
    assert page.get_by_label("Username").input_value() == "frontdesk"
