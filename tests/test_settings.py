"""Production settings refuse to start without real secrets, and pass the deploy check."""

import os
import secrets
import subprocess
import sys

import pytest

from .conftest import REPO

# What a clinic sets when it deploys (fictional numbers).
CLINIC = {
    "CANCER_TEAM_PHONE": "555-0100",
    "CANCER_TEAM_HOURS": "Monday to Friday, 8 am to 6 pm",
    "CONTACT_EMAIL": "spinecare@example.org",
}


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests; a deploy check refuses it
            *CLINIC,
        )
    }
    environment.update(DJANGO_SETTINGS_MODULE="spinecare.settings.prod", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "env, message",
    [
        ({"ALLOWED_HOSTS": "spinecare.example.org"}, "SECRET_KEY"),
        (
            {"SECRET_KEY": "short", "ALLOWED_HOSTS": "spinecare.example.org"},
            "50 or more",
        ),
        ({"SECRET_KEY": secrets.token_urlsafe(60)}, "ALLOWED_HOSTS"),
    ],
    ids=["no-key", "weak-key", "no-hosts"],
)
def test_production_refuses_to_start_without_real_settings(env, message):
    result = manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="spinecare.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
        **CLINIC,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", list(CLINIC))
def test_production_refuses_to_start_without_the_clinics_numbers(missing):
    result = manage(
        "check",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="spinecare.example.org",
        **{key: value for key, value in CLINIC.items() if key != missing},
    )
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr
