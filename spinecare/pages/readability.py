"""Reading grade of a page's text, as patients see it (Flesch-Kincaid, offline)."""

from html.parser import HTMLParser

import textstat

# Each of these ends a thought on the page, even when the writer put no full stop
# after it: a heading or a list item read on its own is its own sentence.
BLOCKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "dt",
    "dd",
    "blockquote",
    "figcaption",
    "caption",
    "summary",
}


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks = [[]]

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.blocks.append([])

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.blocks.append([])

    def handle_data(self, data):
        self.blocks[-1].append(data)


def plain_sentences(html):
    """The visible text of `html`, one block a sentence."""
    collector = _TextCollector()
    collector.feed(html)
    sentences = []
    for block in collector.blocks:
        text = " ".join("".join(block).split())
        if not text:
            continue
        if text[-1] not in ".!?:":
            text += "."
        sentences.append(text)
    return " ".join(sentences)


def reading_grade(html):
    """Flesch-Kincaid grade of the visible text of `html`, to one decimal."""
    text = plain_sentences(html)
    if not text:
        return 0.0
    return round(textstat.flesch_kincaid_grade(text), 1)
