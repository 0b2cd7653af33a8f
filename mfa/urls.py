from django.urls import path

from mfa import views

app_name = "mfa"

urlpatterns = [
    path("two-factor/", views.account, name="account"),
    path("two-factor/verify/", views.verify, name="verify"),
    path("two-factor/set-up/", views.enrol, name="enrol"),
    path("two-factor/backup-codes/", views.backup_codes_new, name="backup_codes_new"),
    path("two-factor/backup-codes/new/", views.backup_codes_regenerate, name="backup_codes_regenerate"),
    path("two-factor/turn-off/", views.turn_off, name="turn_off"),
    path("confirm/", views.reauthenticate, name="reauth"),
    path("two-factor/reset/", views.reset_list, name="reset_list"),
    path("two-factor/reset/<int:pk>/", views.reset_user, name="reset_user"),
]
