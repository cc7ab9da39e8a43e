"""Editors and clinical reviewers read the feedback and mark comments dealt with."""

from django.db import migrations


def grant(apps, schema_editor):
    from spinecare.feedback.apps import RIGHTS
    from spinecare.review.roles import ensure_groups

    ensure_groups(apps, extra=RIGHTS)


def revoke(apps, schema_editor):
    from spinecare.feedback.apps import RIGHTS

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        f"{action}_{model}"
        for models in RIGHTS.values()
        for model, actions in models.items()
        for action in actions
    ]
    permissions = Permission.objects.filter(
        content_type__app_label="feedback", codename__in=codenames
    )
    for group in Group.objects.filter(name__in=["Editors", "Clinical reviewers"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("review", "0002_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
