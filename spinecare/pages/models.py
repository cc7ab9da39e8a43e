"""What a page is: its text, questions, sources and links; the glossary; search."""

import hashlib
import json

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from . import rendering
from .querysets import PageQuerySet


class Section(models.TextChoices):
    TUMORS = "tumors", "Tumor types"
    SYMPTOMS = "symptoms", "Symptoms"
    DIAGNOSIS = "diagnosis", "How it is diagnosed"
    TREATMENTS = "treatments", "Treatments"
    GUIDES = "guides", "Guides"


class Page(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    section = models.CharField(max_length=20, choices=Section.choices)
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Unique across the whole site."
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="One or two plain sentences.")
    body = MarkdownxField(
        help_text="Markdown. Link a page with [[slug]] or [[slug|link text]]; mark a "
        "fact's source with [^1] (the first source below); put a care card on a line "
        "of its own: !!! emergency, !!! urgent or !!! routine; write {{emergency}} or "
        "{{cancer-team}} for the clinic's numbers, never the digits."
    )
    aliases = models.TextField(
        blank=True, help_text="Other words patients use for this topic, one a line."
    )
    updated = models.DateField(
        help_text="When the content was last checked against its sources."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Derived at save time, so requests never render markdown.
    body_html = models.TextField(editable=False, default="")
    toc = models.JSONField(editable=False, default=list)
    reading_grade = models.FloatField(editable=False, default=0)
    # The most urgent care card on the page: "emergency", "urgent", "routine" or "".
    urgency = models.CharField(max_length=10, editable=False, blank=True)
    # Fingerprint of the page as last loaded from or exported to a file: if the page no
    # longer matches it, staff edited it in admin and the loader must not overwrite it.
    synced_hash = models.CharField(max_length=64, editable=False, blank=True)
    # Full-text search (PostgreSQL only; empty on SQLite), computed by the database
    # from the saved text in one UPDATE: see search.index_pages. The head holds the
    # title, aliases and summary only, small enough to rank thousands of matches fast.
    search_vector = SearchVectorField(null=True, editable=False)
    search_head = SearchVectorField(null=True, editable=False)

    # Bumped by every save in admin: of two saves that started from the same
    # version, the second is refused (see claim_version). spinecare.review keeps
    # the history of a page, whole, in its revisions.
    edit_version = models.PositiveIntegerField(default=0, editable=False)
    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["section", "title"]
        # No GIN "pending list": a search never waits on entries not yet merged.
        indexes = [
            GinIndex(
                fields=["search_vector"],
                name="page_search_vector_gin",
                fastupdate=False,
            ),
            GinIndex(
                fields=["search_head"], name="page_search_head_gin", fastupdate=False
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, render=True, **kwargs):
        """Save, rendering the body first; render=False leaves that to the caller."""
        if render:
            self.render(
                targets=rendering.link_targets(), terms=rendering.glossary_terms()
            )
        super().save(*args, **kwargs)
        if render:
            from .search import index_pages  # search.py imports this module

            index_pages([self.pk])

    def get_absolute_url(self):
        return reverse(
            "pages:page", kwargs={"section": self.section, "slug": self.slug}
        )

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def render(self, *, targets, terms):
        """Render the body to sanitized HTML, its toc and its reading grade."""
        self.body = rendering.normalize_newlines(self.body)
        result = rendering.render_markdown(self.body, targets=targets, terms=terms)
        self.body_html = result.html
        self.toc = result.toc
        self.urgency = next(
            (level for level in rendering.CARE_LEVELS if level in result.care_levels),
            "",
        )
        self.reading_grade = rendering.reading_grade_of(
            title=self.title, summary=self.summary, html=result.html
        )

    def as_data(self):
        """The page in the shape the parser gives a file, for export and comparison."""
        data = {
            "title": self.title,
            "summary": self.summary,
            "aliases": self.alias_list,
            "related": [link.target.slug for link in self.related_links()],
            "questions": [q.text for q in self.questions.all()],
            "sources": [source.as_data() for source in self.sources.all()],
            "updated": self.updated,
            "status": self.status,
            "body": rendering.normalize_newlines(self.body).strip(),
        }
        return {"section": self.section, "slug": self.slug, **data}

    def related_links(self):
        return [link for link in self.links_out.all() if link.kind == Link.Kind.RELATED]

    def content_hash(self):
        return data_hash(self.as_data())


def claim_version(obj, version):
    """Take the next edit version of `obj` if it is still at `version`; else False.

    One UPDATE, so it is atomic: of two saves that started from the same version,
    exactly one wins (PostgreSQL re-checks the row after the lock; SQLite runs
    write transactions one at a time, see settings).
    """
    claimed = (
        type(obj)
        .objects.filter(pk=obj.pk, edit_version=version)
        .update(edit_version=models.F("edit_version") + 1)
    )
    if claimed:
        obj.edit_version = version + 1
    return bool(claimed)


def data_hash(data):
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, default=str).encode()
    ).hexdigest()


