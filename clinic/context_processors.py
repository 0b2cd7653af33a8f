from django.conf import settings
from django.urls import reverse

from catalog import access as catalog_access
from clinic.roles import role_names
from followups import access as followups_access
from outcomes import access as outcomes_access
from patients import access as patients_access
from planning import access as planning_access
from records import access as records_access
from stock import access as stock_access

# (label, url name, permission needed, from each app's access module). Order is the order in the navigation bar.
NAV_ITEMS = (
    ("Dashboard", "patients:dashboard", patients_access.VIEW_CONSULTATION),
    ("Patients", "patients:patient_search", patients_access.VIEW_PATIENT),
    ("Plans", "planning:plan_list", planning_access.VIEW_PERM),
    ("Follow-ups", "followups:worklist", followups_access.VIEW_PERM),
    ("Catalog", "catalog:index", catalog_access.VIEW_TREATMENT),
    ("Stock", "stock:index", stock_access.VIEW_PERM),
    ("Recall", "records:recall", records_access.RECALL_PERM),
    ("Outcomes", "outcomes:report", outcomes_access.REPORT_PERM),
)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = request.path
    items = []
    for label, name, perm in NAV_ITEMS:
        if user.has_perm(perm):
            url = reverse(name)
            items.append({"label": label, "url": url, "active": current.startswith(url) and url != "/"})
    return {
        "clinic_time_zone": settings.TIME_ZONE,
        "nav_items": items,
        "user_roles": role_names(user),
        "show_admin_link": catalog_access.can_edit_catalog(user=user),
    }
