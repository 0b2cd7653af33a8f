from django.urls import path

from consents import views

app_name = "consents"

urlpatterns = [
    path("plans/<uuid:code>/patient/", views.patient_view, name="patient_view"),
    path("plans/<uuid:code>/patient/sign/<slug:what>/", views.sign, name="sign"),
    path("consents/<uuid:code>/", views.signed_detail, name="signed_detail"),
    path("consents/<uuid:code>/pdf/", views.signed_pdf, name="signed_pdf"),
]
