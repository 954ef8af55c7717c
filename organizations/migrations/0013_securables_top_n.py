"""The grants carry their securable's ``updated_at`` (the lists' order), and indexes serve
"what may this user see" most recent first, source by source (issue 11)."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_updated_at(apps, schema_editor):
    Securable = apps.get_model("organizations", "Securable")
    updated_at = Subquery(
        Securable.objects.filter(pk=OuterRef("content_object_id")).values("updated_at")[:1]
    )
    for name in ("SecurableUserObjectPermission", "SecurableGroupObjectPermission"):
        apps.get_model("organizations", name).objects.update(securable_updated_at=updated_at)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0012_locale_catalogue"),
    ]

    operations = [
        migrations.AddField(
            model_name="securableuserobjectpermission",
            name="securable_updated_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="securable updated at",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="securablegroupobjectpermission",
            name="securable_updated_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="securable updated at",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_updated_at, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="securableuserobjectpermission",
            index=models.Index(
                fields=["user", "-securable_updated_at", "content_object"],
                name="securable_user_grant_recent",
            ),
        ),
        migrations.AddIndex(
            model_name="securablegroupobjectpermission",
            index=models.Index(
                fields=["group", "-securable_updated_at", "content_object"],
                name="securable_team_grant_recent",
            ),
        ),
        migrations.AddIndex(
            model_name="securable",
            index=models.Index(
                fields=["owner", "-updated_at", "id"], name="securable_owner_recent"
            ),
        ),
        migrations.AddIndex(
            model_name="securable",
            index=models.Index(
                fields=["organization", "-updated_at", "id"], name="securable_org_recent"
            ),
        ),
    ]
