"""What each role may see and do with the catalog: the one home of these decisions.

- Everybody with a role reads the catalog pages (areas, products, treatments, templates), which explain the
  numbers the plans use.
- Catalog admins edit it, in the Django admin: they are the only staff users, and the admin link shows only to
  them.
"""

from __future__ import annotations

VIEW_TREATMENT = "catalog.view_treatment"
CHANGE_TREATMENT = "catalog.change_treatment"


def can_edit_catalog(*, user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff and user.has_perm(CHANGE_TREATMENT))
