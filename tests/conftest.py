"""Shared fixtures: small content trees written to tmp_path, and the loader run on them."""

import io
import os
import textwrap
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def pytest_collection_modifyitems(config, items):
    """Tests marked postgres run in the PostgreSQL pass; on SQLite they are deselected.

    In CI both passes run, so PostgreSQL must be there: without it the run stops.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    if os.environ.get("CI", "").lower() == "true":
        import psycopg2

        try:
            psycopg2.connect(POSTGRES, connect_timeout=3).close()
        except psycopg2.OperationalError as exc:
            pytest.exit(f"CI needs PostgreSQL at {POSTGRES}: {exc}", returncode=1)
    postgres_only = [item for item in items if item.get_closest_marker("postgres")]
    if postgres_only:
        config.hook.pytest_deselected(items=postgres_only)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


def page_text(*, title="A page", summary="A short summary.", body="Some text.", **meta):
    meta = {
        "title": title,
        "summary": summary,
        "questions": [
            "What does this mean for me?",
            "What happens next?",
            "Who do I call?",
        ],
        "sources": [
            {
                "title": "A source",
                "publisher": "A publisher",
                "url": "https://example.org/a",
            }
        ],
        "updated": "2026-11-21",
        **meta,
    }
    meta = {key: value for key, value in meta.items() if value is not None}
    front = yaml.safe_dump(meta, sort_keys=False)
    return f"---\n{front}---\n{textwrap.dedent(body).strip()}\n"


class ContentTree:
    """A content/ folder in tmp_path that tests add files to."""

    def __init__(self, root):
        self.root = root

    def page(self, section, slug, **fields):
        return self.write(f"{section}/{slug}.md", page_text(**fields))

    def term(self, slug, term, definition, aliases=()):
        front = yaml.safe_dump(
            {
                "term": term,
                "aliases": list(aliases),
                "sources": [
                    {
                        "title": "Dictionary",
                        "publisher": "NCI",
                        "url": "https://example.org/d",
                    }
                ],
                "updated": "2026-11-21",
            },
            sort_keys=False,
        )
        return self.write(f"glossary/{slug}.md", f"---\n{front}---\n{definition}\n")

    def write(self, relative, text):
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return path


@pytest.fixture
def content(tmp_path):
    """A small, valid site: three tumor pages, a symptom, a test, a treatment, a term."""
    tree = ContentTree(tmp_path / "content")
    tree.page(
        "tumors",
        "intramedullary-tumors",
        title="Intramedullary tumors",
        summary="Tumors that grow inside the spinal cord.",
        aliases=["intermedullary tumor"],
        related=["weakness", "mri", "surgery"],
        body="""
        They grow inside the cord. See [[mri]] or [[surgery|what surgery involves]].

        ## What they are

        The dura wraps the cord.

        !!! emergency
        """,
    )
    tree.page(
        "tumors",
        "intradural-extramedullary-tumors",
        title="Intradural-extramedullary tumors",
        related=["intramedullary-tumors"],
        body="Inside the dura, outside the cord.",
    )
    tree.page(
        "tumors",
        "extradural-tumors",
        title="Extradural tumors",
        body="In the bone. See [[weakness]].",
    )
    tree.page(
        "symptoms",
        "weakness",
        title="Weakness",
        body="Legs may feel weak. See [[intramedullary-tumors]].",
    )
    tree.page("diagnosis", "mri", title="MRI", body="A scan that uses magnets.")
    tree.page(
        "treatments", "surgery", title="Surgery", body="An operation. See [[mri]]."
    )
    tree.term(
        "dura",
        "Dura",
        "The tough outer layer around the spinal cord.",
        aliases=["dura mater"],
    )
    return tree


def run_command(name, *args):
    """Run a management command as a user would; return (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    except Exception as exc:  # CommandError: what manage.py would print, exit 1
        from django.core.management import CommandError

        if not isinstance(exc, CommandError):
            raise
        err.write(str(exc))
        code = 1
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def load():
    def _load(path, *args):
        return run_command("load_content", str(path), *args)

    return _load


@pytest.fixture
def loaded(db, content, load):
    code, out, err = load(content.root)
    assert code == 0, err
    return content


def change_form_data(page, **changes):
    """What the admin change form posts for `page` (its pending version, if any)."""
    from spinecare.pages.forms import source_lines
    from spinecare.review.workflow import as_page_data, pending_change

    page.refresh_from_db()
    pending = pending_change(page)
    data = as_page_data(pending.data) if pending else page.as_data()
    form = {
        "title": data["title"],
        "slug": data["slug"],
        "section": data["section"],
        "status": data["status"],
        "summary": data["summary"],
        "body": data["body"],
        "aliases": "\n".join(data["aliases"]),
        "questions": "\n".join(data["questions"]),
        "sources": source_lines(data["sources"]),
        "related": "\n".join(data["related"]),
        "updated": data["updated"].isoformat(),
        "edit_base": str(page.edit_version),
    }
    form.update(changes)
    return form


def make_staff(username, group, *, name="", role="", password="a-long-test-password"):
    """A staff account in "Editors" or "Clinical reviewers", as an admin makes one."""
    from django.contrib.auth.models import Group, User

    from spinecare.review.models import ReviewerProfile

    first, _, last = name.partition(" ")
    user = User.objects.create_user(
        username,
        f"{username}@example.org",
        password,
        is_staff=True,
        first_name=first,
        last_name=last,
    )
    user.groups.add(Group.objects.get(name=group))
    if role:
        ReviewerProfile.objects.create(user=user, role=role)
    return user
