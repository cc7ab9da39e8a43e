"""Content files to the database and back: validate everything, then write at once."""

import re
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q

from . import rendering
from .cache import bump_after_commit
from .models import Link, Page, Question, Source, Synonym, Term, data_hash
from .parsing import (
    GLOSSARY,
    SECTIONS,
    SYNONYMS_FILE,
    ContentError,
    page_file_text,
    parse_file,
    parse_synonyms,
    synonyms_file_text,
    term_clashes,
)
from .search import index_pages, synonym_problems


class ContentInvalid(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} problem(s) in the content files")
        self.errors = errors


@dataclass
class SyncReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)  # files not loaded: edited in admin
    pending: list = field(default_factory=list)  # changes waiting for an approval
    written: list = field(default_factory=list)  # files export_content wrote


def linked_slugs(body):
    """The pages a body links to with [[...]], each once, in order."""
    return list(
        dict.fromkeys(
            m.group(1).strip() for m in re.finditer(rendering.WIKILINK_RE, body)
        )
    )


def read_tree(root):
    """Parse and cross-check every file under `root`: (pages, terms) or ContentInvalid."""
    if not root.is_dir():
        raise ContentInvalid([ContentError(str(root), "folder", "does not exist")])
    pages, terms, errors = [], [], []
    # A page whose own file has a problem still exists: links to it are not errors.
    in_files = set()
    for path in sorted(root.rglob("*.md")):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if path.parent.name in SECTIONS:
            in_files.add(path.stem)
        data, file_errors = parse_file(path, root=root)
        errors += file_errors
        if data:
            data["path"] = str(path.relative_to(root.parent))
            (terms if "term" in data else pages).append(data)

    seen = {}
    for data in pages:
        if data["slug"] in seen:
            errors.append(
                ContentError(
                    data["path"],
                    "file name",
                    f"slug {data['slug']!r} is also used by {seen[data['slug']]}",
                )
            )
        seen.setdefault(data["slug"], data["path"])
    status = dict(Page.objects.values_list("slug", "status"))
    status.update({data["slug"]: data["status"] for data in pages})
    known = set(status) | in_files
    for data in pages:
        links = [(f"related[{i}]", slug) for i, slug in enumerate(data["related"], 1)]
        links += [(f"line {line}", slug) for slug, line in data["links"]]
        for where, slug in links:
            related = where.startswith("related")
            shown = repr(slug) if related else f"[[{slug}]]"
            if slug not in known:
                missing = (
                    f"no page has the slug {shown}"
                    if related
                    else f"{shown} links to no page"
                )
                errors.append(ContentError(data["path"], where, missing))
            elif data["status"] == "published" and status.get(slug) == "draft":
                errors.append(
                    ContentError(
                        data["path"],
                        where,
                        f"{shown} is a draft: a published page cannot link to a page "
                        "patients cannot open",
                    )
                )
    errors += term_clashes(terms)
    errors += read_synonyms(root)[1]
    if errors:
        raise ContentInvalid(errors)
    return pages, terms


def read_synonyms(root):
    """content/synonyms.yaml checked: (entries or None if there is no file, errors)."""
    path = root / SYNONYMS_FILE
    if not path.is_file():
        return None, []
    entries, errors = parse_synonyms(path, root=root)
    name, taken = str(path.relative_to(root.parent)), {}
    for entry in entries:
        where = f"line {entry['line']}"
        for field_name, message in synonym_problems(
            words=entry["words"], means=entry["means"], taken=taken
        ):
            errors.append(ContentError(name, where, f"{field_name}: {message}"))
        taken.update(dict.fromkeys(entry["words"], f"{where}: {entry['words'][0]}"))
    return (None if errors else entries), errors


def _comparable(data):
    return {k: v for k, v in data.items() if k not in ("path", "links")}


class PublishDirectly:
    """How a changed page goes live when no sign-off is installed: at once.

    spinecare.review replaces `sign_off` with its own gate in its AppConfig.ready(),
    so that pages, which it imports, need not import it back.
    """

    def pending(self, page):
        """(data, made in admin?) of the change waiting on `page`, or None."""
        return None

    def holds(self, page):
        """True if a change to `page` must wait for a clinician's approval."""
        return False

    def propose(self, page, data):
        raise NotImplementedError

    def published(self, written):
        """Record that each (page, data) in `written` went live from a file."""


