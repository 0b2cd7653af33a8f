from django.apps import AppConfig


class AccesslogConfig(AppConfig):
    name = "accesslog"
    verbose_name = "Access log and sessions"

    def ready(self):
        from accesslog import receivers

        receivers.connect()
