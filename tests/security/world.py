"""One workshop driven through its whole lifecycle by the services, with a person for every
role of the permission matrix and a unique marker in every name, email, PDF and text.

Stages: "reviewing" (assignments released, reviews and discussion written, decisions not
made) and "final" (decisions released, decision emails sent, camera-ready uploaded).

Markers (matched case-insensitively):
  AUTHMARK<paper><n>   an author's name and email (authmarka1@…)
  PDFSUBMARK<paper>    the metadata of the submitted PDF
  CRMARKA              the metadata of the camera-ready PDF (public once accepted)
  REVNAME<n>/revmail<n> a reviewer's name / email address
  REVTEXT<paper><n>    the author-visible text of reviewer n's review of a paper
  CONFMARK<paper><n>   reviewer n's confidential comment to the organizers
  DISCMARK<paper><n>   a discussion comment; METAMARK<paper> the meta-review
  ACNAME<n>/acmail<n>  an area chair's name / email address (1 chairs A, 2 chairs B)
  ACMETAA              the area chair's meta-review of paper A
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.test import TestCase
from django.utils import timezone
from pypdf import PdfWriter

from accounts.models import User
from assignment import area_chairs
from assignment import services as assignment_services
from assignment.engine import RunParameters
from assignment.models import Assignment
from decisions.meta_reviews import meta_review_request, meta_review_save
from decisions.services import decision_notify_start, decision_set, decisions_release
from notifications.models import OutgoingEmail
from pool.models import Conflict, ReviewerInvitation, ReviewerPaper, ReviewerProfile
from pool.services import (
    bid_place,
    conflict_add_by_organizer,
    conflicts_declare_by_author,
    invitation_accept,
    invitation_create,
    reviewer_paper_add,
    reviewer_profile_update,
)
from reviews.models import Delegation, ReviewSettings
from reviews.response_services import (
    author_response_save,
    response_settings_save,
    reviews_show_to_authors,
)
from reviews.services import ReviewContent, discussion_comment_add, review_submit
from reviews.subreviews import (
    delegation_accept,
    delegation_create,
    subreview_endorse,
    subreview_save,
)
from submissions.pdf import pdf_check
from submissions.services import (
    AuthorData,
    PdfUpload,
    SubmissionContent,
    submission_camera_ready_upload,
    submission_create,
)
from tests.factories import TopicFactory, UserFactory, WorkshopFactory
from topics.services import phase_dates

PAPER_LETTERS = {1: "A", 2: "B"}

# Everyone who requests pages, in the order of the matrix columns.
ROLES = (
    "anonymous",
    "plain",  # no part in the workshop, except as reviewer 2's subreviewer of paper A
    "other_author",  # author of paper B, not of paper A
    "author",  # corresponding author of paper A (a co-author has no account)
    "coauthor",  # co-author of paper A with an account
    "reviewer_unassigned",  # in the pool, no paper
    "reviewer_assigned",  # assigned to A and B, reviewed both
    "reviewer_conflicted",  # assigned to A by the run, conflict added after the release
    "reviewer_declared",  # conflict with A declared by its authors; reviews B
    "area_chair",  # area chair of A (by the run); wrote its meta-review
    "area_chair_conflicted",  # area chair of B; conflict with A (same lab as an author)
    "organizer_other",  # organizer of another workshop
    "organizer_author",  # organizer of this workshop and an author of A
    "organizer",
    "admin",  # superuser
)


@dataclass
class World:
    workshop: object
    other_workshop: object
    paper_a: object
    paper_b: object
    users: dict[str, User]
    reviewers: dict[int, User]  # by reviewer number 1..5
    open_invitation: ReviewerInvitation
    invitation_token: str
    run: object
    conflict: Conflict
    email: OutgoingEmail
    pdfs: dict[str, bytes] = field(default_factory=dict)
    profiles: dict[int, ReviewerProfile] = field(default_factory=dict)  # by reviewer number
    reviewer_paper: ReviewerPaper | None = None  # reviewer_assigned's own paper
    delegation: Delegation | None = None  # reviewer 2 had paper A written by "plain"

    @property
    def organizer(self) -> User:
        return self.users["organizer"]


def make_pdf(pages: int, metadata: dict) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata(metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _upload(data: bytes) -> PdfUpload:
    return PdfUpload(original=data, checked=pdf_check(data, max_pages=10, max_bytes=10**7))


def _set_phase(workshop, phase: str) -> None:
    for name, value in phase_dates(phase).items():
        setattr(workshop, name, value)
    workshop.save()


def _move_to_deciding(workshop) -> None:
    now = timezone.now()
    workshop.submission_opens_at = now - timedelta(days=60)
    workshop.submission_deadline = now - timedelta(days=30)
    workshop.bidding_deadline = now - timedelta(days=20)
    workshop.review_deadline = now - timedelta(days=1)
    workshop.decision_notification_at = now + timedelta(days=5)
    workshop.camera_ready_deadline = now + timedelta(days=20)
    workshop.save()


def committed():
    """Run the on-commit callbacks (emails, tasks) of a step when it ends, as in production."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def _user(email: str, name: str, affiliation: str, **extra) -> User:
    return UserFactory(email=email, full_name=name, affiliation=affiliation, **extra)


