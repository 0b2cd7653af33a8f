from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "photos"
    label = "photos"
    verbose_name = "Clinical photos"

    def ready(self):
        from patients.timeline import PATIENT_TIMELINE
        from photos import timeline

        PATIENT_TIMELINE.add(timeline.photo_days)
        from patients.pages import CONSULTATION_PAGE, PATIENT_PAGE
        from photos import sections
        from planning.pages import PLAN_PRINT, SESSION_DONE, SESSION_RECORD

        PATIENT_PAGE.add("after_previous_treatments", sections.patient_gallery)
        CONSULTATION_PAGE.add("after_previous_treatments", sections.consultation_photos)
        PLAN_PRINT.add("after_aftercare", sections.plan_print_photos)
        SESSION_DONE.add("actions", sections.session_upload_link)
        SESSION_RECORD.add("after_given", sections.session_photos)
