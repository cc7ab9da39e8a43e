"""Staff editing of the glossary, the synonyms and missed searches (pages: review)."""

from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from simple_history.admin import SimpleHistoryAdmin

from .forms import SynonymForm, TermForm
from .loading import refresh_rendering
from .models import MissedSearch, Synonym, Term


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    form = TermForm
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
    form = SynonymForm
    list_display = ["__str__", "meanings", "order"]
    search_fields = ["words", "means"]
    fields = ["words", "means", "order", "edit_base"]

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
