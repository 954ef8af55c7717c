"""The nl and fr catalogues are complete: every translatable string of the code (Python,
templates, e-mails) has a translation in both, none of them fuzzy, and the compiled .mo files
match the .po files.

When a test here fails: ``make messages``, translate the empty and fuzzy entries of
``locale/<language>/LC_MESSAGES/django.po`` (and drop their ``#, fuzzy`` line), then
``make messages`` again to compile them (see README.md, "Translations").
"""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LANGUAGES = ("nl", "fr")
LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
# The same folders as `make messages` leaves out; the copy below skips caches and git too.
IGNORED = (".venv", "node_modules", "var", "staticfiles")
NOT_COPIED = shutil.ignore_patterns(
    ".venv", "node_modules", "var", "staticfiles", "media", ".git", "__pycache__", ".*_cache",
    ".hypothesis",
)  # fmt: skip


def catalogue_path(language: str, base: Path = LOCALE_DIR) -> Path:
    return base / language / "LC_MESSAGES" / "django.po"


def untranslated(catalogue: polib.POFile) -> list[str]:
    """The entries that a user would see in English: empty, partly translated or fuzzy."""
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            translated = bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
        else:
            translated = bool(entry.msgstr)
        if not translated or entry.fuzzy:
            where = ", ".join(
                f"{path}:{line}" if line else path for path, line in entry.occurrences
            )
            state = "fuzzy" if entry.fuzzy else "empty"
            problems.append(f"{state}: {entry.msgid!r} ({where or 'no location'})")
    return problems


@pytest.fixture(scope="module")
def gettext_tools() -> None:
    """GNU gettext is a requirement of the test suite (.ci/run installs it): no skipping."""
    missing = [tool for tool in ("xgettext", "msgmerge", "msgfmt") if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"GNU gettext is missing ({', '.join(missing)}): apt-get install gettext",
            pytrace=False,
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_catalogue_has_no_empty_or_fuzzy_entry(language):
    catalogue = polib.pofile(str(catalogue_path(language)))
    assert not catalogue.metadata_is_fuzzy, f"the header of the {language} catalogue is fuzzy"
    assert catalogue.metadata.get("Language") == language
    assert len(catalogue) > 0
    problems = untranslated(catalogue)
    assert not problems, f"{language}: {len(problems)} untranslated:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_catalogue_passes_msgfmt_checks(language, gettext_tools):
    """Placeholders (%(name)s) and plural forms as msgfmt checks them."""
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(catalogue_path(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language):
    """Django reads the .mo file: a translation only in the .po file is never shown."""
    catalogue = polib.pofile(str(catalogue_path(language)))
    compiled_path = catalogue_path(language).with_suffix(".mo")
    assert compiled_path.exists(), f"{compiled_path} is missing: run make messages"
    compiled = polib.mofile(str(compiled_path))

    def translations(entries) -> dict:
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr_plural or entry.msgstr
            for entry in entries
            if entry.msgid
            and not getattr(entry, "obsolete", False)
            and not getattr(entry, "fuzzy", False)
        }

    expected, actual = translations(catalogue), translations(compiled)
    stale = sorted(
        str(key[1])
        for key in expected.keys() | actual.keys()
        if expected.get(key) != actual.get(key)
    )
    assert not stale, f"{compiled_path} is out of date (run make messages): {stale[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_of_the_code_is_in_the_catalogue(
    language, gettext_tools, tmp_path, monkeypatch, settings
):
    """``makemessages`` over a copy of the project: every string it finds in the code must
    already be translated in the committed catalogue (a new one shows up empty or fuzzy).

    A copy, so that makemessages' temporary files never appear in the working tree (where a
    running development server would reload on them).
    """
    project = tmp_path / "project"
    shutil.copytree(settings.BASE_DIR, project, ignore=NOT_COPIED)
    monkeypatch.chdir(project)
    settings.LOCALE_PATHS = [project / "locale"]
    call_command(
        "makemessages",
        locale=[language],
        ignore_patterns=list(IGNORED),
        verbosity=0,
    )
    problems = untranslated(polib.pofile(str(catalogue_path(language, project / "locale"))))
    assert not problems, (
        f"{len(problems)} string(s) of the code are missing from the {language} catalogue "
        "(run make messages, translate, run it again):\n" + "\n".join(problems)
    )
