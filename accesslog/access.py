"""Who may see what in the access log (Django permissions, granted by clinic/roles.py).

Practitioners and the front desk both see who opened a patient's record: both open patient records every day, the
list is the clinic's own check on curiosity, and the front desk answers a patient who asks who has seen their
record. Catalog admins (who see no patient records) do not. Every signed-in user sees their own sessions.
"""

VIEW_PERM = "accesslog.view_accessentry"


def can_see_accesses(*, user) -> bool:
    return user.has_perm(VIEW_PERM)
