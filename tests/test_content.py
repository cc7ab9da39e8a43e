"""The curated corpus: complete, plain, in our own words, sourced and honest."""

import re
import statistics

import pytest

from spinecare.pages.models import Page, Term

from .conftest import CONTENT, REPO

pytestmark = pytest.mark.django_db

SEEDS = REPO.parent / "shared" / "seeds"
MINIMUM = {"tumors": 5, "symptoms": 10, "diagnosis": 8, "treatments": 9, "guides": 7}
# Pages about a sign that can mean spinal cord compression carry a "get help now" callout.
URGENT = [
    "back-and-neck-pain",
    "numbness-and-tingling",
    "weakness",
    "balance-and-walking",
    "bladder-and-bowel-changes",
    "paralysis",
    "urgent-help",
    "extradural-tumors",
    "primary-and-metastatic-tumors",
    "spinal-metastases-treatment",
]


@pytest.fixture
def corpus(load):
    code, _, err = load(CONTENT)
    assert code == 0, err
    return list(
        Page.objects.prefetch_related("questions", "sources", "links_out__target")
    )


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def test_every_section_has_its_pages(corpus):
    counts = {section: sum(p.section == section for p in corpus) for section in MINIMUM}
    assert all(counts[s] >= n for s, n in MINIMUM.items()), counts


def test_every_page_reads_at_grade_eight_or_lower(corpus):
    grades = {page.slug: page.reading_grade for page in corpus}
    too_hard = {slug: grade for slug, grade in grades.items() if grade > 8}
    assert not too_hard
    assert statistics.median(grades.values()) <= 8


def test_no_page_repeats_ten_words_in_a_row_from_a_source(corpus):
    if not SEEDS.is_dir():
        pytest.fail(f"source documents not found at {SEEDS}")
    shingles = set()
    for seed in SEEDS.glob("*.txt"):
        w = words(seed.read_text(errors="ignore"))
        shingles.update(tuple(w[i : i + 10]) for i in range(len(w) - 9))
    copied = {}
    for path in CONTENT.rglob("*.md"):
        w = words(path.read_text())
        hits = [
            " ".join(w[i : i + 10])
            for i in range(len(w) - 9)
            if tuple(w[i : i + 10]) in shingles
        ]
        if hits:
            copied[str(path.relative_to(CONTENT))] = hits[0]
    assert not copied


def test_every_page_has_summary_sections_questions_sources_aliases_and_links(corpus):
    for page in corpus:
        assert 0 < len(re.findall(r"[.!?](\s|$)", page.summary)) <= 2, page.slug
        assert len(page.toc) >= 2, page.slug
        assert page.questions.count() >= 3, page.slug
        assert page.sources.count() >= 1, page.slug
        assert page.alias_list, page.slug
        assert [link for link in page.links_out.all() if link.target_id != page.pk], (
            page.slug
        )
        for source in page.sources.all():
            assert source.title and source.publisher, page.slug
            assert re.match(r"https://|http://", source.href), (page.slug, source.href)


def test_tumor_pages_link_symptoms_tests_and_treatments(corpus):
    for page in corpus:
        if page.section != "tumors":
            continue
        sections = {link.target.section for link in page.links_out.all()}
        assert {"symptoms", "diagnosis", "treatments"} <= sections, page.slug


def test_symptom_pages_name_their_tumor_types(corpus):
    for page in corpus:
        if page.section == "symptoms":
            assert any(
                link.target.section == "tumors" for link in page.links_out.all()
            ), page.slug


def test_urgent_signs_carry_the_get_help_now_callout(corpus):
    by_slug = {page.slug: page for page in corpus}
    for slug in URGENT:
        assert '<div class="admonition urgent">' in by_slug[slug].body_html, slug


def test_home_page_panel_links_the_urgent_help_guide(corpus, client):
    html = client.get("/").content.decode()
    panel = html.split('class="urgent-panel"')[1].split("</section>")[0]
    assert 'href="/guides/urgent-help/"' in panel


def test_no_page_names_a_reviewer_and_every_page_says_so(corpus, client):
    for page in corpus:
        assert not page.reviewed_by and not page.reviewed_on, page.slug
        html = client.get(page.get_absolute_url()).content.decode()
        assert "has not yet been reviewed by a clinician" in html
        assert "Last updated" in html


def test_patients_misspellings_are_aliases(corpus):
    aliases = {page.slug: " ".join(page.alias_list).lower() for page in corpus}
    assert "intermedullary" in aliases["intramedullary-tumors"]
    assert "pins and needles" in aliases["numbness-and-tingling"]


def test_seed_facts_are_on_the_page_a_patient_would_look(corpus):
    text = {page.slug: page.body_html + page.summary for page in corpus}
    expected = {
        "intramedullary-tumors": ["2 to 4 percent"],
        "primary-and-metastatic-tumors": ["30% to 70%"],
        "intradural-extramedullary-tumors": ["40%"],
        "surgery": ["motor evoked potential"],
        "blood-tests": ["calcium", "alkaline phosphatase"],
        "spinal-metastases-treatment": ["steady", "nerves", "pain"],
    }
    for slug, facts in expected.items():
        for fact in facts:
            assert fact.lower() in text[slug].lower(), (slug, fact)
    dois = {s.doi for page in corpus for s in page.sources.all()}
    assert "10.1007/s11060-025-05119-5" in dois


def test_glossary_defines_at_least_forty_terms_with_anchors(corpus, client):
    assert Term.objects.count() >= 40
    html = client.get("/glossary/").content.decode()
    for term in Term.objects.all():
        assert f'<dt id="{term.slug}">' in html
        assert term.sources, term.slug
    required = [
        "dura",
        "meninges",
        "vertebra",
        "intramedullary",
        "metastasis",
        "laminectomy",
        "myelotomy",
        "resection",
        "radiosurgery",
        "kyphoplasty",
    ]
    slugs = set(Term.objects.values_list("slug", flat=True))
    assert not set(required) - slugs


def test_pages_link_the_first_use_of_glossary_terms(corpus):
    page = next(p for p in corpus if p.slug == "intramedullary-tumors")
    assert 'class="term"' in page.body_html
