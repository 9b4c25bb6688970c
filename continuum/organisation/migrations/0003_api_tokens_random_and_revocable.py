"""API tokens become random and revocable by an administrator.

Tokens issued before this were derived from the secret key and the agency's slug, so anyone who
knew the key (the published default) could compute them. Every such token is revoked here;
agencies are issued new ones with `continuum api-token SLUG`.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def revoke_derived_tokens(apps, schema_editor):
    ApiToken = apps.get_model("organisation", "ApiToken")
    ApiToken.objects.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0002_apitoken"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="apitoken",
            options={"ordering": ["-created_at", "-id"]},
        ),
        migrations.RemoveField(
            model_name="apitoken",
            name="generation",
        ),
        migrations.AddField(
            model_name="apitoken",
            name="prefix",
            field=models.CharField(
                default="", help_text="The token's first characters: not secret.", max_length=16
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_by",
            field=models.ForeignKey(
                blank=True,
                help_text="The administrator who revoked it; empty when revoked from the command line.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        # Last, after the schema changes, so PostgreSQL has no pending trigger events to mind.
        migrations.RunPython(revoke_derived_tokens, migrations.RunPython.noop),
    ]
