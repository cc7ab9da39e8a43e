"""Staff forms: a page, term or synonym checked by the loader's rules."""

from django import forms

from . import rendering
from .models import Page, Synonym, Term, claim_version
from .parsing import DOI_RE, GLOSSARY, check_fields


def lines(text):
    return [
        " ".join(line.split()) for line in (text or "").splitlines() if line.strip()
    ]


def source_lines(sources):
    """Sources as staff edit them: "Title | Publisher | address or doi:10...", a line."""
    return "\n".join(
        " | ".join(
            [source["title"], source["publisher"]]
            + [
                source[key] if key == "url" else f"doi:{source[key]}"
                for key in ("url", "doi")
                if source.get(key)
            ]
        )
        for source in sources
    )


def parse_source_lines(text):
    """The inverse of source_lines; a line that does not fit is kept for the checker."""
    sources = []
    for line in lines(text):
        parts = [part.strip() for part in line.split("|")]
        source = {"title": parts[0], "publisher": parts[1] if len(parts) > 1 else ""}
        for part in parts[2:]:
            if part.lower().startswith("doi:"):
                source["doi"] = part[4:].strip()
            elif DOI_RE.match(part):
                source["doi"] = part
            elif part:
                source["url"] = part
        sources.append(source)
    return sources


# Where a checker's error lands: "sources[2].url" -> the sources box, line 2.
LIST_FIELDS = {"aliases", "related", "questions", "sources"}


class VersionedForm(forms.ModelForm):
    """A save over a colleague's newer save is refused, the typed text kept.

    The form carries the edit version it started from; the version is claimed in one
    UPDATE as the last step of validation, so of two saves at the same instant one
    wins and the other is shown again with its text and the reason.
    """

    edit_base = forms.CharField(widget=forms.HiddenInput, required=False)
    stale_message = (
        "Someone else saved this while you were editing it. Nothing was saved. Your "
        "text is still below: copy it, open the page again to see their version, "
        "and add your changes to it."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_base"].initial = str(self.instance.edit_version)

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not self.instance.pk:
            return
        base = self.cleaned_data.get("edit_base") or ""
        if not (base.isdigit() and claim_version(self.instance, int(base))):
            self.add_error(None, self.stale_message)


class PageForm(VersionedForm):
    """A whole page on one form, checked by the loader's own rules.

    What it holds (`page_data`) is what a content file holds, so a save in admin can
    always be exported and loaded again, and the sign-off can keep it as a version.
    """

    questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="Questions to ask your doctor, one a line, in the patient's voice.",
    )
    sources = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="One a line: Title | Publisher | https://address (or doi:10.xxxx/yyy). "
        "Line 1 is source [^1] in the text, line 2 is [^2], and so on.",
    )
    related = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Slugs of related pages, one a line (the end of the page's address).",
    )

    class Meta:
        model = Page
        fields = [
            "title",
            "slug",
            "section",
            "status",
            "summary",
            "body",
            "aliases",
            "updated",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        data = getattr(self.instance, "editing_data", None)
        if data is None and self.instance.pk:
            data = self.instance.as_data()
        if data:
            self.initial.update(
                questions="\n".join(data["questions"]),
                sources=source_lines(data["sources"]),
                related="\n".join(data["related"]),
                aliases="\n".join(data["aliases"]),
            )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        meta = {
            "title": cleaned["title"],
            "summary": cleaned["summary"],
            "aliases": lines(cleaned.get("aliases")),
            "related": lines(cleaned.get("related")),
            "questions": lines(cleaned.get("questions")),
            "sources": parse_source_lines(cleaned.get("sources")),
            "updated": cleaned["updated"],
            "status": cleaned["status"],
        }
        body = rendering.normalize_newlines(cleaned["body"])
        data, errors = check_fields(
            meta,
            body,
            display="this page",
            folder=cleaned["section"],
            slug=cleaned["slug"],
        )
        for error in errors:
            self._add_checker_error(error)
        if data is None:
            return cleaned
        for problem in link_problems(
            data, pages=Page.objects.exclude(pk=self.instance.pk)
        ):
            self.add_error(*problem)
        data.pop("links")
        self.page_data = data
        cleaned["body"] = body
        return cleaned

    def _add_checker_error(self, error):
        where = error.where
        if where.startswith("line "):
            self.add_error("body", f"{where}: {error.message}")
            return
        if where == "file name":
            self.add_error("slug", error.message)
            return
        name, _, rest = where.partition("[")
        field = name.split(".")[0]
        if field in LIST_FIELDS and rest:
            number, _, part = rest.partition("]")
            detail = f" ({part.lstrip('.')})" if part else ""
            self.add_error(field, f"line {number}{detail}: {error.message}")
        elif field in self.fields:
            self.add_error(field, error.message)
        else:
            self.add_error(None, f"{where}: {error.message}")

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if (
            self.instance.pk
            and slug != self.instance.slug
            and self.instance.links_in.exists()
        ):
            raise forms.ValidationError(
                "Other pages link to this slug; change their links before renaming it."
            )
        return slug


def link_problems(data, *, pages):
    """(field, message) for links to no page, or from a published page to a draft.

    `pages` are the other pages that exist; the loader asks the same of every file.
    """
    status = dict(pages.values_list("slug", "status"))
    status[data["slug"]] = data["status"]
    problems = []
    for field, slugs in (
        ("related", data["related"]),
        ("body", [slug for slug, _ in data["links"]]),
    ):
        missing = [slug for slug in dict.fromkeys(slugs) if slug not in status]
        if missing:
            names = ", ".join(
                f"[[{slug}]]" if field == "body" else slug for slug in missing
            )
            problems.append((field, f"These name no page: {names}. Check the slug."))
        drafts = [
            slug
            for slug in dict.fromkeys(slugs)
            if status.get(slug) == Page.Status.DRAFT
        ]
        if drafts and data["status"] == Page.Status.PUBLISHED:
            problems.append(
                (
                    field,
                    "A published page cannot link to a draft, which patients cannot "
                    f"open: {', '.join(drafts)}.",
                )
            )
    return problems


class TermForm(VersionedForm):
    """A glossary term, checked by the loader's rules (its sources above all)."""

    class Meta:
        model = Term
        fields = ["term", "slug", "aliases", "definition", "sources", "updated"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        meta = {
            "term": cleaned["term"],
            "aliases": lines(cleaned.get("aliases")),
            "sources": cleaned["sources"],
            "updated": cleaned["updated"],
        }
        _, errors = check_fields(
            meta,
            rendering.normalize_newlines(cleaned["definition"]),
            display="this term",
            folder=GLOSSARY,
            slug=cleaned["slug"],
        )
        for error in errors:
            field = error.where.split("[")[0].split(".")[0]
            field = "definition" if field.startswith("line ") else field
            field = "slug" if field == "file name" else field
            self.add_error(
                field if field in self.fields else None,
                f"{error.where}: {error.message}",
            )
        return cleaned


class SynonymForm(VersionedForm):
    class Meta:
        model = Synonym
        fields = ["words", "means", "order"]
