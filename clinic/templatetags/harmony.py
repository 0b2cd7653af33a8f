"""Harmony's display filters, built into every template (settings.TEMPLATES "builtins"): doses, money and the one
date style, all from clinic/formatting.py. Dates may also use Django's own `|date` with no argument, which is set
to the same style (clinic/formats/en_GB)."""

from django import template

from clinic import formatting

register = template.Library()

register.filter("qty", formatting.quantity)
register.filter("dose", formatting.quantity)
register.filter("money", formatting.money)
register.filter("day", formatting.day)
register.filter("clock", formatting.clock)
register.filter("moment", formatting.moment)
register.filter("weekday", formatting.weekday)
