"""Third-party admin pages Harmony serves, bounded as its own are (clinic.security.BoundedInlineMixin).

django-otp's backup-code device page lists its codes in an inline with Django's default ceiling (1,000 rows, and
up to 2,000 forms built for a forged TOTAL_FORMS): re-registered here with the same small bound as every inline.
"""

from django.contrib import admin
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin, StaticTokenInline
from django_otp.plugins.otp_static.models import StaticDevice

from clinic.security import BoundedInlineMixin


class BoundedStaticTokenInline(BoundedInlineMixin, StaticTokenInline):
    max_num = 20  # backup codes per device: mfa issues 10


class BoundedStaticDeviceAdmin(StaticDeviceAdmin):
    inlines = [BoundedStaticTokenInline]


if admin.site.is_registered(StaticDevice):
    admin.site.unregister(StaticDevice)
admin.site.register(StaticDevice, BoundedStaticDeviceAdmin)
