"""The two roles, as Wagtail makes its "Editors" and "Moderators": groups with rights."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITING = {
    "pages": {
        "page": ["add", "change", "view"],
        "question": ["add", "change", "delete", "view"],
        "source": ["add", "change", "delete", "view"],
        "link": ["add", "change", "delete", "view"],
        "term": ["add", "change", "delete", "view"],
        "synonym": ["add", "change", "delete", "view"],
        "missedsearch": ["view", "delete"],
    },
    "review": {"revision": ["view"], "signoff": ["view"]},
}


def make_groups(apps, schema_editor):
    # Permissions are normally made after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        (app, f"{action}_{model}")
        for app, models in EDITING.items()
        for model, actions in models.items()
        for action in actions
    ]
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in codenames
    ]
    for name in ("Editors", "Clinical reviewers"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Editors", "Clinical reviewers"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("pages", "0003_care_cards_versions_no_review_fields"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(make_groups, remove_groups)]
