"""The sign-off: every version of a page, and the clinicians' approvals of them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from spinecare.pages.models import Page

EDITORS = "Editors"
REVIEWERS = "Clinical reviewers"


class Revision(models.Model):
    """One version of a page, whole (text, questions, sources, links), and who made it.

    Never changed once written. The page's own row holds what patients see; the
    revisions after the last one that went live are its pending change.
    """

    class Kind(models.TextChoices):
        SAVED = "saved", "Saved in admin"
        RESTORED = "restored", "Restored from an earlier version"
        LOADED = "loaded", "Loaded from a content file"
        SENT_BACK = "sent_back", "Sent back to the author"
        APPROVED = "approved", "Approved by a clinical reviewer"
        REVIEWED = "reviewed", "Reviewed, still correct"
        PUBLISHED = "published", "Published from a content file, not yet reviewed"

    # Kinds whose data is what patients see from then on.
    LIVE = {Kind.APPROVED, Kind.REVIEWED, Kind.PUBLISHED}
    # Kinds that are edits waiting for a reviewer.
    CHANGES = {Kind.SAVED, Kind.RESTORED, Kind.LOADED}

    page = models.ForeignKey(Page, related_name="revisions", on_delete=models.CASCADE)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    data = models.JSONField(help_text="The whole page, as a content file holds it.")
    # Rendered when the revision is made, so viewing it never renders markdown.
    body_html = models.TextField(default="")
    toc = models.JSONField(default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="page_revisions",
        help_text="Empty for a version that came from a content file.",
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        get_latest_by = "id"

    def __str__(self):
        return (
            f"{self.page} — {self.get_kind_display()}, {self.created_at:%Y-%m-%d %H:%M}"
        )

    @property
    def is_live(self):
        return self.kind in self.LIVE


class SignOff(models.Model):
    """A clinical reviewer's approval of a page: the only source of "Reviewed by"."""

    page = models.ForeignKey(Page, related_name="sign_offs", on_delete=models.CASCADE)
    revision = models.OneToOneField(
        Revision, on_delete=models.PROTECT, related_name="sign_off"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sign_offs"
    )
    # As patients saw it on the day: a later change of role does not rewrite history.
    reviewer_display = models.CharField(max_length=300)
    reviewed_on = models.DateField()
    next_review_due = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        get_latest_by = ["reviewed_on", "id"]
        verbose_name = "clinical sign-off"

    def __str__(self):
        return f"{self.page}: {self.reviewer_display}, {self.reviewed_on}"


class ReviewerProfile(models.Model):
    """What patients see of a clinical reviewer, set once on the account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
    )
    name = models.CharField(
        max_length=150,
        blank=True,
        help_text='As patients should read it, e.g. "Dr Ana Ruiz". Empty: the '
        "account's full name.",
    )
    role = models.CharField(
        max_length=150,
        blank=True,
        help_text='e.g. "neuro-oncologist". Shown after the name.',
    )

    def __str__(self):
        return reviewer_display(self.user)


def reviewer_display(user):
    """ "Dr Ana Ruiz, neuro-oncologist": the name (and role) patients see, or ""."""
    profile = getattr(user, "reviewer_profile", None)
    name = (profile and profile.name.strip()) or user.get_full_name().strip()
    role = profile.role.strip() if profile else ""
    if not name:
        return ""
    return f"{name}, {role}" if role else name
