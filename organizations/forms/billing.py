"""Forms of the organization pages: they parse input; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Plan


def plan_label(plan: Plan) -> str:
    return _("%(plan)s · %(price)s %(currency)s a month") % {
        "plan": plan.name,
        "price": plan.monthly_price,
        "currency": plan.currency,
    }


class PlanChangeForm(forms.Form):
    """Organization → Billing → Change plan (the owner): effective immediately."""

    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=Plan.objects.none(),
        empty_label=None,
        help_text=_("Effective immediately; the next invoice shows it."),
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].label_from_instance = plan_label