class Question(models.Model):
    page = models.ForeignKey(Page, related_name="questions", on_delete=models.CASCADE)
    text = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["page", "order", "id"]

    def __str__(self):
        return self.text


class Source(models.Model):
    page = models.ForeignKey(Page, related_name="sources", on_delete=models.CASCADE)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    doi = models.CharField(
        max_length=200, blank=True, help_text="For example 10.1007/s11060-025-05119-5"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["page", "order", "id"]

    def __str__(self):
        return f"{self.title} ({self.publisher})"

    @property
    def href(self):
        return self.url or f"https://doi.org/{self.doi}"

    def as_data(self):
        data = {"title": self.title, "publisher": self.publisher}
        if self.url:
            data["url"] = self.url
        if self.doi:
            data["doi"] = self.doi
        return data


class Link(models.Model):
    """A page pointing at another: listed under "related", or a [[link]] in the body."""

    class Kind(models.TextChoices):
        RELATED = "related", "Related page"
        BODY = "body", "Link in the text"

    source = models.ForeignKey(Page, related_name="links_out", on_delete=models.CASCADE)
    target = models.ForeignKey(Page, related_name="links_in", on_delete=models.CASCADE)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RELATED)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["source", "kind", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="unique_link"
            )
        ]

    def __str__(self):
        return f"{self.source.slug} → {self.target.slug}"


SOURCE_KEYS = ("title", "publisher", "url", "doi")


class Term(models.Model):
    """A glossary entry: a word patients meet, defined in plain language."""

    slug = models.SlugField(max_length=100, unique=True)
    term = models.CharField(max_length=100)
    aliases = models.TextField(
        blank=True, help_text="Other spellings and forms, one a line."
    )
    definition = models.TextField(help_text="One to three plain sentences (markdown).")
    definition_html = models.TextField(editable=False, default="")
    sources = models.JSONField(
        default=list,
        help_text='A list like [{"title": "...", "publisher": "...", "url": "https://..."}]',
    )
    updated = models.DateField()
    synced_hash = models.CharField(max_length=64, editable=False, blank=True)
    edit_version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(
        excluded_fields=["definition_html", "synced_hash", "edit_version"]
    )

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        self.definition = rendering.normalize_newlines(self.definition)
        self.definition_html = rendering.render_markdown(self.definition).html
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:glossary") + f"#{self.slug}"

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def as_data(self):
        return {
            "slug": self.slug,
            "term": self.term,
            "aliases": self.alias_list,
            # In the file's own order: PostgreSQL's jsonb keeps keys in an order of
            # its own, and an export must not reorder what staff never changed.
            "sources": [
                {key: source[key] for key in SOURCE_KEYS if key in source}
                for source in self.sources
            ],
            "updated": self.updated,
            "definition": self.definition.strip(),
        }

    def content_hash(self):
        return data_hash(self.as_data())


def _lines(text):
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


class Synonym(models.Model):
    """Everyday words patients search with, and the words the pages use instead."""

    words = models.TextField(
        help_text="What patients type, one a line: for example “pins and needles”. "
        "A search with any of these also looks for the others."
    )
    means = models.TextField(
        blank=True,
        help_text="The words the pages use, one a line: for example “numbness”. "
        "Searching for these does not bring up the words above. Leave empty when the "
        "words above all mean the same thing.",
    )
    order = models.PositiveIntegerField(
        default=0, help_text="Where this entry sits in content/synonyms.yaml."
    )
    # Fingerprint of the whole synonym list as last loaded from or exported to
    # content/synonyms.yaml; any difference means staff edited it in admin.
    synced_hash = models.CharField(max_length=64, editable=False, blank=True)
    edit_version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["synced_hash", "edit_version"])

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return ", ".join(self.word_list) or "(no words)"

    @property
    def word_list(self):
        return _lines(self.words)

    @property
    def meaning_list(self):
        return _lines(self.means)

    def clean(self):
        from .search import synonym_problems  # search.py imports this module

        others = Synonym.objects.exclude(pk=self.pk)
        problems = synonym_problems(
            words=self.word_list,
            means=self.meaning_list,
            taken={
                phrase: str(other) for other in others for phrase in other.word_list
            },
        )
        if problems:
            raise ValidationError({field: message for field, message in problems})

    def as_data(self):
        return {"words": self.word_list, "means": self.meaning_list}


class MissedSearch(models.Model):
    """A search that found nothing: its words and how often, and nothing else.

    No IP address, user, cookie or time is kept: it cannot be traced to a person.
    """

    query = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-count", "query"]
        verbose_name_plural = "missed searches"

    def __str__(self):
        return self.query


class SearchWord(models.Model):
    """A word on a published page: misspelled searches are corrected to the nearest."""

    word = models.CharField(max_length=40, primary_key=True)

    class Meta:
        ordering = ["word"]
        # Trigram similarity: "extradual" finds "extradural".
        indexes = [
            GinIndex(
                fields=["word"],
                opclasses=["gin_trgm_ops"],
                name="searchword_trgm",
                fastupdate=False,
            )
        ]

    def __str__(self):
        return self.word
