from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = "Treatment planning"

    def ready(self):
        from patients.pages import CONSULTATION_PAGE, PATIENT_PAGE
        from planning import sections

        PATIENT_PAGE.add("after_consultations", sections.patient_plans)
        CONSULTATION_PAGE.add("after_previous_treatments", sections.consultation_plans)
