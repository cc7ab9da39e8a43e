"""A password may not be built on the site's or the clinic's name."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

# Letters people swap in for others; "1" stands for an i as often as an l.
SWAPS = [
    str.maketrans("0134@$5!7", "oieaassit"),
    str.maketrans("0134@$5!7", "oleaassit"),
]


def _letters(text, swaps):
    return re.sub(r"[^a-z]", "", text.lower().translate(swaps))


class NotTheSiteNameValidator:
    """Refuse "spinecare", "Spinecare2026", "Sp1neC@re!" and the clinic's name."""

    def names(self):
        names = {"spinecare", _letters(settings.CLINIC["name"], SWAPS[0])}
        return {name for name in names if len(name) >= 5}

    def validate(self, password, user=None):
        for swaps in SWAPS:
            letters = _letters(password, swaps)
            if any(name in letters for name in self.names()):
                raise ValidationError(
                    "This password is built on the site's or the clinic's name, "
                    "which is the first thing someone guessing would try.",
                    code="password_site_name",
                )

    def get_help_text(self):
        return "Your password can't be built on the site's or the clinic's name."
