"""Hostile and careless content files: one clear line each, exit 1, nothing changed."""

import os
import textwrap

import pytest
from django.core import serializers

from spinecare.pages.models import Synonym

from .test_loading import snapshot

pytestmark = pytest.mark.django_db

FRONT = """\
title: A page
summary: A short summary.
sources:
  - title: A source
    publisher: A publisher
    url: https://example.org/a
updated: 2026-11-21
"""
BODY = "Some text.\n"
SYNONYMS = "- words: [pins and needles]\n  means: [numbness]\n"


def page(front=FRONT, body=BODY):
    return f"---\n{front}---\n{body}"


def with_line(line, *, replacing=None):
    """The standard front matter with one line added, or in place of another."""
    front = FRONT
    if replacing:
        front = "\n".join(
            line_ for line_ in front.splitlines() if not line_.startswith(replacing)
        )
        front += "\n"
    return page(front + line + "\n")


def term(term_text="Dura", aliases=(), definition="The outer layer."):
    front = textwrap.dedent(
        f"""\
        term: {term_text}
        aliases: [{", ".join(aliases)}]
        sources:
          - title: Dictionary
            publisher: NCI
            url: https://example.org/d
        updated: 2026-11-21
        """
    )
    return f"---\n{front}---\n{definition}\n"