sign_off = PublishDirectly()


def page_sync(root, *, dry_run=False, force=False, render_all=False):
    """Load every file under `root` in one transaction; return what happened.

    Only what changed is written, and each page is rendered once, after every page
    exists: a reload of unchanged files renders nothing.
    """
    pages, terms = read_tree(root)
    synonyms, _ = read_synonyms(root)
    report = SyncReport()
    with transaction.atomic():
        if synonyms is not None:
            name = str((root / SYNONYMS_FILE).relative_to(root.parent))
            _sync_synonyms(synonyms, report, name=name, force=force)
        existing_terms = {term.slug: term for term in Term.objects.all()}
        terms_changed = False
        for data in terms:
            term = existing_terms.get(data["slug"]) or Term(slug=data["slug"])
            if not _record(term, data, report, force=force):
                continue
            term.term, term.aliases = data["term"], "\n".join(data["aliases"])
            term.sources, term.updated = data["sources"], data["updated"]
            term.definition = data["definition"]
            term.synced_hash = data_hash(_comparable(data))
            term.save()
            terms_changed = True

        existing = {
            page.slug: page
            for page in Page.objects.prefetch_related(
                "questions", "sources", "links_out__target"
            )
        }
        written = []
        for data in pages:
            page = existing.get(data["slug"]) or Page(slug=data["slug"])
            if not _record(page, data, report, force=force):
                continue
            write_page(page, data)
            written.append((page, data))

        # Every page now exists, so links can point anywhere.
        by_slug = {page.slug: page for page in Page.objects.only("id", "slug")}
        for page, data in written:
            set_links(
                page,
                related=data["related"],
                body_links=linked_slugs(data["body"]),
                by_slug=by_slug,
            )
        if terms_changed or render_all:  # a term's first use on any page links to it
            refresh_rendering()
        elif written:
            refresh_rendering(_affected_by([page for page, _ in written]))
        sign_off.published(written)
        if dry_run:
            transaction.set_rollback(True)
    return report


def write_page(page, data):
    """Make the page's row, questions and sources say what `data` says.

    Links and HTML follow (set_links, refresh_rendering): a load renders each page
    once, after all its pages exist.
    """
    for key in ("section", "slug", "title", "summary", "updated", "status", "body"):
        setattr(page, key, data[key])
    page.aliases = "\n".join(data["aliases"])
    page.synced_hash = data_hash(_comparable(data))
    page.save(render=False)
    page.questions.all().delete()
    Question.objects.bulk_create(
        Question(page=page, text=text, order=i)
        for i, text in enumerate(data["questions"])
    )
    page.sources.all().delete()
    Source.objects.bulk_create(
        Source(page=page, order=i, **source) for i, source in enumerate(data["sources"])
    )


def publish_page(page, data):
    """Make `data` what patients see of `page`, now: row, links and HTML."""
    write_page(page, data)
    set_links(page, related=data["related"], body_links=linked_slugs(data["body"]))
    refresh_rendering(_affected_by([page]))


def _affected_by(pages):
    """These pages, and every page whose HTML shows one of their titles or links.

    A [[link]] shows its target's title and address; one to a page that did not
    exist yet showed as a missing link until now.
    """
    pks = [page.pk for page in pages]
    return Page.objects.filter(
        Q(pk__in=pks)
        | Q(links_out__target__in=pks)
        | Q(body_html__contains='class="missing-link"')
    ).distinct()


