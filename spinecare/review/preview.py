"""A version of a page shown whole, exactly as patients would see it."""

from django.template.response import TemplateResponse

from spinecare.pages.loading import linked_slugs
from spinecare.pages.models import Page, Question, Source
from spinecare.pages.views import page_context

from .workflow import as_page_data


def version_page(page, revision):
    """An unsaved Page that says what `revision` says, with its rendered text."""
    data = as_page_data(revision.data)
    shown = Page(
        pk=page.pk,
        section=data["section"],
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        body=data["body"],
        aliases="\n".join(data["aliases"]),
        updated=data["updated"],
        status=data["status"],
        body_html=revision.body_html,
        toc=revision.toc,
        urgency=page.urgency,
    )
    return shown, data


def render_version(request, page, revision, *, banner, restore=False):
    shown, data = version_page(page, revision)
    slugs = [*data["related"], *linked_slugs(data["body"])]
    by_slug = {
        p.slug: p
        for p in Page.objects.filter(slug__in=slugs).only("section", "slug", "title")
    }
    context = page_context(
        shown,
        questions=[Question(text=text) for text in data["questions"]],
        sources=[Source(**source) for source in data["sources"]],
        targets=[by_slug[slug] for slug in dict.fromkeys(slugs) if slug in by_slug],
        backlinks=[
            link.source
            for link in page.links_in.select_related("source").filter(
                source__status=Page.Status.PUBLISHED
            )
        ],
        review=page.sign_offs.first(),
    )
    return TemplateResponse(
        request,
        "review/version.html",
        {
            **context,
            "banner": banner,
            "revision": revision,
            "restore": restore,
            "live": page,
        },
    )
