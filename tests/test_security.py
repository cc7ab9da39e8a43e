"""Staff sign-in holds: lockout, two-factor codes, sessions that end, passwords, headers."""

import json
import os
import subprocess
import sys
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from spinecare.accounts.signin import SIGNED_IN_AT

from .conftest import REPO

pytestmark = pytest.mark.django_db
PASSWORD = "a long staff password"
OFFICE = "192.0.2.10"  # documentation addresses: request data only, never dialled
HOME = "198.51.100.7"


@pytest.fixture
def staff(django_user_model):
    def make(username, **extra):
        return django_user_model.objects.create_user(
            username, f"{username}@example.org", PASSWORD, is_staff=True, **extra
        )

    return make


def sign_in(client, username, password=PASSWORD, *, address=OFFICE, code=""):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "otp_token": code},
        REMOTE_ADDR=address,
    )


def signed_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def code_for(device, *, at=None):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at
    return f"{totp.token():0{device.digits}d}"


def test_right_password_signs_in_and_records_when(client, staff):
    staff("nina")
    response = sign_in(client, "nina")
    assert response.status_code == 302
    assert signed_in(client)
    assert abs(client.session[SIGNED_IN_AT] - time.time()) < 60


def test_ten_wrong_passwords_lock_the_account_from_that_address_only(client, staff):
    staff("nina")
    staff("omar")
    for attempt in range(1, 11):
        response = sign_in(client, "nina", f"wrong guess {attempt}")
        if attempt < 10:
            assert response.status_code == 200  # the form again, not yet locked
            assert "correct username and password" in response.content.decode()
    assert response.status_code == 429

    right = sign_in(client, "nina")
    assert right.status_code == 429
    message = right.content.decode()
    assert "Sign-in locked" in message and "after 10 in a row" in message
    assert "even with the right password" in message and "30 minutes" in message
    assert not signed_in(client)

    # A colleague at the same clinic address still signs in.
    assert sign_in(client, "omar").status_code == 302 and signed_in(client)
    client.logout()
    # Nina herself, from home, still signs in: the lock is for that address.
    assert sign_in(client, "nina", address=HOME).status_code == 302


def test_thirty_wrong_passwords_then_the_right_one_is_still_refused(client, staff):
    staff("nina")
    statuses = [sign_in(client, "nina", f"guess {i}").status_code for i in range(30)]
    assert statuses[:9] == [200] * 9 and set(statuses[9:]) == {429}
    assert sign_in(client, "nina").status_code == 429
    assert not signed_in(client)


def test_a_staff_member_with_the_permission_unlocks_an_account(client, staff):
    staff("nina")
    for attempt in range(10):
        sign_in(client, "nina", f"wrong {attempt}")
    assert sign_in(client, "nina").status_code == 429

    admin_user = staff("ada")
    admin_user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="axes",
            codename__in=["view_accessattempt", "delete_accessattempt"],
        )
    )
    helper = client.__class__()
    helper.force_login(admin_user)
    attempt = AccessAttempt.objects.get(username="nina")
    listing = helper.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "nina" in listing.content.decode()
    response = helper.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302

    assert sign_in(client, "nina").status_code == 302 and signed_in(client)


def test_staff_without_the_permission_cannot_unlock(client, staff):
    staff("nina")
    for attempt in range(10):
        sign_in(client, "nina", f"wrong {attempt}")
    helper = client.__class__()
    helper.force_login(staff("eve"))
    attempt = AccessAttempt.objects.get(username="nina")
    response = helper.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_a_right_password_clears_the_count_of_wrong_ones(client, staff):
    staff("nina")
    for _ in range(2):
        for attempt in range(9):
            sign_in(client, "nina", f"wrong {attempt}")
        assert sign_in(client, "nina").status_code == 302
        client.logout()


