"""What changed between two versions of a page, readable word by word."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
FIELDS = [
    ("title", "Title"),
    ("slug", "Address (slug)"),
    ("section", "Section"),
    ("status", "Status"),
    ("summary", "Summary"),
    ("updated", "Last checked against its sources"),
]
LISTS = [
    ("questions", "Questions to ask your doctor"),
    ("sources", "Sources"),
    ("related", "Related pages"),
    ("aliases", "Other words patients use"),
]


def words(old, new):
    """HTML of `new` against `old`: removed words in <del>, added words in <ins>."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))


def paragraphs(old, new):
    """The body's changed paragraphs, each word by word; unchanged ones counted."""
    a, b = _paragraphs(old), _paragraphs(new)
    blocks = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if op == "equal":
            blocks.append({"unchanged": i2 - i1})
            continue
        before, after = a[i1:i2], b[j1:j2]
        for k in range(max(len(before), len(after))):
            blocks.append(
                {
                    "html": words(
                        before[k] if k < len(before) else "",
                        after[k] if k < len(after) else "",
                    )
                }
            )
    return blocks


def _paragraphs(text):
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _item(value):
    if isinstance(value, dict):  # a source
        return " | ".join(
            str(value[key])
            for key in ("title", "publisher", "url", "doi")
            if value.get(key)
        )
    return str(value)


def page_changes(old, new):
    """[{label, html | blocks | removed/added}] for each part of the page that changed."""
    changes = []
    for key, label in FIELDS:
        before, after = str(old.get(key, "")), str(new.get(key, ""))
        if before != after:
            changes.append({"label": label, "html": words(before, after)})
    if old["body"].strip() != new["body"].strip():
        changes.append(
            {"label": "Text", "blocks": paragraphs(old["body"], new["body"])}
        )
    for key, label in LISTS:
        before = [_item(v) for v in old.get(key, [])]
        after = [_item(v) for v in new.get(key, [])]
        if before != after:
            changes.append(
                {
                    "label": label,
                    "removed": [v for v in before if v not in after],
                    "added": [v for v in after if v not in before],
                    "reordered": sorted(before) == sorted(after),
                }
            )
    return changes
