"""Papers submitted before co-authors were asked to confirm: the submitter's own authorship
counts as confirmed (they typed the list); the other authors with accounts are asked."""

from django.db import migrations
from django.db.models import F


def confirm_submitters(apps, schema_editor):
    Authorship = apps.get_model("submissions", "Authorship")
    Authorship.objects.filter(
        user_id=F("submission__submitted_by_id"), confirmed_at__isnull=True
    ).update(confirmed_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("submissions", "0003_submission_change_log")]

    operations = [migrations.RunPython(confirm_submitters, migrations.RunPython.noop)]
