from django.urls import path

from clinic.views import records

app_name = "clinic"

urlpatterns = [
    path("dashboard/", records.dashboard, name="dashboard"),
    path("patients/", records.patient_search, name="patient_search"),
]
