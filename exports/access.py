"""Who may export a patient's whole record: the one home of this decision.

The export holds everything, clinical notes included, so it takes its own permission ("exports.add_recordexport",
given to practitioners by clinic.roles) on top of seeing patients; the front desk, who do not see clinical notes,
ask a practitioner. Catalog admins see no patient records. Every export also needs a fresh re-authentication
(mfa.reauth) and is logged.
"""

from __future__ import annotations

from patients import access as patients_access

EXPORT_PERM = "exports.add_recordexport"


def can_export(*, user) -> bool:
    return bool(
        user and user.is_authenticated and user.has_perm(EXPORT_PERM) and user.has_perm(patients_access.VIEW_PATIENT)
    )