BOMB = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n"
        for i in range(8)
    )
    + "title: *i\n"
)
LONG = "x" * 401
# (name, {relative path: file bytes or text}, what the one line must say)
CASES = [
    ("alias bomb", {"tumors/bomb.md": page(BOMB)}, "uses a YAML anchor or alias"),
    (
        "anchor",
        {"tumors/anchor.md": with_line("aliases: &names [a, b]")},
        "line 9: front matter uses a YAML anchor or alias",
    ),
    (
        "alias bomb in synonyms",
        {"synonyms.yaml": "- words: &w [a, b]\n- words: *w\n"},
        "synonyms.yaml: line 1: uses a YAML anchor or alias",
    ),
    (
        "key twice",
        {"tumors/twice.md": with_line("title: Another title")},
        "line 9: front matter has the key 'title' twice",
    ),
    (
        "key twice in a source",
        {"tumors/twice.md": page(FRONT.replace("    url:", "    title: B\n    url:"))},
        "has the key 'title' twice",
    ),
    (
        "key twice in synonyms",
        {"synonyms.yaml": "- words: [a]\n  words: [b]\n"},
        "synonyms.yaml: line 2: has the key 'words' twice",
    ),
    (
        "front matter nested 5000 deep",
        {"tumors/deep.md": with_line("aliases: " + "[" * 5000 + "]" * 5000)},
        "front matter is nested more than 20 levels deep",
    ),
    (
        "synonyms nested 5000 deep",
        {"synonyms.yaml": "- words: " + "[" * 5000 + "a" + "]" * 5000 + "\n"},
        "synonyms.yaml: line 1: is nested more than 20 levels deep",
    ),
    (
        "synonyms nested 5000 deep in blocks",
        {"synonyms.yaml": "- " * 5000 + "a\n"},
        "is nested more than 20 levels deep",
    ),
    (
        "month 13",
        {"tumors/m13.md": with_line("updated: 2026-13-01", replacing="updated")},
        "updated: '2026-13-01' is not a date like 2026-11-21",
    ),
    (
        "February 30",
        {"tumors/feb.md": with_line("updated: 2026-02-30", replacing="updated")},
        "updated: '2026-02-30' is not a date",
    ),
    (
        "day zero",
        {"tumors/d0.md": with_line("updated: 2026-11-00", replacing="updated")},
        "updated: '2026-11-00' is not a date",
    ),
    (
        "tagged impossible date",
        {
            "tumors/tag.md": with_line(
                "updated: !!timestamp 2026-13-01", replacing="updated"
            )
        },
        "front matter has a value that cannot be read",
    ),
    (
        "date and time",
        {"tumors/dt.md": with_line("updated: 2026-11-21 10:00", replacing="updated")},
        "updated: '2026-11-21 10:00' is not a date",
    ),
    (
        "120-character slug",
        {f"tumors/{'a' * 120}.md": page()},
        "file name: the slug is 120 characters long; at most 100 fit",
    ),
    (
        "400-character title",
        {"tumors/t.md": with_line(f"title: {'T' * 400}", replacing="title")},
        "title: is 400 characters long; at most 200 fit",
    ),
    (
        "400-character question",
        {"tumors/q.md": with_line(f"questions: [{'Q' * 400}]")},
        "questions[1]: is 400 characters long; at most 300 fit",
    ),
    (
        "source title too long",
        {"tumors/s.md": page(FRONT.replace("title: A source", f"title: {LONG}"))},
        "sources[1].title: is 401 characters long; at most 300 fit",
    ),
    (
        "publisher too long",
        {"tumors/p.md": page(FRONT.replace("A publisher", "P" * 201))},
        "sources[1].publisher: is 201 characters long; at most 200 fit",
    ),
    (
        "url too long",
        {
            "tumors/u.md": page(
                FRONT.replace(
                    "https://example.org/a", "https://example.org/" + LONG * 2
                )
            )
        },
        "sources[1].url: is 822 characters long; at most 500 fit",
    ),
    (
        "doi too long",
        {
            "tumors/d.md": page(
                FRONT.replace("url: https://example.org/a", "doi: 10.1000/" + "x" * 200)
            )
        },
        "sources[1].doi: is 208 characters long; at most 200 fit",
    ),
    (
        "term too long",
        {"glossary/long.md": term("T" * 101)},
        "term: is 101 characters long; at most 100 fit",
    ),
    (
        "glossary slug too long",
        {f"glossary/{'g' * 101}.md": term()},
        "file name: the slug is 101 characters long; at most 100 fit",
    ),
    (
        "NUL in the text",
        {"tumors/nul.md": page(body="Fine.\n\nNot \0 fine.\n")},
        "line 12: has a control character (U+0000, NUL)",
    ),
    (
        "NUL in the front matter",
        {"tumors/nul.md": with_line("aliases: [a\0b]")},
        "line 9: has a control character (U+0000, NUL)",
    ),
    (
        "NUL written as a YAML escape",
        {"tumors/esc.md": with_line('title: "A \\0 title"', replacing="title")},
        "title: has a control character (such as NUL)",
    ),
    (
        "NUL in synonyms",
        {"synonyms.yaml": "- words: [pins\0needles]\n"},
        "synonyms.yaml: line 1: has a control character (U+0000, NUL)",
    ),
    (
        "bell character",
        {"tumors/bell.md": page(body="Ding \a dong.\n")},
        "line 10: has a control character (U+0007)",
    ),
    (
        "6 MB page",
        {"tumors/huge.md": page(body="word " * (6 * 1024 * 1024 // 5))},
        "file: is 6,144 KB; a content file can be at most 256 KB",
    ),
    (
        "2 MB synonyms",
        {"synonyms.yaml": SYNONYMS * (2 * 1024 * 1024 // len(SYNONYMS))},
        "synonyms.yaml: file: is 2,048 KB; a content file can be at most 256 KB",
    ),
    (
        "the same question twice",
        {
            "tumors/qq.md": with_line(
                'questions: ["Will it grow?", "Who do I call?", "will it grow?"]'
            )
        },
        "questions[3]: repeats questions[1]: keep one",
    ),
    pytest.param(
        "the same glossary term in two files",
        {"glossary/dura-mater.md": term("Dura")},
        "'Dura' is also a term or alias in content/glossary/dura",
    ),
    pytest.param(
        "an alias claimed by two terms",
        {"glossary/meninges.md": term("Meninges", aliases=["dura mater"])},
        "aliases[1]: 'dura mater' is also a term or alias in",
    ),
    (
        "a number of 5000 digits",
        {"tumors/n.md": with_line("title: " + "9" * 5000, replacing="title")},
        "front matter has a value that cannot be read",
    ),
    (
        "a Python object tag",
        {"tumors/py.md": with_line('title: !!python/object/apply:os.system ["id"]')},
        "could not determine a constructor for the tag",
    ),
    (
        "an unhashable key",
        {"tumors/key.md": with_line("? [a, b]\n: c")},
        "found unhashable key",
    ),
    (
        "front matter that is a list",
        {"tumors/list.md": page("- a\n- b\n")},
        "front matter: must be key: value lines",
    ),
    (
        "title as a mapping",
        {"tumors/map.md": with_line("title: {a: b}", replacing="title")},
        "title: must be text, not dict",
    ),
    (
        "a question read as true",
        {"tumors/yes.md": with_line("questions: [yes]")},
        "questions[1]: reads as true or false: put it in quotes",
    ),
    (
        "a related page that is no slug",
        {"tumors/rel.md": with_line(f"related: [{'R' * 400}]")},
        "related[1]: 'RRRRRRRRR",
    ),
    (
        "a paragraph of 6000 characters",
        {"tumors/para.md": page(body="word " * 1200 + "\n")},
        "line 10: this paragraph is 6,000 characters long; at most 5,000",
    ),
    (
        "a flood of [ brackets",
        {"tumors/br.md": page(body="[a " * 100 + "\n")},
        "line 10: this paragraph has 100 [ brackets; at most 50",
    ),
    (
        "a flood of < signs",
        {"tumors/lt.md": page(body="<a " * 100 + "\n")},
        "line 10: this paragraph has 100 < signs; at most 50",
    ),
    (
        "a list nested 100 deep",
        {"tumors/nest.md": page(body="".join("  " * i + "- x\n" for i in range(100)))},
        "line 19: is indented 18 spaces; at most 16",
    ),
    (
        "quotes nested 5000 deep",
        {"tumors/quote.md": page(body=">" * 5000 + " x\n")},
        "line 10: nests 5000 quotes (>); at most 3",
    ),
    (
        "not UTF-8",
        {"tumors/latin.md": page().encode("utf-8") + b"caf\xe9\n"},
        "line 11: is not UTF-8 text",
    ),
    (
        "a folder named like a page",
        {"tumors/folder.md/inner.txt": "x"},
        "content/tumors/folder.md: file: is not a regular file",
    ),
    (
        "an empty file",
        {"tumors/empty.md": ""},
        "content/tumors/empty.md: file: is empty",
    ),
    (
        "no closing ---",
        {"tumors/open.md": f"---\n{FRONT}Some text.\n"},
        "front matter: has no closing --- line",
    ),
    (
        "a tab in the YAML",
        {"tumors/tab.md": with_line("aliases:\n\t- a")},
        "front matter is not valid YAML",
    ),
]


def synonym_rows():
    return serializers.serialize("json", Synonym.objects.order_by("pk"))


@pytest.mark.parametrize(
    "name, files, message",
    CASES,
    ids=[c.values[0] if hasattr(c, "values") else c[0] for c in CASES],
)
def test_a_bad_file_gets_one_clear_line_and_changes_nothing(
    name, files, message, content, load
):
    content.write("synonyms.yaml", SYNONYMS)
    code, _, err = load(content.root)
    assert code == 0, err
    before, synonyms_before = snapshot(), synonym_rows()
    for relative, data in files.items():
        content.write(relative, data)

    for args in [("--dry-run",), ()]:
        code, out, err = load(content.root, *args)
        assert code == 1, (args, out, err)
        assert "Traceback" not in err and "Error:" not in err
        lines = err.strip().splitlines()
        assert lines[-1].endswith("problem(s) found; nothing was changed.")
        errors = lines[:-1]
        assert errors and all(line.startswith("error: content/") for line in errors)
        assert all(len(line) < 400 for line in errors), errors
        assert any(message in line for line in errors), err
        assert snapshot() == before and synonym_rows() == synonyms_before


def test_there_are_at_least_forty_kinds_of_bad_file():
    assert len(CASES) >= 40


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_named_like_a_page_is_refused_without_waiting(content, load):
    os.mkfifo(content.root / "tumors" / "pipe.md")
    code, _, err = load(content.root, "--dry-run")
    assert code == 1
    assert "content/tumors/pipe.md: file: is not a regular file" in err


def test_a_hundred_errors_in_one_file_are_cut_to_a_readable_number(content, load):
    content.write("tumors/many.md", page(body="{{nope}}\n\n" * 100))
    code, _, err = load(content.root, "--dry-run")
    assert code == 1
    lines = [line for line in err.splitlines() if "tumors/many.md" in line]
    assert len(lines) == 31
    assert lines[-1].endswith("file: and 70 more problems like these")


def test_the_file_size_limit_is_a_setting(content, load, settings):
    content.write("tumors/big.md", page(body="word " * 600))
    settings.CONTENT_MAX_FILE_BYTES = 2048
    code, _, err = load(content.root, "--dry-run")
    assert code == 1
    assert "tumors/big.md: file: is 3 KB; a content file can be at most 2 KB" in err
