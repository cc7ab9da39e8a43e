"""One content file to a validated dict, or errors naming the file, field and line."""

import bisect
import datetime
import re
from dataclasses import dataclass

import frontmatter
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from yaml.constructor import ConstructorError

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
# Front matter and synonyms.yaml are flat lists and key: value lines; deeper is a
# mistake, or a file built to exhaust the parser.
MAX_YAML_DEPTH = 20
# Characters a text file has no use for; PostgreSQL refuses NUL outright.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _short(value, width=60):
    """A value for an error message: one line, never the whole of a huge value."""
    text = repr(value)
    return text if len(text) <= width else f"{text[: width - 1]}…"


def max_length(model, field):
    """The database's limit for a field, read from the model so the two never differ."""
    from . import models  # models import rendering, as this module does

    return getattr(models, model)._meta.get_field(field).max_length


def _too_long(value, limit):
    return f"is {len(value)} characters long; at most {limit} fit"


class _Refused(ConstructorError):
    """YAML that parses, but that content files may not use."""


class _StrictLoader(yaml.SafeLoader):
    """YAML as content files use it: no anchors or aliases (so no alias bombs), no
    key twice, no deep nesting, and dates left as text for the checker to read.
    """

    yaml_implicit_resolvers = {
        first: [
            (tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                None,
                None,
                "uses a YAML anchor or alias (& or *): write each value out in full",
                event.start_mark,
            )
        self.depth += 1
        try:
            if self.depth > MAX_YAML_DEPTH:
                raise _Refused(
                    None,
                    None,
                    f"is nested more than {MAX_YAML_DEPTH} levels deep",
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:  # an !!int of 5,000 digits, say
            raise _Refused(
                None, None, f"has a value that cannot be read ({exc})", node.start_mark
            ) from None

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) < len(node.value):
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if key in seen:
                    raise _Refused(
                        None,
                        None,
                        f"has the key {_short(key)} twice: keep one",
                        key_node.start_mark,
                    )
                seen.add(key)
        return mapping


def _load_yaml(text):
    """(node, data) of one YAML document, read by _StrictLoader."""
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _yaml_problem(exc):
    """(line within the YAML or None, one-line problem) for a YAMLError."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else None
    problem = " ".join(str(getattr(exc, "problem", None) or "").split())
    if isinstance(exc, _Refused):
        return line, problem
    return line, f"is not valid YAML: {problem}" if problem else "is not valid YAML"


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

    def text(self, key, *, required=False, limit=None):
        value = self.meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(key, "is missing or empty")
            return ""
        if not isinstance(value, str):
            self.error(key, f"must be text, not {type(value).__name__}")
            return ""
        text = " ".join(value.split())
        if limit and len(text) > limit:
            self.error(key, _too_long(text, limit))
        return text

    def text_list(self, key, *, limit=None):
        value = self.meta.get(key) or []
        if not isinstance(value, list):
            self.error(key, "must be a list")
            return []
        items = []
        for i, item in enumerate(value, 1):
            if isinstance(item, bool):  # YAML reads a bare yes, no, on or off so
                self.error(f"{key}[{i}]", "reads as true or false: put it in quotes")
            elif not isinstance(item, str | int | float):
                self.error(f"{key}[{i}]", "must be non-empty text")
            elif not str(item).strip():
                self.error(f"{key}[{i}]", "must be non-empty text")
            else:
                text = " ".join(str(item).split())
                if limit and len(text) > limit:
                    self.error(f"{key}[{i}]", _too_long(text, limit))
                items.append(text)
        return items

    def distinct(self, key, items):
        """An error for each item that repeats an earlier one (case aside)."""
        first = {}
        for i, item in enumerate(items, 1):
            earlier = first.setdefault(item.casefold(), i)
            if earlier != i:
                self.error(f"{key}[{i}]", f"repeats {key}[{earlier}]: keep one")

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
        text = str(value).strip()
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            return datetime.date.fromisoformat(text)
        except ValueError:
            self.error(
                key,
                f"{_short(value)} is not a date like 2026-11-21 (year-month-day, "
                "with a month from 1 to 12 and a day the month has)",
            )
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
            unknown = set(map(str, item)) - {"title", "publisher", "url", "doi"}
            if unknown:
                names = ", ".join(_short(key, 30) for key in sorted(unknown))
                self.error(where, f"unknown key(s): {names}")
            source = {}
            for key in ("title", "publisher"):
                text = item.get(key)
                if not isinstance(text, str) or not text.strip():
                    self.error(f"{where}.{key}", "is missing or empty")
                    continue
                source[key] = " ".join(text.split())
                limit = max_length("Source", key)
                if len(source[key]) > limit:
                    self.error(f"{where}.{key}", _too_long(source[key], limit))
            url, doi = item.get("url"), item.get("doi")
            if not url and not doi:
                self.error(where, "needs a url or a doi")
            if url:
                limit = max_length("Source", "url")
                try:
                    URLValidator(schemes=["http", "https"])(str(url))
                    source["url"] = str(url)
                except ValidationError:
                    self.error(
                        f"{where}.url", f"{_short(url)} is not an http(s) address"
                    )
                else:
                    if len(source["url"]) > limit:
                        self.error(f"{where}.url", _too_long(source["url"], limit))
            if doi:
                limit = max_length("Source", "doi")
                if not DOI_RE.match(str(doi)):
                    self.error(
                        f"{where}.doi", f"{_short(doi)} is not a DOI like 10.1000/xyz"
                    )
                elif len(str(doi)) > limit:
                    self.error(f"{where}.doi", _too_long(str(doi), limit))
                else:
                    source["doi"] = str(doi)
            sources.append(source)
        return sources


def _read_text(path, display):
    """The file's text, or an error saying why it cannot be read.

    Its size is checked before a byte is parsed: a huge file would tie up the
    loader (and the database) for minutes.
    """
    limit = settings.CONTENT_MAX_FILE_BYTES
    try:
        if not path.is_file():  # a device or pipe named *.md would never end
            return None, ContentError(display, "file", "is not a regular file")
        size = path.stat().st_size
        if size <= limit:
            with path.open("rb") as file:
                raw = file.read(limit + 1)
            size = max(size, len(raw))
    except OSError as exc:
        return None, ContentError(display, "file", f"cannot be read ({exc.strerror})")
    if size > limit:
        return None, ContentError(
            display,
            "file",
            f"is {size / 1024:,.0f} KB; a content file can be at most "
            f"{limit / 1024:,.0f} KB (split the page, or raise CONTENT_MAX_FILE_BYTES)",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, ContentError(display, f"line {line}", "is not UTF-8 text")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, ContentError(display, "file", "is empty")
    control = CONTROL_RE.search(text)
    if control:
        line = text[: control.start()].count("\n") + 1
        return None, ContentError(
            display,
            f"line {line}",
            f"has a control character (U+{ord(control.group()):04X}"
            f"{', NUL' if control.group() == chr(0) else ''}) that text cannot hold: "
            "delete it",
        )
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
        meta = _load_yaml(front)[1] or {}
    except yaml.YAMLError as exc:
        line, problem = _yaml_problem(exc)
        where = f"line {front_line + line}" if line else "front matter"
        return None, ContentError(display, where, f"front matter {problem}")
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
        check.error(
            "file name", f"{_short(slug)} must be lower-case words joined by hyphens"
        )
    limit = max_length("Term" if folder == GLOSSARY else "Page", "slug")
    if len(slug) > limit:
        check.error("file name", f"the slug {_too_long(slug, limit)}")
    for where, value in _strings(meta):
        if CONTROL_RE.search(value):
            check.error(where, "has a control character (such as NUL): delete it")
    allowed = TERM_KEYS if folder == GLOSSARY else PAGE_KEYS
    for key in sorted(map(str, set(meta) - set(allowed))):
        if len(key) > 40:
            check.error(f"{key[:40]}…", "is not a known field")
        elif REVIEW_CLAIM_RE.search(key):
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
            "term": check.text("term", required=True, limit=max_length("Term", "term")),
            "aliases": check.text_list("aliases"),
            "sources": check.sources(required=True),
            "updated": check.date("updated", required=True),
            "definition": body,
        }
        return _result(data, check.errors, display)

    status = meta.get("status", "published")
    if status not in ("published", "draft"):
        check.error("status", f"{_short(status)} must be published or draft")
    data = {
        "section": folder,
        "slug": slug,
        "title": check.text("title", required=True, limit=max_length("Page", "title")),
        "summary": check.text("summary", required=True),
        "aliases": check.text_list("aliases"),
        "related": check.text_list("related"),
        "questions": check.text_list("questions", limit=max_length("Question", "text")),
        "sources": check.sources(required=True),
        "updated": check.date("updated", required=True),
        "status": status,
        "body": body,
    }
    check.distinct("questions", data["questions"])
    for i, related in enumerate(data["related"], 1):
        if not SLUG_RE.match(related) or len(related) > limit:
            check.error(f"related[{i}]", f"{_short(related)} is not a page's slug")
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
    return _result(data, check.errors, display)


MAX_ERRORS_PER_FILE = 30


def _result(data, errors, display):
    """(data or None, errors), with a file's errors cut to a readable number."""
    if len(errors) > MAX_ERRORS_PER_FILE:
        more = len(errors) - MAX_ERRORS_PER_FILE
        errors = errors[:MAX_ERRORS_PER_FILE] + [
            ContentError(display, "file", f"and {more} more problems like these")
        ]
    return (None if errors else data), errors


def term_clashes(terms):
    """An error for each glossary phrase, a term or an alias, that two terms claim.

    A phrase links to one definition: claimed twice, which one a page links to
    would depend on the order the files happen to load in.
    """
    owners, errors = {}, []
    for data in terms:
        phrases = [("term", data["term"])] + [
            (f"aliases[{i}]", alias) for i, alias in enumerate(data["aliases"], 1)
        ]
        for where, phrase in phrases:
            owner = owners.setdefault(phrase.casefold(), data["path"])
            if owner != data["path"]:
                errors.append(
                    ContentError(
                        data["path"],
                        where,
                        f"{_short(phrase)} is also a term or alias in {owner}: a "
                        "phrase can belong to one glossary term only",
                    )
                )
    return errors


def _strings(value, where=""):
    """(field, text) for every piece of text in parsed front matter, however nested."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{where}.{key}" if where else str(key)
            yield from _strings(key, name)
            yield from _strings(item, name)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value, 1):
            yield from _strings(item, f"{where}[{i}]")


PHONE_MESSAGE = (
    "has a phone number: numbers come from the clinic's settings; write "
    "{{emergency}} or {{cancer-team}} instead"
)


# Python-Markdown's time grows with the square of a paragraph's length and of its
# brackets: these limits, ten times what a page needs, keep a load to seconds.
MAX_PARAGRAPH = 5000
MAX_BRACKETS = 50  # [ and < each
MAX_INDENT = 16
MAX_QUOTES = 3


def _shape_problems(body):
    """(line, message) for text too long, too bracketed or too deep to render quickly."""
    problems = []
    first, size, brackets, angles = 1, 0, 0, 0  # the paragraph so far
    for number, text in enumerate([*body.split("\n"), ""], 1):
        if not text.strip():  # a blank line ends a paragraph
            if size > MAX_PARAGRAPH:
                problems.append(
                    (
                        first,
                        f"this paragraph is {size:,} characters long; at most "
                        f"{MAX_PARAGRAPH:,} (leave a blank line between paragraphs)",
                    )
                )
            elif brackets > MAX_BRACKETS:
                problems.append(
                    (
                        first,
                        f"this paragraph has {brackets} [ brackets; at most "
                        f"{MAX_BRACKETS} (a link uses two, a source mark one)",
                    )
                )
            elif angles > MAX_BRACKETS:
                problems.append(
                    (
                        first,
                        f"this paragraph has {angles} < signs; at most "
                        f"{MAX_BRACKETS} (pages are markdown, not HTML)",
                    )
                )
            first, size, brackets, angles = number + 1, 0, 0, 0
            continue
        size += len(text) + (1 if size else 0)  # the newline before it
        brackets += text.count("[")
        angles += text.count("<")
        spaces = text.expandtabs(4)
        indent = len(spaces) - len(spaces.lstrip(" "))
        quotes = re.match(r"[ >]*", text).group().count(">")
        if indent > MAX_INDENT:
            problems.append(
                (
                    number,
                    f"is indented {indent} spaces; at most {MAX_INDENT} "
                    "(lists nest four deep at most)",
                )
            )
        elif quotes > MAX_QUOTES:
            problems.append(
                (number, f"nests {quotes} quotes (>); at most {MAX_QUOTES}")
            )
        if len(problems) > MAX_ERRORS_PER_FILE:
            break
    return problems


def body_problems(body, *, sources):
    """(line, message) for each problem in a page's markdown; line 1 is its first.

    The same rules hold for a file and for a save in admin.
    """
    problems = _shape_problems(body)
    if problems:  # the checks below would take too long on such a text
        return problems
    newlines = [m.start() for m in re.finditer("\n", body)]

    def at(offset):
        return bisect.bisect_left(newlines, offset) + 1

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
        node, data = _load_yaml(text)
    except yaml.YAMLError as exc:
        line, problem = _yaml_problem(exc)
        return [], [ContentError(display, f"line {line}" if line else "file", problem)]
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
