"""A patient's answer to "Was this page helpful?": the page, the day, yes or no, a comment."""

from django.db import models
from django.db.models import Count, Q

from spinecare.pages.models import Page
from spinecare.pages.querysets import PageQuerySet


class FeedbackQuerySet(models.QuerySet):
    def open_comments(self):
        return self.exclude(comment="").filter(dealt_with=False)


class Feedback(models.Model):
    """Nothing here can name a patient: no address, no browser, no time of day."""

    page = models.ForeignKey(Page, related_name="feedback", on_delete=models.CASCADE)
    day = models.DateField()
    helpful = models.BooleanField()
    comment = models.TextField(blank=True)
    dealt_with = models.BooleanField(default=False)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"{self.page}: {'yes' if self.helpful else 'no'}, {self.day}"


def with_answer_counts(pages):
    """Each page annotated with its yes and no answers and comments still to handle."""
    return pages.annotate(
        yes=Count("feedback", filter=Q(feedback__helpful=True)),
        no=Count("feedback", filter=Q(feedback__helpful=False)),
        open_comments=Count(
            "feedback",
            filter=~Q(feedback__comment="") & Q(feedback__dealt_with=False),
        ),
    )


def helpful_rate(yes, no):
    """The share of answers that said the page helped, as patients' feedback reads."""
    return f"{round(100 * yes / (yes + no))}%" if yes + no else "—"


class PageFeedbackQuerySet(PageQuerySet):
    def with_counts(self):
        return with_answer_counts(self)


class PageFeedback(Page):
    """Pages seen through their feedback: the admin's "Feedback by page" list."""

    objects = PageFeedbackQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = "feedback by page"
        verbose_name_plural = "feedback by page"
