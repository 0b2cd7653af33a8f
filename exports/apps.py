from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = "Record exports"

    def ready(self):
        from exports import sections
        from patients.pages import PATIENT_PAGE

        PATIENT_PAGE.add("after_previous_treatments", sections.patient_export)
