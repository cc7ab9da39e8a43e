"""The two roles, as Wagtail makes its "Editors" and "Moderators": groups with rights."""

from django.db import migrations


def make_groups(apps, schema_editor):
    from spinecare.review.roles import ensure_groups

    ensure_groups(apps)


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
