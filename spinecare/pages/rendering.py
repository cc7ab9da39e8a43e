"""Markdown to safe HTML: the only place that renders, and it always sanitizes."""

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html import unescape

import markdown
import nh3
from django.urls import reverse
from django.utils.html import escape
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .readability import reading_grade

# [[slug]] or [[slug|link text]]
# The link text may wrap onto the next line, as any markdown text may.
WIKILINK_RE = r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]]+))?\]\]"
# A care card, alone on its line: "!!! emergency", "!!! urgent" or "!!! routine".
CARE_LEVELS = ("emergency", "urgent", "routine")
CARE_CARD_RE = re.compile(r"^!!!\s*(\S+)?\s*(.*)$")
# {{emergency}}: the clinic's numbers and address, filled in from settings.
TOKEN_RE = r"\{\{\s*([a-z-]+)\s*\}\}"
TOKENS = ("emergency", "cancer-team", "contact", "crisis")
# [^1] or [^2,3]: a mark that points at the page's first, or second and third, source.
CITE_RE = r"\[\^(\d+(?:\s*,\s*\d+)*)\]"

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
}
ALLOWED_CLASSES = {
    "div": {f"care-card-{level}" for level in CARE_LEVELS},
    "a": {"term"},
    "span": {"missing-link", "visually-hidden", *(f"clinic-{t}" for t in TOKENS)},
    "sup": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass
class Target:
    url: str
    title: str


@dataclass
class Rendered:
    html: str
    toc: list = field(default_factory=list)
    links: list = field(default_factory=list)  # slugs linked with [[...]], in order
    missing: list = field(default_factory=list)  # [[...]] slugs that name no page
    care_levels: list = field(default_factory=list)  # care cards, in order


def normalize_newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def link_targets():
    """Every page a [[link]] may name, by slug."""
    from .models import Page

    return {
        page.slug: Target(url=page.get_absolute_url(), title=page.title)
        for page in Page.objects.only("section", "slug", "title")
    }


def glossary_terms():
    """(phrase, slug) for every glossary term and alias."""
    from .models import Term

    pairs = []
    for term in Term.objects.only("slug", "term", "aliases"):
        pairs += [(phrase, term.slug) for phrase in [term.term, *term.alias_list]]
    return pairs


class _WikiLinks(InlineProcessor):
    def __init__(self, pattern, md, *, targets, result):
        super().__init__(pattern, md)
        self.targets = targets
        self.result = result

    def handleMatch(self, m, data):
        slug = m.group(1).strip()
        target = self.targets.get(slug)
        if target is None:
            self.result.missing.append(slug)
            el = etree.Element("span", {"class": "missing-link"})
            el.text = " ".join((m.group(2) or slug).split())
            return el, m.start(0), m.end(0)
        self.result.links.append(slug)
        el = etree.Element("a", {"href": target.url})
        el.text = " ".join((m.group(2) or target.title).split())
        return el, m.start(0), m.end(0)


class _CareCards(BlockProcessor):
    """A paragraph "!!! emergency" becomes an empty marker the site fills at display.

    Its words and the clinic's numbers come from templates/includes/care_cards/, so
    every card of a level says the same thing and no number is typed into content.
    """

    def __init__(self, parser, *, result):
        super().__init__(parser)
        self.result = result

    def test(self, parent, block):
        match = CARE_CARD_RE.match(block.split("\n", 1)[0])
        return bool(match and match.group(1) in CARE_LEVELS)

    def run(self, parent, blocks):
        first, _, rest = blocks.pop(0).partition("\n")
        level = CARE_CARD_RE.match(first).group(1)
        self.result.care_levels.append(level)
        etree.SubElement(parent, "div", {"class": f"care-card-{level}"})
        if rest.strip():
            blocks.insert(0, rest)


class _Tokens(InlineProcessor):
    def handleMatch(self, m, data):
        name = m.group(1)
        if name not in TOKENS:
            return None, None, None
        return etree.Element("span", {"class": f"clinic-{name}"}), m.start(0), m.end(0)


class _SourceMarks(InlineProcessor):
    """[^2,3] -> a small "2, 3" whose links go to the page's list of sources."""

    def handleMatch(self, m, data):
        sup = etree.Element("sup", {"class": "cite"})
        numbers = [int(n) for n in m.group(1).split(",")]
        for i, number in enumerate(numbers):
            link = etree.SubElement(sup, "a", {"href": f"#source-{number}"})
            hidden = etree.SubElement(link, "span", {"class": "visually-hidden"})
            hidden.text = "source "
            hidden.tail = str(number)
            if i < len(numbers) - 1:
                link.tail = ","
        return sup, m.start(0), m.end(0)


class _OneH1(Treeprocessor):
    """The page title is the only h1: a "# heading" in the body becomes an h2."""

    def run(self, root):
        for el in root.iter("h1"):
            el.tag = "h2"


class _GlossaryLinks(Treeprocessor):
    """Link the first use of each glossary term on the page to its definition."""

    SKIP = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self, md, *, terms):
        super().__init__(md)
        self.slug_of = {}
        for phrase, slug in terms:
            self.slug_of.setdefault(phrase.lower(), slug)
        phrases = sorted(self.slug_of, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, phrases))
        self.pattern = (
            re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE) if phrases else None
        )
        self.url = reverse("pages:glossary") if phrases else ""

    def run(self, root):
        if self.pattern:
            self._walk(root, set())

    def _walk(self, el, done):
        if el.tag in self.SKIP:
            return
        children = list(el)
        if el.text:
            el.text, anchors = self._split(el.text, done)
            for i, anchor in enumerate(anchors):
                el.insert(i, anchor)
        for child in children:
            self._walk(child, done)
            if child.tail:
                child.tail, anchors = self._split(child.tail, done)
                at = list(el).index(child) + 1
                for i, anchor in enumerate(anchors):
                    el.insert(at + i, anchor)

    def _split(self, text, done):
        lead, anchors, pos = text, [], 0
        for m in self.pattern.finditer(text):
            slug = self.slug_of[m.group(0).lower()]
            if slug in done:
                continue
            done.add(slug)
            anchor = etree.Element("a", {"href": f"{self.url}#{slug}", "class": "term"})
            anchor.text = m.group(0)
            if anchors:
                anchors[-1].tail = text[pos : m.start()]
            else:
                lead = text[: m.start()]
            anchors.append(anchor)
            pos = m.end()
        if anchors:
            anchors[-1].tail = text[pos:]
        return lead, anchors


