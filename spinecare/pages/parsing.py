"""One content file to a validated dict, or errors naming the file, field and line."""

import datetime
import re
from dataclasses import dataclass

import frontmatter
import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from .rendering import CARE_LEVELS, CITE_RE, TOKEN_RE, TOKENS, WIKILINK_RE

SECTIONS = ("tumors", "symptoms", "diagnosis", "treatments", "guides")
GLOSSARY = "glossary"
# In the order export_content writes them.
PAGE_KEYS = (
    "title",
    "summary",
    "aliases",
    "related",
    "questions",
    "sources",
    "updated",
    "status",
)
TERM_KEYS = ("term", "aliases", "sources", "updated")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
# A field that claims a clinical review: only an approval in admin can make one.
REVIEW_CLAIM_RE = re.compile(r"review|approv|sign.?off", re.IGNORECASE)
# Numbers come from the clinic's settings, never from content: a typed number goes
# stale, and 911 is wrong for a clinic outside the United States.
PHONE_RE = re.compile(
    r"tel:|(?<![\w-])(?:911|999|112)(?![\w-])"
    r"|(?<![\w-])(?:\+?1[-.\s]?)?\(?\d{3}\)?[-.\s]\d{3}[-.\s]\d{4}(?![\w-])"
)
CARE_CARD_LINE = f"!!! {' | !!! '.join(CARE_LEVELS)}"


@dataclass(frozen=True)
class ContentError:
    path: str
    where: str  # "title", "line 12", "sources[2].url", ...
    message: str

    def __str__(self):
        return f"{self.path}: {self.where}: {self.message}"


class _Checker:
    """Collects the errors of one file as its fields are read."""

    def __init__(self, path, meta):
        self.path, self.meta, self.errors = path, meta, []

    def error(self, where, message):
        self.errors.append(ContentError(self.path, where, message))

    def text(self, key, *, required=False):
        value = self.meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(key, "is missing or empty")
            return ""
        if not isinstance(value, str):
            self.error(key, f"must be text, not {type(value).__name__}")
            return ""
        return " ".join(value.split())

    def text_list(self, key):
        value = self.meta.get(key) or []
        if not isinstance(value, list):
            self.error(key, "must be a list")
            return []
        items = []
        for i, item in enumerate(value, 1):
            if not isinstance(item, str | int | float) or not str(item).strip():
                self.error(f"{key}[{i}]", "must be non-empty text")
            else:
                items.append(" ".join(str(item).split()))
        return items

    def date(self, key, *, required=False):
        value = self.meta.get(key)
        if value in (None, ""):
            if required:
                self.error(key, "is missing (write a date like 2026-11-21)")
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.error(key, f"{value!r} is not a date like 2026-11-21")
            return None

    def sources(self, *, required):
        value = self.meta.get("sources") or []
        if not isinstance(value, list):
            self.error("sources", "must be a list")
            return []
        if required and not value:
            self.error("sources", "needs at least one source")
        sources = []
        for i, item in enumerate(value, 1):
            where = f"sources[{i}]"
            if not isinstance(item, dict):
                self.error(where, "must have title, publisher and url or doi")
                continue
            unknown = set(item) - {"title", "publisher", "url", "doi"}
            if unknown:
                self.error(where, f"unknown key(s): {', '.join(sorted(unknown))}")
            source = {}
            for key in ("title", "publisher"):
                text = item.get(key)
                if not isinstance(text, str) or not text.strip():
                    self.error(f"{where}.{key}", "is missing or empty")
                else:
                    source[key] = " ".join(text.split())
            url, doi = item.get("url"), item.get("doi")
            if not url and not doi:
                self.error(where, "needs a url or a doi")
            if url:
                try:
                    URLValidator(schemes=["http", "https"])(str(url))
                    source["url"] = str(url)
                except ValidationError:
                    self.error(f"{where}.url", f"{url!r} is not an http(s) address")
            if doi:
                if DOI_RE.match(str(doi)):
                    source["doi"] = str(doi)
                else:
                    self.error(f"{where}.doi", f"{doi!r} is not a DOI like 10.1000/xyz")
            sources.append(source)
        return sources