def _token_from(invitation: ReviewerInvitation) -> str:
    emails = OutgoingEmail.objects.filter(kind="reviewer_invitation").order_by("-pk")
    email = next(email for email in emails if invitation.email in email.to)
    match = re.search(r"/review/invitation/([A-Za-z0-9_\-]+)/", email.body_text)
    return match.group(1)


def _review(submission, user, number: int, score: int) -> None:
    review_submit(submission=submission, reviewer=user, content=_content(submission, number, score))


def _subreviewed(submission, user, subreviewer, number: int, score: int) -> Delegation:
    """The review is written by a subreviewer, handed over and submitted by ``user``."""
    ReviewSettings.objects.update_or_create(
        workshop=submission.workshop, defaults={"subreviewers_allowed": True}
    )
    delegation = delegation_create(submission=submission, reviewer=user, email=subreviewer.email)
    delegation = delegation_accept(delegation=delegation, user=subreviewer)
    assert delegation.status == "accepted", delegation.note
    content = _content(submission, number, score)
    subreview_save(delegation=delegation, data=content.as_data(), hand_over=True)
    subreview_endorse(delegation=delegation)
    delegation.refresh_from_db()
    return delegation


def _content(submission, number: int, score: int) -> ReviewContent:
    tag = f"{PAPER_LETTERS[submission.number]}{number}"
    return ReviewContent(
        score=score,
        confidence=3,
        summary=f"Summary REVTEXT{tag}.",
        strengths="Clear.",
        weaknesses="Small.",
        comments_to_authors=f"Please add error bars (REVTEXT{tag}).",
        confidential_comments=f"Between us: CONFMARK{tag}.",
        no_conflict_confirmed=True,
    )


def _open_author_response(workshop, paper_a, paper_b, users) -> None:
    """Reviews shown to the authors before the decision; both papers' authors respond."""
    _move_to_deciding(workshop)
    now = timezone.now()
    response_settings_save(
        workshop=workshop,
        values={
            "response_enabled": True,
            "response_opens_at": now - timedelta(hours=1),
            "response_closes_at": now + timedelta(days=2),
            "response_max_chars": 2000,
            "response_per_review": False,
        },
    )
    reviews_show_to_authors(workshop=workshop)
    with committed():
        author_response_save(submission=paper_a, user=users["author"], text="RESPMARKA.")
        author_response_save(submission=paper_b, user=users["other_author"], text="RESPMARKB.")


