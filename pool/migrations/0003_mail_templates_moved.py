"""Invitation texts move to notifications' MailTemplate (name "reviewer_invitation")."""

from django.db import migrations

NAME = "reviewer_invitation"


def forward(apps, schema_editor) -> None:
    old = apps.get_model("pool", "ReviewerInvitationTemplate")
    new = apps.get_model("notifications", "MailTemplate")
    new.objects.bulk_create(
        new(workshop_id=row.workshop_id, name=NAME, subject=row.subject, body=row.body)
        for row in old.objects.all()
    )


def backward(apps, schema_editor) -> None:
    old = apps.get_model("pool", "ReviewerInvitationTemplate")
    new = apps.get_model("notifications", "MailTemplate")
    old.objects.bulk_create(
        old(workshop_id=row.workshop_id, subject=row.subject, body=row.body)
        for row in new.objects.filter(name=NAME)
    )
    new.objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pool", "0002_tables_renamed"),
        ("notifications", "0002_mailtemplate"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="ReviewerInvitationTemplate"),
    ]
