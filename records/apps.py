from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_protocol_after_migrate(sender, apps=None, **kwargs):
    # A flush (after a transactional test) empties the table the 0004 migration filled: put version 1 back when
    # there is no protocol at all. A clinic's own versions are never touched (consents does the same for its texts).
    from django.apps import apps as global_apps

    from records.protocol import seed_protocol

    seed_protocol(apps or global_apps)


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Signed treatment records"

    def ready(self):
        from patients.pages import PATIENT_PAGE
        from patients.timeline import PATIENT_TIMELINE
        from planning.pages import SESSION_DONE
        from records import sections, timeline

        PATIENT_TIMELINE.add(timeline.adverse_events)
        SESSION_DONE.add("actions", sections.session_record_link)
        PATIENT_PAGE.add("after_consultations", sections.patient_events)
        post_migrate.connect(_seed_protocol_after_migrate, sender=self, dispatch_uid="harmony-seed-occlusion-protocol")
