"""The quick choice widgets render exactly the HTML of Django's template-rendered ones."""

import pytest
from django import forms

from common.widgets import QuickCheckboxSelectMultiple, QuickSelect, SuggestionsInput

CHOICES = [("", "All <teams>"), ("a", "Sales & Co"), ("b", 'The "B" team'), (3, "Three")]


@pytest.mark.parametrize("value", [None, "", "a", "b", 3, "3", "missing"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_team"}, {"id": "id_t", "required": True}])
def test_a_quick_select_renders_as_djangos_select(value, attrs):
    quick = QuickSelect(choices=CHOICES).render("team", value, attrs)
    django = forms.Select(choices=CHOICES).render("team", value, attrs)

    assert quick == django


@pytest.mark.parametrize("value", [None, [], ["a"], ["a", "b"], [3]])
@pytest.mark.parametrize("attrs", [None, {"id": "id_teams"}, {"id": "id_t", "class": "x"}])
def test_quick_checkboxes_render_as_djangos_checkboxes(value, attrs):
    choices = CHOICES[1:]
    quick = QuickCheckboxSelectMultiple(choices=choices).render("teams", value, attrs)
    django = forms.CheckboxSelectMultiple(choices=choices).render("teams", value, attrs)

    assert quick == django


def test_a_suggestions_input_lists_its_suggestions_escaped():
    widget = SuggestionsInput()
    widget.suggestions = [("Sales & Co", "Sales & Co")]

    html = widget.render("team", "", {"id": "id_team"})

    assert 'list="id_team-suggestions"' in html
    assert '<datalist id="id_team-suggestions"><option value="Sales &amp; Co">' in html
