"""The own_papers text is gone: a reviewer's papers are ReviewerPaper rows (0005)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('pool', '0005_reviewer_papers'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='reviewerprofile',
            name='own_papers',
        ),
    ]
