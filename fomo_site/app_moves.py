"""Migration helper for models that moved from one app to another with their tables."""

from django.db import migrations


def move_content_types(*, from_app: str, to_app: str, models: list[str]) -> migrations.RunPython:
    """Relabel the models' content types, so that admin history and permissions follow them.

    On a new database there are none yet (post_migrate creates them): nothing to do.
    """

    def relabel(source: str, target: str):
        def run(apps, schema_editor) -> None:
            content_type = apps.get_model("contenttypes", "ContentType")
            db = schema_editor.connection.alias
            for model in models:
                if (
                    not content_type.objects.using(db)
                    .filter(app_label=target, model=model)
                    .exists()
                ):
                    content_type.objects.using(db).filter(app_label=source, model=model).update(
                        app_label=target
                    )

        return run

    return migrations.RunPython(relabel(from_app, to_app), relabel(to_app, from_app))
