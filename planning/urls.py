from django.urls import path

from planning import views

app_name = "planning"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/<uuid:consultation_code>/", views.plan_create_view, name="plan_create"),
    path("<uuid:code>/", views.plan_detail, name="plan_detail"),
    path("<uuid:code>/details/", views.plan_edit, name="plan_edit"),
    path("<uuid:code>/status/", views.plan_status, name="plan_status"),
    path("<uuid:code>/print/", views.plan_print, name="plan_print"),
    path("<uuid:code>/print.pdf", views.plan_pdf, name="plan_pdf"),
    path("<uuid:code>/items/add/", views.item_add, name="item_add"),
    path("<uuid:code>/items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("<uuid:code>/items/<int:item_id>/row/", views.item_row, name="item_row"),
    path("<uuid:code>/items/<int:item_id>/remove/", views.item_remove, name="item_remove"),
    path("<uuid:code>/items/<int:item_id>/points/add/", views.point_add, name="point_add"),
    path("<uuid:code>/items/<int:item_id>/points/<int:point_id>/edit/", views.point_edit, name="point_edit"),
    path("<uuid:code>/items/<int:item_id>/points/<int:point_id>/remove/", views.point_remove, name="point_remove"),
    path("<uuid:code>/template/", views.template_apply, name="template_apply"),
    path("<uuid:code>/suggestion/", views.suggestion_apply, name="suggestion_apply"),
    path("<uuid:code>/sessions/record/", views.session_record_view, name="session_record"),
]
