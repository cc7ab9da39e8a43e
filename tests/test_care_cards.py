"""Care cards, clinic numbers and source marks: fixed words, the clinic's own numbers."""

import pytest

from spinecare.pages.clinic import fill
from spinecare.pages.models import Page
from spinecare.pages.rendering import reading_grade_of, render_markdown


def shown(markdown):
    return str(fill(render_markdown(markdown).html))


def test_each_level_is_its_own_block_with_its_own_words():
    html = {
        level: shown(f"Text.\n\n!!! {level}\n\nMore.")
        for level in ("emergency", "urgent", "routine")
    }
    assert 'class="care-card care-emergency"' in html["emergency"]
    assert "Emergency:" in html["emergency"]
    assert "go to the emergency room now" in html["emergency"]
    assert 'class="care-card care-urgent"' in html["urgent"]
    assert "within 24 hours" in html["urgent"]
    assert 'class="care-card care-routine"' in html["routine"]
    assert "Not urgent:" in html["routine"]
    assert len(set(html.values())) == 3


def test_the_same_card_says_the_same_thing_on_every_page():
    first = shown("One page.\n\n!!! emergency")
    second = shown("## Another page\n\nWith other words.\n\n!!! emergency\n\nAnd more.")
    card = first[first.index("<section") : first.index("</section>")]
    assert card in second


def test_numbers_come_from_settings_as_tap_to_call_links(settings):
    html = shown("!!! emergency\n\n!!! urgent\n\nCall {{emergency}}.")
    assert '<a class="tel" href="tel:911">911</a>' in html
    assert '<a class="tel" href="tel:5550100">555-0100</a>' in html
    assert "Monday to Friday, 8 am to 6 pm" in html
    settings.CLINIC = {
        **settings.CLINIC,
        "emergency_number": "999",
        "cancer_team_phone": "+44 20 7946 0000",
    }
    html = shown("!!! emergency\n\n!!! urgent\n\nCall {{emergency}}.")
    assert '<a class="tel" href="tel:999">999</a>' in html
    assert 'href="tel:+442079460000"' in html
    assert "911" not in html


def test_without_a_cancer_team_number_the_card_says_what_to_use(settings):
    settings.CLINIC = {**settings.CLINIC, "cancer_team_phone": ""}
    html = shown("!!! urgent")
    assert "tel:" not in html
    assert "the number they gave you for urgent problems" in html


def test_source_marks_link_to_the_sources_and_read_as_words():
    html = render_markdown("Most are not cancer.[^1] Some are.[^2,3]").html
    assert 'href="#source-1"' in html and 'href="#source-3"' in html
    assert '<span class="visually-hidden">source </span>2' in html
    assert "[^" not in html


def test_source_marks_do_not_change_the_reading_grade():
    plain = "Most spinal tumors are not cancer. Your team will explain what you have."
    marked = "Most spinal tumors are not cancer.[^1] Your team will explain.[^2,3]"
    grade = reading_grade_of(title="T", summary="S.", html=render_markdown(plain).html)
    with_marks = reading_grade_of(
        title="T",
        summary="S.",
        html=render_markdown(marked.replace("explain.", "explain what you have.")).html,
    )
    assert grade == with_marks


@pytest.mark.django_db
def test_a_page_knows_its_most_urgent_card(loaded, client):
    page = Page.objects.get(slug="intramedullary-tumors")
    assert page.urgency == "emergency"
    assert Page.objects.get(slug="mri").urgency == ""
    html = client.get(page.get_absolute_url()).content.decode()
    assert 'class="care-card care-emergency"' in html
    assert '<div class="care-card-emergency">' not in html  # the marker is filled


def test_the_crisis_line_comes_from_settings(settings):
    html = shown("Call or text {{crisis}}.")
    assert "988 Suicide and Crisis Lifeline" in html
    assert '<a class="tel" href="tel:988">988</a>' in html
