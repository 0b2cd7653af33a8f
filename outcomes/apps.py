from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Treatment outcomes"

    def ready(self):
        from outcomes import timeline
        from patients.timeline import PATIENT_TIMELINE

        PATIENT_TIMELINE.add(timeline.reviews)
        from outcomes import sections
        from patients.pages import PATIENT_PAGE
        from planning.pages import LAST_TIME_NOTES, SESSION_RECORD

        SESSION_RECORD.add("after_events", sections.session_outcome)
        PATIENT_PAGE.add("after_previous_treatments", sections.patient_outcomes)
        if sections.last_time_notes not in LAST_TIME_NOTES:  # ready() may run twice (tests, autoreload)
            LAST_TIME_NOTES.append(sections.last_time_notes)
