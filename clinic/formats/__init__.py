"""Harmony's own Django format modules (settings.FORMAT_MODULE_PATH): how dates and times are written and typed.

Django reads them before its own locale formats, so the admin, `{{ value|date }}` without an argument, form widgets
and clinic/formatting.py all write a date the same way. Only what Harmony changes is set; anything missing falls
back to Django's format module for the language.
"""
