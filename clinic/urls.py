from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clinic import views

admin.site.site_header = "Harmony catalog administration"
admin.site.site_title = "Harmony admin"
admin.site.index_title = "Treatment catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
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
