"""Named fixture users, so that every test reads like a scenario.

``organization`` is "Acme" (on the Pro plan, so teams and seats don't get in the way unless
a test asks for them) with ``owner``, ``admin``, ``member`` and ``viewer``; ``outsider``
owns another organization, "Globex".
"""

from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from organizations.metering import usage_meter
from organizations.roles import OrganizationRole
from organizations.tests.factories import (
    OrganizationFactory,
    UserFactory,
    add_member,
    plan,
)
from orgsite.celery import app as celery_app


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Every factory user gets a password; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media_on_the_filesystem(settings):
    """Uploads in MEDIA_ROOT (MEDIA_STORAGE=filesystem) rather than the database, for a test
    that looks at the files themselves."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def owner(db):
    return UserFactory(name="Olivia Owner", email="olivia@acme.test")


@pytest.fixture
def organization(owner):
    return OrganizationFactory(owner=owner, name={"en": "Acme"}, plan=plan("pro"))


@pytest.fixture
def admin(organization):
    return add_member(organization, UserFactory(name="Adam Admin"), OrganizationRole.ADMIN)


@pytest.fixture
def member(organization):
    return add_member(organization, UserFactory(name="Mia Member"), OrganizationRole.MEMBER)


@pytest.fixture
def viewer(organization):
    return add_member(organization, UserFactory(name="Victor Viewer"), OrganizationRole.VIEWER)


@pytest.fixture
def outsider(db):
    user = UserFactory(name="Otto Outsider")
    OrganizationFactory(owner=user, name={"en": "Globex"})
    return user


@pytest.fixture
def other_organization(outsider):
    return outsider.active_organization


@pytest.fixture(autouse=True)
def _usage_meter_flushed_by_tests_only(settings):
    """The usage meter writes only when a test flushes it (no thread writing into another
    test's database), and forgets what a test left in it."""
    settings.USAGE_METERING_FLUSH_SECONDS = 0
    yield
    usage_meter.discard()


@pytest.fixture(autouse=True)
def _empty_cache():
    """The REST API's throttles count in the cache: no test inherits another's counts."""
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _celery_tasks_run_eagerly():
    """Tasks run at once, in the test's thread, when queued (after commit: a test sees the
    e-mail of an invitation inside ``django_capture_on_commit_callbacks(execute=True)``).
    The outbox tests that need a real worker and broker start their own."""
    celery_app.conf.update(
        task_always_eager=True, task_eager_propagates=True, broker_url="memory://localhost/"
    )


@pytest.fixture
def api_as():
    """``api_as(user)``: a REST API client acting as ``user``; ``api_as(None)``: anonymous."""

    def client_for(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


# The slow kinds of test, marked by where they live, so that `make test-fast` can leave them
# out (`-m "not e2e and not node and not schemathesis and not postgresql"`).
SLOW_KINDS = {
    "e2e": lambda path: "e2e" in path.parts,
    "node": lambda path: path.name == "test_coreapi_node.py",
    "schemathesis": lambda path: path.name == "test_api_schemathesis.py",
}


def pytest_collection_modifyitems(items):
    for item in items:
        path = Path(item.path)
        for marker, applies in SLOW_KINDS.items():
            if applies(path):
                item.add_marker(marker)
