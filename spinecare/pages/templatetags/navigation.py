"""The main menu says where the patient is: aria-current on the matching link."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def current(context, name):
    """' aria-current="page"' on the page itself, '"true"' within its section."""
    match = getattr(context.get("request"), "resolver_match", None)
    if match is None:
        return ""
    if match.url_name == name or (
        match.url_name == "section" and match.kwargs.get("section") == name
    ):
        return format_html(' aria-current="{}"', "page")
    if match.url_name == "page" and match.kwargs.get("section") == name:
        return format_html(' aria-current="{}"', "true")
    return ""