def _read_text(path, display):
    """The file's text, or an error saying why it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, ContentError(display, "file", f"cannot be read ({exc.strerror})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, ContentError(display, f"line {line}", "is not UTF-8 text")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, ContentError(display, "file", "is empty")
    return text, None


def _split(text, display):
    """(front matter dict, body, first body line) or an error."""
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        return None, ContentError(
            display, "line 1", "must start with --- front matter ---"
        )
    try:
        front, body = handler.split(text)
    except ValueError:
        return None, ContentError(display, "front matter", "has no closing --- line")
    front_line = text[: text.index(front)].count("\n")
    try:
        meta = handler.load(front) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {front_line + mark.line + 1}" if mark else "front matter"
        problem = getattr(exc, "problem", None) or "is not valid YAML"
        return None, ContentError(
            display, where, f"front matter is not valid YAML: {problem}"
        )
    if not isinstance(meta, dict):
        return None, ContentError(display, "front matter", "must be key: value lines")
    body_line = text[: len(text) - len(body)].count("\n") + 1  # where raw body starts
    return (meta, body, body_line), None


def parse_file(path, *, root):
    """Parse one page or glossary file. Returns (data, errors); data is None on error."""
    display = str(
        path.relative_to(root.parent) if root.parent in path.parents else path
    )
    relative = path.relative_to(root)
    folder = relative.parts[0] if len(relative.parts) == 2 else None
    slug = path.stem
    if folder not in (*SECTIONS, GLOSSARY):
        where = "folder" if folder else "file"
        return None, [
            ContentError(
                display,
                where,
                f"must be in one of the folders {', '.join((*SECTIONS, GLOSSARY))}/",
            )
        ]
    text, error = _read_text(path, display)
    if error:
        return None, [error]
    split, error = _split(text, display)
    if error:
        return None, [error]
    meta, raw_body, body_line = split
    return check_fields(
        meta, raw_body, display=display, folder=folder, slug=slug, body_line=body_line
    )


def check_fields(meta, raw_body, *, display, folder, slug, body_line=1):
    """A page's or term's fields and text checked: (data or None, errors).

    The one set of rules for a file and for a save in admin; `body_line` is the line
    of the file where the text starts, so errors name the file's own lines.
    """
    body = raw_body.strip()

    check = _Checker(display, meta)
    if not SLUG_RE.match(slug):
        check.error("file name", f"{slug!r} must be lower-case words joined by hyphens")
    allowed = TERM_KEYS if folder == GLOSSARY else PAGE_KEYS
    for key in sorted(map(str, set(meta) - set(allowed))):
        if REVIEW_CLAIM_RE.search(key):
            check.error(
                key,
                "a file cannot record a review: reviews are recorded in admin, when a "
                "clinical reviewer approves the page",
            )
        else:
            check.error(
                key, f"is not a known field (known: {', '.join(sorted(allowed))})"
            )
    if not body:
        check.error(f"line {body_line}", "the text after the front matter is empty")

    if folder == GLOSSARY:
        data = {
            "slug": slug,
            "term": check.text("term", required=True),
            "aliases": check.text_list("aliases"),
            "sources": check.sources(required=True),
            "updated": check.date("updated", required=True),
            "definition": body,
        }
        return (None if check.errors else data), check.errors

    status = meta.get("status", "published")
    if status not in ("published", "draft"):
        check.error("status", f"{status!r} must be published or draft")
    data = {
        "section": folder,
        "slug": slug,
        "title": check.text("title", required=True),
        "summary": check.text("summary", required=True),
        "aliases": check.text_list("aliases"),
        "related": check.text_list("related"),
        "questions": check.text_list("questions"),
        "sources": check.sources(required=True),
        "updated": check.date("updated", required=True),
        "status": status,
        "body": body,
    }
    for key in ("title", "summary"):
        if PHONE_RE.search(data[key]):
            check.error(key, PHONE_MESSAGE)
    for i, question in enumerate(data["questions"], 1):
        if PHONE_RE.search(question):
            check.error(f"questions[{i}]", PHONE_MESSAGE)
    for line, message in body_problems(raw_body, sources=len(data["sources"])):
        check.error(f"line {body_line + line - 1}", message)
    data["links"] = [
        (m.group(1).strip(), body_line + raw_body[: m.start()].count("\n"))
        for m in re.finditer(WIKILINK_RE, raw_body)
    ]
    return (None if check.errors else data), check.errors


PHONE_MESSAGE = (
    "has a phone number: numbers come from the clinic's settings; write "
    "{{emergency}} or {{cancer-team}} instead"
)


def body_problems(body, *, sources):
    """(line, message) for each problem in a page's markdown; line 1 is its first.

    The same rules hold for a file and for a save in admin.
    """
    problems = []

    def at(offset):
        return body[:offset].count("\n") + 1

    # A "[[" left over is a link that would show as raw brackets on the page.
    unlinked = re.sub(WIKILINK_RE, lambda m: " " * len(m.group(0)), body)
    for m in re.finditer(r"\[\[", unlinked):
        problems.append(
            (
                at(m.start()),
                "has a [[ that is not a link like [[slug]] or [[slug|text]]",
            )
        )
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if not line.lstrip().startswith("!!!"):
            continue
        words = line.split()
        under = i + 1 < len(lines) and lines[i + 1].startswith((" ", "\t"))
        if (
            words[1:]
            and words[0] == "!!!"
            and words[1] in CARE_LEVELS
            and not (words[2:] or under)
        ):
            continue
        problems.append(
            (
                i + 1,
                f"a care card is one line, {CARE_CARD_LINE}, with no text beside or "
                "under it: the site writes its words and the clinic's numbers",
            )
        )
    for m in re.finditer(TOKEN_RE, body):
        if m.group(1) not in TOKENS:
            known = ", ".join(f"{{{{{token}}}}}" for token in TOKENS)
            problems.append(
                (at(m.start()), f"{m.group(0)} is unknown (known: {known})")
            )
    for m in re.finditer(PHONE_RE, body):
        problems.append((at(m.start()), PHONE_MESSAGE))
    for m in re.finditer(CITE_RE, body):
        for number in (int(n) for n in m.group(1).split(",")):
            if not 1 <= number <= sources:
                problems.append(
                    (
                        at(m.start()),
                        f"[^{number}] points at no source: the page lists {sources}",
                    )
                )
    return sorted(problems)


def page_file_text(data):
    """The file for a page or glossary dict: front matter, then the body."""
    if "term" in data:
        meta = {k: data[k] for k in TERM_KEYS if data[k]}
        body = data["definition"]
    else:
        meta = {
            k: data[k]
            for k in PAGE_KEYS
            if data[k] and not (k == "status" and data[k] == "published")
        }
        body = data["body"]
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=88)
    return f"---\n{front}---\n{body.strip()}\n"


SYNONYMS_FILE = "synonyms.yaml"
SYNONYM_KEYS = ("words", "means")
SYNONYMS_HEADER = """\
# Everyday words patients search with, and the words SpineCare's pages use.
#
#   - words: [pins and needles, tingly]   what patients type; a search for any
#     means: [numbness, tingling]         of these also looks for all of these
#
# Leave out "means" when the words all mean the same thing (tumor, tumour).
# Staff can also edit this list in admin; export_content writes it back here
# (only this header is kept: comments lower down are not).
"""


def parse_synonyms(path, *, root):
    """Parse content/synonyms.yaml: (entries, errors), each entry with its line."""
    display = str(path.relative_to(root.parent))
    text, error = _read_text(path, display)
    if error:
        return [], [error]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        problem = getattr(exc, "problem", None) or "is not valid YAML"
        return [], [ContentError(display, where, f"is not valid YAML: {problem}")]
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [
            ContentError(
                display, "line 1", "must be a list of entries that start with - words:"
            )
        ]
    entries, errors = [], []
    for item, item_node in zip(data, node.value, strict=True):
        line = item_node.start_mark.line + 1
        problems = _synonym_entry_problems(item)
        errors += [ContentError(display, f"line {line}", p) for p in problems]
        if not problems:
            entries.append({"line": line, **_synonym_entry(item)})
    return (entries if not errors else []), errors


def _synonym_entry(item):
    return {
        key: [" ".join(str(phrase).split()) for phrase in item.get(key) or []]
        for key in SYNONYM_KEYS
    }


def _synonym_entry_problems(item):
    if not isinstance(item, dict):
        return ["an entry must have words: and can have means:"]
    problems = [
        f"{key}: is not a known field (known: means, words)"
        for key in sorted(map(str, set(item) - set(SYNONYM_KEYS)))
    ]
    for key in SYNONYM_KEYS:
        value = item.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            problems.append(f"{key}: must be a list, like [{value}]")
            continue
        for i, phrase in enumerate(value, 1):
            if isinstance(phrase, bool):  # YAML reads a bare no or yes as true/false
                problems.append(f"{key}[{i}]: put it in quotes")
            elif not isinstance(phrase, str | int | float) or not str(phrase).strip():
                problems.append(f"{key}[{i}]: must be non-empty text")
    if not item.get("words") and not problems:
        problems.append("words: needs at least one word or phrase")
    return problems


def synonyms_file_text(entries):
    """content/synonyms.yaml for a list of {"words": [...], "means": [...]}."""
    data = [
        {
            "words": entry["words"],
            **({"means": entry["means"]} if entry["means"] else {}),
        }
        for entry in entries
    ]
    body = yaml.safe_dump(
        data,
        sort_keys=False,
        allow_unicode=True,
        width=88,
        default_flow_style=None,
    )
    return SYNONYMS_HEADER + "\n" + (body if data else "[]\n")