@pytest.fixture
def phone(staff):
    user = staff("nina")
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_an_account_with_an_authenticator_needs_its_code(client, phone, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # as if the wrong code was a minute ago
    without = sign_in(client, "nina")
    assert without.status_code == 200
    assert "Enter the six-digit code" in without.content.decode()
    assert not signed_in(client)

    wrong = sign_in(
        client, "nina", code="000000" if code_for(phone) != "000000" else "111111"
    )
    assert "That code is wrong" in wrong.content.decode()
    assert not signed_in(client)

    right = sign_in(client, "nina", code=code_for(phone))
    assert right.status_code == 302
    home = client.get(reverse("admin:index"))
    assert home.status_code == 200 and home.wsgi_request.user.is_verified()


def test_wrong_codes_count_toward_the_lockout(client, phone, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # each guess a minute apart
    for attempt in range(10):
        sign_in(client, "nina", code=f"{attempt:06d}"[-6:] + "9")  # never a real code
    assert AccessAttempt.objects.get(username="nina").failures_since_start == 10
    assert sign_in(client, "nina", code=code_for(phone)).status_code == 429


def test_when_required_an_account_without_an_authenticator_cannot_sign_in(
    client, staff, settings
):
    settings.OTP_REQUIRED = True
    staff("nina")
    response = sign_in(client, "nina")
    assert "has no authenticator app yet" in response.content.decode()
    assert not signed_in(client)


def test_when_required_a_session_without_a_code_is_sent_to_sign_in(
    client, staff, settings
):
    user = staff("nina")
    client.force_login(user)
    assert signed_in(client)
    settings.OTP_REQUIRED = True
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_two_factor_is_off_by_default_outside_production(settings):
    assert settings.OTP_REQUIRED is False


def test_staff_switch_on_two_factor_with_a_qr_code_and_one_code(
    client, staff, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code comes a minute later
    user = staff("nina")
    sign_in(client, "nina")
    page = client.get(reverse("admin:two_factor"))
    html = page.content.decode()
    assert page.status_code == 200 and "Two-factor sign-in" in html
    assert reverse("admin:two_factor_qr_code") in html
    picture = client.get(reverse("admin:two_factor_qr_code"))
    assert picture["Content-Type"] == "image/svg+xml"
    assert picture.content.lstrip().startswith(b"<?xml") and b"<svg" in picture.content

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("admin:two_factor"), {"otp_token": "12345"})
    assert "That code is wrong" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    confirm = client.post(reverse("admin:two_factor"), {"otp_token": code_for(device)})
    assert confirm.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    assert "Enter the six-digit code" in sign_in(client, "nina").content.decode()
    # The code that switched it on is spent; the app's next one signs in.
    device.refresh_from_db()
    used_at = device.t0 + device.last_t * device.step  # that code's 30 seconds
    spent = sign_in(client, "nina", code=code_for(device, at=used_at))
    assert "That code is wrong" in spent.content.decode()
    later = used_at + device.step
    assert sign_in(client, "nina", code=code_for(device, at=later)).status_code == 302


def test_a_code_right_after_a_wrong_one_must_wait(client, phone):
    sign_in(client, "nina", code="12345")
    response = sign_in(client, "nina", code=code_for(phone))
    assert "Too many wrong codes in a row: wait a minute" in response.content.decode()
    assert not signed_in(client)


def test_the_page_list_links_to_two_factor_setup(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("admin:two_factor")}"' in html


def test_a_sign_in_ends_after_its_fixed_time_however_busy(client, staff, settings):
    staff("nina")
    sign_in(client, "nina")
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_AGE + 60
    session.save()
    assert signed_in(client)  # still within the limit, and activity renews the cookie

    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_AGE - 1
    session.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    login = client.get(response["Location"]).content.decode()
    assert "You were signed out: a sign-in lasts 12 hours" in login
    assert not signed_in(client)


def test_sessions_have_an_absolute_limit_beside_the_idle_one(settings):
    assert settings.SESSION_ABSOLUTE_AGE == 12 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # the idle limit slides


@pytest.mark.parametrize(
    "password",
    [
        "spinecare",
        "Spinecare2026",
        "SPINECARE-2026!",
        "Sp1neC@re-rocks",
        "my spine care pass",
        "short pass1",
    ],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_unrelated_password_is_accepted():
    validate_password("correct horse battery staple")


def test_the_admin_password_form_refuses_the_site_name(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[admin_user.pk]),
        {"password1": "Spinecare2026", "password2": "Spinecare2026"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "built on the site" in html
    admin_user.refresh_from_db()
    assert not admin_user.check_password("Spinecare2026")


def test_every_response_sends_permissions_and_resource_policies(client, admin_client):
    responses = [
        client.get("/"),
        client.get("/no-such-page/"),
        client.get("/static/css/site.css"),
        client.get("/robots.txt"),
        admin_client.get(reverse("admin:index")),
        client.get(reverse("admin:login")),
    ]
    for response in responses:
        assert "camera=()" in response["Permissions-Policy"], response
        assert "geolocation=()" in response["Permissions-Policy"]
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_admin_pages_send_a_content_security_policy(client, admin_client):
    for response in (
        client.get(reverse("admin:login")),
        admin_client.get(reverse("admin:index")),
    ):
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def run_with_production_settings(code, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="spinecare.settings.prod",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="spinecare.example.org",
        CANCER_TEAM_PHONE="555-0100",
        CANCER_TEAM_HOURS="Monday to Friday, 8 am to 6 pm",
        CONTACT_EMAIL="spinecare@example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
        **env,
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_conn_max_age_from_the_environment_reaches_the_connection():
    code = (
        "import json; from django.db import connection; from django.conf import "
        "settings; print(json.dumps([connection.settings_dict['CONN_MAX_AGE'], "
        "connection.settings_dict['CONN_HEALTH_CHECKS'], settings.OTP_REQUIRED]))"
    )
    assert run_with_production_settings(code, CONN_MAX_AGE="42") == [42, True, True]
    assert run_with_production_settings(code)[0] == 60
