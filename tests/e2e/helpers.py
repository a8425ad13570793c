"""Small steps the browser journeys share: accounts, logging in, mail, PDFs, dates."""

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from pypdf import PdfWriter

from accounts.models import User
from notifications.models import OutgoingEmail
from topics.models import Workshop

PASSWORD = "a-long-and-unusual-passphrase"


# ---------------------------------------------------------------------------------------
# Accounts


def make_user(email: str, name: str, affiliation: str, **flags) -> User:
    """An account with a verified address (what load_demo's demo_user does): no UI for this."""
    user = User.objects.create_user(
        email=email, password=PASSWORD, full_name=name, affiliation=affiliation, **flags
    )
    user.emailaddress_set.create(email=email, verified=True, primary=True)
    return user


def make_organizer(workshop: Workshop, email: str = "ada@organizers.example.org") -> User:
    organizer = make_user(email, "Ada Lovelace", "Analytical Engines Ltd")
    workshop.organizers.add(organizer)
    return organizer


def sign_up(page, *, email: str, name: str, affiliation: str) -> None:
    """Sign up through the form and confirm the address with the emailed link."""
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.locator("#id_email").fill(email)
    page.locator("#id_full_name").fill(name)
    page.locator("#id_affiliation").fill(affiliation)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_text("We have sent an email to you for verification").wait_for()
    page.goto(link_in(last_email_to(email).body_text, r"/accounts/confirm-email/[^\s]+/"))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="My dashboard").wait_for()


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name="My dashboard").wait_for()


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").wait_for()


def log_in_as(page, email: str) -> None:
    """Switch the browser to another person (logging the current one out first)."""
    if page.get_by_role("button", name="Log out").count():
        log_out(page)
    log_in(page, email)


def open_workshop(page, name) -> None:
    """From the list of workshops to a workshop's call for papers."""
    page.goto("/")
    page.get_by_role("link", name=name).click()


def choose_primary_topic(page, name: str) -> None:
    """Pick a subtopic in the submission form (its option label is indented under its area)."""
    select = page.get_by_label("Primary topic")
    select.select_option(select.locator("option", has_text=name).get_attribute("value"))


def write_review(page, *, title: str, score: str, confidence: str, text: dict[str, str]) -> None:
    """From "My reviews", open the paper, save a draft, come back to it and submit it.
    `text` maps the form's labels to what the reviewer types."""
    page.get_by_role("link", name="My reviews").click()
    page.get_by_role("link", name=title).click()
    page.get_by_role("heading", name="Your review").wait_for()
    for label, value in text.items():
        page.get_by_label(label).fill(value)
    page.get_by_label("Overall recommendation").select_option(score)
    # The label is "Confidence*" (required); "Confidential comments…" must not match.
    page.get_by_label(re.compile(r"^\s*Confidence\W*$")).select_option(confidence)
    page.get_by_label("I have no conflict of interest with this paper.").check()
    # A full-page "Save draft" first: the form also autosaves on change, and an autosave
    # still in flight must not land after the submission.
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved. It is not submitted yet.").wait_for()
    page.get_by_role("button", name="Submit review").click()
    page.get_by_text("Review submitted. You get a receipt by email.").wait_for()


# ---------------------------------------------------------------------------------------
# Mail (the outbox is the hidden fact a person would see in their inbox)


def emails_to(address: str, kind: str | None = None) -> list[OutgoingEmail]:
    emails = OutgoingEmail.objects.order_by("created_at", "id")
    if kind:
        emails = emails.filter(kind=kind)
    # Filtered in Python: SQLite has no JSON "contains" lookup.
    return [email for email in emails if address in email.to]


def last_email_to(address: str, kind: str | None = None) -> OutgoingEmail:
    emails = emails_to(address, kind)
    assert emails, f"no email to {address} ({kind or 'any kind'})"
    return emails[-1]


