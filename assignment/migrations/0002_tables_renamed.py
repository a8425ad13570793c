"""Give the tables taken over from reviews (0001) this app's names, and name their indexes."""

from django.db import migrations

from fomo_site.app_moves import move_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("assignment", "0001_initial"),
        ("reviews", "0006_models_moved_out"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="assignmentrelease", table=None),
        migrations.AlterModelTable(name="assignmentrun", table=None),
        migrations.AlterModelTable(name="assignmentedit", table=None),
        migrations.AlterModelTable(name="assignment", table=None),
        migrations.AlterModelTable(name="proposedpair", table=None),
        migrations.AlterModelTable(name="assignmentdecline", table=None),
        migrations.RenameIndex(model_name="assignmentrun", new_name="assignment_run_recent", old_name="reviews_ass_worksho_fdae81_idx"),
        migrations.RenameIndex(model_name="assignmentrun", new_name="assignment_run_status", old_name="reviews_ass_status_5463ce_idx"),
        migrations.RenameIndex(model_name="assignmentedit", new_name="assignment_edit_recent", old_name="reviews_ass_worksho_c6eb00_idx"),
        migrations.RenameIndex(model_name="assignment", new_name="assignment_reviewer_load", old_name="reviews_ass_worksho_621e68_idx"),
        move_content_types(from_app="reviews", to_app="assignment", models=["assignmentrelease", "assignmentrun", "assignmentedit", "assignment", "proposedpair", "assignmentdecline"]),
    ]
