"""python manage.py load_content [PATH] [--dry-run] [--force]"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from spinecare.pages.loading import ContentInvalid, page_sync


class Command(BaseCommand):
    help = "Validate every content file, then load them all in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.CONTENT_DIR))
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate only; change nothing."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite pages that staff edited in admin.",
        )
        parser.add_argument(
            "--render-all",
            action="store_true",
            help="Render every page again (after an upgrade that changes the HTML).",
        )

    def handle(self, *args, path, dry_run, force, render_all, **options):
        try:
            report = page_sync(
                Path(path), dry_run=dry_run, force=force, render_all=render_all
            )
        except ContentInvalid as exc:
            for error in exc.errors:
                self.stderr.write(f"error: {error}")
            raise CommandError(
                f"{len(exc.errors)} problem(s) found; nothing was changed."
            ) from None
        for name in report.conflicts:
            self.stderr.write(
                f"conflict: {name}: edited in admin since it was last loaded; kept the admin "
                "version (run export_content to save it to the file, or --force to overwrite it)"
            )
        for name in report.pending:
            self.stdout.write(
                f"waiting for approval: {name}: the page has been approved by a "
                "clinician, so the file's change waits for a clinical reviewer in admin"
            )
        verb = "Checked (dry run, nothing written)" if dry_run else "Loaded"
        self.stdout.write(
            f"{verb} {path}: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.pending)} waiting for "
            f"approval, {len(report.conflicts)} conflict(s)."
        )
