from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = "Treatment planning"

    def ready(self):
        from patients.pages import CONSULTATION_PAGE, PATIENT_PAGE
        from patients.timeline import PATIENT_TIMELINE
        from planning import sections, timeline

        PATIENT_PAGE.add("after_consultations", sections.patient_plans)
        PATIENT_TIMELINE.add(timeline.plans_and_sessions)
        CONSULTATION_PAGE.add("after_previous_treatments", sections.consultation_plans)