def build_world(stage: str = "reviewing") -> World:
    assert stage in ("reviewing", "response", "final")
    workshop = WorkshopFactory(phase="submission", slug="sec-ws", short_name="SEC")
    area = TopicFactory(workshop=workshop, name="Pre-Training", slug="pre", order=0)
    scaling = TopicFactory(workshop=workshop, parent=area, name="Scaling laws", slug="scaling")
    data = TopicFactory(workshop=workshop, parent=area, name="Data", slug="data", order=1)
    other_workshop = WorkshopFactory(phase="submission", slug="other-ws", short_name="OTHER")
    TopicFactory(workshop=other_workshop, name="Elsewhere", slug="elsewhere")

    users = {
        "plain": _user("plain@nowhere-p.org", "Pat Plain", "Plain Institute"),
        "other_author": _user("authmarkb1@lab-b1.org", "Bea AUTHMARKB1", "Lab B1"),
        "author": _user("authmarka1@lab-a1.org", "Ada AUTHMARKA1", "Lab A1"),
        "coauthor": _user("authmarka2@lab-a2.org", "Cid AUTHMARKA2", "Lab A2"),
        "organizer_other": _user("olaf@org-other.org", "Olaf Otherorg", "Other Org"),
        "organizer_author": _user("authmarka5@lab-a5.org", "Oona AUTHMARKA5", "Lab A5"),
        "organizer": _user("olga@org-main.org", "Olga Organizer", "Main Org"),
        "admin": _user(
            "root@admin-site.org", "Root Admin", "Site", is_staff=True, is_superuser=True
        ),
    }
    workshop.organizers.add(users["organizer"], users["organizer_author"])
    other_workshop.organizers.add(users["organizer_other"])
    organizer = users["organizer"]

    # The reviewer pool: invited by email, accepted with their accounts, profiles filled.
    reviewers: dict[int, User] = {}
    profiles: dict[int, ReviewerProfile] = {}
    for n in range(1, 6):
        with committed():
            outcome = invitation_create(
                workshop=workshop,
                email=f"revmail{n}@uni-r{n}.org",
                name=f"Rev REVNAME{n}",
                affiliation=f"University R{n}",
                invited_by=organizer,
            )
        user = _user(f"revmail{n}@uni-r{n}.org", f"Rev REVNAME{n}", f"University R{n}")
        with committed():
            profile = invitation_accept(invitation=outcome.invitation, user=user)
        reviewer_profile_update(
            profile=profile,
            affiliation=f"University R{n}",
            email_domains=[f"uni-r{n}.org"],
            statement="I study scaling laws and data.",
            keywords="scaling, data",
            max_load=None,
            expertise={scaling.pk: "expert", data.pk: "knowledgeable"},
        )
        with committed():  # their own paper names them as much as their name does
            paper = reviewer_paper_add(
                profile=profile, title=f"Scaling laws REVPAPER{n}", abstract="We fit curves."
            )
        if n == 1:
            reviewer_paper = paper
        reviewers[n] = user
        profiles[n] = profile
    with committed():
        pending = invitation_create(
            workshop=workshop,
            email="revmail6@uni-r6.org",
            name="Rev REVNAME6",
            affiliation="University R6",
            invited_by=organizer,
        ).invitation
    token = _token_from(pending)
    users.update(
        reviewer_unassigned=reviewers[4],
        reviewer_assigned=reviewers[1],
        reviewer_conflicted=reviewers[5],
        reviewer_declared=reviewers[3],
    )

    # Submissions, with the authors' names in the PDF metadata.
    pdfs = {
        "A": make_pdf(2, {"/Author": "AUTHMARKA1 PDFSUBMARKA", "/Title": "PDFSUBMARKA"}),
        "B": make_pdf(2, {"/Author": "AUTHMARKB1 PDFSUBMARKB", "/Creator": "PDFSUBMARKB"}),
        "camera": make_pdf(3, {"/Author": "AUTHMARKA1 CRMARKA", "/Subject": "CRMARKA"}),
    }
    with committed():
        paper_a = submission_create(
            workshop=workshop,
            submitter=users["author"],
            submit=True,
            content=SubmissionContent(
                title="Grokking as a phase transition",
                abstract="We study grokking.",
                keywords=["grokking"],
                primary_topic=scaling,
                secondary_topics=[data],
                authors=[
                    AuthorData("Ada AUTHMARKA1", "authmarka1@lab-a1.org", "Lab A1", True),
                    AuthorData("Cid AUTHMARKA2", "authmarka2@lab-a2.org", "Lab A2"),
                    AuthorData("Noa AUTHMARKA3", "authmarka3@lab-a3.org", "Lab A3"),
                    AuthorData("Oona AUTHMARKA5", "authmarka5@lab-a5.org", "Lab A5"),
                ],
                anonymized_confirmed=True,
                pdf=_upload(pdfs["A"]),
            ),
        )
        paper_b = submission_create(
            workshop=workshop,
            submitter=users["other_author"],
            submit=True,
            content=SubmissionContent(
                title="Data pruning beats scaling",
                abstract="We prune data.",
                keywords=["data"],
                primary_topic=data,
                secondary_topics=[],
                authors=[AuthorData("Bea AUTHMARKB1", "authmarkb1@lab-b1.org", "Lab B1", True)],
                anonymized_confirmed=True,
                pdf=_upload(pdfs["B"]),
            ),
        )
    assert (paper_a.number, paper_b.number) == (1, 2)
    conflicts_declare_by_author(
        submission=paper_a, reviewer_ids=[reviewers[3].pk], by=users["author"]
    )

    # Bidding.
    _set_phase(workshop, "bidding")
    for n in (1, 2, 5):
        bid_place(submission=paper_a, reviewer=reviewers[n], value="eager")
    bid_place(submission=paper_b, reviewer=reviewers[3], value="eager")
    bid_place(submission=paper_b, reviewer=reviewers[4], value="not_willing")

    # Assignment: a run, committed, then edited by hand to the exact design, released.
    _set_phase(workshop, "reviewing")
    run = assignment_services.assignment_run_create(
        workshop=workshop, parameters=RunParameters(k=2, max_load=2), by=organizer, start=False
    )
    run = assignment_services.assignment_run_execute(run_id=run.pk)
    assert run.status == "done", run.error
    assignment_services.assignment_run_commit(run=run, by=organizer)
    wanted = {paper_a.pk: {1, 2, 5}, paper_b.pk: {1, 3}}
    for paper in (paper_a, paper_b):
        have = set(
            Assignment.objects.filter(submission=paper).values_list("reviewer_id", flat=True)
        )
        want = {reviewers[n].pk for n in wanted[paper.pk]}
        for user in User.objects.filter(pk__in=have - want):
            assignment_services.assignment_remove(
                workshop=workshop, submission=paper, reviewer=user, by=organizer
            )
        for user in User.objects.filter(pk__in=want - have):
            assignment_services.assignment_add(
                workshop=workshop, submission=paper, reviewer=user, by=organizer
            )
    with committed():
        assignment_services.assignment_release_create(workshop=workshop, by=organizer)
    conflict = conflict_add_by_organizer(
        submission=paper_a, reviewer=reviewers[5], reason="Same lab as an author.", by=organizer
    )

    # Area chairs: invited as such, accepted; the second shares a lab with an author of A
    # (an automatic conflict), so the run gives A to the first and B to the second.
    for role, n, email, affiliation in (
        ("area_chair", 1, "acmail1@uni-c1.org", "University C1"),
        ("area_chair_conflicted", 2, "acmail2@lab-a2.org", "Lab A2"),
    ):
        with committed():
            invited = invitation_create(
                workshop=workshop,
                email=email,
                name=f"Ace ACNAME{n}",
                affiliation=affiliation,
                invited_by=organizer,
                role="area_chair",
            ).invitation
        users[role] = _user(email, f"Ace ACNAME{n}", affiliation)
        with committed():
            invitation_accept(invitation=invited, user=users[role])
    assert area_chairs.area_chair_run(workshop=workshop, by=organizer) == 2

    # Reviews, confidential comments and the discussion.
    with committed():
        _review(paper_a, reviewers[1], 1, 7)
        delegation = _subreviewed(paper_a, reviewers[2], users["plain"], 2, 5)
        _review(paper_b, reviewers[1], 1, 3)
        _review(paper_b, reviewers[3], 3, 4)
    discussion_comment_add(submission=paper_a, author=reviewers[1], body="DISCMARKA1 agreed?")
    discussion_comment_add(submission=paper_a, author=organizer, body="DISCMARKAO please.")
    discussion_comment_add(submission=paper_b, author=reviewers[3], body="DISCMARKB3 weak.")
    meta_review_save(
        submission=paper_a,
        area_chair=users["area_chair"],
        recommendation="poster",
        text="Solid; ACMETAA.",
    )
    with committed():  # each area chair hears of their paper; B's is asked for its meta-review
        assert area_chairs.area_chair_announce(workshop=workshop, by=organizer) == 2
        assert meta_review_request(workshop=workshop, by=organizer) == 1

    if stage == "response":
        _open_author_response(workshop, paper_a, paper_b, users)
    if stage == "final":
        _move_to_deciding(workshop)
        paper_a.refresh_from_db()
        paper_b.refresh_from_db()
        decision_set(submission=paper_a, outcome="poster", meta_review="METAMARKA", by=organizer)
        decision_set(submission=paper_b, outcome="reject", meta_review="METAMARKB", by=organizer)
        decisions_release(workshop=workshop, by=organizer)
        with committed():
            decision_notify_start(workshop=workshop, only_pending=True, by=organizer)
        paper_a.refresh_from_db()
        with committed():
            submission_camera_ready_upload(
                submission=paper_a, by=users["author"], pdf=_upload(pdfs["camera"])
            )
    paper_a.refresh_from_db()
    paper_b.refresh_from_db()
    workshop.refresh_from_db()
    return World(
        workshop=workshop,
        other_workshop=other_workshop,
        paper_a=paper_a,
        paper_b=paper_b,
        users=users,
        reviewers=reviewers,
        open_invitation=pending,
        invitation_token=token,
        run=run,
        conflict=conflict,
        email=OutgoingEmail.objects.filter(workshop=workshop).order_by("pk").first(),
        pdfs=pdfs,
        profiles=profiles,
        reviewer_paper=reviewer_paper,
        delegation=delegation,
    )
