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
        "/questions/tumors/",
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
    assert 'class="care-card care-emergency"' in html
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
    # The page that links here is among the related pages, once; no second list.
    assert related.count('<a href="/symptoms/weakness/">Weakness</a>') == 1
    assert "Pages that link here" not in html
    assert "Last updated" in html and "2026-11-21" in html
    assert "has not yet been reviewed by a clinician" in html
    assert "This is not medical advice" in html
    assert 'class="term" href="/glossary/#dura"' in html


def test_pages_that_link_here_join_the_related_pages_once_each(loaded, client):
    html = client.get("/diagnosis/mri/").content.decode()
    related = html.split('id="page-related"')[1].split("</section>")[0]
    assert related.count('href="/tumors/intramedullary-tumors/"') == 1
    assert related.count('href="/treatments/surgery/"') == 1
    # Surgery links to MRI in its text and is linked from intramedullary's list:
    # each page appears once, under its section.
    html = client.get("/tumors/intramedullary-tumors/").content.decode()
    related = html.split('id="page-related"')[1].split("</section>")[0]
    links = re.findall(r'<li><a href="([^"]+)">', related)
    assert len(links) == len(set(links))
    assert "/symptoms/weakness/" in links and "/diagnosis/mri/" in links


def test_in_sentence_list_links_stay_inline_and_lone_ones_are_targets(
    tmp_path, load, client
):
    tree = ContentTree(tmp_path / "content")
    tree.page("diagnosis", "mri", title="MRI", body="Magnets.")
    tree.page(
        "symptoms",
        "weakness",
        title="Weakness",
        body="Signs:\n\n- A [[mri|scan]] to check the cord.\n- [[mri]]\n",
    )
    code, _, err = load(tree.root)
    assert code == 0, err
    body = client.get("/symptoms/weakness/").content.decode().split('class="body"')[1]
    assert '<li>A <a href="/diagnosis/mri/"' in body  # in a sentence: no class
    assert '<li class="link-item"><a href="/diagnosis/mri/"' in body


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


def test_questions_come_by_topic_each_on_its_own_page(loaded, client):
    html = client.get("/questions/").content.decode()
    assert "What happens next?" not in html  # topics, not every question
    assert 'href="/questions/tumors/"' in html and "9 questions" in html
    html = client.get("/questions/tumors/").content.decode()
    assert html.count("What happens next?") == 3  # the three tumor pages
    assert '<a href="/tumors/intramedullary-tumors/">Intramedullary tumors</a>' in html
    assert "/symptoms/weakness/" not in html.split('id="main"')[1].split("<footer")[0]
    assert client.get("/questions/tumors/?page=2").status_code == 404


def test_sitemap_and_robots(loaded, client):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/tumors/intramedullary-tumors/" in sitemap
    assert "http://testserver/questions/" in sitemap
    assert "http://testserver/questions/symptoms/" in sitemap
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
            title=f"Page n{n}",  # "Page 112" would read as a phone number
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
    # The page, its questions, sources, sign-offs, links, and pages that link here.
    with django_assert_max_num_queries(6):
        response = client.get("/tumors/page-1/")
    assert response.status_code == 200
    assert response.content.decode().count('href="/tumors/page-') >= 6
    with django_assert_max_num_queries(2):
        assert client.get("/tumors/").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/questions/tumors/").status_code == 200


SECTIONS = ["tumors", "symptoms", "diagnosis", "treatments", "guides"]
HUB = "urgent-help"


def build_big_site(root, size):
    """`size` pages over every section, like the real ones: each links a few others,
    and every page links to one hub (as every page links to the urgent-help guide)."""
    tree = ContentTree(root)
    slugs = [HUB, "what-is-a-spinal-tumor"] + [f"page-{n}" for n in range(size - 2)]
    for n, slug in enumerate(slugs):
        section = "guides" if n < 2 else SECTIONS[n % len(SECTIONS)]
        others = [slugs[(n + k) % size] for k in (1, 7, 31)]
        tree.page(
            section,
            slug,
            title=f"Topic n{n} about the spine",
            summary="A short summary of this topic, in plain words, for patients.",
            aliases=[f"topic n{n}"],
            related=[s for s in others if s != slug],
            questions=[f"Question n{q} about topic n{n}?" for q in range(5)],
            body="\n\n".join(
                [
                    f"## Part {k}\n\nSome words. See [[{o}]]."
                    for k, o in enumerate(others)
                ]
                + [f"Get help: [[{HUB}]]." if slug != HUB else "Get help now."]
            ),
        )
    return tree


# What each kind of page may weigh, uncompressed, on a site of a few hundred small
# pages: about twice what it weighs today, far less than a page that listed the whole
# site (the hub's 400 links, /questions/'s 2,000 questions, or a home listing all).
BOUNDS_KB = {
    "/": 30,
    "/tumors/": 40,
    "/guides/urgent-help/": 20,
    "/tumors/page-3/": 20,
    "/questions/": 15,
    "/questions/symptoms/": 40,
    "/search/?q=topic": 15,
}


def test_no_page_outgrows_the_site(tmp_path, load, django_assert_max_num_queries):
    tree = build_big_site(tmp_path / "content", 400)
    code, _, err = load(tree.root)
    assert code == 0, err
    client = Client()
    sizes = {}
    for url in BOUNDS_KB:
        response = client.get(url)
        assert response.status_code == 200, url
        sizes[url] = len(response.content) / 1024
    assert all(sizes[url] <= bound for url, bound in BOUNDS_KB.items()), sizes
    # The hub, linked from all 400 pages, lists a few of them in each section and
    # links to the rest, in the same number of queries as any page.
    with django_assert_max_num_queries(6):
        html = client.get(f"/guides/{HUB}/").content.decode()
    related = html.split('id="page-related"')[1].split("</section>")[0]
    assert related.count("<li>") <= len(SECTIONS) * 6
    assert 'href="/tumors/">All tumor types</a>' in related
    # Long indexes come a sheet at a time.
    assert 'rel="next"' in client.get("/symptoms/").content.decode()
    assert client.get("/symptoms/?page=2").status_code == 200


def test_dev_admin_prints_the_address_make_run_serves(db, settings):
    from .conftest import run_command

    settings.DEBUG = True  # dev_admin is for development only
    code, out, _ = run_command("dev_admin", "--port", "8123")
    assert code == 0 and "http://127.0.0.1:8123/admin/" in out
    code, out, _ = run_command(
        "dev_admin"
    )  # an admin exists now: its name, the address
    assert "http://127.0.0.1:8000/admin/" in out and "'admin'" in out
