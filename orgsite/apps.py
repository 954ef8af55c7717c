from django.apps import AppConfig


class OrgsiteConfig(AppConfig):
    """The project package as an app, for its system checks (orgsite.checks)."""

    name = "orgsite"
    verbose_name = "orgsite"

    def ready(self) -> None:
        from orgsite import checks  # noqa: F401  (registers the checks)
