from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from accounts.models import User
from demo.area_chairs import demo_area_chairs_create
from demo.lifecycle import (
    demo_assignment_release,
    demo_author_response,
    demo_decisions_release,
    demo_reviews_submit,
)
from demo.reviewers import demo_reviewers_create
from demo.submissions import demo_submissions_create
from demo.subreviewers import demo_subreview_create
from demo.tracks import demo_tracks_create
from topics.models import Workshop

DEMO_PASSWORD = "fomo-demo-2026"  # noqa: S105 - printed in the README on purpose

DEMO_SLUGS = ["me-fomo", "me-fomo-bidding", "me-fomo-reviewing", "me-fomo-decided"]
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
EXTRA_REVIEWERS = [
    ("Noor Haddad", "American University of Beirut", "aub.example.edu"),
    ("Lukas Becker", "TU Munich", "tum.example.de"),
    ("Mei Tanaka", "University of Tokyo", "u-tokyo.example.jp"),
    ("Diego Alvarez", "Universidad de Chile", "uchile.example.cl"),
    ("Fatima Diallo", "AIMS Senegal", "aims.example.sn"),
    ("Ivan Petrov", "Skoltech", "skoltech.example.ru"),
    ("Chloe Martin", "Inria", "inria.example.fr"),
    ("Sung-min Park", "KAIST", "kaist.example.kr"),
    ("Priya Nair", "IISc Bangalore", "iisc.example.in"),
    ("Tom Walker", "University of Edinburgh", "ed.example.ac.uk"),
    ("Sofia Rossi", "Politecnico di Milano", "polimi.example.it"),
    ("Omar Farouk", "Cairo University", "cu.example.eg"),
    ("Hannah Schmidt", "Max Planck Institute for Intelligent Systems", "mpi-is.example.de"),
    ("Lucas Silva", "University of Sao Paulo", "usp.example.br"),
    ("Ella Johansson", "KTH Stockholm", "kth.example.se"),
    ("Wei Zhang", "Peking University", "pku.example.cn"),
    ("Grace Okafor", "University of Lagos", "unilag.example.ng"),
    ("Jonas Berg", "University of Copenhagen", "ku.example.dk"),
]
# Writes one review of the workshop in review for its reviewer (demo of subreviewers).
DEMO_SUBREVIEWER = ("student@fomo.example.org", "Sam Student", "Fomo Institute")
DEMO_AREA_CHAIRS = [
    ("areachair1@ucl.example.ac.uk", "Alice Areachair", "University College London"),
    ("areachair2@nyu.example.edu", "Aziz Areachair", "New York University"),
]
DEMO_AUTHORS = [
    ("author1@stanford.example.edu", "Amara Author", "Stanford University"),
    ("author2@toronto.example.ca", "Arjun Author", "University of Toronto"),
    ("author3@epfl.example.ch", "Astrid Author", "EPFL"),
]


