"""python manage.py export_content [PATH]"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from spinecare.pages.loading import page_export


class Command(BaseCommand):
    help = "Write every page and glossary term back to content files."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.CONTENT_DIR))

    def handle(self, *args, path, **options):
        report = page_export(Path(path))
        self.stdout.write(f"Exported {len(report.written)} file(s) to {path}.")
