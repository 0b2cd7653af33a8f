"""The places on the patients app's pages where the apps above it add their sections (see clinic/sections.py).

planning adds the treatment plans; photos adds the photos. Each builder is called with `request` and the page's
record (`patient=` or `consultation=`).
"""

from clinic.sections import PageSections

PATIENT_PAGE = PageSections("patient page", places=("after_consultations", "after_previous_treatments"))
CONSULTATION_PAGE = PageSections("consultation page", places=("after_previous_treatments",))
