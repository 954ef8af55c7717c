"""Path converters of the organization pages."""

from organizations.views.securables import SECTIONS


class ChoiceConverter:
    """A path segment that is one of a few words, passed on as is."""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class SecurableSectionConverter(ChoiceConverter):
    """Dashboards' and datasets' pages are the same pages: the section names the type."""

    regex = "|".join(SECTIONS)


class ShareKindConverter(ChoiceConverter):
    """Whom a share is with: a user or a team."""

    regex = "user|team"
