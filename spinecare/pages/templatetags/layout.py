"""{{ html|link_items }}: mark list items and cells that hold nothing but a link.

Such a link is a target of its own and is laid out as one (44px tall); a link inside
a sentence stays inline. CSS cannot tell them apart (`:only-child` ignores text), so
the stored, sanitized HTML gets a class on the item, and nothing else changes.
"""

import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# The sanitizer allows no class on li, td or th, so a bare opening tag is all there is.
LONE_LINK = re.compile(
    r"<(li|td|th)>(\s*<a\s[^>]*>(?:(?!</a>|<a\s)[^<]|<(?!/?a[\s>])[^>]*>)*</a>\s*)</\1>"
)


@register.filter(name="link_items")
def link_items(html):
    return mark_safe(LONE_LINK.sub(r'<\1 class="link-item">\2</\1>', str(html)))
