"""Sections an app adds to a page of an app below it, without the lower app importing the upper one.

The apps depend one way (catalog <- patients <- planning <- photos): the patient page may not import planning to
list the patient's plans. So the lower app declares the page's places (`PageSections`), each upper app adds a
builder to a place in its AppConfig.ready, and the page's view renders them all and hands the HTML to its template:

    # patients/pages.py
    PATIENT_PAGE = PageSections("patient page", places=("after_consultations", "after_previous_treatments"))
    # planning/apps.py
    PATIENT_PAGE.add("after_consultations", sections.patient_plans)
    # patients/views/patients.py
    context["sections"] = PATIENT_PAGE.render(request=request, patient=patient)
    # patients/templates/patients/patient_detail.html
    {% for html in sections.after_consultations %}{{ html }}{% endfor %}

A builder takes the request and the page's record as keyword arguments and returns HTML (an empty string shows
nothing, e.g. to a role that may not see the section). Builders query the database; templates never do.
"""

from collections.abc import Callable

from django.utils.safestring import SafeString

Builder = Callable[..., str]


class PageSections:
    def __init__(self, page: str, *, places: tuple[str, ...]):
        self.page = page
        self.places = places
        self._builders: dict[str, list[Builder]] = {place: [] for place in places}

    def add(self, place: str, builder: Builder) -> None:
        if place not in self._builders:
            raise ValueError(f"the {self.page} has no place {place!r}; it has {', '.join(self.places)}")
        if builder not in self._builders[place]:  # ready() may run twice (tests, autoreload)
            self._builders[place].append(builder)

    def render(self, **record) -> dict[str, list[SafeString]]:
        """Each place's sections as HTML, in the order they were added."""
        rendered: dict[str, list[SafeString]] = {}
        for place, builders in self._builders.items():
            html = (builder(**record) for builder in builders)
            rendered[place] = [SafeString(part) for part in html if part]
        return rendered
