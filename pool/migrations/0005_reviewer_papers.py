"""A reviewer's own papers become rows: each blank-line-separated block of the old
own_papers text is a paper, its first line the title and the rest the abstract. The text
field itself goes in the next migration (PostgreSQL refuses to alter a table with rows
just inserted against it in the same transaction)."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

TITLE_LENGTH = 500


def papers_from_text(apps, schema_editor):
    profiles = apps.get_model("pool", "ReviewerProfile")
    papers = apps.get_model("pool", "ReviewerPaper")
    rows = []
    for profile_id, text in profiles.objects.exclude(own_papers="").values_list("pk", "own_papers"):
        blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
        for position, block in enumerate(block for block in blocks if block):
            title, _, abstract = block.partition("\n")
            title = title.strip()
            rows.append(
                papers(
                    profile_id=profile_id,
                    position=position,
                    title=title[:TITLE_LENGTH],
                    abstract=f"{title[TITLE_LENGTH:]}\n{abstract.strip()}".strip(),
                )
            )
    papers.objects.bulk_create(rows, batch_size=500)


def papers_to_text(apps, schema_editor):
    profiles = apps.get_model("pool", "ReviewerProfile")
    papers = apps.get_model("pool", "ReviewerPaper")
    texts: dict[int, list[str]] = {}
    for profile_id, title, abstract in papers.objects.order_by(
        "profile_id", "position", "pk"
    ).values_list("profile_id", "title", "abstract"):
        abstract = "\n".join(line for line in abstract.splitlines() if line.strip())
        texts.setdefault(profile_id, []).append(f"{title}\n{abstract}".strip())
    for profile_id, blocks in texts.items():
        profiles.objects.filter(pk=profile_id).update(own_papers="\n\n".join(blocks))


class Migration(migrations.Migration):

    dependencies = [
        ('pool', '0004_area_chairs'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReviewerPaper',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('position', models.PositiveIntegerField(default=0, help_text="Order in the reviewer's list.")),
                ('title', models.CharField(max_length=500)),
                ('abstract', models.TextField(blank=True)),
                ('year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1900), django.core.validators.MaxValueValidator(2100)])),
                ('url', models.URLField(blank=True, max_length=500, verbose_name='link')),
                ('profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='papers', to='pool.reviewerprofile')),
            ],
            options={
                'ordering': ['position', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('title', ''), _negated=True), name='reviewer_paper_has_title'), models.CheckConstraint(condition=models.Q(('year__isnull', True), models.Q(('year__gte', 1900), ('year__lte', 2100)), _connector='OR'), name='reviewer_paper_year_plausible')],
            },
        ),
            migrations.RunPython(papers_from_text, papers_to_text),
    ]
