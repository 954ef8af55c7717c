"""Operators' view of the outbox: what was sent, what is waiting, what failed; Retry.

Read-only: a message is what its cause wrote. The bodies (which carry invitation and
password-reset links) are never shown.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.errors import DomainError
from outbox.models import OutboxMessage
from outbox.services import outbox_retry


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["to", "subject", "message_id"]
    date_hierarchy = "created_at"
    fields = [
        "kind",
        "from_email",
        "to",
        "subject",
        "message_id",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "last_error",
        "sent_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Send the selected failed messages again"))
    def retry(self, request, queryset) -> None:
        try:
            count = outbox_retry(acting_user=request.user, messages=queryset)
        except DomainError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message will be sent again.",
                    "%(count)d messages will be sent again.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, _("None of the selected messages had failed."), messages.WARNING
            )
