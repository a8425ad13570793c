"""Give the tables taken over from reviews (0001) this app's names, and name their indexes."""

from django.db import migrations

from fomo_site.app_moves import move_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("pool", "0001_initial"),
        ("reviews", "0006_models_moved_out"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="reviewerinvitation", table=None),
        migrations.AlterModelTable(name="reviewerinvitationtemplate", table=None),
        migrations.AlterModelTable(name="reviewerprofile", table=None),
        migrations.AlterModelTable(name="topicexpertise", table=None),
        migrations.AlterModelTable(name="bid", table=None),
        migrations.AlterModelTable(name="conflict", table=None),
        migrations.RenameIndex(model_name="reviewerinvitation", new_name="invitation_status_sent", old_name="reviews_rev_status_f5ec99_idx"),
        migrations.RenameIndex(model_name="conflict", new_name="conflict_workshop_reviewer", old_name="reviews_con_worksho_293dc7_idx"),
        move_content_types(from_app="reviews", to_app="pool", models=["reviewerinvitation", "reviewerinvitationtemplate", "reviewerprofile", "topicexpertise", "bid", "conflict"]),
    ]
