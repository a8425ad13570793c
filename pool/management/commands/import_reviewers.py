from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fomo_site.errors import Refusal
from pool.imports import reviewer_lines_parse
from pool.services import reviewer_import_line
from topics.models import Workshop


class Command(BaseCommand):
    help = (
        "Import reviewers from a CSV file (name, email, affiliation[, expertise, profile, "
        "max_load]). Without --accept it invites them; with --accept it records them as "
        "accepted reviewers with their profiles. Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--workshop", required=True, help="The workshop's slug.")
        parser.add_argument(
            "--accept",
            action="store_true",
            help="Record them as having accepted (accounts with unusable passwords are "
            "created when missing); nobody is emailed.",
        )

    def handle(self, *args, file: Path, workshop: str, accept: bool, **options):
        workshop_obj = Workshop.objects.filter(slug=workshop).first()
        if workshop_obj is None:
            raise CommandError(f"No workshop with slug “{workshop}”.")
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        lines, broken = reviewer_lines_parse(text)
        report: list[tuple[int, str, str, bool]] = [
            (item.line, "", item.reason, False) for item in broken
        ]
        for line in lines:
            try:
                outcome = reviewer_import_line(workshop=workshop_obj, line=line, accept=accept)
                report.append((line.line, line.email, outcome, True))
            except Refusal as refused:
                report.append((line.line, line.email, str(refused), False))
        imported = refused = 0
        for number, email, message, ok in sorted(report):
            who = f" {email}" if email else ""
            if ok:
                imported += 1
                self.stdout.write(f"line {number}:{who} {message}")
            else:
                refused += 1
                self.stdout.write(self.style.WARNING(f"line {number}:{who} refused: {message}"))
        self.stdout.write(
            self.style.SUCCESS(f"{imported} lines imported or unchanged, {refused} refused.")
        )