def _record(obj, data, report, *, force):
    """Note what loading `data` into `obj` does; True if it should be written now."""
    name, incoming = data["path"], data_hash(_comparable(data))
    if obj.pk is None:
        report.created.append(name)
        return True
    current = obj.content_hash()
    if current == incoming:
        report.unchanged.append(name)
        if obj.synced_hash != current:  # file and database agree again
            type(obj).objects.filter(pk=obj.pk).update(synced_hash=current)
        return False
    pending = sign_off.pending(obj) if isinstance(obj, Page) else None
    if pending and data_hash(_comparable(pending[0])) == incoming:
        report.pending.append(name)  # this file is already the change waiting
        return False
    edited_in_admin = current != obj.synced_hash or bool(pending and pending[1])
    if edited_in_admin and not force:
        report.conflicts.append(name)
        return False
    if isinstance(obj, Page) and sign_off.holds(obj):
        # Approved by a clinician: the file's change waits for another approval.
        sign_off.propose(obj, _comparable(data))
        report.pending.append(name)
        return False
    report.updated.append(name)
    return True


def _sync_synonyms(entries, report, *, name, force):
    """Load the synonym list as one unit, like a page: an admin edit is never lost."""
    incoming = [{"words": e["words"], "means": e["means"]} for e in entries]
    rows = list(Synonym.objects.all())
    current = data_hash([row.as_data() for row in rows])
    if not rows:
        (report.created if incoming else report.unchanged).append(name)
    elif current == data_hash(incoming):
        report.unchanged.append(name)
    elif any(row.synced_hash != current for row in rows) and not force:
        report.conflicts.append(name)  # edited in admin since it was last synced
        return
    else:
        report.updated.append(name)
    for order, data in enumerate(incoming):
        row = rows[order] if order < len(rows) else Synonym()
        if row.pk is None or row.as_data() != data or row.order != order:
            row.words, row.means = "\n".join(data["words"]), "\n".join(data["means"])
            row.order = order
            row.save()
    for row in rows[len(incoming) :]:
        row.delete()
    Synonym.objects.update(synced_hash=data_hash(incoming))


def set_links(page, *, related, body_links, by_slug=None):
    """Replace a page's outgoing links: its related pages, then its [[links]]."""
    if by_slug is None:
        by_slug = {
            p.slug: p for p in Page.objects.filter(slug__in=[*related, *body_links])
        }
    page.links_out.all().delete()
    Link.objects.bulk_create(
        [
            Link(source=page, target=by_slug[slug], kind=Link.Kind.RELATED, order=i)
            for i, slug in enumerate(dict.fromkeys(related))
            if slug in by_slug
        ]
        + [
            Link(source=page, target=by_slug[slug], kind=Link.Kind.BODY, order=i)
            for i, slug in enumerate(body_links)
            if slug in by_slug
        ]
    )


def refresh_rendering(pages=None):
    """Render these pages (all if None) in one pass: their HTML, toc and grade."""
    targets, terms = rendering.link_targets(), rendering.glossary_terms()
    everything = pages is None
    pages = list(Page.objects.all() if everything else pages)
    for page in pages:
        page.render(targets=targets, terms=terms)
    Page.objects.bulk_update(
        pages, ["body_html", "toc", "reading_grade", "urgency"], batch_size=500
    )
    bump_after_commit(sender=Page, using=DEFAULT_DB_ALIAS)  # bulk_update sends none
    index_pages(None if everything else [page.pk for page in pages])


def page_export(root):
    """Write every page and glossary term to files under `root`; return a report."""
    report = SyncReport()
    pages = Page.objects.prefetch_related("questions", "sources", "links_out__target")
    for page in pages:
        data = page.as_data()
        path = root / page.section / f"{page.slug}.md"
        for section in SECTIONS:  # a page moved to another section leaves no old copy
            old = root / section / f"{page.slug}.md"
            if section != page.section and old.exists():
                old.unlink()
        report.written.append(_write(path, page_file_text(data)))
        Page.objects.filter(pk=page.pk).update(synced_hash=data_hash(data))
    for term in Term.objects.all():
        data = term.as_data()
        report.written.append(
            _write(root / GLOSSARY / f"{term.slug}.md", page_file_text(data))
        )
        Term.objects.filter(pk=term.pk).update(synced_hash=data_hash(data))
    synonyms = list(Synonym.objects.all())
    if synonyms or (root / SYNONYMS_FILE).exists():
        data = [synonym.as_data() for synonym in synonyms]
        report.written.append(_write(root / SYNONYMS_FILE, synonyms_file_text(data)))
        Synonym.objects.update(synced_hash=data_hash(data))
    return report


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return str(path)
