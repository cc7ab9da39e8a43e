"""'Was this page helpful?': sent without a cookie or a script, kept without a name."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from spinecare.feedback import views
from spinecare.feedback.models import Feedback
from spinecare.pages.models import Page

from .conftest import REPO

pytestmark = pytest.mark.django_db

URL = "/feedback/weakness/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()  # the rate limit lives in the cache: each test starts at zero
    yield
    cache.clear()


@pytest.fixture
def patient():
    """A browser with no cookies that Django's CSRF check would otherwise insist on."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")


def no_cookie(response):
    return not response.cookies and "Set-Cookie" not in str(response.headers)


def test_every_content_page_ends_with_the_form(loaded, client):
    for page in Page.objects.all():
        response = client.get(page.get_absolute_url())
        html = response.content.decode()
        form = html.split('<section class="feedback"')[1].split("</section>")[0]
        assert f'action="/feedback/{page.slug}/"' in form and 'method="post"' in form
        assert "Was this page helpful?" in form
        assert 'value="yes"' in form and 'value="no"' in form
        assert "please don't include personal details" in form.lower()
        assert "csrfmiddlewaretoken" not in form and "<script" not in form
        assert html.index('class="feedback"') > html.index('class="page-meta"')
        assert no_cookie(response)


def test_an_answer_is_thanked_and_kept_without_a_name(loaded, patient):
    response = patient.post(
        URL,
        {"helpful": "yes", "comment": "  Clear, thank you.  "},
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Secret/1.0",
    )
    assert response.status_code == 303
    assert response["Location"] == "/feedback/weakness/thanks/"
    assert no_cookie(response)
    thanks = patient.get(response["Location"])
    assert thanks.status_code == 200 and no_cookie(thanks)
    assert b"Thank you for your feedback" in thanks.content
    assert b'href="/symptoms/weakness/"' in thanks.content

    feedback = Feedback.objects.get()
    assert feedback.page.slug == "weakness"
    assert feedback.helpful is True and feedback.comment == "Clear, thank you."
    assert feedback.day == timezone.localdate() and not feedback.dealt_with
    # What is kept is all there is: no address, browser or time of day.
    fields = {f.name for f in Feedback._meta.get_fields()}
    assert fields == {"id", "page", "day", "helpful", "comment", "dealt_with"}
    assert Feedback._meta.get_field("day").get_internal_type() == "DateField"
    stored = str(list(Feedback.objects.values()))
    assert "203.0.113.9" not in stored and "Android" not in stored


def test_a_no_is_thanked_with_a_way_to_report_a_mistake(loaded, patient):
    response = patient.post(URL, {"helpful": "no"})
    assert response["Location"] == "/feedback/weakness/thanks/?answer=no"
    html = patient.get(response["Location"]).content.decode()
    assert "sorry the page did not help" in html
    assert 'href="mailto:spinecare@example.org"' in html
    assert Feedback.objects.get().helpful is False


def test_personal_details_in_a_comment_are_not_kept(loaded, patient):
    patient.post(
        URL,
        {
            "helpful": "no",
            "comment": "Mail me at ann.lee@example.com or call 555-010-2233.",
        },
    )
    comment = Feedback.objects.get().comment
    assert "ann.lee" not in comment and "2233" not in comment
    assert comment == "Mail me at [removed] or call [removed]."


def test_a_missing_answer_is_explained_and_the_comment_kept(loaded, patient):
    response = patient.post(URL, {"comment": "My words, typed with care."})
    assert response.status_code == 400 and no_cookie(response)
    html = response.content.decode()
    assert "Choose Yes or No." in html
    assert "My words, typed with care.</textarea>" in html
    assert not Feedback.objects.exists()


def test_a_comment_over_the_limit_is_refused_and_kept(loaded, patient):
    long = "word " * 120
    response = patient.post(URL, {"helpful": "yes", "comment": long})
    assert response.status_code == 400
    html = response.content.decode()
    assert "keep it to 500 characters" in html and long.strip() in html
    assert 'value="yes" required checked' in html
    assert not Feedback.objects.exists()


def test_a_body_over_the_size_limit_is_refused_unread(loaded, patient):
    response = patient.post(URL, {"helpful": "yes", "comment": "x" * views.MAX_BODY})
    assert response.status_code == 413 and no_cookie(response)
    assert not Feedback.objects.exists()


def test_a_filled_honeypot_is_thanked_and_nothing_kept(loaded, patient):
    response = patient.post(
        URL, {"helpful": "yes", "comment": "buy now", "website": "http://spam.example"}
    )
    assert response.status_code == 303  # a robot learns nothing from the answer
    assert not Feedback.objects.exists()


def test_the_honeypot_is_hidden_from_people(loaded, client):
    html = client.get("/symptoms/weakness/").content.decode()
    assert '<p class="feedback-extra">' in html and 'tabindex="-1"' in html
    css = (REPO / "static" / "css" / "site.css").read_text()
    assert ".feedback-extra { display: none; }" in css


