"""What the public may see: the one place that says which pages are visible."""

from django.db import models


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=self.model.Status.DRAFT)

    def visible_to(self, user):
        """Staff may preview drafts; everyone else sees published pages only."""
        return self if user.is_staff else self.published()