class _SpineCareExtension(Extension):
    def __init__(self, *, targets, terms, result):
        super().__init__()
        self.targets, self.terms, self.result = targets, terms, result

    def extendMarkdown(self, md):
        md.inlinePatterns.register(
            _WikiLinks(WIKILINK_RE, md, targets=self.targets, result=self.result),
            "wikilinks",
            175,  # before links and emphasis, so [[a|b]] is never read as other markup
        )
        md.inlinePatterns.register(_SourceMarks(CITE_RE, md), "source_marks", 176)
        md.inlinePatterns.register(_Tokens(TOKEN_RE, md), "clinic_tokens", 174)
        md.parser.blockprocessors.register(
            _CareCards(md.parser, result=self.result), "care_cards", 105
        )
        md.treeprocessors.register(_OneH1(md), "one_h1", 30)
        md.treeprocessors.register(_GlossaryLinks(md, terms=self.terms), "glossary", 4)


def _keep_attribute(tag, attribute, value):
    # Pictures come from this site only: an outside image would tell a third party
    # that a patient is reading the page.
    if tag == "img" and attribute == "src" and re.match(r"^\s*(\w+:|//)", value):
        return None
    return value


def sanitize(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_keep_attribute,
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


def _flatten_toc(tokens):
    # Python-Markdown gives each name HTML-escaped; the template escapes it again.
    return [
        {"id": token["id"], "name": unescape(token["name"])}
        for token in tokens
        if token["level"] == 2
    ]


def render_markdown(text, *, targets=None, terms=()):
    """Render markdown to sanitized HTML, with cross-links, glossary links and a toc."""
    result = Rendered(html="")
    md = markdown.Markdown(
        extensions=[
            "tables",
            "sane_lists",
            "toc",
            _SpineCareExtension(targets=targets or {}, terms=terms, result=result),
        ],
        output_format="html",
    )
    html = md.convert(normalize_newlines(text))
    result.html = sanitize(html)
    result.toc = _flatten_toc(_walk_tokens(md.toc_tokens))
    return result


def _walk_tokens(tokens):
    for token in tokens:
        yield token
        yield from _walk_tokens(token["children"])


def markdownify(text):
    """django-markdownx's preview: exactly what a patient would see."""
    return render_markdown(text, targets=link_targets(), terms=glossary_terms()).html


def reading_grade_of(*, title, summary, html):
    html = re.sub(r'<sup class="cite">.*?</sup>', "", html)  # marks are not words
    return reading_grade(f"<h1>{escape(title)}</h1><p>{escape(summary)}</p>{html}")
