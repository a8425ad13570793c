from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from topics.models import Workshop

DEMO_PASSWORD = "fomo-demo-2026"  # noqa: S105 - printed in the README on purpose

DEMO_ORGANIZER = ("organizer@fomo.example.org", "Olivia Organizer", "Fomo Institute")
DEMO_ADMIN = ("admin@fomo.example.org", "Ada Admin", "Fomo Institute")
DEMO_REVIEWERS = [
    ("reviewer1@berkeley.example.edu", "Riya Reviewer", "UC Berkeley"),
    ("reviewer2@mila.example.org", "Rafael Reviewer", "Mila"),
    ("reviewer3@eth.example.ch", "Rosa Reviewer", "ETH Zurich"),
    ("reviewer4@oxford.example.ac.uk", "Rowan Reviewer", "University of Oxford"),
    ("reviewer5@tsinghua.example.cn", "Ren Reviewer", "Tsinghua University"),
    ("reviewer6@cmu.example.edu", "Rachel Reviewer", "Carnegie Mellon University"),
]
DEMO_AUTHORS = [
    ("author1@stanford.example.edu", "Amara Author", "Stanford University"),
    ("author2@toronto.example.ca", "Arjun Author", "University of Toronto"),
    ("author3@epfl.example.ch", "Astrid Author", "EPFL"),
]


def demo_user(email: str, name: str, affiliation: str, **flags) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=name, affiliation=affiliation, **flags
        )
    # allauth requires a verified address before the first login.
    user.emailaddress_set.get_or_create(email=email, defaults={"verified": True, "primary": True})
    return user


class Command(BaseCommand):
    help = "Load demo workshops, accounts and submissions (running it again keeps the data)."

    def handle(self, *args, **options):
        call_command("load_cfp", slug="me-fomo", phase="submission", stdout=self.stdout)
        call_command("load_cfp", slug="me-fomo-reviewing", phase="reviewing", stdout=self.stdout)
        with transaction.atomic():
            organizer = demo_user(*DEMO_ORGANIZER)
            demo_user(*DEMO_ADMIN, is_staff=True, is_superuser=True)
            reviewers = [demo_user(*row) for row in DEMO_REVIEWERS]
            authors = [demo_user(*row) for row in DEMO_AUTHORS]
            for workshop in Workshop.objects.filter(slug__in=["me-fomo", "me-fomo-reviewing"]):
                workshop.organizers.add(organizer)
            Workshop.objects.filter(slug="me-fomo-reviewing").update(
                name="Workshop on Mathematical and Empirical Understanding of Foundation Models"
                " (demo: in review)",
                short_name="ME-FoMo (in review)",
            )
            self.load_app_demos(authors=authors, reviewers=reviewers)
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Every demo account's password: ") + DEMO_PASSWORD
        )
        for email, name, _ in [DEMO_ADMIN, DEMO_ORGANIZER, *DEMO_REVIEWERS, *DEMO_AUTHORS]:
            self.stdout.write(f"  {email:36} {name}")

    def load_app_demos(self, *, authors: list[User], reviewers: list[User]) -> None:
        pass
