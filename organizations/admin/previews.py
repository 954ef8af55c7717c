"""Inlines that show an organization's (or a team's) first rows and link to all of them.

An organization of 50,000 members would otherwise render 50,000 inline rows on its change
page; the rows are all in their own changelist, filtered, searchable and paged.
"""

from django.forms.models import BaseInlineFormSet
from django.urls import reverse

PREVIEW_ROWS = 20


class PreviewFormSet(BaseInlineFormSet):
    """The inline's first ``PREVIEW_ROWS`` rows, and ``total``: one count (of an indexed
    foreign key) and one query for the rows, whatever the number of rows."""

    def get_queryset(self):
        if not hasattr(self, "_preview"):
            rows = super().get_queryset()
            self.total = rows.count()
            self._preview = rows[:PREVIEW_ROWS]
        return self._preview


class PreviewInlineMixin:
    """For a read-only inline: ``changelist_filter`` is the lookup, on the inline's model,
    of the parent (``organization__id__exact``) in the link to its changelist."""

    formset = PreviewFormSet
    template = "admin/edit_inline/tabular_preview.html"
    changelist_filter = "organization__id__exact"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            meta = self.model._meta
            changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            formset.see_all_url = f"{changelist}?{self.changelist_filter}={obj.pk}"
        return formset
