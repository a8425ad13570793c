"""The anonymity sweep: a workshop whose every author, reviewer, PDF and text carries a
marker, driven through its lifecycle; then every page (from the URL enumeration), every
export, every downloadable file (bytes and PDF metadata) and every email in the outbox is
read as each role, and no marker may appear where that role must not see it."""

import io
import zipfile

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from decisions.exports import EXPORTS
from reviews.enums import DecisionOutcome
from tests.security.routes import clients, project_routes, url_kwargs
from tests.security.world import ROLES, build_world

pytestmark = pytest.mark.django_db

AUTHORS_A = {"author", "coauthor", "coauthor_noaccount", "organizer_author"}
ORGANIZERS = {"organizer", "admin"}  # organizers who are not authors of paper A
ALL_ORGANIZERS = ORGANIZERS | {"organizer_author"}
AUTHOR_ROLES = AUTHORS_A | {"other_author"}
# Reviewer number of each reviewer role ("reviewer2" only receives emails).
REVIEWER_NUMBER = {
    "reviewer_assigned": 1,
    "reviewer2": 2,
    "reviewer_declared": 3,
    "reviewer_unassigned": 4,
    "reviewer_conflicted": 5,
}
AC_A = {"area_chair"}  # the area chair of paper A
AC_B = {"area_chair_conflicted"}  # the area chair of paper B, conflicted with A
EVERYONE = set(ROLES) | {"coauthor_noaccount", "reviewer2", "invitee"}
# The invitation page shows the invitee's name and address to whoever holds the link's
# token (it is the invitee's key, sent only to them): allowed there.
INVITATION_PAGE = "pool:invitation"
# The page where authors declare conflicts lists the pool's names (never emails, never
# who reviews what): the one place reviewer names reach authors, by design.
POOL_NAMES_PAGE = "pool_authors:conflicts"
# Only the "response" stage's world has author responses.
RESPONSE_MARKERS = {"RESPMARKA", "RESPMARKB"}


def reviewers(*numbers: int) -> set[str]:
    return {role for role, number in REVIEWER_NUMBER.items() if number in numbers}


def allowed_roles(stage: str) -> dict[str, set[str]]:
    """marker -> the roles that may see it (a marker not listed: nobody but these)."""
    final = stage == "final"
    # In the response phase the authors read their paper's reviews before the decision.
    shown = final or stage == "response"
    allowed = {
        # Paper A's authors: public once A is accepted and the program is out.
        **{
            marker: EVERYONE if final else AUTHORS_A | ALL_ORGANIZERS
            for marker in ("AUTHMARKA1", "AUTHMARKA2", "AUTHMARKA3", "AUTHMARKA5")
        },
        "PDFSUBMARKA": AUTHORS_A | ALL_ORGANIZERS,  # the submitted PDF's metadata
        "AUTHMARKB1": {"other_author"} | ALL_ORGANIZERS,  # B is rejected: never public
        "PDFSUBMARKB": {"other_author"} | ALL_ORGANIZERS,
        "CRMARKA": EVERYONE,  # the camera-ready PDF is public
        # Reviews: organizers (not authors of the paper), its reviewers who submitted, and
        # after the release the paper's authors (never the confidential comments).
        # Area chairs see their paper's reviews, confidential comments and discussion (by
        # number: this workshop does not show them reviewer names), never its authors.
        "REVTEXTA1": ORGANIZERS | reviewers(1, 2) | AC_A | (AUTHORS_A if shown else set()),
        "REVTEXTA2": ORGANIZERS | reviewers(1, 2) | AC_A | (AUTHORS_A if shown else set()),
        "REVTEXTB1": ALL_ORGANIZERS
        | reviewers(1, 3)
        | AC_B
        | ({"other_author"} if shown else set()),
        "REVTEXTB3": ALL_ORGANIZERS
        | reviewers(1, 3)
        | AC_B
        | ({"other_author"} if shown else set()),
        "CONFMARKA1": ORGANIZERS | reviewers(1) | AC_A,
        "CONFMARKA2": ORGANIZERS | reviewers(2) | AC_A,
        "CONFMARKB1": ALL_ORGANIZERS | reviewers(1) | AC_B,
        "CONFMARKB3": ALL_ORGANIZERS | reviewers(3) | AC_B,
        "DISCMARKA1": ORGANIZERS | reviewers(1, 2) | AC_A,
        "DISCMARKAO": ORGANIZERS | reviewers(1, 2) | AC_A,
        "DISCMARKB3": ALL_ORGANIZERS | reviewers(1, 3) | AC_B,
        "METAMARKA": ORGANIZERS | AUTHORS_A | reviewers(1, 2),
        "METAMARKB": ALL_ORGANIZERS | {"other_author"} | reviewers(1, 3),
        # Author responses: the paper's authors, its unconflicted reviewers, organizers.
        "RESPMARKA": ORGANIZERS | AUTHORS_A | reviewers(1, 2),
        "RESPMARKB": ALL_ORGANIZERS | {"other_author"} | reviewers(1, 3),
        # The area chair's meta-review: organizers (not A's authors) and its writer; it
        # reaches authors only if an organizer takes it into the decision.
        "ACMETAA": ORGANIZERS | AC_A,
        # Area chairs' names: the organizers and themselves only.
        "ACNAME1": ALL_ORGANIZERS | AC_A,
        "acmail1": ALL_ORGANIZERS | AC_A,
        "ACNAME2": ALL_ORGANIZERS | AC_B,
        "acmail2": ALL_ORGANIZERS | AC_B,
    }
    for number in range(1, 6):
        me = reviewers(number)
        allowed[f"REVNAME{number}"] = ALL_ORGANIZERS | me
        allowed[f"revmail{number}"] = ALL_ORGANIZERS | me
        allowed[f"REVPAPER{number}"] = ALL_ORGANIZERS | me  # their own papers' titles
    # "plain" wrote reviewer 2's review of A as their subreviewer: they know who asked
    # them and what they wrote; reviewer 2 and the organizers know who wrote it.
    for marker in ("REVNAME2", "revmail2", "REVTEXTA2", "CONFMARKA2"):
        allowed[marker] = allowed[marker] | {"plain"}
    allowed["Pat Plain"] = allowed["plain@nowhere-p.org"] = (
        ALL_ORGANIZERS | reviewers(2) | {"plain"}
    )
    allowed["REVNAME6"] = allowed["revmail6"] = ALL_ORGANIZERS | {"invitee"}  # not answered
    return allowed


