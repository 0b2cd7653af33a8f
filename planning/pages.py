"""The places on planning's pages where the apps above it add their sections (see clinic/sections.py).

photos adds the photos chosen for the printed plan (called with `request` and `plan=`) and an "Add photos" action
to each session performed (called with `request` and `session=`).

The session's record page (records) shows what the apps beside records add about that session, e.g. its photos
(called with `request` and `session=`).
"""

from clinic.sections import PageSections

PLAN_PRINT = PageSections("printed plan", places=("after_aftercare",))
SESSION_DONE = PageSections("session performed, on the plan page", places=("actions",))
SESSION_RECORD = PageSections("session record page", places=("after_given", "after_events"))
