"""``{% page_url page_param number %}``: this page's URL with another page number, every
other query parameter (search, filters, the other list's page) kept."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, param: str, number: int) -> str:
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
