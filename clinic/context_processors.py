from django.conf import settings
from django.urls import reverse

from clinic.roles import role_names

# (label, url name, permission needed). Order is the order in the navigation bar.
NAV_ITEMS = (
    ("Dashboard", "patients:dashboard", "patients.view_consultation"),
    ("Patients", "patients:patient_search", "patients.view_patient"),
    ("Plans", "planning:plan_list", "planning.view_treatmentplan"),
    ("Catalog", "catalog:index", "catalog.view_treatment"),
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
        "show_admin_link": user.is_staff and user.has_perm("catalog.change_treatment"),
    }
