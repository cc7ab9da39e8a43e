"""load_content and export_content: validate all, write once, never lose an edit."""

import pytest
from django.core import serializers

from spinecare.pages.models import Link, Page, Question, Source, Term

from .conftest import CONTENT, page_text, run_command

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything the loader can touch, as comparable text."""
    models = [
        Page,
        Question,
        Source,
        Link,
        Term,
        Term.history.model,
    ]
    rows = []
    for model in models:
        data = serializers.serialize("json", model.objects.order_by("pk"))
        rows.append(data.replace('"history_date"', "").strip())
    return rows


def test_loader_creates_pages_questions_sources_and_links(content, load):
    code, out, err = load(content.root)
    assert code == 0, err
    assert "7 created" in out
    page = Page.objects.get(slug="intramedullary-tumors")
    assert page.section == "tumors"
    assert page.status == Page.Status.PUBLISHED
    assert page.alias_list == ["intermedullary tumor"]
    assert [q.text for q in page.questions.all()][0] == "What does this mean for me?"
    assert page.sources.get().url == "https://example.org/a"
    assert [link.target.slug for link in page.related_links()] == [
        "weakness",
        "mri",
        "surgery",
    ]
    assert set(
        Link.objects.filter(source=page, kind="body").values_list(
            "target__slug", flat=True
        )
    ) == {
        "mri",
        "surgery",
    }
    assert Term.objects.get(slug="dura").alias_list == ["dura mater"]


def test_loading_twice_changes_nothing(content, load):
    load(content.root)
    before = snapshot()
    code, out, _ = load(content.root)
    assert code == 0
    assert "0 created, 0 updated, 7 unchanged" in out
    assert snapshot() == before


def test_dry_run_validates_and_writes_nothing(content, load):
    code, out, _ = load(content.root, "--dry-run")
    assert code == 0
    assert "7 created" in out and "dry run" in out
    assert Page.objects.count() == 0 and Term.objects.count() == 0


BAD_FILES = {
    "unreadable YAML": (
        "tumors/bad.md",
        "---\ntitle: [unclosed\nsummary: x\n---\nBody\n",
        "tumors/bad.md: line 3: front matter is not valid YAML",
    ),
    "missing title": (
        "tumors/bad.md",
        page_text(title=None),
        "tumors/bad.md: title: is missing or empty",
    ),
    "empty summary": (
        "tumors/bad.md",
        page_text(summary="  "),
        "tumors/bad.md: summary: is missing or empty",
    ),
    "unknown section folder": (
        "tumours/bad.md",
        page_text(),
        "tumours/bad.md: folder: must be in one of the folders",
    ),
    "duplicate slug": (
        "symptoms/mri.md",
        page_text(title="MRI again"),
        "slug 'mri' is also used by",
    ),
    "unknown link in the body": (
        "tumors/bad.md",
        page_text(body="First line.\n\nSee [[no-such-page]] here."),
        "tumors/bad.md: line 16: [[no-such-page]] links to no page",
    ),
    "unknown related page": (
        "tumors/bad.md",
        page_text(related=["mri", "nowhere"]),
        "tumors/bad.md: related[2]: no page has the slug 'nowhere'",
    ),
    "malformed source URL": (
        "tumors/bad.md",
        page_text(sources=[{"title": "T", "publisher": "P", "url": "htp:/broken"}]),
        "tumors/bad.md: sources[1].url: 'htp:/broken' is not an http(s) address",
    ),
    "source with neither URL nor DOI": (
        "tumors/bad.md",
        page_text(sources=[{"title": "T", "publisher": "P"}]),
        "tumors/bad.md: sources[1]: needs a url or a doi",
    ),
    "bad DOI": (
        "tumors/bad.md",
        page_text(sources=[{"title": "T", "publisher": "P", "doi": "doi:abc"}]),
        "tumors/bad.md: sources[1].doi: 'doi:abc' is not a DOI",
    ),
    "non-UTF-8 file": (
        "tumors/bad.md",
        page_text().encode("utf-8") + "\ncaf\xe9\n".encode("latin-1"),
        "tumors/bad.md: line 16: is not UTF-8 text",
    ),
    "empty file": ("tumors/bad.md", "", "tumors/bad.md: file: is empty"),
    "no front matter": (
        "tumors/bad.md",
        "Just text.\n",
        "tumors/bad.md: line 1: must start with",
    ),
    "misspelled field": (
        "tumors/bad.md",
        page_text(sumary="typo"),
        "tumors/bad.md: sumary: is not a known field",
    ),
    "bad date": (
        "tumors/bad.md",
        page_text(updated="yesterday"),
        "tumors/bad.md: updated: 'yesterday' is not a date",
    ),
    "empty body": (
        "tumors/bad.md",
        page_text(body=""),
        "the text after the front matter is empty",
    ),
    "upper-case slug": (
        "tumors/Bad-Name.md",
        page_text(),
        "file name: 'Bad-Name' must be lower-case",
    ),
    "unclosed link": (
        "tumors/bad.md",
        page_text(body="First line.\n\nSee [[mri here."),
        "tumors/bad.md: line 16: has a [[ that is not a link",
    ),
    "a file naming a reviewer": (
        "tumors/bad.md",
        page_text(reviewed_by="Dr Invented Nobody", reviewed_on="2026-11-01"),
        "tumors/bad.md: reviewed_by: a file cannot record a review: reviews are "
        "recorded in admin",
    ),
    "a care card with text of its own": (
        "tumors/bad.md",
        page_text(body='Text.\n\n!!! urgent "Get help now"\n    Call us.\n'),
        "tumors/bad.md: line 16: a care card is one line",
    ),
    "a phone number typed into the text": (
        "tumors/bad.md",
        page_text(body="Text.\n\nCall 1-800-555-0199 any time.\n"),
        "tumors/bad.md: line 16: has a phone number",
    ),
    "a source mark past the list of sources": (
        "tumors/bad.md",
        page_text(body="A fact.[^2]\n"),
        "tumors/bad.md: line 14: [^2] points at no source: the page lists 1",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_file_is_named_and_nothing_changes(case, content, load):
    load(content.root)
    content.page(
        "tumors", "intramedullary-tumors", title="Changed title", body="New body."
    )
    before = snapshot()
    relative, text, expected = BAD_FILES[case]
    content.write(relative, text)

    code, _, err = load(content.root)

    assert code == 1
    assert expected in err
    assert "nothing was changed" in err
    assert (
        snapshot() == before
    )  # the good edit next to the bad file was not written either


def test_every_error_is_reported_at_once(content, load):
    content.page("tumors", "one", title="")
    content.page("tumors", "two", related=["nowhere"])
    code, _, err = load(content.root)
    assert code == 1
    assert "one.md: title" in err and "two.md: related[1]" in err
    assert "2 problem(s)" in err


def test_missing_folder_is_an_error(tmp_path, load):
    code, _, err = load(tmp_path / "nope")
    assert code == 1 and "does not exist" in err


def test_admin_edit_is_kept_and_reported_as_conflict(content, load):
    load(content.root)
    page = Page.objects.get(slug="mri")
    page.body = "Edited by a nurse in admin."
    page.save()
    content.page("diagnosis", "mri", title="MRI", body="A newer text from the file.")

    code, out, err = load(content.root)

    assert code == 0
    assert "conflict: content/diagnosis/mri.md" in err
    assert "1 conflict(s)" in out
    assert Page.objects.get(slug="mri").body == "Edited by a nurse in admin."


def test_force_overwrites_an_admin_edit(content, load):
    load(content.root)
    page = Page.objects.get(slug="mri")
    page.body = "Edited in admin."
    page.save()
    content.page("diagnosis", "mri", title="MRI", body="From the file.")

    code, out, _ = load(content.root, "--force")

    assert code == 0 and "1 updated" in out
    assert Page.objects.get(slug="mri").body == "From the file."


def test_unedited_page_is_updated_from_its_file(content, load):
    load(content.root)
    content.page("diagnosis", "mri", title="MRI scans", body="Better words.")
    code, out, _ = load(content.root)
    assert code == 0 and "1 updated" in out
    page = Page.objects.get(slug="mri")
    assert page.title == "MRI scans"
    # Pages that link to it with [[mri]] show the new title.
    assert ">MRI scans</a>" in Page.objects.get(slug="surgery").body_html


def test_export_then_load_changes_nothing(content, load, tmp_path):
    load(content.root)
    page = Page.objects.get(slug="mri")
    page.body = "Edited in admin, then exported."
    page.save()

    code, out, _ = run_command("export_content", str(content.root))
    assert code == 0 and "Exported 7 file(s)" in out
    assert (
        "Edited in admin, then exported."
        in (content.root / "diagnosis/mri.md").read_text()
    )
    before = snapshot()

    code, out, err = load(content.root)
    assert code == 0, err
    assert "7 unchanged" in out and "conflict" not in err
    assert snapshot() == before


def test_real_content_survives_load_export_load(tmp_path, load):
    code, _, err = load(CONTENT)
    assert code == 0, err
    before = snapshot()
    exported = tmp_path / "content"
    code, _, _ = run_command("export_content", str(exported))
    assert code == 0

    code, out, err = load(exported)

    assert code == 0, err
    assert " 0 created, 0 updated," in out and "conflict" not in err
    assert snapshot() == before
    # And exporting again gives the same files, byte for byte.
    first = {p.relative_to(exported): p.read_bytes() for p in exported.rglob("*.md")}
    run_command("export_content", str(exported))
    assert {
        p.relative_to(exported): p.read_bytes() for p in exported.rglob("*.md")
    } == first
    # The files in the repository are in the exporter's own layout: an export
    # right after a load leaves `git diff` empty, so a staff edit stands out.
    files = [*CONTENT.rglob("*.md"), CONTENT / "synonyms.yaml"]
    differ = [
        str(path.relative_to(CONTENT))
        for path in files
        if (exported / path.relative_to(CONTENT)).read_bytes() != path.read_bytes()
    ]
    assert not differ, f"{len(differ)} files not in the exporter's layout: {differ[:5]}"


def test_a_first_load_renders_each_page_once_and_a_reload_renders_nothing(
    db, content, load, monkeypatch
):
    from spinecare.pages import rendering

    calls = []
    real = rendering.render_markdown

    def counting(text, **kwargs):
        calls.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(rendering, "render_markdown", counting)
    assert load(content.root)[0] == 0
    pages, terms = Page.objects.count(), Term.objects.count()
    assert len(calls) == pages + terms  # each page once, each definition once
    calls.clear()
    code, out, _ = load(content.root)
    assert code == 0 and f"{pages + 1} unchanged" in out  # and the glossary term
    assert calls == []
    # A change to one page renders that page and the pages whose links show it.
    content.page("diagnosis", "mri", title="MRI scan", body="A scan that uses magnets.")
    assert load(content.root)[0] == 0
    linking = Page.objects.filter(links_out__target__slug="mri").distinct().count()
    assert len(calls) == 1 + linking


def test_render_all_renders_every_page_again(db, content, load):
    assert load(content.root)[0] == 0
    Page.objects.update(body_html="stale")
    load(content.root)
    assert Page.objects.filter(body_html="stale").count() == Page.objects.count()
    code, out, _ = load(content.root, "--render-all")
    assert code == 0 and "0 updated" in out
    assert not Page.objects.filter(body_html="stale").exists()
