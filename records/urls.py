from django.urls import path

from records import views

app_name = "records"

urlpatterns = [
    path("sessions/<uuid:code>/", views.session_detail, name="session_detail"),
]
