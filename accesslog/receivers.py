"""Signals that keep the sessions list true: sign-in, sign-out, and a user made inactive."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save


def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        from accesslog import sessions

        sessions.started(request, user)


def _logged_out(sender, request, user, **kwargs):
    if request is not None:
        from accesslog import sessions

        sessions.ended(request)


def _user_saved(sender, instance, created, **kwargs):
    # Deactivated in the admin or anywhere else that saves the user: every session of theirs ends now, not at their
    # next request. (A queryset .update(is_active=False) sends no signal; Django's ModelBackend then still refuses
    # the inactive user at their next request.)
    if not created and not instance.is_active:
        from accesslog import services

        services.sessions_end_for_user(user=instance)


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="harmony-accesslog-logged-in")
    user_logged_out.connect(_logged_out, dispatch_uid="harmony-accesslog-logged-out")
    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="harmony-accesslog-user-saved")
