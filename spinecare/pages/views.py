"""Patient-facing pages: home, section indexes, a page, questions, glossary.

No page grows with the site: indexes come a sheet at a time, a page's related list is
capped, and every query loads only the columns the page shows.
"""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from .models import Link, Page, Question, Section, Source, Term
from .search import EXAMPLES, record_missed, search_pages

# What a page's related pages are grouped under, in this order, and where the rest
# of a group that is too long to show whole can be found.
RELATED_GROUPS = [
    (Section.TUMORS, "Tumor types", "All tumor types"),
    (Section.SYMPTOMS, "Symptoms", "All symptoms"),
    (Section.DIAGNOSIS, "How it is diagnosed", "All tests"),
    (Section.TREATMENTS, "Treatments", "All treatments"),
    (Section.GUIDES, "Guides", "All guides"),
]
RELATED_PER_GROUP = 6  # links shown in one group; a longer group links to the rest
SECTION_INTROS = {
    Section.TUMORS: "Where a tumor grows in the spine, and what kind it is.",
    Section.SYMPTOMS: "What you may notice, what it can mean, and when to get help fast.",
    Section.DIAGNOSIS: "The visits and tests your care team uses to find and name a tumor.",
    Section.TREATMENTS: "The ways spinal tumors are watched, treated, and recovered from.",
    Section.GUIDES: "Overviews to read first, and what to do when something changes.",
}
# The page for someone who has just been told, and the three places a tumor grows.
START_HERE = "what-is-a-spinal-tumor"
TUMOR_TYPES = {  # as the spine picture names the three places
    "intramedullary-tumors": "Inside the spinal cord",
    "intradural-extramedullary-tumors": "Inside the dura, outside the cord",
    "extradural-tumors": "Outside the dura, most often in the bone",
}
PER_SHEET = 50  # pages listed on one sheet of a section index
QUESTION_PAGES_PER_SHEET = 25  # pages whose questions are on one sheet of a topic
# The columns each kind of listing shows.
LISTED = ["section", "slug", "title", "summary"]
LINKED = ["section", "slug", "title"]
SHOWN = [*LISTED, "aliases", "body_html", "toc", "updated", "status"]


@require_GET
def home(request):
    wanted = Page.objects.published().filter(slug__in=[START_HERE, *TUMOR_TYPES])
    by_slug = {page.slug: page for page in wanted.only(*LISTED)}
    return render(
        request,
        "pages/home.html",
        {
            "start_here": by_slug.get(START_HERE),
            "tumor_types": [
                (by_slug[slug], place)
                for slug, place in TUMOR_TYPES.items()
                if slug in by_slug
            ],
            "sections": [
                {"section": s, "intro": SECTION_INTROS[s]}
                for s in Section
                if s != Section.TUMORS
            ],
        },
    )


def _sheet(request, items, per_sheet):
    """One sheet of a long list; a sheet past the end is a 404, like a missing page."""
    paginator = Paginator(items, per_sheet, allow_empty_first_page=True)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404("No such sheet") from exc


@require_GET
def section_index(request, section):
    section = Section(section)
    pages = Page.objects.published().filter(section=section).only(*LISTED, "urgency")
    return render(
        request,
        "pages/section.html",
        {
            "section": section,
            "intro": SECTION_INTROS[section],
            "sheet": _sheet(request, pages, PER_SHEET),
            # A symptom that can be an emergency says so in the list.
            "mark_emergency": section == Section.SYMPTOMS,
        },
    )


@require_GET
def page_detail(request, section, slug):
    visible = Page.objects.visible_to(request.user)
    page = get_object_or_404(
        visible.only(*SHOWN).prefetch_related(
            Prefetch("questions", queryset=Question.objects.only("page", "text")),
            Prefetch(
                "sources",
                queryset=Source.objects.only(
                    "page", "title", "publisher", "url", "doi"
                ),
            ),
            "sign_offs",
        ),
        slug=slug,
    )
    if page.section != section:
        return redirect(page, permanent=True)
    links = (
        Link.objects.filter(source=page, target__in=visible)
        .select_related("target")
        .only("kind", "order", *(f"target__{name}" for name in LINKED))
    )
    targets = [
        link.target
        for link in sorted(links, key=lambda link: (link.kind != "related", link.order))
    ]
    return render(
        request,
        "pages/page.html",
        page_context(
            page,
            questions=page.questions.all(),
            sources=page.sources.all(),
            targets=targets,
            backlinks=_backlinks(page, visible=visible, besides=targets),
            # The latest sign-off (spinecare.review makes them, and only on approval).
            review=next(iter(page.sign_offs.all()), None),
        ),
    )


def _backlinks(page, *, visible, besides):
    """The pages that link here, but no more of each section than a group can show.

    A hub (every page links to the urgent-help guide) would otherwise list the site.
    One more than a group shows is enough to know that the group is longer.
    """
    return (
        visible.filter(pk__in=Link.objects.filter(target=page).values("source"))
        .exclude(pk__in=[page.pk, *(target.pk for target in besides)])
        .only(*LINKED)
        .annotate(
            place=Window(
                RowNumber(), partition_by=[F("section")], order_by=[F("title").asc()]
            )
        )
        .filter(place__lte=RELATED_PER_GROUP + 1)
    )


def page_context(page, *, questions, sources, targets, backlinks, review):
    """What templates/pages/page.html shows: for a live page, or a pending version.

    `questions` and `sources` are rows or unsaved objects with the same attributes;
    `targets` are the pages it links to, related ones first; `backlinks` the pages
    that link to it (all, or as many as a group shows and one more); `review` is a
    sign-off or None.
    """
    return {
        "page": page,
        "questions": list(questions),
        "sources": list(sources),
        "related_groups": _group_related(page, [*targets, *backlinks]),
        "review": review,
    }


def _group_related(page, pages):
    """One list of related pages, each once, grouped by section; long groups capped."""
    seen, ordered = {page.pk}, []
    for other in pages:  # the first mention wins: related, then in the text, then here
        if other.pk not in seen:
            seen.add(other.pk)
            ordered.append(other)
    groups = []
    for section, label, more in RELATED_GROUPS:
        members = [p for p in ordered if p.section == section]
        if members:
            groups.append(
                {
                    "section": section,
                    "label": label,
                    "pages": members[:RELATED_PER_GROUP],
                    "more": more if len(members) > RELATED_PER_GROUP else "",
                }
            )
    return groups


@require_GET
def questions(request):
    """The patient's own list, and the topics whose questions each have a sheet."""
    counts = dict(
        Question.objects.filter(page__in=Page.objects.published())
        .values_list("page__section")
        .annotate(n=Count("id"))
        .values_list("page__section", "n")
    )
    topics = [
        {"section": section, "count": counts[section.value]}
        for section in Section
        if counts.get(section.value)
    ]
    return render(request, "pages/questions.html", {"topics": topics})


@require_GET
def questions_topic(request, section):
    """One topic's questions, page by page, a sheet at a time."""
    section = Section(section)
    pages = (
        Page.objects.published()
        .filter(section=section, pk__in=Question.objects.values("page"))
        .only(*LINKED)
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.only("page", "text"))
        )
    )
    return render(
        request,
        "pages/questions_topic.html",
        {"section": section, "sheet": _sheet(request, pages, QUESTION_PAGES_PER_SHEET)},
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
