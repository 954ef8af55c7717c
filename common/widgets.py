"""Form widgets of the browser UI that render without a template per option.

Django renders each ``<option>`` and each checkbox of a choice widget through its own
widget templates (three or four ``{% include %}`` each): on a page with a few forms, that
was a third of the request's time (issue 11). These build the same HTML in Python, once
per widget, with ``format_html``; the attributes and the markup are Django's own
(``django/forms/widgets/select.html``, ``multiple_input.html``, ``input_option.html``).
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def flat_attrs(attrs: dict) -> SafeString:
    """``django/forms/widgets/attrs.html``: `` name="value"``, a bare `` name`` for True,
    nothing for False."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


def _options(optgroups) -> list:
    return [option for _group, options, _index in optgroups for option in options]


class QuickSelect(forms.Select):
    """A ``<select>`` (without optgroups) rendered in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (str(option["value"]), flat_attrs(option["attrs"]), option["label"])
                for option in _options(widget["optgroups"])
            ),
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            flat_attrs(widget["attrs"]),
            options,
        )


class QuickCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes (without optgroups), each in its label, rendered in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        boxes = format_html_join(
            "",
            '<div>\n    <label{}><input type="{}" name="{}"{}{}>\n {}</label>\n\n</div>',
            (
                (
                    format_html(' for="{}"', option["attrs"]["id"])
                    if option["attrs"].get("id")
                    else "",
                    option["type"],
                    option["name"],
                    format_html(' value="{}"', option["value"])
                    if option["value"] is not None
                    else "",
                    flat_attrs(option["attrs"]),
                    option["label"],
                )
                for option in _options(widget["optgroups"])
            ),
        )
        id_ = widget["attrs"].get("id")
        css_class = widget["attrs"].get("class")
        return format_html(
            "<div{}{}>{}\n</div>",
            format_html(' id="{}"', id_) if id_ else "",
            format_html(' class="{}"', css_class) if css_class else "",
            boxes,
        )


class SuggestionsInput(forms.TextInput):
    """A text input with a ``<datalist>`` of a few suggestions (value, label): for picking
    one of a set too large to list in full (a select of 50,000 members)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.suggestions: list[tuple[str, str]] = []

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or name}-suggestions"
        attrs["list"] = list_id
        options = format_html_join("", '<option value="{}">{}</option>', self.suggestions)
        return format_html(
            '{}<datalist id="{}">{}</datalist>',
            super().render(name, value, attrs, renderer),
            list_id,
            options,
        )
