"""The pages app: what a page is, how it is loaded, rendered and shown."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PagesConfig(AppConfig):
    name = "spinecare.pages"
    label = "pages"
    verbose_name = "Content"

    def ready(self):
        from .cache import bump_after_commit
        from .models import Link, Page, Question, Source, Synonym, Term

        # Everything a public page shows: any write to it makes cached pages stale.
        for model in (Page, Question, Source, Link, Term, Synonym):
            post_save.connect(bump_after_commit, sender=model)
            post_delete.connect(bump_after_commit, sender=model)
