"""{{ html|clinic }}: the clinic's cards, numbers and address filled into stored HTML."""

from django import template

from .. import clinic as clinic_details

register = template.Library()


@register.filter(name="clinic")
def fill_clinic(html):
    return clinic_details.fill(html)
