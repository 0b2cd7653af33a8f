"""The places on planning's pages where the apps above it add their sections (see clinic/sections.py).

photos adds the photos chosen for the printed plan (called with `request` and `plan=`) and an "Add photos" action
to each session performed (called with `request` and `session=`).

The session's record page (records) shows what the apps beside records add about that session, e.g. its photos
(called with `request` and `session=`).

LAST_TIME_NOTES holds callables `note(*, patient) -> {area id: short text}` from the apps above (outcomes: the
outcome at review); the plan page calls each once per page and shows the text beside "last time in this area".
"""

from collections.abc import Callable

from clinic.sections import PageSections

PLAN_PRINT = PageSections("printed plan", places=("after_aftercare",))
SESSION_DONE = PageSections("session performed, on the plan page", places=("actions",))
# The plan page's own action buttons (called with `request` and `plan=`), e.g. consents' "Patient view".
PLAN_PAGE = PageSections("plan page", places=("actions",))
SESSION_RECORD = PageSections("session record page", places=("after_given", "after_events"))
LAST_TIME_NOTES: list[Callable[..., dict[int, str]]] = []
