"""python manage.py staff_account NAME --editor|--reviewer: a staff login with its role."""

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from spinecare.review.models import EDITORS, REVIEWERS, ReviewerProfile

TITLES = {"dr", "prof", "professor", "mr", "mrs", "ms", "mx"}


class Command(BaseCommand):
    help = (
        "Create or update a staff account in Editors or Clinical reviewers. A "
        "reviewer's name and role are what patients see on the pages they approve."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        role = parser.add_mutually_exclusive_group(required=True)
        role.add_argument("--editor", action="store_true", help="writes pages")
        role.add_argument(
            "--reviewer", action="store_true", help="writes and approves pages"
        )
        parser.add_argument("--name", default="", help='e.g. "Dr Ana Ruiz"')
        parser.add_argument("--role", default="", help='e.g. "neuro-oncologist"')
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password", help="asked for when left out (safer: not in shell history)"
        )

    @transaction.atomic
    def handle(
        self, *args, username, editor, reviewer, name, role, email, password, **options
    ):
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        # "Dr Ana Ruiz": the account's name is Ana Ruiz; patients see the whole name.
        plain = [w for w in name.split() if w.rstrip(".").lower() not in TITLES]
        first, last = " ".join(plain[:-1]), " ".join(plain[-1:])
        if name:
            user.first_name, user.last_name = first, last
        if email:
            user.email = email
        user.is_staff = True
        if password is None and user.pk is None:
            password = getpass.getpass(f"Password for {username}: ")
        if password is not None:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError("password: " + " ".join(exc.messages)) from None
            user.set_password(password)
        user.save()
        user.groups.remove(*Group.objects.filter(name__in=[EDITORS, REVIEWERS]))
        user.groups.add(Group.objects.get(name=REVIEWERS if reviewer else EDITORS))
        if reviewer:
            profile, _ = ReviewerProfile.objects.get_or_create(user=user)
            if name:
                profile.name = name.strip()
            if role:
                profile.role = role.strip()
            profile.save()
        shown = (
            f' (patients see "{ReviewerProfile.objects.get(user=user)}")'
            if reviewer
            else ""
        )
        self.stdout.write(
            f"{username}: {'Clinical reviewers' if reviewer else 'Editors'}{shown}"
        )
