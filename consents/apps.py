from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_texts_after_migrate(sender, apps=None, **kwargs):
    # A flush (after a transactional test) empties the table the 0003 migration filled: put version 1 back where a
    # kind has no text at all. A kind with any text is left alone, so a clinic's own versions are never touched.
    from consents.seed import seed_texts

    seed_texts(apps)


class ConsentsConfig(AppConfig):
    name = "consents"
    verbose_name = "Consent texts and signed consents"

    def ready(self):
        from consents import timeline
        from patients.timeline import PATIENT_TIMELINE

        PATIENT_TIMELINE.add(timeline.signatures)
        from consents import guards, sections
        from patients.pages import PATIENT_PAGE
        from planning.guards import PLAN_ACCEPT_GUARDS, SESSION_START_GUARDS
        from planning.pages import PLAN_PAGE, PLAN_PRINT

        PLAN_ACCEPT_GUARDS.add(guards.plan_is_signed)
        SESSION_START_GUARDS.add(guards.session_consents_in_force)
        PATIENT_PAGE.add("after_consultations", sections.patient_signatures)
        PLAN_PRINT.add("after_aftercare", sections.plan_print_signatures)
        PLAN_PAGE.add("actions", sections.plan_patient_view_link)
        post_migrate.connect(_seed_texts_after_migrate, sender=self, dispatch_uid="harmony-seed-consent-texts")
