from django.urls import path

from followups import views

app_name = "followups"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("<uuid:code>/book/", views.book, name="book"),
    path("<uuid:code>/decline/", views.decline, name="decline"),
    path("<uuid:code>/done/", views.mark_done, name="mark_done"),
    path("aftercare/<uuid:code>/", views.aftercare_print, name="aftercare_print"),
    path("aftercare/<uuid:code>/send/", views.aftercare_send_again, name="aftercare_send_again"),
]
