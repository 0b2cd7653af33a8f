from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("sessions/<uuid:code>/", views.review, name="review"),
    path("report/", views.report, name="report"),
]
