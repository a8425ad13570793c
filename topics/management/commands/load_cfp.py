from django.core.management.base import BaseCommand

from topics.services import PHASE_OFFSETS_DAYS, cfp_data, workshop_load_cfp


class Command(BaseCommand):
    help = "Create the ME-FoMo workshop and its topic tree (running it twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="me-fomo")
        parser.add_argument(
            "--phase",
            default="submission",
            choices=sorted(PHASE_OFFSETS_DAYS),
            help="Which phase a newly created workshop's dates put it in today.",
        )

    def handle(self, *args, slug: str, phase: str, **options):
        result = workshop_load_cfp(slug=slug, data=cfp_data(), phase=phase)
        verb = "Created" if result.created_workshop else "Kept"
        self.stdout.write(
            f"{verb} workshop {result.workshop.slug!r}; "
            f"{result.created_topics} topics created, {result.workshop.topics.count()} in all."
        )
