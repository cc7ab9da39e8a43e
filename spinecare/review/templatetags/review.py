"""{% review_counts as counts %}: what the admin index says waits for reviewers."""

from django import template
from django.utils import timezone

from spinecare.pages.models import Page

register = template.Library()


@register.simple_tag
def review_counts():
    from ..admin import overdue, waiting, with_review_state

    pages = with_review_state(Page.objects.all())
    return {
        "waiting": waiting(pages).count(),
        "overdue": overdue(pages, timezone.localdate()).count(),
    }
