"""The admin plumbing every app shares: a refusal of the domain becomes a field error, a
form error or an error message, never an exception; the operator check asks the domain's
rule. Imports no app, like the module it tests."""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from common.admin import (
    ReadOnlyAdminMixin,
    ServiceAdminMixin,
    refusal_as_field_error,
    refusal_as_form_error,
)
from common.errors import InvalidInput, PermissionDenied

ERR_REFUSED = "The rule refused it."


def refuse(*args, field=None, **kwargs):
    raise InvalidInput(ERR_REFUSED, field=field)


class ServiceAdmin(ServiceAdminMixin, admin.ModelAdmin):
    pass


def request_to(path="/admin/page/?q=1"):
    request = RequestFactory().post(path)
    request._messages = CookieStorage(request)
    return request


def messages_of(request) -> list[str]:
    return [str(message) for message in get_messages(request)]


def test_a_refusal_in_a_field_cleaner_is_that_fields_error():
    class Form(forms.Form):
        code = forms.CharField()

        def clean_code(self):
            with refusal_as_field_error():
                refuse()

    form = Form({"code": "x"})

    assert not form.is_valid()
    assert form.errors == {"code": [ERR_REFUSED]}


@pytest.mark.parametrize(("field", "error_key"), [("city", "city"), ("unknown", "__all__")])
def test_a_refusal_in_clean_is_the_error_of_the_field_it_names_or_of_the_form(field, error_key):
    class Form(forms.Form):
        city = forms.CharField()

        def clean(self):
            with refusal_as_form_error(self):
                refuse(field=field)
            return self.cleaned_data

    form = Form({"city": "Ghent"})

    assert not form.is_valid()
    assert form.errors == {error_key: [ERR_REFUSED]}


def test_a_refusal_becomes_an_error_message_about_what_was_refused():
    model_admin = ServiceAdmin(Group, admin.site)
    request = request_to()
    done = []

    with model_admin.refusal_as_message(request, about="ivy@example.test") as outcome:
        refuse()
        done.append("after the refusal")
    with model_admin.refusal_as_message(request) as accepted:
        done.append("accepted")

    assert outcome.refused and not accepted.refused
    assert done == ["accepted"]
    assert messages_of(request) == [f"ivy@example.test: {ERR_REFUSED}"]


def test_other_exceptions_are_not_swallowed():
    model_admin = ServiceAdmin(Group, admin.site)

    with pytest.raises(ZeroDivisionError), model_admin.refusal_as_message(request_to()):
        _ = 1 / 0


def test_a_view_the_service_refuses_redirects_back_with_the_message():
    model_admin = ServiceAdmin(Group, admin.site)
    request = request_to("/admin/auth/group/1/change/?_changelist_filters=x")

    def view(request, object_id):
        raise PermissionDenied(f"Not {object_id}.")

    response = model_admin.refusal_redirects_back(request, view, "1")

    assert response.status_code == 302
    assert response.url == "/admin/auth/group/1/change/?_changelist_filters=x"
    assert messages_of(request) == ["Not 1."]


def test_operator_actions_follow_the_domains_rule():
    def operators_only(user):
        if user.username != "oscar":
            raise PermissionDenied("Only operators may do this.")

    class OperatorAdmin(ServiceAdmin):
        operator_rule = staticmethod(operators_only)

    request = request_to()
    request.user = type("U", (), {"username": "oscar"})()
    other = request_to()
    other.user = type("U", (), {"username": "mia"})()

    assert OperatorAdmin(Group, admin.site).has_operator_permission(request)
    assert not OperatorAdmin(Group, admin.site).has_operator_permission(other)
    # Without a rule, nobody gets operator actions.
    assert not ServiceAdmin(Group, admin.site).has_operator_permission(request)
    assert messages_of(other) == []


def test_read_only_rows_are_never_added_changed_or_deleted():
    class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
        pass

    model_admin = ReadOnlyAdmin(Group, admin.site)
    request = request_to()

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
