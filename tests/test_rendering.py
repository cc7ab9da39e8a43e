"""render_markdown: cross-links, headings, glossary links, and nothing unsafe survives."""

import re

import pytest

from spinecare.pages.rendering import Target, render_markdown

HOSTILE = {
    "script tag": "<script>alert(1)</script>",
    "script split across lines": "<scr\nipt>alert(1)</script>",
    "script in a paragraph": "Hello <script src='https://evil.example/x.js'></script> there",
    "onerror on an image": '<img src="x.png" onerror="alert(1)">',
    "onclick on a link": '<a href="/ok" onclick="alert(1)">click</a>',
    "onload on svg": '<svg onload="alert(1)"><circle r="4"/></svg>',
    "svg with script": "<svg><script>alert(1)</script></svg>",
    "javascript: markdown link": "[click](javascript:alert(1))",
    "javascript: with entities": "[click](jav&#x61;script:alert(1))",
    "javascript: with spaces and case": '<a href="  JaVaScRiPt:alert(1)">x</a>',
    "javascript: markdown image": "![x](javascript:alert(1))",
    "data: link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data: image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "vbscript: link": '<a href="vbscript:msgbox(1)">x</a>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "object and embed": '<object data="x.swf"></object><embed src="x.swf">',
    "style attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "style tag": "<style>body{display:none}</style>",
    "comment hiding markup": "<!-- <script>alert(1)</script> -->",
    "conditional comment": "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "form and input": '<form action="https://evil.example"><input name="x"></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "base tag": '<base href="https://evil.example/">',
    "link tag": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "outside image (tracker)": "![pixel](https://tracker.example/p.gif)",
    "protocol-relative image": '<img src="//tracker.example/p.gif" alt="x">',
    "formaction on button": '<button formaction="javascript:alert(1)">x</button>',
    "srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "math with href": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "id clobbering": '<img name="body" id="main" src="x.png">',
    "wikilink text with html": "[[mri|<img src=x onerror=alert(1)>]]",
    "event in attr_list syntax": "Text\n{: onclick=alert(1) }",
}

DANGER = re.compile(
    r"<\s*(script|iframe|object|embed|style|form|input|meta|base|link|svg|math|button)\b"
    r"|<[^>]*\son\w+\s*="
    r"|javascript:|vbscript:|data:"
    r"|<[^>]*\sstyle\s*="
    r"|<!--"
    r"|tracker\.example"
    r"|\sid=\"main\"",
    re.IGNORECASE,
)


@pytest.mark.parametrize("source", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_markdown_is_neutralised(source):
    targets = {"mri": Target(url="/diagnosis/mri/", title="MRI")}
    html = render_markdown(source, targets=targets).html
    assert not DANGER.search(html), html


def test_there_are_at_least_twenty_hostile_cases():
    assert len(HOSTILE) >= 20


def test_ordinary_markdown_survives():
    source = """
Some **bold**, some *emphasis* and a [link](https://example.org/page "Title").

- one
- two

1. first
2. second

| Test | What it shows |
| ---- | ------------- |
| MRI  | Soft tissue   |

![A spine drawing](/media/markdownx/spine.png)

> A quote.
"""
    html = render_markdown(source).html
    for fragment in [
        "<strong>bold</strong>",
        "<em>emphasis</em>",
        '<a href="https://example.org/page" title="Title" rel="noopener noreferrer">link</a>',
        "<li>one</li>",
        "<ol>",
        "<table>",
        "<th>Test</th>",
        "<td>Soft tissue</td>",
        '<img alt="A spine drawing" src="/media/markdownx/spine.png">',
        "<blockquote>",
    ]:
        assert fragment in html


def test_wikilinks_use_the_page_title_or_given_text():
    targets = {"mri": Target(url="/diagnosis/mri/", title="MRI scans")}
    result = render_markdown("See [[mri]] and [[mri|how it feels]].", targets=targets)
    assert (
        '<a href="/diagnosis/mri/" rel="noopener noreferrer">MRI scans</a>'
        in result.html
    )
    assert ">how it feels</a>" in result.html
    assert result.links == ["mri", "mri"]
    assert result.missing == []


def test_wikilink_text_may_wrap_onto_the_next_line():
    targets = {"mri": Target(url="/diagnosis/mri/", title="MRI")}
    html = render_markdown(
        "Read about [[mri|the scan\nitself]] here.", targets=targets
    ).html
    assert (
        '<a href="/diagnosis/mri/" rel="noopener noreferrer">the scan itself</a>'
        in html
    )


def test_unknown_wikilink_is_reported_not_linked():
    result = render_markdown("See [[nowhere|this]].", targets={})
    assert result.missing == ["nowhere"]
    assert '<span class="missing-link">this</span>' in result.html


def test_headings_get_stable_ids_and_a_toc():
    source = "## What it is\n\nText.\n\n### A detail\n\n## How it is treated\n\nMore."
    first, again = render_markdown(source), render_markdown(source)
    assert '<h2 id="what-it-is">What it is</h2>' in first.html
    assert first.toc == [
        {"id": "what-it-is", "name": "What it is"},
        {"id": "how-it-is-treated", "name": "How it is treated"},
    ]
    assert again.html == first.html


def test_a_level_one_heading_in_the_body_becomes_level_two():
    html = render_markdown("# Not a second title\n\nText.").html
    assert "<h1" not in html and "<h2" in html


def test_first_use_of_a_glossary_term_links_to_its_definition():
    terms = [("Dura", "dura"), ("dura mater", "dura"), ("spinal cord", "spinal-cord")]
    source = "## The dura\n\nThe dura wraps the spinal cord. The dura is tough.\n\n`dura` in code."
    html = render_markdown(source, terms=terms).html
    assert html.count('class="term"') == 2
    assert (
        '<a class="term" href="/glossary/#dura" rel="noopener noreferrer">dura</a> wraps'
        in html
    )
    assert 'href="/glossary/#spinal-cord"' in html
    assert '<h2 id="the-dura">The dura</h2>' in html  # headings are left alone
    assert "<code>dura</code>" in html
