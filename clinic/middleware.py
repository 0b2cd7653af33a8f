from django.utils.cache import add_never_cache_headers

from clinic.security import security_event


class NeverCacheAuthenticatedMiddleware:
    """Pages shown to a signed-in user hold patient data: no browser or proxy may keep a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


# Browser features no Harmony page uses are switched off for every page and anything it embeds; the camera is
# allowed (for this origin only) on the pages where photos are taken, so a tablet's file picker can offer it.
PERMISSIONS_POLICY_OFF = (
    "accelerometer",
    "autoplay",
    "bluetooth",
    "browsing-topics",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
CAMERA_PAGES = frozenset({"photos:upload"})  # URL names (namespace:name) of the pages that take photos


def permissions_policy(*, camera: bool) -> str:
    features = [f"{feature}=()" for feature in PERMISSIONS_POLICY_OFF]
    features.insert(0, "camera=(self)" if camera else "camera=()")
    return ", ".join(features)


class PermissionsPolicyMiddleware:
    """A Permissions-Policy header on every response (camera only on CAMERA_PAGES)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        camera = match is not None and match.view_name in CAMERA_PAGES
        response.headers.setdefault("Permissions-Policy", permissions_policy(camera=camera))
        return response


class SecurityEventMiddleware:
    """Every 403 answer (a permission refused, a CSRF failure, a view's own HttpResponseForbidden) goes to the security
    log with the user who was refused (clinic.security). Place it after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            reason = getattr(request, "_harmony_csrf_failure", "")
            security_event(request, "csrf_failed" if reason else "permission_denied", reason=reason)
        return response
