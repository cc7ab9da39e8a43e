"""python manage.py review_reminders: email reviewers what waits and what is due."""

from django.core.management.base import BaseCommand

from spinecare.review.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email each clinical reviewer the pages waiting for approval and those overdue "
        "or due for review within 30 days. Run it daily (cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        for reviewer, waiting, overdue, soon in sent:
            self.stdout.write(
                f"{reviewer.email}: {waiting} to approve, {overdue} overdue, "
                f"{soon} due soon"
            )
        self.stdout.write(f"Sent {len(sent)} reminder(s).")
