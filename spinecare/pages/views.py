"""Patient-facing pages: home, section indexes, a page, questions, glossary."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from .models import Link, Page, Section, Term
from .search import EXAMPLES, record_missed, search_pages

# What a tumor page's related pages are grouped under, in this order.
RELATED_GROUPS = [
    (Section.TUMORS, "Tumor types"),
    (Section.SYMPTOMS, "Symptoms"),
    (Section.DIAGNOSIS, "How it is diagnosed"),
    (Section.TREATMENTS, "Treatments"),
    (Section.GUIDES, "Guides"),
]
SECTION_INTROS = {
    Section.TUMORS: "Where a tumor grows in the spine, and what kind it is.",
    Section.SYMPTOMS: "What you may notice, what it can mean, and when to get help fast.",
    Section.DIAGNOSIS: "The visits and tests your care team uses to find and name a tumor.",
    Section.TREATMENTS: "The ways spinal tumors are watched, treated, and recovered from.",
    Section.GUIDES: "Overviews to read first, and what to do when something changes.",
}


@require_GET
def home(request):
    pages = Page.objects.published().only("section", "slug", "title", "summary")
    by_section = {section: [] for section in Section}
    for page in pages:
        by_section[Section(page.section)].append(page)
    return render(
        request,
        "pages/home.html",
        {
            "tumor_pages": by_section[Section.TUMORS],
            "sections": [
                {"section": s, "intro": SECTION_INTROS[s], "pages": by_section[s]}
                for s in Section
                if s != Section.TUMORS
            ],
        },
    )


@require_GET
def section_index(request, section):
    section = Section(section)
    pages = (
        Page.objects.published()
        .filter(section=section)
        .only("section", "slug", "title", "summary")
    )
    return render(
        request,
        "pages/section.html",
        {"section": section, "intro": SECTION_INTROS[section], "pages": pages},
    )


@require_GET
def page_detail(request, section, slug):
    visible = Page.objects.visible_to(request.user)
    public_links = Link.objects.filter(target__in=visible).select_related("target")
    public_backlinks = Link.objects.filter(source__in=visible).select_related("source")
    page = get_object_or_404(
        visible.prefetch_related(
            "questions",
            "sources",
            "sign_offs",
            Prefetch("links_out", queryset=public_links, to_attr="public_links_out"),
            Prefetch("links_in", queryset=public_backlinks, to_attr="public_links_in"),
        ),
        slug=slug,
    )
    if page.section != section:
        return redirect(page, permanent=True)
    targets = [
        link.target
        for link in sorted(
            page.public_links_out, key=lambda link: (link.kind != "related", link.order)
        )
    ]
    return render(
        request,
        "pages/page.html",
        page_context(
            page,
            questions=page.questions.all(),
            sources=page.sources.all(),
            targets=targets,
            backlinks=[link.source for link in page.public_links_in],
            # The latest sign-off (spinecare.review makes them, and only on approval).
            review=next(iter(page.sign_offs.all()), None),
        ),
    )


def page_context(page, *, questions, sources, targets, backlinks, review):
    """What templates/pages/page.html shows: for a live page, or a pending version.

    `questions` and `sources` are rows or unsaved objects with the same attributes;
    `targets` are the pages it links to, related ones first; `review` is a sign-off.
    """
    return {
        "page": page,
        "questions": list(questions),
        "sources": list(sources),
        "related_groups": _group_related(page, targets),
        "backlinks": _unique(backlinks),
        "review": review,
    }


def _unique(pages):
    return list({page.pk: page for page in pages}.values())


def _group_related(page, targets):
    targets = _unique(target for target in targets if target.pk != page.pk)
    groups = []
    for section, label in RELATED_GROUPS:
        members = [target for target in targets if target.section == section]
        if members:
            groups.append({"label": label, "pages": members})
    return groups


@require_GET
def questions(request):
    pages = (
        Page.objects.published()
        .filter(questions__isnull=False)
        .distinct()
        .prefetch_related("questions")
        .only("section", "slug", "title")
    )
    groups = [
        {"section": section, "pages": [p for p in pages if p.section == section]}
        for section in Section
    ]
    return render(
        request, "pages/questions.html", {"groups": [g for g in groups if g["pages"]]}
    )


@require_GET
def glossary(request):
    return render(request, "pages/glossary.html", {"terms": Term.objects.all()})


@require_GET
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")


@require_GET
def search(request):
    """Results best first, labelled by section; a search that finds nothing is counted."""
    found = search_pages(request.GET.get("q", ""), page_number=request.GET.get("page"))
    if found.missed:
        record_missed(found)
    return render(
        request,
        "pages/search.html",
        {
            "query": found.query,
            "found": found,
            "sections": Section.choices,
            "examples": EXAMPLES,
        },
    )
