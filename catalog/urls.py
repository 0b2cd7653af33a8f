from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.index, name="index"),
    path("treatments/<slug:slug>/", views.treatment_detail, name="treatment_detail"),
    path("areas/<slug:slug>/", views.area_detail, name="area_detail"),
    path("concerns/<slug:slug>/", views.concern_detail, name="concern_detail"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<slug:slug>/", views.template_detail, name="template_detail"),
    path("products/", views.product_list, name="product_list"),
]
