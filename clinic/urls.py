from django.contrib import admin
from django.urls import include, path

from clinic import views
from clinic.views import auth

admin.site.site_header = "Harmony catalog administration"
admin.site.site_title = "Harmony admin"
admin.site.index_title = "Treatment catalog"
admin.site.login_form = auth.AdminSignInForm  # an over-long username is a field error, not a 500

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth.login, name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("account/", include("mfa.urls")),  # two-factor sign-in, re-authentication
    path("", include("accesslog.urls")),  # account/sessions/ and access-log/
    path("", include("exports.urls")),  # patients/<code>/export/ (the record as PDF and JSON)
    path("", include("patients.urls")),
    path("photos/", include("photos.urls")),
    path("catalog/", include("catalog.urls")),
    path("plans/", include("planning.urls")),
    path("", include("consents.urls")),  # the plan's patient view (plans/<code>/patient/) and signed consents
    path("stock/", include("stock.urls")),
    path("records/", include("records.urls")),
    path("follow-ups/", include("followups.urls")),
    path("outcomes/", include("outcomes.urls")),
]

handler403 = "clinic.views.core.error_403"
handler404 = "clinic.views.core.error_404"
handler500 = "clinic.views.core.error_500"
