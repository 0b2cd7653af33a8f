from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles_after_migrate(sender, app_config=None, apps=None, **kwargs):
    # Runs after every migrate (and after the test runner flushes a transactional test's tables), so the role
    # groups always exist with exactly the permissions clinic.roles lists. The 0002_roles migration creates them
    # the first time.
    from django.apps import apps as global_apps

    from clinic.roles import sync_roles

    sync_roles(global_apps)


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic records"

    def ready(self):
        post_migrate.connect(_sync_roles_after_migrate, sender=self, dispatch_uid="harmony-sync-roles")