def extra_reviewers() -> list[tuple[str, str, str]]:
    return [
        (f"reviewer{number}@{domain}", name, affiliation)
        for number, (name, affiliation, domain) in enumerate(EXTRA_REVIEWERS, start=7)
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
        call_command("load_cfp", slug="me-fomo-bidding", phase="bidding", stdout=self.stdout)
        call_command("load_cfp", slug="me-fomo-reviewing", phase="reviewing", stdout=self.stdout)
        call_command("load_cfp", slug="me-fomo-decided", phase="camera_ready", stdout=self.stdout)
        # Demo mail is recorded in the outbox (the mail log shows it), not printed; the mail is
        # sent when the transaction commits, so the override wraps it.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            organizer = demo_user(*DEMO_ORGANIZER)
            demo_user(*DEMO_ADMIN, is_staff=True, is_superuser=True)
            reviewers = [demo_user(*row) for row in [*DEMO_REVIEWERS, *extra_reviewers()]]
            authors = [demo_user(*row) for row in DEMO_AUTHORS]
            for workshop in Workshop.objects.filter(slug__in=DEMO_SLUGS):
                workshop.organizers.add(organizer)
            Workshop.objects.filter(slug="me-fomo-bidding").update(
                name="Workshop on Mathematical and Empirical Understanding of Foundation Models"
                " (demo: bidding)",
                short_name="ME-FoMo (bidding)",
            )
            Workshop.objects.filter(slug="me-fomo-reviewing").update(
                name="Workshop on Mathematical and Empirical Understanding of Foundation Models"
                " (demo: in review)",
                short_name="ME-FoMo (in review)",
                max_papers_per_reviewer=9,
            )
            Workshop.objects.filter(slug="me-fomo-decided").update(
                name="Workshop on Mathematical and Empirical Understanding of Foundation Models"
                " (demo: decided)",
                short_name="ME-FoMo (decided)",
                max_papers_per_reviewer=9,
            )
            self.load_app_demos(organizer=organizer, authors=authors, reviewers=reviewers)
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Every demo account's password: ") + DEMO_PASSWORD
        )
        everyone = [
            DEMO_ADMIN,
            DEMO_ORGANIZER,
            *DEMO_REVIEWERS,
            *extra_reviewers(),
            DEMO_SUBREVIEWER,
            *DEMO_AREA_CHAIRS,
            *DEMO_AUTHORS,
        ]
        for email, name, _ in everyone:
            self.stdout.write(f"  {email:36} {name}")

    def load_app_demos(
        self, *, organizer: User, authors: list[User], reviewers: list[User]
    ) -> None:
        """The open call gets a few papers and the reviewer pool; the workshop in bidding 20
        papers and 12 reviewers, all but the first with a few bids; the workshop in review gets
        every demo paper, the pool with bids, a released assignment and half the reviews; the
        decided one all of that, every review, and released decisions."""
        open_call = Workshop.objects.get(slug="me-fomo")
        bidding = Workshop.objects.get(slug="me-fomo-bidding")
        in_review = Workshop.objects.get(slug="me-fomo-reviewing")
        decided = Workshop.objects.get(slug="me-fomo-decided")
        counts = {
            "papers (open call)": demo_submissions_create(
                workshop=open_call, authors=authors, limit=8
            ),
            # the open call has two tracks (tiny papers until five days later, and never
            # orals or spotlights); so has the decided workshop, to show tracks in its tables
            # and program
            "tracks (open call)": demo_tracks_create(
                workshop=open_call, tiny_extra_days=5, tiny_outcomes=("poster", "reject")
            ),
            "reviewers (open call)": demo_reviewers_create(
                workshop=open_call, reviewers=reviewers[:6], bids=False
            ),
            "papers (bidding)": demo_submissions_create(
                workshop=bidding, authors=authors, limit=20
            ),
            # reviewer1 starts with no bids, to try bidding from scratch.
            "reviewers (bidding)": demo_reviewers_create(
                workshop=bidding, reviewers=reviewers[:1], bids=False
            )
            + demo_reviewers_create(workshop=bidding, reviewers=reviewers[1:12]),
            "papers (in review)": demo_submissions_create(workshop=in_review, authors=authors),
            "reviewers (in review)": demo_reviewers_create(workshop=in_review, reviewers=reviewers),
            "assignments (in review)": demo_assignment_release(
                workshop=in_review, organizer=organizer
            ),
            "reviews (in review)": demo_reviews_submit(workshop=in_review, share=0.5),
            "author responses (in review)": demo_author_response(workshop=in_review),
            "subreviews handed over (in review)": demo_subreview_create(
                workshop=in_review, subreviewer=demo_user(*DEMO_SUBREVIEWER)
            ),
            "area chairs (in review)": demo_area_chairs_create(
                workshop=in_review,
                chairs=[demo_user(*row) for row in DEMO_AREA_CHAIRS],
                organizer=organizer,
            ),
            "papers (decided)": demo_submissions_create(workshop=decided, authors=authors),
            "reviewers (decided)": demo_reviewers_create(workshop=decided, reviewers=reviewers),
            "assignments (decided)": demo_assignment_release(workshop=decided, organizer=organizer),
            "reviews (decided)": demo_reviews_submit(workshop=decided, share=1.0),
            "decisions (decided)": demo_decisions_release(workshop=decided, organizer=organizer),
            "tracks (decided)": demo_tracks_create(workshop=decided),
        }
        self.stdout.write(", ".join(f"{count} {what}" for what, count in counts.items()) + " new")
