"""Staff editing: pages with the markdown editor, questions and sources inline."""

from django.contrib import admin
from django.db import models, transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from markdownx.admin import MarkdownxModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .forms import PageAdminForm
from .loading import linked_slugs, refresh_rendering, set_links
from .models import Link, MissedSearch, Page, Question, Source, Synonym, Term


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 1
    fields = ["text", "order"]


class SourceInline(admin.TabularInline):
    model = Source
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 1
    fields = ["title", "publisher", "url", "doi", "order"]


class RelatedInline(admin.TabularInline):
    model = Link
    fk_name = "source"
    extra = 1
    fields = ["target", "order"]
    autocomplete_fields = ["target"]
    verbose_name = "related page"
    verbose_name_plural = "related pages"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind=Link.Kind.RELATED)


@admin.register(Page)
class PageAdmin(MarkdownxModelAdmin):
    form = PageAdminForm
    list_display = [
        "title",
        "section",
        "status",
        "reading_grade",
        "updated",
    ]
    list_filter = ["section", "status"]
    search_fields = ["title", "aliases", "slug"]
    readonly_fields = ["reading_grade"]
    inlines = [QuestionInline, SourceInline, RelatedInline]

    class Media:
        js = ["admin-extra/drafts.js"]
        css = {"all": ["admin-extra/drafts.css"]}

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "section",
                    "status",
                    "summary",
                    "body",
                    "aliases",
                    "edit_base",
                ]
            },
        ),
        (
            "Review",
            {"fields": ["updated"]},
        ),
        ("Plain language", {"fields": ["reading_grade"]}),
    ]

    @transaction.atomic
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        page = form.instance
        related = [link.target.slug for link in page.related_links()]
        set_links(page, related=related, body_links=linked_slugs(page.body))
        # Pages that show this page's title in a [[link]] render it afresh.
        refresh_rendering(Page.objects.filter(links_out__target=page).distinct())


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["term", "slug", "updated"]
    search_fields = ["term", "aliases", "definition"]

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refresh_rendering()  # the first use of a term on every page links to it

    @transaction.atomic
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_rendering()


@admin.register(Synonym)
class SynonymAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meanings", "order"]
    search_fields = ["words", "means"]
    fields = ["words", "means", "order"]

    @admin.display(description="means")
    def meanings(self, synonym):
        return ", ".join(synonym.meaning_list) or "(the same as the words)"


@admin.register(MissedSearch)
class MissedSearchAdmin(admin.ModelAdmin):
    """What patients searched for and did not find: add a page, an alias or a synonym.

    Delete an entry once it is dealt with; it comes back if patients still miss.
    """

    list_display = ["query", "count", "try_it"]
    search_fields = ["query"]
    ordering = ["-count", "query"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="search again")
    def try_it(self, missed):
        url = reverse("pages:search") + "?" + urlencode({"q": missed.query})
        return format_html('<a href="{}" target="_blank">Search now</a>', url)
