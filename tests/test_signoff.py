"""The clinical sign-off: edits wait, a reviewer who did not write them approves."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from spinecare.pages.models import Page
from spinecare.review.models import Revision, SignOff
from spinecare.review.workflow import add_months, pending_change

from .conftest import change_form_data, make_staff, run_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_staff("nina", "Editors", name="Nina Cole")


@pytest.fixture
def reviewer():
    return make_staff(
        "ana", "Clinical reviewers", name="Dr Ana Ruiz", role="neuro-oncologist"
    )


@pytest.fixture
def second_reviewer():
    return make_staff(
        "sam", "Clinical reviewers", name="Dr Sam Okafor", role="oncologist"
    )


def client_for(client, user):
    client.force_login(user)
    return client


def change_url(page, name="change"):
    return reverse(f"admin:pages_page_{name}", args=[page.pk])


def edit(client, page, **changes):
    response = client.post(change_url(page), change_form_data(page, **changes))
    assert response.status_code == 302, response.content.decode()[:4000]
    return response


def approve(client, page, **extra):
    page.refresh_from_db()
    return client.post(
        change_url(page, "approve"),
        {"edit_version": page.edit_version, "note": "", **extra},
    )


def public(client, page):
    client.logout()
    return client.get(page.get_absolute_url()).content.decode()


def test_migrate_makes_the_two_roles_and_a_superuser_is_not_a_reviewer(
    admin_user,
):
    from spinecare.review.workflow import is_reviewer

    editors = Group.objects.get(name="Editors")
    reviewers = Group.objects.get(name="Clinical reviewers")
    for group in (editors, reviewers):
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert {"change_page", "add_page", "change_term", "change_synonym"} <= codenames
        assert "delete_page" not in codenames
    assert not is_reviewer(admin_user)
    admin_user.groups.add(reviewers)
    assert is_reviewer(admin_user)


def test_an_edit_waits_and_patients_keep_the_approved_version(
    loaded, client, editor, reviewer
):
    page = Page.objects.get(slug="mri")
    as_editor = client_for(client, editor)

    edit(as_editor, page, body="An MRI takes **30 to 60 minutes**.")
    edit(as_editor, page, summary="A scan with magnets, no X-rays.")

    assert "30 to 60 minutes" not in public(client, page)
    pending = pending_change(page)
    assert [r.kind for r in pending.revisions] == ["saved", "saved"]
    assert pending.data["summary"] == "A scan with magnets, no X-rays."
    assert "30 to 60 minutes" in pending.data["body"]  # the saves add up
    # The author sees the change waiting, and no Approve button.
    form = client_for(client, editor).get(change_url(page)).content.decode()
    assert "A change is waiting for approval" in form
    assert "30 to 60 minutes" in form  # the editor works on the pending version
    assert 'name="approve"' not in form


def test_a_reviewer_sees_what_changed_and_approves_it(loaded, client, editor, reviewer):
    page = Page.objects.get(slug="mri")
    edit(
        client_for(client, editor),
        page,
        body="A scan that uses strong magnets.",
        questions="Will the scan be loud?\nHow long will it take?\nCan I bring music?",
    )
    as_reviewer = client_for(client, reviewer)
    form = as_reviewer.get(change_url(page)).content.decode()
    assert 'name="approve"' in form and 'name="send_back"' in form
    assert "<ins>strong </ins>" in form or "<ins>strong</ins>" in form
    assert "<ins>Can I bring music?</ins>" in form

    response = approve(as_reviewer, page, note="Checked against RadiologyInfo.")

    assert response.status_code == 302
    html = public(client, page)
    assert "strong magnets" in html
    today = timezone.localdate()
    assert "Reviewed by Dr Ana Ruiz, neuro-oncologist on" in html
    assert f"{add_months(today, 36):%B %-d, %Y}" in html
    assert "Can I bring music?" in html
    sign_off = SignOff.objects.get(page=page)
    assert sign_off.reviewer == reviewer and sign_off.note.startswith("Checked")
    assert sign_off.next_review_due == add_months(today, 36)
    assert pending_change(page) is None
    assert '"lastReviewed": "' + today.isoformat() in html
    assert '"name": "Dr Ana Ruiz, neuro-oncologist"' in html


def test_a_reviewer_may_choose_a_sooner_review_but_not_a_later_one(
    loaded, client, editor, reviewer
):
    page = Page.objects.get(slug="mri")
    edit(client_for(client, editor), page, summary="A scan with magnets.")
    as_reviewer = client_for(client, reviewer)
    approve(as_reviewer, page, months="60")
    assert not SignOff.objects.exists()
    approve(as_reviewer, page, months="12")
    due = SignOff.objects.get(page=page).next_review_due
    assert due == add_months(timezone.localdate(), 12)


def test_four_eyes_nobody_approves_their_own_edits(
    loaded, client, reviewer, second_reviewer
):
    page = Page.objects.get(slug="mri")
    as_reviewer = client_for(client, reviewer)
    edit(as_reviewer, page, body="My own change.")

    form = as_reviewer.get(change_url(page)).content.decode()
    assert 'name="approve"' not in form
    assert "has your own edits in it" in form
    approve(as_reviewer, page)
    assert "My own change." not in public(client, page)
    assert not SignOff.objects.exists()

    # A second reviewer's own edit joins the change: now neither may approve it.
    edit(client_for(client, second_reviewer), page, summary="Both of us edited.")
    approve(client_for(client, second_reviewer), page)
    approve(client_for(client, reviewer), page)
    assert not SignOff.objects.exists()


def test_a_superuser_outside_the_reviewers_group_cannot_approve(
    loaded, client, editor, admin_user
):
    page = Page.objects.get(slug="mri")
    edit(client_for(client, editor), page, body="Changed.")
    approve(client_for(client, admin_user), page)
    assert "Changed." not in public(client, page)


def test_send_back_returns_the_change_with_a_note_and_an_email(
    loaded, client, editor, reviewer, django_capture_on_commit_callbacks
):
    page = Page.objects.get(slug="mri")
    edit(client_for(client, editor), page, body="A draft rewrite.")
    page.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(client, reviewer).post(
            change_url(page, "send-back"),
            {"edit_version": page.edit_version, "note": "Please cite a source."},
        )
    assert pending_change(page).sent_back
    assert "A draft rewrite." not in public(client, page)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nina@example.org"]
    assert "Please cite a source." in mail.outbox[0].body
    form = client_for(client, editor).get(change_url(page)).content.decode()
    assert "Please cite a source." in form and "A draft rewrite." in form
    # Saving again sends it for approval again.
    edit(client_for(client, editor), page, body="A rewrite, with a source.")
    assert not pending_change(page).sent_back


def test_reviewed_still_correct_records_new_dates_without_a_change(
    loaded, client, reviewer
):
    page = Page.objects.get(slug="mri")
    page.refresh_from_db()
    before = page.body_html
    client_for(client, reviewer).post(
        change_url(page, "reviewed"), {"edit_version": page.edit_version}
    )
    sign_off = SignOff.objects.get(page=page)
    assert sign_off.revision.kind == Revision.Kind.REVIEWED
    page.refresh_from_db()
    assert page.body_html == before
    assert "Reviewed by Dr Ana Ruiz" in public(client, page)


def test_restoring_an_old_version_brings_back_questions_and_sources_for_approval(
    loaded, client, editor, reviewer, second_reviewer
):
    page = Page.objects.get(slug="mri")
    old = page.as_data()
    edit(
        client_for(client, editor),
        page,
        questions="Only one new question?\nAnd another?\nAnd a third?",
        sources="New source | New publisher | https://example.org/new",
        body="A new text.[^1]",
    )
    approve(client_for(client, reviewer), page)
    assert "Only one new question?" in public(client, page)

    first = page.revisions.filter(kind=Revision.Kind.PUBLISHED).get()
    as_editor = client_for(client, editor)
    whole = as_editor.get(
        reverse("admin:pages_page_version", args=[page.pk, first.pk])
    ).content.decode()
    assert old["questions"][0] in whole and old["sources"][0]["title"] in whole
    page.refresh_from_db()
    as_editor.post(
        reverse("admin:pages_page_restore", args=[page.pk, first.pk]),
        {"edit_version": page.edit_version},
    )
    assert "Only one new question?" in public(client, page)  # waits for approval
    approve(client_for(client, second_reviewer), page)
    page.refresh_from_db()
    restored = page.as_data()
    assert restored["questions"] == old["questions"]
    assert restored["sources"] == old["sources"]
    assert restored["body"] == old["body"]


def test_a_page_created_in_admin_is_not_public_until_approved(
    loaded, client, editor, reviewer
):
    form = {
        "title": "Spinal cord stimulators",
        "slug": "spinal-cord-stimulators",
        "section": "treatments",
        "status": "published",
        "summary": "A device that eases some kinds of pain.",
        "body": "It sends small pulses to the nerves.[^1] See [[mri]].",
        "aliases": "stimulator",
        "questions": "Is it right for me?\nWill it hurt?\nHow long does it last?",
        "sources": "Spinal cord stimulation | MedlinePlus | https://medlineplus.gov/x",
        "related": "surgery",
        "updated": "2026-12-01",
        "edit_base": "",
    }
    response = client_for(client, editor).post(reverse("admin:pages_page_add"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = Page.objects.get(slug="spinal-cord-stimulators")
    assert page.status == Page.Status.DRAFT
    client.logout()
    assert client.get("/treatments/spinal-cord-stimulators/").status_code == 404
    approve(client_for(client, reviewer), page)
    client.logout()
    response = client.get("/treatments/spinal-cord-stimulators/")
    assert response.status_code == 200
    assert "Reviewed by Dr Ana Ruiz" in response.content.decode()


def test_staff_see_the_pending_version_exactly_as_patients_will(loaded, client, editor):
    page = Page.objects.get(slug="mri")
    edit(client_for(client, editor), page, body="A preview of **new** words.")
    html = client.get(change_url(page, "preview")).content.decode()
    assert "A preview of <strong>new</strong> words." in html
    assert 'class="page"' in html  # the patient template, not an admin screen
    assert 'action="/feedback/' not in html  # staff are not patients answering
    client.logout()
    assert client.get(change_url(page, "preview")).status_code == 302  # login


def test_an_unreviewed_page_says_so_and_claims_no_review(loaded, client):
    html = client.get("/diagnosis/mri/").content.decode()
    assert "This page has not yet been reviewed by a clinician." in html
    assert "lastReviewed" not in html and "reviewedBy" not in html


def test_a_changed_file_over_an_approved_page_waits_for_approval(
    loaded, client, editor, reviewer, load
):
    page = Page.objects.get(slug="mri")
    edit(client_for(client, editor), page, summary="Approved summary.")
    approve(client_for(client, reviewer), page)
    run_command("export_content", str(loaded.root))
    loaded.page("diagnosis", "mri", title="MRI", body="A text changed in the file.")

    code, out, err = load(loaded.root)

    assert code == 0, err
    assert "waiting for approval: content/diagnosis/mri.md" in out
    assert "A text changed in the file." not in public(client, page)
    pending = pending_change(page)
    assert pending.revision.kind == Revision.Kind.LOADED
    assert pending.authors == set()  # any reviewer may approve a file's change
    approve(client_for(client, reviewer), page)
    assert "A text changed in the file." in public(client, page)
    code, out, _ = load(loaded.root)
    assert "0 updated" in out and "0 waiting" in out


def test_a_file_naming_an_invented_reviewer_is_refused_in_a_dry_run(loaded, load):
    loaded.page(
        "diagnosis",
        "mri",
        title="MRI",
        body="A scan.",
        reviewed_by="Dr Invented Nobody",
        reviewed_on="2026-11-01",
    )
    code, out, err = load(loaded.root, "--dry-run")
    assert code == 1
    assert (
        "content/diagnosis/mri.md: reviewed_by: a file cannot record a review: "
        "reviews are recorded in admin" in err
    )
    assert "Traceback" not in err


def test_reminders_email_each_reviewer_what_waits_and_what_is_due(
    loaded, client, editor, reviewer, second_reviewer
):
    mri, surgery = Page.objects.get(slug="mri"), Page.objects.get(slug="surgery")
    edit(client_for(client, editor), mri, summary="Waiting.")
    client_for(client, reviewer).post(
        change_url(surgery, "reviewed"), {"edit_version": surgery.edit_version}
    )
    SignOff.objects.filter(page=surgery).update(
        next_review_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    mail.outbox.clear()

    code, out, _ = run_command("review_reminders")

    assert code == 0 and "Sent 2 reminder(s)." in out
    by_person = {message.to[0]: message.body for message in mail.outbox}
    for email in ("ana@example.org", "sam@example.org"):
        assert "Waiting for your approval (1):" in by_person[email]
        assert "MRI" in by_person[email]
        assert "Overdue for review (1):" in by_person[email]
        assert "Surgery" in by_person[email]


def test_admin_index_and_page_list_show_the_review_state(
    loaded, client, editor, reviewer
):
    mri = Page.objects.get(slug="mri")
    edit(client_for(client, editor), mri, summary="Waiting.")
    as_reviewer = client_for(client, reviewer)
    index = as_reviewer.get(reverse("admin:index")).content.decode()
    assert "Waiting for approval (1)" in index
    assert "Overdue for review (0)" in index
    listing = as_reviewer.get(
        reverse("admin:pages_page_changelist") + "?review=waiting"
    ).content.decode()
    assert "MRI" in listing and "Surgery" not in listing
    full = as_reviewer.get(reverse("admin:pages_page_changelist")).content.decode()
    assert "Waiting for approval" in full and "Never reviewed" in full


def test_every_save_and_approval_is_kept_whole(loaded, client, editor, reviewer):
    page = Page.objects.get(slug="mri")
    edit(client_for(client, editor), page, summary="One.")
    approve(client_for(client, reviewer), page)
    kinds = list(page.revisions.order_by("id").values_list("kind", "author__username"))
    assert kinds == [("published", None), ("saved", "nina"), ("approved", "ana")]
    for revision in page.revisions.all():
        assert {"questions", "sources", "related", "body"} <= set(revision.data)
        assert revision.body_html
    listing = client_for(client, editor).get(change_url(page, "versions"))
    assert "Approved by a clinical reviewer" in listing.content.decode()


def test_export_then_load_changes_nothing_after_an_approval(
    loaded, client, editor, reviewer, load
):
    page = Page.objects.get(slug="mri")
    edit(client_for(client, editor), page, body="Approved words.")
    approve(client_for(client, reviewer), page)
    run_command("export_content", str(loaded.root))
    text = (loaded.root / "diagnosis" / "mri.md").read_text()
    assert "Approved words." in text and "review" not in text
    code, out, _ = load(loaded.root)
    assert "0 created, 0 updated" in out and "0 conflict(s)" in out


def test_staff_account_command_makes_an_editor_and_a_reviewer(db):
    code, out, err = run_command(
        "staff_account",
        "ana",
        "--reviewer",
        "--name",
        "Dr Ana Ruiz",
        "--role",
        "neuro-oncologist",
        "--email",
        "ana@example.org",
        "--password",
        "a-long-test-password",
    )
    assert code == 0, err
    ana = User.objects.get(username="ana")
    assert ana.is_staff and ana.groups.filter(name="Clinical reviewers").exists()
    from spinecare.review.models import reviewer_display

    assert reviewer_display(ana) == "Dr Ana Ruiz, neuro-oncologist"
    call_command("staff_account", "nina", "--editor", "--password", "x" * 14)
    assert User.objects.get(username="nina").groups.filter(name="Editors").exists()


def test_a_save_over_someone_elses_newer_save_is_refused_and_keeps_the_text(
    loaded, client, editor, reviewer
):
    page = Page.objects.get(slug="mri")
    opened_by_nurse = change_form_data(page, body="The nurse's careful rewrite.")
    edit(client_for(client, reviewer), page, body="The doctor's fix.")

    response = client_for(client, editor).post(change_url(page), opened_by_nurse)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this while you were editing it" in html
    assert "The nurse&#x27;s careful rewrite." in html  # nothing typed is lost
    assert pending_change(page).data["body"] == "The doctor's fix."


def test_admin_names_the_field_the_loaders_rules_refuse_and_keeps_the_text(
    loaded, client, editor
):
    page = Page.objects.get(slug="mri")
    cases = {
        "body": ("Careful words. See [[no-such-page]].", "[[no-such-page]]"),
        "sources": ("Only a title", "line 1"),
        "related": ("no-such-page", "no-such-page"),
        "summary": ("Call 911 now.", "phone number"),
    }
    as_editor = client_for(client, editor)
    for field, (value, expected) in cases.items():
        response = as_editor.post(
            change_url(page), change_form_data(page, **{field: value})
        )
        assert response.status_code == 200, field
        html = response.content.decode()
        assert f'class="errorlist" id="id_{field}_error"' in html or (
            f"field-{field} errors" in html
        ), field
        if expected:
            assert expected in html, field
    response = as_editor.post(
        change_url(page), change_form_data(page, body='!!! urgent "Help"\n    Text.')
    )
    assert "a care card is one line" in response.content.decode()
    response = as_editor.post(change_url(page), change_form_data(page, sources=""))
    assert "needs at least one source" in response.content.decode()
    assert pending_change(page) is None  # nothing was saved


def test_a_published_page_cannot_link_to_a_draft(loaded, client, editor, load):
    loaded.page("guides", "unfinished", title="Unfinished", status="draft")
    assert load(loaded.root)[0] == 0
    page = Page.objects.get(slug="mri")
    response = client_for(client, editor).post(
        change_url(page), change_form_data(page, body="See [[unfinished]].")
    )
    assert "A published page cannot link to a draft" in response.content.decode()
    loaded.page("diagnosis", "mri", title="MRI", body="See [[unfinished]].")
    code, _, err = load(loaded.root)
    assert code == 1
    assert "content/diagnosis/mri.md: line 14: [[unfinished]] is a draft" in err


def test_a_stale_glossary_save_is_refused_and_keeps_the_text(loaded, client, editor):
    from spinecare.pages.models import Term

    term = Term.objects.get(slug="dura")
    url = reverse("admin:pages_term_change", args=[term.pk])
    form = {
        "term": term.term,
        "slug": term.slug,
        "aliases": term.aliases,
        "definition": "A nurse's better definition.",
        "sources": '[{"title": "Dictionary", "publisher": "NCI", "url": "https://example.org/d"}]',
        "updated": "2026-12-01",
        "edit_base": str(term.edit_version),
    }
    as_editor = client_for(client, editor)
    first = as_editor.post(url, {**form, "definition": "A doctor's fix."})
    assert first.status_code == 302, first.content.decode()[:2000]
    second = as_editor.post(url, form)
    assert second.status_code == 200
    assert "Someone else saved this while you were editing it" in (
        second.content.decode()
    )
    assert "A nurse&#x27;s better definition." in second.content.decode()
    bad = as_editor.post(
        url,
        {
            **form,
            "edit_base": str(Term.objects.get(pk=term.pk).edit_version),
            "sources": '[{"title": "No address"}]',
        },
    )
    assert bad.status_code == 200 and "sources[1]" in bad.content.decode()
    assert Term.objects.get(pk=term.pk).definition == "A doctor's fix."


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_instant_one_wins_the_other_keeps_its_text(
    content, editor, reviewer
):
    import threading

    from django.db import connection
    from django.test import Client

    assert run_command("load_content", str(content.root))[0] == 0
    page = Page.objects.get(slug="mri")
    forms = [change_form_data(page, body=f"Save number {n}.") for n in range(2)]
    barrier, results = threading.Barrier(2), {}

    def save(n, user):
        browser = Client()
        browser.force_login(user)
        barrier.wait()
        results[n] = browser.post(change_url(page), forms[n])
        connection.close()

    for attempt in range(5):
        threads = [
            threading.Thread(target=save, args=(n, user))
            for n, user in enumerate([editor, reviewer])
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        codes = sorted(response.status_code for response in results.values())
        assert codes == [200, 302], (attempt, codes)
        refused = next(r for r in results.values() if r.status_code == 200)
        assert "Someone else saved this" in refused.content.decode()
        page.refresh_from_db()
        forms = [
            change_form_data(page, body=f"Round {attempt} save {n}.") for n in range(2)
        ]


def test_the_page_list_shows_each_pages_helpful_rate(loaded, client, editor):
    from spinecare.feedback.models import Feedback

    mri = Page.objects.get(slug="mri")
    today = timezone.localdate()
    for helpful in (True, True, True, False):
        Feedback.objects.create(page=mri, day=today, helpful=helpful)
    listing = client_for(client, editor).get(reverse("admin:pages_page_changelist"))
    html = listing.content.decode()
    row = html.split(">MRI</a>")[1].split("</tr>")[0]
    assert "75% of 4" in row
