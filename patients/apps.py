from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "patients"
    verbose_name = "Patients and consultations"

    def ready(self):
        from patients import sources
        from patients.timeline import PATIENT_TIMELINE

        PATIENT_TIMELINE.add(sources.consultations)
