"""Patient pages: every URL serves real content, in a fixed number of queries."""

import re

import pytest
from django.test import Client

from spinecare.pages.models import Page

from .conftest import ContentTree

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/tumors/",
        "/symptoms/",
        "/diagnosis/",
        "/treatments/",
        "/guides/",
        "/tumors/intramedullary-tumors/",
        "/symptoms/weakness/",
        "/diagnosis/mri/",
        "/treatments/surgery/",
        "/questions/",
        "/glossary/",
    ],
)
def test_page_serves_with_one_h1_landmarks_and_a_skip_link(loaded, client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert '<a class="skip-link" href="#main">' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert "Set-Cookie" not in str(response.headers)


def test_page_shows_everything_a_patient_needs(loaded, client):
    html = client.get("/tumors/intramedullary-tumors/").content.decode()
    assert "<h1>Intramedullary tumors</h1>" in html
    assert "Tumors that grow inside the spinal cord." in html  # summary
    assert "On this page" in html and 'href="#what-they-are"' in html
    assert '<div class="admonition urgent">' in html
    # Related pages grouped by section, in the patient's words.
    related = html.split('id="page-related"')[1].split("</section>")[0]
    assert (
        related.index("Symptoms")
        < related.index("How it is diagnosed")
        < related.index("Treatments")
    )
    assert '<a href="/diagnosis/mri/">MRI</a>' in related
    assert "Questions to ask your doctor" in html and "What happens next?" in html
    assert 'href="https://example.org/a">A source</a>' in html
    assert (
        "Pages that link here" in html
        and '<a href="/symptoms/weakness/">Weakness</a>' in html
    )
    assert "Last updated" in html and "2026-11-21" in html
    assert "has not yet been reviewed by a clinician" in html
    assert "This is not medical advice" in html
    assert 'class="term" href="/glossary/#dura"' in html


def test_backlinks_list_every_page_that_links_here(loaded, client):
    html = client.get("/diagnosis/mri/").content.decode()
    backlinks = html.split('id="page-backlinks"')[1].split("</section>")[0]
    assert "Intramedullary tumors" in backlinks and "Surgery" in backlinks


def test_drafts_are_hidden_from_the_public_but_previewable_by_staff(
    loaded, client, admin_client
):
    Page.objects.filter(slug="mri").update(status=Page.Status.DRAFT)
    assert client.get("/diagnosis/mri/").status_code == 404
    assert "/diagnosis/mri/" not in client.get("/diagnosis/").content.decode()
    assert (
        "MRI"
        not in client.get("/tumors/intramedullary-tumors/")
        .content.decode()
        .split('id="page-related"')[1]
    )
    response = admin_client.get("/diagnosis/mri/")
    assert response.status_code == 200 and b"Draft: only staff" in response.content


def test_wrong_section_redirects_to_the_page(loaded, client):
    response = client.get("/symptoms/mri/")
    assert response.status_code == 301 and response["Location"] == "/diagnosis/mri/"


def test_unknown_page_gets_the_friendly_404(loaded, client):
    response = client.get("/tumors/no-such-tumor/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


def test_500_page_renders_without_the_database(db):
    from django.template.loader import render_to_string

    assert "Something went wrong" in render_to_string("500.html")


def test_questions_page_groups_every_question_by_page(loaded, client):
    html = client.get("/questions/").content.decode()
    assert html.count("What happens next?") == Page.objects.count()
    assert '<a href="/tumors/intramedullary-tumors/">Intramedullary tumors</a>' in html


def test_sitemap_and_robots(loaded, client):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/tumors/intramedullary-tumors/" in sitemap
    assert "http://testserver/questions/" in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert b"Sitemap: http://testserver/sitemap.xml" in robots.content


def test_patient_pages_send_a_strict_content_security_policy(loaded, client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy


def build_site(root, size):
    """`size` tumor pages, each linking to several others in its body and related list."""
    tree = ContentTree(root)
    slugs = [f"page-{n}" for n in range(size)]
    for n, slug in enumerate(slugs):
        others = [slugs[(n + k) % size] for k in (1, 2, 3)]
        tree.page(
            "tumors",
            slug,
            title=f"Page {n}",
            related=others,
            body="\n\n".join(
                f"## Part {k}\n\nSee [[{o}]]." for k, o in enumerate(others)
            ),
        )
    return tree


@pytest.mark.parametrize("size", [5, 200])
def test_a_page_view_makes_a_fixed_number_of_queries(
    size, tmp_path, load, django_assert_max_num_queries
):
    tree = build_site(tmp_path / "content", size)
    code, _, err = load(tree.root)
    assert code == 0, err
    client = Client()
    with django_assert_max_num_queries(5):
        response = client.get("/tumors/page-1/")
    assert response.status_code == 200
    assert response.content.decode().count('href="/tumors/page-') >= 6
    with django_assert_max_num_queries(2):
        assert client.get("/tumors/").status_code == 200
