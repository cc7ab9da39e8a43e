"""The "On this page" list shows a heading's text as written, escaped once."""

import pytest

from spinecare.pages.models import Page

pytestmark = pytest.mark.django_db


def test_a_heading_with_an_ampersand_shows_once_escaped(content, load, client):
    content.page(
        "symptoms",
        "numbness",
        title="Numbness",
        body="""
        Text.

        ## Pain & numbness

        More text.

        ## When x < y & "quotes"

        The end.
        """,
    )
    code, _, err = load(content.root)
    assert code == 0, err
    page = Page.objects.get(slug="numbness")
    assert [item["name"] for item in page.toc] == [
        "Pain & numbness",
        'When x < y & "quotes"',
    ]
    html = client.get(page.get_absolute_url()).content.decode()
    toc = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    assert ">Pain &amp; numbness</a>" in toc
    assert ">When x &lt; y &amp; &quot;quotes&quot;</a>" in toc
    assert "&amp;amp;" not in html
