from django.contrib.auth.management import create_permissions
from django.db import migrations

# The admin role manages clusters and users in the Django admin; the audit log is read-only.
ADMIN_PERMISSIONS = [
    ("topics_app", "cluster", ("add", "change", "delete", "view")),
    ("topics_app", "auditentry", ("view",)),
    ("auth", "user", ("add", "change", "delete", "view")),
    ("auth", "group", ("view",)),
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin_group, _ = Group.objects.get_or_create(name="admin")
    for app_label, model, actions in ADMIN_PERMISSIONS:
        for action in actions:
            admin_group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
            )


class Migration(migrations.Migration):
    dependencies = [("topics_app", "0002_roles"), ("contenttypes", "0002_remove_content_type_name")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
