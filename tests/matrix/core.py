from tests.matrix import LOGIN, Row, staff_page

ROWS = [
    Row("home", staff_page(frontdesk=302, practitioner=302, catalogadmin=302, outsider=200)),
    Row("healthz", staff_page(frontdesk=200, practitioner=200, catalogadmin=200, outsider=200, anonymous=200)),
    Row("login", staff_page(frontdesk=302, practitioner=302, catalogadmin=302, outsider=302, anonymous=200)),
    Row(
        "logout",
        staff_page(frontdesk=302, practitioner=302, catalogadmin=302, outsider=302, anonymous=302),
        method="post",
    ),
    Row("password_reset", staff_page(frontdesk=200, practitioner=200, catalogadmin=200, outsider=200, anonymous=200)),
    Row(
        "password_reset_done",
        staff_page(frontdesk=200, practitioner=200, catalogadmin=200, outsider=200, anonymous=200),
    ),
    Row(
        "password_reset_complete",
        staff_page(frontdesk=200, practitioner=200, catalogadmin=200, outsider=200, anonymous=200),
    ),
    Row("password_change", staff_page(frontdesk=200, practitioner=200, catalogadmin=200, outsider=200)),
    Row("password_change_done", staff_page(frontdesk=200, practitioner=200, catalogadmin=200, outsider=200)),
    Row("patients:dashboard", staff_page()),
    Row("patients:patient_search", staff_page()),
    Row("catalog:index", staff_page(catalogadmin=200)),
    Row("planning:plan_list", staff_page()),
    # The Django admin is the catalog admins' editor; other staff never reach it.
    Row("admin:index", staff_page(frontdesk=302, practitioner=302, catalogadmin=200, outsider=302, anonymous=302)),
]
# Login redirect expectations use LOGIN; re-exported for other matrix modules.
__all__ = ["LOGIN", "ROWS"]

ROWS.append(
    Row(
        "password_reset_confirm",
        staff_page(frontdesk=200, practitioner=200, catalogadmin=200, outsider=200, anonymous=200),
        url=lambda request: __import__("django.urls", fromlist=["reverse"]).reverse(
            "password_reset_confirm", args=["MQ", "not-a-valid-token"]
        ),
    )
)
