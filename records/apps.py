from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Signed treatment records"

    def ready(self):
        from patients.timeline import PATIENT_TIMELINE
        from records import timeline

        PATIENT_TIMELINE.add(timeline.adverse_events)
        from patients.pages import PATIENT_PAGE
        from planning.pages import SESSION_DONE
        from records import sections

        SESSION_DONE.add("actions", sections.session_record_link)
        PATIENT_PAGE.add("after_consultations", sections.patient_events)
