"""The sitemap: every published page, the section indexes and the fixed pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Page, Section


class PageSitemap(Sitemap):
    def items(self):
        return Page.objects.published().only("section", "slug", "updated")

    def lastmod(self, page):
        return page.updated


class FixedSitemap(Sitemap):
    def items(self):
        fixed = [("pages:home", {}), ("pages:questions", {}), ("pages:glossary", {})]
        return fixed + [
            (name, {"section": s.value})
            for name in ("pages:section", "pages:questions_topic")
            for s in Section
        ]

    def location(self, item):
        name, kwargs = item
        return reverse(name, kwargs=kwargs)


sitemaps = {"pages": PageSitemap, "fixed": FixedSitemap}
