from django.apps import AppConfig
from django.db.models.signals import post_save


def _consultation_saved(sender, instance, created, **kwargs):
    # A booked follow-up follows its consultation: completed makes it done, cancelled puts it back as due.
    # patients knows nothing of follow-ups, so the follow-ups listen to the consultation's saves.
    if not created:
        from followups import services

        services.consultation_changed(consultation=instance, by=getattr(instance, "_history_user", None))


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = "Follow-ups and aftercare"

    def ready(self):
        from followups import timeline
        from patients.timeline import PATIENT_TIMELINE

        PATIENT_TIMELINE.add(timeline.followups_and_aftercare)
        from followups import sections, services
        from patients.models import Consultation
        from patients.pages import PATIENT_PAGE
        from planning.pages import SESSION_RECORD
        from records import events

        events.SESSION_SIGNED.add(services.session_signed)
        # records adds this event with the adverse events' follow-up date; until it is there, no complication checks.
        recorded = getattr(events, "ADVERSE_EVENT_RECORDED", None)
        if recorded is not None:
            recorded.add(services.complication_schedule)
        PATIENT_PAGE.add("after_consultations", sections.patient_followups)
        SESSION_RECORD.add("after_events", sections.session_followups)
        post_save.connect(_consultation_saved, sender=Consultation, dispatch_uid="harmony-followups-consultation")
