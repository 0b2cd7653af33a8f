"""Staff roles: Django groups holding real model permissions.

The groups are created and kept in step by migrations (see clinic/migrations), never by hand. An app that adds
models adds their permissions to ROLE_PERMISSIONS and a migration that calls `sync_roles`.
"""

FRONT_DESK = "Front desk"
PRACTITIONER = "Practitioner"
CATALOG_ADMIN = "Catalog admin"
ROLES = (FRONT_DESK, PRACTITIONER, CATALOG_ADMIN)

# Usernames used by the demo data and the test cast.
ROLE_SLUGS = {"frontdesk": FRONT_DESK, "practitioner": PRACTITIONER, "catalogadmin": CATALOG_ADMIN}

_CATALOG_MODELS = (
    "facialarea",
    "concern",
    "product",
    "treatment",
    "treatmentarea",
    "contraindication",
    "contraindicationrule",
    "combinationtemplate",
    "templateitem",
)
_CATALOG_VIEW = [f"catalog.view_{m}" for m in _CATALOG_MODELS]
_CATALOG_EDIT = [f"catalog.{a}_{m}" for m in _CATALOG_MODELS for a in ("add", "change", "delete", "view")]

_PATIENT_RECORDS = [
    f"patients.{a}_{m}" for m in ("patient", "consultation", "previoustreatment") for a in ("add", "change", "view")
]
_PHOTOS = [f"photos.{a}_photo" for a in ("add", "change", "view")]
# consents: the patient view's signatures, witnessed and seen by the front desk and practitioners; the texts kept by
# catalog admins, who never delete a version (consents/access.py)
_CONSENTS_SIGNING = [f"consents.{a}_{m}" for m in ("signedconsent", "planacceptance") for a in ("add", "view")]
_CONSENT_TEXTS = [f"consents.{a}_consenttext" for a in ("add", "change", "view")]
# stock: who sees, receives, uses and corrects stock (stock/access.py)
_STOCK_VIEW = ["stock.view_productlot", "stock.view_vial", "stock.view_stockmovement", "stock.view_stocksetting"]
_KIT_VIEW = ["stock.view_emergencykitsetting"]
# records: the recall list (practitioners and catalog admins; records/access.py)
_RECALL = ["records.recall_lot"]
# followups: the worklist (book, decline, mark done) and the aftercare sent, for the front desk and practitioners
# (followups/access.py)
_FOLLOWUPS = [
    "followups.view_followup",
    "followups.change_followup",
    "followups.view_aftercaremessage",
    "followups.add_aftercaremessage",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    FRONT_DESK: [
        *_CATALOG_VIEW,
        *_PATIENT_RECORDS,
        *_PHOTOS,
        "planning.view_treatmentplan",
        *_CONSENTS_SIGNING,
        *_FOLLOWUPS,
        "accesslog.view_accessentry",  # who opened a patient's records (accesslog/access.py)
    ],
    PRACTITIONER: [
        *_CATALOG_VIEW,
        *_PATIENT_RECORDS,
        *_PHOTOS,
        "planning.view_treatmentplan",
        "planning.add_treatmentplan",
        "planning.change_treatmentplan",
        "planning.view_clinical_notes",
        "planning.view_planitem",
        "planning.add_planitem",
        "planning.change_planitem",
        "planning.delete_planitem",
        "planning.add_treatmentsession",
        "planning.change_treatmentsession",
        "planning.view_treatmentsession",
        *_CONSENTS_SIGNING,
        # records: the signed session record (records/access.py)
        "records.view_adverseevent",
        "records.add_adverseevent",
        "records.view_sessionsignature",
        "records.add_sessionsignature",
        "records.view_sessionamendment",
        "records.add_sessionamendment",
        "records.view_occlusioncase",
        "records.add_occlusioncase",
        "records.change_occlusioncase",
        "records.view_occlusionround",
        "records.add_occlusionround",
        "records.view_occlusionprotocol",
        *_RECALL,
        *_KIT_VIEW,
        *_STOCK_VIEW,
        "stock.use_productlot",
        "stock.add_vial",
        "stock.change_vial",
        *_FOLLOWUPS,
        "accesslog.view_accessentry",  # who opened a patient's records (accesslog/access.py)
        # outcomes: both GAIS ratings at review, and the clinic's outcomes report (outcomes/access.py)
        "outcomes.view_outcomerating",
        "outcomes.add_outcomerating",
        "outcomes.change_outcomerating",
        "outcomes.view_outcome_report",
        "exports.add_recordexport",  # the patient's whole record as PDF and JSON (exports/access.py)
    ],
    CATALOG_ADMIN: [
        *_CATALOG_EDIT,
        *_CONSENT_TEXTS,
        *_STOCK_VIEW,
        "stock.add_productlot",
        "stock.change_productlot",
        "stock.add_stocksetting",
        "stock.change_stocksetting",
        *_KIT_VIEW,
        "stock.add_emergencykitsetting",
        "stock.change_emergencykitsetting",
        *_RECALL,
        # records: the vascular occlusion protocol's versions, in the Django admin (records/admin.py)
        "records.view_occlusionprotocol",
        "records.add_occlusionprotocol",
        "records.change_occlusionprotocol",
        "outcomes.view_outcome_report",  # the outcomes report: aggregates only, no patient named
        # mfa: reset a colleague's two-factor devices (a lost phone), with the audit of resets (mfa/access.py)
        "mfa.add_devicereset",
        "mfa.view_devicereset",
    ],
}


def sync_roles(apps, schema_editor=None):
    """Create the role groups and give each exactly the permissions listed above that exist so far.

    Usable from any migration (`migrations.RunPython(sync_roles, migrations.RunPython.noop)`): it makes sure the
    permissions of every migrated model exist first, since Django only creates them after `migrate` finishes.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)


def role_names(user) -> list[str]:
    """The user's roles in display order (cached on the user object for the request)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_harmony_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = [r for r in ROLES if r in names]
        user._harmony_roles = cached
    return cached
