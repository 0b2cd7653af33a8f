"""Sign-in forms that refuse an over-long username as a field error.

Django's AuthenticationForm sets the username field's max_length after the field is built, so the length is never
validated: a 300-character username reached authenticate() and axes' attempt record (255 characters on
PostgreSQL), and the page answered 500. These forms check the length first, so nothing is looked up or recorded.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class _BoundedUsernameMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        if not any(isinstance(v, MaxLengthValidator) for v in field.validators):
            field.validators.append(MaxLengthValidator(field.max_length))


class SignInForm(_BoundedUsernameMixin, AuthenticationForm):
    pass


class AdminSignInForm(_BoundedUsernameMixin, AdminAuthenticationForm):
    pass


login = auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True)