def leaks(text: str, role: str, allowed: dict[str, set[str]], *, page: str = "") -> list[str]:
    lowered = text.lower()
    found = []
    for marker, roles in allowed.items():
        if role in roles or marker.lower() not in lowered:
            continue
        if page == POOL_NAMES_PAGE and marker.startswith("REVNAME") and role in AUTHOR_ROLES:
            continue
        if page == INVITATION_PAGE and marker in ("REVNAME6", "revmail6"):
            continue
        found.append(marker)
    return found


def readable(response) -> str:
    """What a response gives its reader: the page, the export, or the file's bytes plus
    (for a PDF) its metadata as pypdf reads it, and for a zip each file's name and all that."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return readable_bytes(body)


def readable_bytes(body: bytes) -> str:
    text = body.decode("latin-1")
    if body.startswith(b"%PDF"):
        reader = PdfReader(io.BytesIO(body))
        text += " ".join(str(value) for value in (reader.metadata or {}).values())
    if body.startswith(b"PK"):
        archive = zipfile.ZipFile(io.BytesIO(body))
        for name in archive.namelist():
            text += " " + name + " " + readable_bytes(archive.read(name))
    return text


def page_urls(world):
    """Every route with every object it can show: papers A and B, every export, outcome."""
    for route in project_routes():
        variants = [{}]
        if "number" in route.params:
            variants = [{"number": world.paper_a.number}, {"number": world.paper_b.number}]
        for variant in variants:
            kwargs = url_kwargs(world, route, **variant)
            if route.name == "decisions:export_file":
                for name in EXPORTS:
                    for extension in ("csv", "json"):
                        yield route, {**kwargs, "name": name, "extension": extension}
            elif route.name == "decisions:email_template":
                for value in DecisionOutcome.values:
                    yield route, {**kwargs, "outcome": value}
            else:
                yield route, kwargs


def role_of_address(world, address: str) -> str:
    by_email = {user.email: role for role, user in world.users.items()}
    by_email["authmarka3@lab-a3.org"] = "coauthor_noaccount"
    by_email[world.reviewers[2].email] = "reviewer2"
    by_email[world.open_invitation.email] = "invitee"
    return by_email.get(address.lower(), f"unknown:{address}")


def sweep(world, stage: str) -> tuple[list[str], int, set[str]]:
    """(every leak found, the number of page/email readings checked, the markers seen)."""
    allowed = allowed_roles(stage)
    found, checked, seen = [], 0, set()
    role_clients = clients(world)
    for route, kwargs in page_urls(world):
        url = reverse(route.name, kwargs=kwargs)
        for role in ROLES:
            with transaction.atomic():  # a GET that records something (invitation opened)
                response = role_clients[role].get(url)
                transaction.set_rollback(True)
            if response.status_code != 200:
                continue
            checked += 1
            text = readable(response)
            seen.update(marker for marker in allowed if marker.lower() in text.lower())
            for marker in leaks(text, role, allowed, page=route.name):
                found.append(f"{role} sees {marker} at {url}")
    for message in mail.outbox:
        text = " ".join(
            [
                message.subject,
                message.body,
                " ".join(message.to + message.cc + message.bcc),
                *(content for content, _ in getattr(message, "alternatives", [])),
            ]
        )
        for address in message.to + message.cc + message.bcc:
            role = role_of_address(world, address)
            checked += 1
            seen.update(marker for marker in allowed if marker.lower() in text.lower())
            for marker in leaks(text, role, allowed):
                found.append(f"{role} ({address}) sees {marker} in email {message.subject!r}")
    return found, checked, seen


def test_anonymity_sweep_reviewing_stage_leaks_nothing():
    world = build_world("reviewing")
    found, checked, seen = sweep(world, "reviewing")
    assert found == []
    # The sweep is not vacuous: every marker of this stage reached someone allowed to see it.
    not_yet = {"METAMARKA", "METAMARKB", "CRMARKA", *RESPONSE_MARKERS}
    assert set(allowed_roles("reviewing")) - not_yet - seen == set()
    assert checked > 250


def test_anonymity_sweep_response_phase_leaks_nothing():
    world = build_world("response")
    found, checked, seen = sweep(world, "response")
    assert found == []
    assert {"RESPMARKA", "RESPMARKB", "REVTEXTA1", "REVTEXTB3"} <= seen
    assert checked > 250


def test_anonymity_sweep_after_release_leaks_nothing():
    world = build_world("final")
    assert world.paper_a.status == "accepted"
    assert world.paper_a.camera_ready_pdf
    found, checked, seen = sweep(world, "final")
    assert found == []
    assert set(allowed_roles("final")) - RESPONSE_MARKERS - seen == set()
    assert checked > 250


def test_anonymity_sweep_reviewer_pdf_has_no_author_metadata():
    world = build_world("reviewing")
    reviewer = clients(world)["reviewer_assigned"]
    for paper, marker in ((world.paper_a, "PDFSUBMARKA"), (world.paper_b, "PDFSUBMARKB")):
        response = reviewer.get(
            f"/{world.workshop.slug}/submissions/{paper.number}/pdf/anonymized/"
        )
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        metadata = PdfReader(io.BytesIO(body)).metadata or {}
        assert marker.encode() not in body
        assert not any("AUTHMARK" in str(value) for value in metadata.values())


def test_organizer_author_assignment_pages_leave_out_own_paper():
    world = build_world("reviewing")
    role_clients = clients(world)
    slug, paper_a = world.workshop.slug, world.paper_a
    pages = {
        "overview": reverse("assignment:overview", kwargs={"workshop": slug}),
        "run": reverse("assignment:run", kwargs={"workshop": slug, "pk": world.run.pk}),
        "log": reverse("assignment:log", kwargs={"workshop": slug}),
    }
    seen_by = {}
    for role in ("organizer", "organizer_author"):
        client = role_clients[role]
        overview = client.get(pages["overview"]).context["overview"]
        detail = client.get(pages["run"]).context["detail"]
        edits = client.get(pages["log"]).context["edits"]
        seen_by[role] = {
            "overview papers": [row.submission.number for row in overview.papers],
            "overview loads": {row.user.full_name: row.load for row in overview.reviewers},
            "run papers": sorted(row.submission.number for row in detail.papers),
            "run diff": {pair.submission_id for pair in detail.diff.added + detail.diff.kept}
            | {assignment.submission_id for assignment in detail.diff.removed},
            "run loads": {row.user.full_name: row.load for row in detail.reviewers},
            "log papers": {edit.submission_id for edit in edits if edit.submission_id},
        }
    full, own = seen_by["organizer"], seen_by["organizer_author"]
    assert full["overview papers"] == [1, 2]
    assert own["overview papers"] == [2]
    assert full["overview loads"] == {
        "Rev REVNAME1": 2, "Rev REVNAME2": 1, "Rev REVNAME3": 1, "Rev REVNAME4": 0,
        "Rev REVNAME5": 1,
    }  # fmt: skip
    # Loads count only the papers shown: R2 and R5 (on paper A only) show no load.
    assert own["overview loads"] == {
        "Rev REVNAME1": 1, "Rev REVNAME2": 0, "Rev REVNAME3": 1, "Rev REVNAME4": 0,
        "Rev REVNAME5": 0,
    }  # fmt: skip
    assert full["run papers"] == [1, 2]
    assert own["run papers"] == [2]
    assert paper_a.pk in full["run diff"]
    assert paper_a.pk not in own["run diff"]
    assert paper_a.pk in full["log papers"]
    assert own["log papers"] == full["log papers"] - {paper_a.pk}
    paper_pages = [
        reverse("assignment:paper", kwargs={"workshop": slug, "number": 1}),
        reverse(
            "assignment:explain",
            kwargs={"workshop": slug, "number": 1, "reviewer": world.reviewers[1].pk},
        ),
    ]
    assert [role_clients["organizer"].get(url).status_code for url in paper_pages] == [200, 200]
    assert [role_clients["organizer_author"].get(url).status_code for url in paper_pages] == [
        404,
        404,
    ]


def test_organizer_author_mail_log_hides_who_reviews_own_paper():
    world = build_world("reviewing")
    client = clients(world)["organizer_author"]
    page = client.get(reverse("notifications:mail_log", kwargs={"workshop": world.workshop.slug}))
    receipts_of_a = [
        email
        for email in page.context["page"].object_list
        if email.kind == "review_submitted" and f"paper #{world.paper_a.number} " in email.subject
    ]
    assert receipts_of_a == []
