import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pool.imports import archive_papers_parse
from pool.models import ReviewerProfile
from pool.paper_texts import PaperEntry
from pool.services import reviewer_papers_replace
from topics.models import Workshop


class Command(BaseCommand):
    help = (
        "Import reviewers' own papers from OpenReview's expertise format: DIR/archives/"
        "~<id>.jsonl, one paper a line (content.title, content.abstract). Each file replaces "
        "the papers of the pool member whose email is <id>, or whom --ids maps it to "
        "(title, abstract, and year and link when given)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--workshop", required=True, help="The workshop's slug.")
        parser.add_argument(
            "--ids", type=Path, help="CSV with columns id,email: which reviewer each archive is."
        )

    def handle(self, *args, folder: Path, workshop: str, ids: Path | None, **options):
        workshop_obj = Workshop.objects.filter(slug=workshop).first()
        if workshop_obj is None:
            raise CommandError(f"No workshop with slug “{workshop}”.")
        archives = sorted((folder / "archives").glob("~*.jsonl"))
        if not archives:
            raise CommandError(f"No archives/~<id>.jsonl files in {folder}.")
        emails = self._id_emails(ids) if ids else {}
        profiles = {
            profile.user.email.lower(): profile
            for profile in ReviewerProfile.objects.filter(workshop=workshop_obj).select_related(
                "user"
            )
        }
        imported = skipped = 0
        for archive in archives:
            archive_id = archive.stem.removeprefix("~")
            email = emails.get(archive_id, archive_id).lower()
            profile = profiles.get(email)
            if profile is None:
                skipped += 1
                self.stdout.write(
                    self.style.WARNING(f"~{archive_id}: no reviewer of this workshop is {email}")
                )
                continue
            papers, broken = archive_papers_parse(archive.read_text(encoding="utf-8"))
            reviewer_papers_replace(
                profile=profile,
                papers=[
                    PaperEntry(
                        title=paper.title,
                        abstract=" ".join(paper.abstract.split()),
                        year=paper.year,
                        url=paper.url,
                    )
                    for paper in papers
                ],
            )
            imported += 1
            count = f"{len(papers)} paper{'' if len(papers) == 1 else 's'}"
            self.stdout.write(f"~{archive_id}: {count} for {email}")
            for line in broken:
                self.stdout.write(
                    self.style.WARNING(f"~{archive_id} line {line.line}: {line.reason}")
                )
        self.stdout.write(
            self.style.SUCCESS(f"{imported} reviewers' papers imported, {skipped} skipped.")
        )

    def _id_emails(self, path: Path) -> dict[str, str]:
        try:
            with path.open(encoding="utf-8-sig", newline="") as file:
                rows = list(csv.DictReader(file))
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        if not rows or not {"id", "email"} <= set(rows[0]):
            raise CommandError(f"{path} needs the columns id and email.")
        return {row["id"].strip().removeprefix("~"): row["email"].strip() for row in rows}
