"""Head metadata for patient pages: title, description, canonical URL and JSON-LD."""

import json
from dataclasses import dataclass, field

from django import template
from django.utils.safestring import mark_safe

from ..models import Section

register = template.Library()

SITE_NAME = "SpineCare"
SITE_DESCRIPTION = (
    "Plain-language information about spinal tumors: types, symptoms, tests, "
    "treatments, and when to get help right away."
)
# Pages that are not content pages, by URL name: (title, description).
FIXED_PAGES = {
    "home": ("Spinal tumors explained in plain words", SITE_DESCRIPTION),
    "questions": (
        "Questions to ask your doctor",
        "Every question to ask your doctor about a spinal tumor, grouped by topic, "
        "ready to pick from and print.",
    ),
    "glossary": (
        "Glossary",
        "Plain-language meanings of the medical words used about spinal tumors.",
    ),
}
SEARCH_DESCRIPTION = "Search SpineCare's plain-language pages about spinal tumors."
SPINAL_TUMOR = {
    "@type": "MedicalCondition",
    "name": "Spinal tumor",
    "alternateName": ["Spinal cord tumor", "Spine tumor"],
    "associatedAnatomy": {"@type": "AnatomicalStructure", "name": "Spine"},
}
# What a content page of each section is about, in schema.org's medical vocabulary.
ABOUT_BY_SECTION = {
    Section.SYMPTOMS: ("signOrSymptom", "MedicalSignOrSymptom"),
    Section.DIAGNOSIS: ("typicalTest", "MedicalTest"),
    Section.TREATMENTS: ("possibleTreatment", "MedicalTherapy"),
}
# "<", ">" and "&" could end the <script> element early; JSON allows them escaped.
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass
class Metadata:
    title: str
    description: str
    canonical: str = ""
    og_type: str = "website"
    json_ld: dict = field(default_factory=dict)

    @property
    def json_ld_script(self):
        if not self.json_ld:
            return ""
        text = json.dumps(self.json_ld, ensure_ascii=False, indent=1)
        return mark_safe(
            '<script type="application/ld+json">'
            + text.translate(JSON_ESCAPES)
            + "</script>"
        )


@register.simple_tag(takes_context=True)
def page_metadata(context):
    """Describe the page being rendered, from the view's context and URL name."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    name = match.url_name if match else None
    page = context.get("page") if name == "page" else None
    if page is not None and hasattr(page, "summary"):
        meta = Metadata(title=page.title, description=page.summary, og_type="article")
    elif name == "section" and "section" in context:
        section = Section(context["section"])
        meta = Metadata(title=section.label, description=context.get("intro", ""))
    elif name == "questions_topic" and "section" in context:
        label = Section(context["section"]).label
        meta = Metadata(
            title=f"Questions to ask: {label}",
            description=f"Questions to ask your doctor about {label.lower()}, "
            "page by page, ready to pick from and print.",
        )
    elif name in FIXED_PAGES:
        meta = Metadata(*FIXED_PAGES[name])
    elif name == "search":  # results are noindex: no canonical URL, no JSON-LD
        return Metadata(title="Search", description=SEARCH_DESCRIPTION)
    else:  # error pages, which say noindex too
        return Metadata(title=SITE_NAME, description=SITE_DESCRIPTION)
    meta.canonical = request.build_absolute_uri(request.path)
    sheet = context.get("sheet")
    if sheet is not None and sheet.number > 1:  # each sheet of a long list is its own
        meta.canonical += f"?page={sheet.number}"
    meta.json_ld = _medical_web_page(
        meta,
        page=page,
        review=context.get("review"),
        home=request.build_absolute_uri("/"),
    )
    return meta


def _medical_web_page(meta, *, page, review, home):
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": meta.title,
        "description": meta.description,
        "url": meta.canonical,
        "inLanguage": "en",
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "about": _about(page),
        "isPartOf": {"@type": "WebSite", "name": SITE_NAME, "url": home},
    }
    if page is not None:
        data["dateModified"] = page.updated.isoformat()
        # Only a clinician's approval in admin counts; an unreviewed page claims none.
        if review is not None:
            data["lastReviewed"] = review.reviewed_on.isoformat()
            data["reviewedBy"] = {"@type": "Person", "name": review.reviewer_display}
    return data


def _about(page):
    if page is None or page.section == Section.GUIDES:
        return SPINAL_TUMOR
    if page.section == Section.TUMORS:
        about = {**SPINAL_TUMOR, "name": page.title, "alternateName": page.alias_list}
        return {key: value for key, value in about.items() if value}
    prop, kind = ABOUT_BY_SECTION[Section(page.section)]
    return {**SPINAL_TUMOR, prop: {"@type": kind, "name": page.title}}
