from django.urls import path

from accesslog import views

app_name = "accesslog"

urlpatterns = [
    path("account/sessions/", views.session_list, name="sessions"),
    path("account/sessions/others/end/", views.session_end_others, name="session_end_others"),
    path("account/sessions/status/", views.session_status, name="session_status"),
    path("account/sessions/keep-alive/", views.session_keep_alive, name="session_keep_alive"),
    path("account/sessions/<uuid:code>/end/", views.session_end, name="session_end"),
    path("access-log/patients/<uuid:code>/", views.patient_accesses, name="patient_accesses"),
]
