"""The two roles, "Editors" and "Clinical reviewers": groups and what they may do."""

from django.contrib.auth.management import create_permissions

from .models import EDITORS, REVIEWERS

# Both roles write; only membership of "Clinical reviewers" lets one approve
# (spinecare.review.workflow.is_reviewer), so no permission says "approve".
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
    "feedback": {"feedback": ["view", "change"]},  # patients' feedback, once installed
}


def ensure_groups(apps, extra=None):
    """Make both groups with their permissions (`apps`: a migration's or the real).

    `extra` adds {app: {model: [actions]}} from another app (feedback, say).
    """
    for app_config in apps.get_app_configs():  # permissions usually come later
        # create_permissions skips an app whose models_module is unset, as a
        # migration's app configs leave it; put back whatever it was.
        before = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = before
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    rights = {**EDITING, **(extra or {})}
    permissions = Permission.objects.filter(
        content_type__app_label__in=list(rights)
    ).select_related("content_type")
    wanted = [
        p
        for p in permissions
        if p.codename.split("_", 1)[0]
        in rights[p.content_type.app_label].get(p.content_type.model, [])
    ]
    for name in (EDITORS, REVIEWERS):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*wanted)


def restore_groups(sender, **kwargs):
    """After a flush (which empties the groups table too), make the roles again."""
    from django.apps import apps

    if apps.is_installed("spinecare.review"):
        ensure_groups(kwargs.get("apps") or apps)
