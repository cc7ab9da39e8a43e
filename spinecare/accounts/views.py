"""Two-factor setup for the signed-in staff member: a QR code, then one code to confirm."""

import base64

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from .forms import ConfirmDeviceForm

NEW_DEVICE_NAME = "Authenticator app"


def _new_device(user):
    """The device being set up: made on first view, kept until it is confirmed."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": NEW_DEVICE_NAME}
    )
    return device


def two_factor(request):
    """Show the QR code of a new device; a right code switches it on."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = request.method == "POST" or request.GET.get("new") or not confirmed
    device = _new_device(user) if setting_up else None
    form = ConfirmDeviceForm(request.POST or None, device=device) if device else None
    if form is not None and form.is_valid():
        with transaction.atomic():
            # One phone at a time: the new one replaces any other.
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(
            request,
            "Two-factor sign-in is on: from now on, sign in with your password and "
            "the code your authenticator app shows.",
        )
        return redirect("admin:two_factor")
    context = {
        **admin.site.each_context(request),
        "title": "Two-factor sign-in",
        "confirmed": confirmed,
        "device": device,
        "form": form,
        "secret": base64.b32encode(device.bin_key).decode() if device else "",
    }
    return TemplateResponse(request, "accounts/two_factor.html", context)


def two_factor_qr_code(request):
    """The QR code of the device being set up, for the app to scan."""
    response = HttpResponse(content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    write_qrcode_image(_new_device(request.user).config_url, response)
    return response
