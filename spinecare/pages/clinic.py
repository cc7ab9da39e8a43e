"""The clinic's own name, numbers and address, filled into pages as they are shown.

Stored HTML holds empty markers (a care card, a {{token}}); this is the one place that
turns them into the clinic's words and tap-to-call links, so a number set in settings
reaches every page without re-rendering any markdown.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .rendering import CARE_LEVELS, TOKENS

MARKERS = {
    **{
        f'<div class="care-card-{level}"></div>': f"includes/care_cards/{level}.html"
        for level in CARE_LEVELS
    },
    **{
        f'<span class="clinic-{token}"></span>': f"includes/clinic/{token}.html"
        for token in TOKENS
    },
}


def clinic_details():
    """settings.CLINIC, with the tap-to-call form of each number."""
    clinic = dict(settings.CLINIC)
    for key in ("emergency_number", "cancer_team_phone", "crisis_line"):
        clinic[f"{key}_tel"] = re.sub(r"[^\d+]", "", clinic.get(key) or "")
    return clinic


@lru_cache(maxsize=8)
def _snippets(clinic_items):
    clinic = dict(clinic_items)
    return {
        marker: render_to_string(template, {"clinic": clinic}).strip()
        for marker, template in MARKERS.items()
    }


def fill(html):
    """`html` with each marker replaced by the clinic's card, number or address."""
    if 'class="care-card-' not in html and 'class="clinic-' not in html:
        return mark_safe(html)
    snippets = _snippets(tuple(sorted(clinic_details().items())))
    for marker, snippet in snippets.items():
        html = html.replace(marker, snippet)
    return mark_safe(html)


def context(request):
    """Templates see {{ clinic.name }}, {{ clinic.emergency_number }} and the rest."""
    return {"clinic": clinic_details()}
