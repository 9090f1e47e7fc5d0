from django.contrib.auth.management import create_permissions
from django.db import migrations

# The admin role manages Connect clusters in the Django admin, as it manages Kafka clusters.


def grant(apps, schema_editor):
    app_config = apps.get_app_config("connect_app")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin_group, _ = Group.objects.get_or_create(name="admin")
    for action in ("add", "change", "delete", "view"):
        admin_group.permissions.add(
            Permission.objects.get(content_type__app_label="connect_app", codename=f"{action}_connectcluster"))


class Migration(migrations.Migration):
    dependencies = [("connect_app", "0001_connect_clusters"), ("topics_app", "0003_admin_role_permissions")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
