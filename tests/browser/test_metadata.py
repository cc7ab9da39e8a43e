"""Structured data and metadata: MedicalWebPage JSON-LD, description, canonical, Open Graph."""

import datetime
import json

import pytest

from spinecare.pages.models import Page

pytestmark = pytest.mark.browser


def head(page):
    def attr(selector, name):
        found = page.locator(selector)
        return found.first.get_attribute(name) if found.count() else None

    blocks = page.locator("script[type='application/ld+json']").all_text_contents()
    return {
        "json_ld": [json.loads(block) for block in blocks],
        "description": attr("meta[name=description]", "content"),
        "canonical": attr("link[rel=canonical]", "href"),
        "og_title": attr("meta[property='og:title']", "content"),
        "og_description": attr("meta[property='og:description']", "content"),
        "og_url": attr("meta[property='og:url']", "content"),
        "robots": attr("meta[name=robots]", "content"),
    }


def test_every_content_page_describes_itself(site, page):
    for section, chosen in site.pages.items():
        page.goto(site(chosen.get_absolute_url()))
        meta = head(page)
        [data] = meta["json_ld"]
        url = site(chosen.get_absolute_url())
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "MedicalWebPage"
        assert data["name"] == chosen.title == meta["og_title"]
        assert data["description"] == chosen.summary == meta["description"]
        assert meta["og_description"] == chosen.summary
        assert meta["canonical"] == url == data["url"] == meta["og_url"]
        assert data["audience"] == {
            "@type": "MedicalAudience",
            "audienceType": "Patient",
        }
        assert data["about"]["@type"] == "MedicalCondition", section
        assert data["dateModified"] == chosen.updated.isoformat()
        if not chosen.sign_offs.exists():
            assert "lastReviewed" not in data and "reviewedBy" not in data
        assert page.title() == f"{chosen.title} | SpineCare"


def test_every_kind_of_page_has_a_description_and_the_404_is_not_indexed(site, page):
    for name, path in site.page_types:
        page.goto(site(path))
        meta = head(page)
        assert meta["description"], name
        if name in ("not-found", "search", "feedback-thanks"):  # no canonical
            assert meta["robots"] == "noindex"
            assert meta["canonical"] is None and meta["json_ld"] == []
            continue
        assert meta["robots"] is None, name
        assert meta["canonical"] == site(path), name
        assert meta["og_title"] and meta["og_description"], name
        assert [d["@type"] for d in meta["json_ld"]] == ["MedicalWebPage"], name


def sign_off(page, *, name, on, due):
    """The record an approval in admin leaves (spinecare.review makes it)."""
    from django.contrib.auth.models import User

    from spinecare.review.models import Revision, SignOff

    reviewer = User.objects.create_user(f"reviewer-{page.pk}")
    revision = Revision.objects.create(
        page=page, kind=Revision.Kind.APPROVED, data={}, author=reviewer
    )
    return SignOff.objects.create(
        page=page,
        revision=revision,
        reviewer=reviewer,
        reviewer_display=name,
        reviewed_on=on,
        next_review_due=due,
    )


def test_only_a_reviewed_page_claims_a_review(small_site, page):
    reviewed = small_site.pages["symptoms"]
    sign_off(
        reviewed,
        name="Dr. A. Example, neuro-oncologist",
        on=datetime.date(2026, 11, 1),
        due=datetime.date(2029, 11, 1),
    )
    page.goto(small_site(reviewed.get_absolute_url()))
    [data] = head(page)["json_ld"]
    assert data["lastReviewed"] == "2026-11-01"
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr. A. Example, neuro-oncologist",
    }
    status = page.locator(".review-status").inner_text()
    assert status == (
        "Reviewed by Dr. A. Example, neuro-oncologist on November 1, 2026. "
        "Next review due November 1, 2029."
    )
    assert data["about"]["signOrSymptom"] == {
        "@type": "MedicalSignOrSymptom",
        "name": reviewed.title,
    }
    unreviewed = small_site.pages["treatments"]
    page.goto(small_site(unreviewed.get_absolute_url()))
    [data] = head(page)["json_ld"]
    assert "lastReviewed" not in data
    assert page.locator(".review-status").inner_text() == (
        "This page has not yet been reviewed by a clinician."
    )
    assert data["about"]["possibleTreatment"]["name"] == unreviewed.title


def test_json_ld_cannot_be_broken_out_of(small_site, page):
    tricky = small_site.pages["diagnosis"]
    summary = "A test </script><script>alert(1)</script> & more"
    Page.objects.filter(pk=tricky.pk).update(summary=summary)
    page.goto(small_site(tricky.get_absolute_url()))
    [data] = head(page)["json_ld"]
    assert data["description"] == summary
    assert (
        page.locator("script:not([src]):not([type='application/ld+json'])").count() == 0
    )
