"""manage.py export_workshop SLUG [--out FOLDER]: every organizer export as CSV and JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from decisions.exports import export_to_folder
from topics.models import Workshop


class Command(BaseCommand):
    help = "Write the submissions, authors, reviews, assignments and decisions of a workshop."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--out", default="", help="Folder (default: ./export-SLUG).")

    def handle(self, *args, slug: str, out: str, **options):
        workshop = Workshop.objects.filter(slug=slug).first()
        if workshop is None:
            raise CommandError(f"No workshop {slug!r}.")
        folder = Path(out or f"export-{slug}")
        written = export_to_folder(workshop=workshop, user=None, folder=folder)
        for path in written:
            self.stdout.write(str(path))
        self.stdout.write(self.style.SUCCESS(f"{len(written)} files written to {folder}"))
