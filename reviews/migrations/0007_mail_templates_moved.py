"""Review reminder texts move from ReviewSettings to notifications' MailTemplate
("review_reminder", "review_reminder_overdue"; an empty part still means the default)."""

from django.db import migrations

TEMPLATES = {"reminder_before": "review_reminder", "reminder_overdue": "review_reminder_overdue"}


def forward(apps, schema_editor) -> None:
    settings = apps.get_model("reviews", "ReviewSettings")
    new = apps.get_model("notifications", "MailTemplate")
    rows = []
    for row in settings.objects.all():
        for prefix, name in TEMPLATES.items():
            subject, body = getattr(row, f"{prefix}_subject"), getattr(row, f"{prefix}_body")
            if subject or body:
                rows.append(new(workshop_id=row.workshop_id, name=name, subject=subject, body=body))
    new.objects.bulk_create(rows)


def backward(apps, schema_editor) -> None:
    settings = apps.get_model("reviews", "ReviewSettings")
    new = apps.get_model("notifications", "MailTemplate")
    for prefix, name in TEMPLATES.items():
        for row in new.objects.filter(name=name):
            settings.objects.get_or_create(workshop_id=row.workshop_id)
            settings.objects.filter(workshop_id=row.workshop_id).update(
                **{f"{prefix}_subject": row.subject, f"{prefix}_body": row.body}
            )
        new.objects.filter(name=name).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0006_models_moved_out"),
        ("notifications", "0002_mailtemplate"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name="reviewsettings", name="reminder_before_body"),
        migrations.RemoveField(model_name="reviewsettings", name="reminder_before_subject"),
        migrations.RemoveField(model_name="reviewsettings", name="reminder_overdue_body"),
        migrations.RemoveField(model_name="reviewsettings", name="reminder_overdue_subject"),
    ]
