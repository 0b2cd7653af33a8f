"""The address a request came from, as the access log and the sessions list record it: the project's real client
address (clinic.security.client_address: REMOTE_ADDR, or behind HARMONY_PROXY_COUNT trusted proxies the address the
outermost one saw), so the log, the security log and login throttling all name the same address."""

import ipaddress

from clinic.security import client_address as _real_client_address


def client_address(request) -> str | None:
    """A valid IP address for the request, or None (never an arbitrary header value)."""
    try:
        return str(ipaddress.ip_address(str(_real_client_address(request) or "").strip()))
    except ValueError:
        return None
