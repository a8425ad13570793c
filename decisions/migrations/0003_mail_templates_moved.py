"""Decision email texts move to notifications' MailTemplate (name "decision_<outcome>")."""

from django.db import migrations


def forward(apps, schema_editor) -> None:
    old = apps.get_model("decisions", "DecisionTemplate")
    new = apps.get_model("notifications", "MailTemplate")
    new.objects.bulk_create(
        new(
            workshop_id=row.workshop_id,
            name=f"decision_{row.outcome}",
            subject=row.subject,
            body=row.body,
        )
        for row in old.objects.all()
    )


def backward(apps, schema_editor) -> None:
    old = apps.get_model("decisions", "DecisionTemplate")
    new = apps.get_model("notifications", "MailTemplate")
    old.objects.bulk_create(
        old(
            workshop_id=row.workshop_id,
            outcome=row.name.removeprefix("decision_"),
            subject=row.subject,
            body=row.body,
        )
        for row in new.objects.filter(name__startswith="decision_")
    )
    new.objects.filter(name__startswith="decision_").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0002_tables_renamed"),
        ("notifications", "0002_mailtemplate"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="DecisionTemplate"),
    ]
