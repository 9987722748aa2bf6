from django.apps import AppConfig


class JobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jobs"

    def ready(self) -> None:
        # Registers how the OpenAPI schema describes the token authentication.
        from jobs.api import schema  # noqa: F401
