from django.contrib.auth.management import create_permissions
from django.db import migrations

# The admin role manages alert rules in the Django admin too; there a webhook URL is as much a request Strom
# makes as on the rule's own pages.


def grant(apps, schema_editor):
    app_config = apps.get_app_config("alerts_app")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin_group, _ = Group.objects.get_or_create(name="admin")
    for model in ("alertrule", "firing", "delivery"):
        for action in ("add", "change", "delete", "view"):
            admin_group.permissions.add(
                Permission.objects.get(content_type__app_label="alerts_app", codename=f"{action}_{model}"))


class Migration(migrations.Migration):
    dependencies = [("alerts_app", "0001_alert_rules"), ("topics_app", "0003_admin_role_permissions")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
