"""Give the tables taken over from reviews (0001) this app's names, and name their indexes."""

from django.db import migrations

from fomo_site.app_moves import move_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0001_initial"),
        ("reviews", "0006_models_moved_out"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="decision", table=None),
        migrations.AlterModelTable(name="decisionnotificationjob", table=None),
        migrations.AlterModelTable(name="decisiontemplate", table=None),
        migrations.RenameIndex(model_name="decision", new_name="decision_outcome", old_name="reviews_dec_outcome_6fc28c_idx"),
        move_content_types(from_app="reviews", to_app="decisions", models=["decision", "decisionnotificationjob", "decisiontemplate"]),
    ]
