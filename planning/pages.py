"""The places on planning's pages where the apps above it add their sections (see clinic/sections.py).

photos adds the photos chosen for the printed plan. Each builder is called with `request` and `plan=`.
"""

from clinic.sections import PageSections

PLAN_PRINT = PageSections("printed plan", places=("after_aftercare",))
