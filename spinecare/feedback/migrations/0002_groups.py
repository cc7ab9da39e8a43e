"""Editors and clinical reviewers read the feedback and mark comments dealt with."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Editors", "Clinical reviewers"]
CODENAMES = ["view_feedback", "change_feedback", "view_pagefeedback"]


def grant(apps, schema_editor):
    # Permissions are normally made after migrate; the groups need them now.
    app_config = apps.get_app_config("feedback")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="feedback", codename__in=CODENAMES
    )
    assert permissions.count() == len(CODENAMES), list(permissions)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="feedback", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("review", "0002_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
