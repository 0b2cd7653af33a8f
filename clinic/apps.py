from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles_after_migrate(sender, app_config=None, apps=None, **kwargs):
    # post_migrate is sent once per app that has models (the clinic package has none); the roles are synced once,
    # after the last of them, so the role groups always exist with exactly the permissions clinic.roles lists, also
    # after the test runner flushes a transactional test's tables. The 0002_roles migration creates them the first
    # time.
    from django.apps import apps as global_apps

    from clinic.roles import sync_roles

    with_models = [config for config in global_apps.get_app_configs() if config.models_module is not None]
    if app_config is with_models[-1]:
        sync_roles(global_apps)


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Harmony"

    def ready(self):
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="harmony-sync-roles")
        from clinic.security import connect_signals

        connect_signals()  # sign-ins, failures and lockouts to the security log