def link_in(text: str, pattern: str) -> str:
    """The site-relative path of the first link matching pattern in an email body."""
    match = re.search(pattern, text)
    assert match, f"no link matching {pattern!r} in:\n{text}"
    return match.group(0)


# ---------------------------------------------------------------------------------------
# Files and dates


def make_pdf(path: Path, *, pages: int = 2, author: str = "Grace Hopper") -> Path:
    """A real PDF, with an Author in its metadata (reviewers must get it stripped)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Author": author, "/Title": "A paper for the browser tests"})
    with path.open("wb") as out:
        writer.write(out)
    return path


DATE_FIELDS = [
    "submission_opens_at",
    "submission_deadline",
    "bidding_deadline",
    "review_deadline",
    "decision_notification_at",
    "camera_ready_deadline",
]

# Days from now to each date (in DATE_FIELDS order), per phase a journey moves a workshop to.
PHASE_DAYS = {
    "submission": (-14, 21, 28, 49, 60, 75),
    "bidding": (-40, -3, 5, 26, 36, 50),
    "reviewing": (-60, -24, -15, 9, 19, 33),
    "deciding": (-80, -44, -35, -2, 10, 24),
    "camera_ready": (-90, -54, -45, -12, -1, 14),
}


def move_workshop(workshop: Workshop, phase: str) -> Workshop:
    """Set the workshop's dates so that it is in `phase` today (there is no UI for dates)."""
    now = timezone.now()
    dates = {
        field: now + timedelta(days=days)
        for field, days in zip(DATE_FIELDS, PHASE_DAYS[phase], strict=True)
    }
    Workshop.objects.filter(pk=workshop.pk).update(**dates)
    workshop.refresh_from_db()
    assert workshop.phase == phase, workshop.phase
    return workshop


def screenshot(page, tmp_path: Path, name: str) -> Path:
    """One picture per journey, at its most interesting page, for a person to look at."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# ---------------------------------------------------------------------------------------
# Data a journey needs but does not make through the UI


def make_paper(workshop: Workshop, *, title: str, topic: str, abstract: str, author: tuple):
    """A submitted paper (no files) whose primary topic is the subtopic named `topic`."""
    from tests.factories import AuthorshipFactory, SubmissionFactory

    number = workshop.submissions.count() + 1
    paper = SubmissionFactory(
        workshop=workshop,
        number=number,
        title=title,
        abstract=abstract,
        keywords="",
        primary_topic=workshop.topics.get(name=topic),
    )
    name, email, affiliation = author
    AuthorshipFactory(
        submission=paper, name=name, email=email, affiliation=affiliation, order=1,
        is_corresponding=True,
    )  # fmt: skip
    return paper


def accept_dialogs(page) -> None:
    """Say OK to every confirm() the page asks (forms with data-confirm)."""
    page.on("dialog", lambda dialog: dialog.accept())


def make_reviewer(
    workshop: Workshop,
    *,
    email: str,
    name: str,
    affiliation: str,
    expertise: dict[str, str],
    bids: dict[int, str] | None = None,
    statement: str = "",
):
    """An accepted reviewer with a completed profile, topics and bids (what the reviewer
    journey does through the UI), with their conflicts computed."""
    from pool.models import Bid, ReviewerProfile, TopicExpertise
    from pool.services import conflicts_recompute_for_reviewer, profile_defaults

    user = make_user(email, name, affiliation)
    profile = ReviewerProfile.objects.create(
        workshop=workshop,
        user=user,
        statement=statement,
        completed_at=timezone.now(),
        **profile_defaults(user),
    )
    for topic, level in expertise.items():
        TopicExpertise.objects.create(
            profile=profile, topic=workshop.topics.get(name=topic), level=level
        )
    for number, value in (bids or {}).items():
        Bid.objects.create(
            submission=workshop.submissions.get(number=number), reviewer=user, value=value
        )
    conflicts_recompute_for_reviewer(profile=profile)
    return user
