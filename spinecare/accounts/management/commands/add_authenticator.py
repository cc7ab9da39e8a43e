"""python manage.py add_authenticator USERNAME: a phone's two-factor setup, printed."""

import io

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Give a staff account a new authenticator app (replacing any other) and print "
        "its QR code: how the first administrator signs in when two-factor is required."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No account is called {username!r}.") from None
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(
                user=user, name="Authenticator app", confirmed=True
            )
        picture = qrcode.QRCode(border=1)
        picture.add_data(device.config_url)
        text = io.StringIO()
        picture.print_ascii(out=text, invert=True)
        self.stdout.write(text.getvalue())
        self.stdout.write(
            f"Scan this with the authenticator app on {username}'s phone, or enter "
            f"this address in it:\n{device.config_url}\n"
            "It replaces any app the account had; sign in with the password and the "
            "code the app shows."
        )
