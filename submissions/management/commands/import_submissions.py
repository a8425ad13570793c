from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from submissions.importing import submissions_import
from topics.selectors import workshop_list


class Command(BaseCommand):
    help = (
        "Import submitted papers from a JSON Lines file, one object per line: title, abstract, "
        "keywords, authors [{name, email, affiliation}], primary_topic and secondary_topics "
        "(slug or name), optional pdf (a path relative to the file). Reports every line; a bad "
        "line does not stop the others, and importing the same file again creates nothing "
        "twice. No email is sent to the authors."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--workshop", required=True, help="The workshop's slug.")

    def handle(self, *args, file: Path, workshop: str, **options):
        workshop_obj = workshop_list().filter(slug=workshop).first()
        if workshop_obj is None:
            raise CommandError(f"No workshop with slug {workshop!r}.")
        if not file.is_file():
            raise CommandError(f"No file at {file}.")
        with file.open(encoding="utf-8") as lines:
            report = submissions_import(
                workshop=workshop_obj, lines=lines, base_dir=file.resolve().parent
            )
        for line_number, outcome, message in report.lines:
            self.stdout.write(f"line {line_number}: {outcome}: {message}")
        self.stdout.write(
            f"Imported {report.count('imported')}, skipped {report.count('skipped')} "
            f"(already there), refused {report.count('refused')}."
        )
