from django.urls import path

from patients.views import consultations, dashboard, patients, timeline

app_name = "patients"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("patients/", patients.patient_search, name="patient_search"),
    path("patients/new/", patients.patient_create, name="patient_create"),
    path("patients/<uuid:code>/", patients.patient_detail, name="patient_detail"),
    path("patients/<uuid:code>/edit/", patients.patient_edit, name="patient_edit"),
    path("patients/<uuid:code>/timeline/", timeline.patient_timeline, name="patient_timeline"),
    path("patients/<uuid:code>/archive/", patients.patient_archive, name="patient_archive"),
    path("patients/<uuid:code>/consultations/new/", consultations.consultation_create, name="consultation_create"),
    path("consultations/<uuid:code>/", consultations.consultation_detail, name="consultation_detail"),
    path("consultations/<uuid:code>/edit/", consultations.consultation_edit, name="consultation_edit"),
    path("consultations/<uuid:code>/status/", consultations.consultation_status, name="consultation_status"),
    path(
        "consultations/previous-treatment-row/",
        consultations.previous_treatment_row,
        name="previous_treatment_row",
    ),
]
