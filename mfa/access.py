"""Who must, who may and who can reset two-factor sign-in: the one home of these decisions.

- Practitioners and catalog admins must sign in with a second factor (an authenticator app's code, or a backup
  code): after the password, one without a confirmed device is sent to enrol and can do nothing else; one with a
  device is asked for a code. So must anyone who reaches the Django admin (staff and superusers): the admin sits
  behind the same check.
- The front desk may turn it on from their account page (and off again); once on, they are asked for a code at
  every sign-in like everyone else.
- A superuser, or a user with the "mfa.add_devicereset" permission (catalog admins by default, clinic.roles), resets
  another user's devices when a phone is lost; never their own (that is the account page), and only a superuser
  resets a superuser's.
"""

from __future__ import annotations

from clinic.roles import CATALOG_ADMIN, PRACTITIONER, role_names

REQUIRED_ROLES = (PRACTITIONER, CATALOG_ADMIN)
RESET_PERM = "mfa.add_devicereset"


def is_required(*, user) -> bool:
    """Whether the user must have a second factor before using Harmony."""
    if not (user and user.is_authenticated):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(role in REQUIRED_ROLES for role in role_names(user))


def can_turn_off(*, user) -> bool:
    return bool(user and user.is_authenticated) and not is_required(user=user)


def can_reset_devices(*, user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_perm(RESET_PERM)))


def can_reset_devices_of(*, user, target) -> bool:
    if not can_reset_devices(user=user) or target.pk == user.pk:
        return False
    return user.is_superuser or not target.is_superuser
