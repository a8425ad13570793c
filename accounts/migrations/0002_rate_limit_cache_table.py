"""The table Django's database cache keeps its entries in (what `createcachetable` would
make), created by `migrate` so a deployment without Redis needs no extra step. No model
state: the cache backend reads it, not the ORM."""

from django.db import migrations, models

CACHE_TABLE = "fomo_cache"


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.CreateModel(
                    name="CacheEntry",
                    fields=[
                        (
                            "cache_key",
                            models.CharField(max_length=255, primary_key=True, serialize=False),
                        ),
                        ("value", models.TextField()),
                        ("expires", models.DateTimeField(db_index=True)),
                    ],
                    options={"db_table": CACHE_TABLE},
                ),
            ],
            state_operations=[],
        ),
    ]
