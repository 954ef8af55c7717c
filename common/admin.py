"""Plumbing every app's admin shares: read-only rows, actions for operators only, and the one
place where a refusal of the domain becomes what the admin shows.

Admin classes are a front door: they call the services, and a ``DomainError`` a service
raises is shown, never a 500. A form cleaner turns it into a field error
(``refusal_as_field_error`` in ``clean_<field>``, ``refusal_as_form_error`` in ``clean``);
an action or a view into an error message (``ServiceAdminMixin.refusal_as_message``), after
the service's transaction has rolled back. Imports no app: which user is an operator is the
domain's rule, named by each admin class as ``operator_rule``.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from common.errors import DomainError


class ReadOnlyAdminMixin:
    """Rows are written by the services only; the admin shows them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def validation_error(error: DomainError) -> ValidationError:
    """A refusal as the error of the form field being cleaned."""
    return ValidationError(str(error))


@contextmanager
def refusal_as_field_error() -> Iterator[None]:
    """In a form's ``clean_<field>``: a domain cleaner's refusal becomes that field's error."""
    try:
        yield
    except DomainError as error:
        raise validation_error(error) from error


@contextmanager
def refusal_as_form_error(form: forms.BaseForm) -> Iterator[None]:
    """In a form's ``clean``: a domain cleaner's refusal becomes the error of the field it
    names (``DomainError.field``), or of the form."""
    try:
        yield
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, validation_error(error))


@dataclass
class Outcome:
    """Whether the service called inside ``refusal_as_message`` refused."""

    refused: bool = False


class ServiceAdminMixin:
    """For admin classes whose actions and saves call the services.

    Actions declared with ``permissions=["operator"]`` are offered only to users whom
    ``operator_rule`` (a domain check that raises ``DomainError`` otherwise) accepts.
    """

    operator_rule: Callable[[AbstractBaseUser], None] | None = None

    def has_operator_permission(self, request) -> bool:
        if self.operator_rule is None:
            return False
        try:
            self.operator_rule(request.user)
        except DomainError:
            return False
        return True

    @contextmanager
    def refusal_as_message(self, request, *, about: object = None) -> Iterator[Outcome]:
        """Runs the block; a refusal becomes an error message (prefixed with what it was
        about, e.g. one invitation of several) and ``outcome.refused``."""
        outcome = Outcome()
        try:
            yield outcome
        except DomainError as error:
            outcome.refused = True
            text = str(error) if about is None else f"{about}: {error}"
            self.message_user(request, text, messages.ERROR)

    def refusal_redirects_back(self, request, view: Callable, *args, **kwargs):
        """Runs an admin view; what only the service can refuse (a permission, a concurrent
        change) comes back as a message on the same page, never a 500."""
        with self.refusal_as_message(request):
            return view(request, *args, **kwargs)
        return HttpResponseRedirect(request.get_full_path())