def test_a_post_from_another_site_is_refused(loaded, patient):
    response = patient.post(URL, {"helpful": "yes"}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not Feedback.objects.exists()
    # The site's own pages name the site itself.
    response = patient.post(URL, {"helpful": "yes"}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 303


def test_one_address_is_limited_and_the_address_is_never_kept(
    loaded, patient, monkeypatch
):
    monkeypatch.setattr(views, "RATE_LIMIT", 3)
    for _ in range(3):
        assert patient.post(URL, {"helpful": "yes"}).status_code == 303
    response = patient.post(URL, {"helpful": "yes"})
    assert response.status_code == 429 and no_cookie(response)
    assert b"many answers from your connection" in response.content
    # A forged X-Forwarded-For does not make a new visitor (no proxy is trusted).
    forged = patient.post(URL, {"helpful": "yes"}, HTTP_X_FORWARDED_FOR="192.0.2.44")
    assert forged.status_code == 429
    assert Feedback.objects.count() == 3
    # Someone else, in the same hour, is not held up.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(URL, {"helpful": "no"}).status_code == 303
    # The cache holds a keyed hash and a count, not the address.
    keys = [key for key in cache._cache if "feedback-rate" in key]
    assert len(keys) == 2 and not any("203.0.113" in key for key in keys)


def test_only_published_pages_take_answers_and_only_by_post(loaded, patient):
    Page.objects.filter(slug="weakness").update(status=Page.Status.DRAFT)
    assert patient.post(URL, {"helpful": "yes"}).status_code == 404
    assert (
        patient.post("/feedback/no-such-page/", {"helpful": "yes"}).status_code == 404
    )
    assert patient.get("/feedback/mri/").status_code == 405
    assert not Feedback.objects.exists()


def test_a_draft_shown_to_staff_has_no_form(loaded, admin_client):
    Page.objects.filter(slug="weakness").update(status=Page.Status.DRAFT)
    html = admin_client.get("/symptoms/weakness/").content.decode()
    assert "Draft: only staff" in html and 'class="feedback"' not in html


def answers(**per_page):
    day = datetime.date(2026, 11, 30)
    for slug, (yes, no, comments) in per_page.items():
        page = Page.objects.get(slug=slug)
        for i in range(yes + no):
            Feedback.objects.create(
                page=page,
                day=day,
                helpful=i < yes,
                comment=comments[i] if i < len(comments) else "",
            )


def test_staff_see_each_pages_counts_and_comments(loaded, admin_client):
    answers(weakness=(3, 1, ["Helpful list", "Too long"]), mri=(0, 2, []))
    html = admin_client.get("/admin/feedback/pagefeedback/").content.decode()
    row = html.split(">Weakness<")[1].split("</tr>")[0]
    assert (
        '<td class="field-yes">3</td>' in row and '<td class="field-no">1</td>' in row
    )
    assert "75%" in row and "2 waiting" in row
    assert "0%" in html.split(">MRI<")[1].split("</tr>")[0]
    assert ">Surgery<" not in html  # a page nobody answered about is not listed

    page = Page.objects.get(slug="weakness")
    html = admin_client.get(
        f"/admin/feedback/feedback/?page__id__exact={page.pk}"
    ).content.decode()
    assert "Feedback: 3 yes, 1 no, helpful 75%" in html
    assert "Helpful list" in html and "Too long" in html
    assert admin_client.get("/admin/feedback/feedback/add/").status_code == 403


def test_staff_mark_a_comment_dealt_with(loaded, admin_client):
    answers(weakness=(0, 2, ["Typo in the second list", "Add a picture"]))
    typo = Feedback.objects.get(comment__startswith="Typo")
    response = admin_client.post(
        "/admin/feedback/feedback/",
        {"action": "mark_dealt_with", "_selected_action": [typo.pk]},
    )
    assert response.status_code == 302
    assert list(Feedback.objects.filter(dealt_with=True)) == [typo]
    assert list(Feedback.objects.open_comments()) == [
        Feedback.objects.get(comment="Add a picture")
    ]


def test_editors_and_reviewers_may_read_and_mark_feedback(loaded):
    for name in ("Editors", "Clinical reviewers"):
        group = Group.objects.get(name=name)
        user = User.objects.create_user(name.split()[0].lower(), is_staff=True)
        user.groups.add(group)
        assert user.has_perms(["feedback.view_feedback", "feedback.change_feedback"]), (
            name
        )
        assert not user.has_perm("feedback.add_feedback")
        assert not user.has_perm("feedback.delete_feedback")
        client = Client()
        client.force_login(user)
        for url in ("/admin/feedback/feedback/", "/admin/feedback/pagefeedback/"):
            assert client.get(url).status_code == 200, (name, url)
