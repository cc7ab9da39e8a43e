"""python manage.py dev_admin: make a local admin login, or say how to use the one there is."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "For development only: create an admin login if there is none, and print it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=8000,
            help="The port `make run` serves on (default 8000), for the address shown.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "dev_admin is for development; use createsuperuser instead."
            )
        User = get_user_model()
        admin_url = f"http://127.0.0.1:{options['port']}/admin/"
        existing = User.objects.filter(is_superuser=True).first()
        if existing:
            self.stdout.write(
                f"Admin: {admin_url} as {existing.username!r} "
                f"(forgot the password? python manage.py changepassword {existing.username})"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "admin@localhost", password)
        self.stdout.write(f"Admin: {admin_url}  user: admin  password: {password}")
        self.stdout.write(
            "(shown once; change it with: python manage.py changepassword admin)"
        )
