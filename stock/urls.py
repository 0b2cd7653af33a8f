from django.urls import path

from stock import views

app_name = "stock"

urlpatterns = [
    path("", views.stock_index, name="index"),
    path("receive/", views.lot_receive, name="receive"),
    path("lots/<uuid:code>/", views.lot_detail, name="lot_detail"),
    path("lots/<uuid:code>/use/", views.lot_use, name="lot_use"),
    path("lots/<uuid:code>/adjust/", views.lot_adjust, name="lot_adjust"),
    path("lots/<uuid:code>/open-vial/", views.vial_open, name="vial_open"),
    path("vials/<uuid:code>/", views.vial_detail, name="vial_detail"),
    path("vials/<uuid:code>/use/", views.vial_use, name="vial_use"),
    path("vials/<uuid:code>/discard/", views.vial_discard, name="vial_discard"),
    path("products/<slug:slug>/threshold/", views.threshold_edit, name="threshold"),
    path("emergency-kit/", views.kit_minimum_edit, name="kit_minimum"),
]
