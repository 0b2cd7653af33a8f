"""`{% idle_timeout_script %}`: the idle warning's script tag, with the session limits as data attributes (no inline
script: the CSP forbids it)."""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from accesslog.sessions import limits

register = template.Library()


@register.simple_tag
def idle_timeout_script() -> str:
    rules = limits()
    return format_html(
        '<script src="{}" defer data-idle-timeout data-status-url="{}" data-keepalive-url="{}" '
        'data-idle-seconds="{}" data-warning-seconds="{}"></script>',
        static("js/idle-timeout.js"),
        reverse("accesslog:session_status"),
        reverse("accesslog:session_keep_alive"),
        rules.idle,
        rules.warning,
    )
