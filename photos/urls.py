from django.urls import path

from photos import views

app_name = "photos"

urlpatterns = [
    path("patient/<uuid:code>/", views.gallery, name="gallery"),
    path("patient/<uuid:code>/upload/", views.upload, name="upload"),
    path("patient/<uuid:code>/compare/", views.compare, name="compare"),
    path("<uuid:code>/", views.detail, name="detail"),
    path("<uuid:code>/archive/", views.archive, name="archive"),
    path("file/<uuid:code>/<str:variant>/", views.photo_file, name="file"),
]
