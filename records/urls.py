from django.urls import path

from records import views, views_occlusion, views_recall

app_name = "records"

urlpatterns = [
    path("sessions/<uuid:code>/", views.session_detail, name="session_detail"),
    path("sessions/<uuid:code>/occlusion/", views_occlusion.occlusion_start, name="occlusion_start"),
    path("occlusion/<uuid:code>/", views_occlusion.occlusion_case, name="occlusion_case"),
    path("recall/", views_recall.recall, name="recall"),
    path("recall/export.csv", views_recall.recall_csv, name="recall_csv"),
]
