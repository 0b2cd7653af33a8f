from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("patients/<uuid:code>/export/record.pdf", views.record_pdf, name="record_pdf"),
    path("patients/<uuid:code>/export/record.json", views.record_json, name="record_json"),
]
