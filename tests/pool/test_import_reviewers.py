import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from notifications.models import OutgoingEmail
from pool.enums import ExpertiseLevel, InvitationStatus
from pool.imports import reviewer_lines_parse
from pool.models import ReviewerInvitation, ReviewerPaper, ReviewerProfile
from pool.services import invitation_create, invitation_decline

pytestmark = pytest.mark.django_db

CSV = (
    "name,email,affiliation,expertise,profile,max_load\n"
    "Ann Lee,ann@uni-a.example.edu,Uni A,scaling-laws:expert;Fine-tuning,"
    '"I study scaling.\n\nScaling laws for all",4\n'
    "Bob Kim,not-an-address,Uni B,,,\n"
    "Cy Wu,cy@uni-c.example.edu,,data:interested,,99\n"
    "Di Ro,di@uni-d.example.edu,,no-such-topic,,\n"
    "Ed Po,ed@uni-e.example.edu,,data:guru,,\n"
    "Fay Li,fay@uni-f.example.edu,,,,many\n"
)


def run(tmp_path, text: str, *args) -> list[str]:
    from io import StringIO

    path = tmp_path / "reviewers.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_reviewers", str(path), "--workshop", "fm-ws", *args, stdout=out)
    return out.getvalue().splitlines()


def test_import_reviewers_accept_creates_accounts_profiles_and_reports(tmp_path, workshop, topics):
    lines = run(tmp_path, CSV, "--accept")
    cap = workshop.max_papers_per_reviewer
    assert lines == [
        "line 2: ann@uni-a.example.edu accepted",
        "line 5: not-an-address refused: invalid email address “not-an-address”",
        f"line 6: cy@uni-c.example.edu accepted (max_load 99 is above this workshop's limit"
        f" of {cap}; {cap} stored)",
        "line 7: di@uni-d.example.edu refused: unknown topic “no-such-topic”",
        "line 8: ed@uni-e.example.edu refused: unknown expertise level “guru”"
        " (use expert, knowledgeable or interested)",
        "line 9: fay@uni-f.example.edu refused: max_load “many” is not a whole number",
        "2 lines imported or unchanged, 4 refused.",
    ]
    ann = User.objects.get(email="ann@uni-a.example.edu")
    assert ann.has_usable_password() is False
    assert (ann.full_name, ann.affiliation) == ("Ann Lee", "Uni A")
    profile = ReviewerProfile.objects.get(user=ann, workshop=workshop)
    # The profile column is the reviewer's own papers, one per blank-line-separated block.
    assert list(profile.papers.values_list("position", "title", "abstract")) == [
        (0, "I study scaling.", ""),
        (1, "Scaling laws for all", ""),
    ]
    assert profile.statement == ""
    assert profile.max_load == 4
    assert dict(profile.expertise.values_list("topic__slug", "level")) == {
        "scaling-laws": ExpertiseLevel.EXPERT,
        "fine-tuning": ExpertiseLevel.KNOWLEDGEABLE,
    }
    assert profile.invitation.status == InvitationStatus.ACCEPTED
    cy = ReviewerProfile.objects.get(user__email="cy@uni-c.example.edu")
    assert cy.max_load == cap
    assert OutgoingEmail.objects.count() == 0


def test_import_reviewers_twice_changes_nothing(tmp_path, workshop, topics):
    run(tmp_path, CSV, "--accept")
    before = list(ReviewerProfile.objects.values("pk", "updated_at"))
    papers = list(ReviewerPaper.objects.values("pk", "title", "abstract", "updated_at"))
    users = User.objects.count()
    lines = run(tmp_path, CSV, "--accept")
    assert lines[0] == "line 2: ann@uni-a.example.edu unchanged: already a reviewer"
    assert lines[-1] == "2 lines imported or unchanged, 4 refused."
    assert list(ReviewerProfile.objects.values("pk", "updated_at")) == before
    assert list(ReviewerPaper.objects.values("pk", "title", "abstract", "updated_at")) == papers
    assert User.objects.count() == users
    assert ReviewerInvitation.objects.count() == 2


def test_import_reviewers_without_accept_invites_once(tmp_path, workshop, topics):
    text = "Ann Lee,ann@uni-a.example.edu,Uni A\nBob Kim,bob@uni-b.example.edu\n"
    assert run(tmp_path, text) == [
        "line 1: ann@uni-a.example.edu invited",
        "line 2: bob@uni-b.example.edu invited",
        "2 lines imported or unchanged, 0 refused.",
    ]
    assert run(tmp_path, text)[:2] == [
        "line 1: ann@uni-a.example.edu already invited (Sent)",
        "line 2: bob@uni-b.example.edu already invited (Sent)",
    ]
    assert ReviewerInvitation.objects.count() == 2
    assert OutgoingEmail.objects.filter(kind="reviewer_invitation").count() == 2
    assert ReviewerProfile.objects.count() == 0


def test_import_reviewers_accept_binds_a_pending_invitation(tmp_path, workshop, topics):
    invitation_create(workshop=workshop, email="ann@uni-a.example.edu", name="Ann")
    run(tmp_path, "Ann Lee,ann@uni-a.example.edu\n", "--accept")
    invitation = ReviewerInvitation.objects.get()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.user.email == "ann@uni-a.example.edu"


def test_import_reviewers_accept_refuses_a_declined_address(tmp_path, workshop, topics):
    outcome = invitation_create(workshop=workshop, email="ann@uni-a.example.edu", name="Ann")
    invitation_decline(invitation=outcome.invitation, reason="No time")
    assert run(tmp_path, "Ann Lee,ann@uni-a.example.edu\n", "--accept")[0] == (
        "line 1: ann@uni-a.example.edu refused: the invitation was declined"
    )
    assert ReviewerProfile.objects.count() == 0


def test_import_reviewers_existing_account_is_reused(tmp_path, workshop, topics):
    from tests.factories import UserFactory

    user = UserFactory(email="ann@uni-a.example.edu", full_name="Ann Existing")
    run(tmp_path, "Ann Lee,ANN@uni-a.example.edu\n", "--accept")
    assert ReviewerProfile.objects.get().user == user
    user.refresh_from_db()
    assert user.has_usable_password() is True


def test_import_reviewers_unknown_workshop_is_an_error(tmp_path, db):
    path = tmp_path / "r.csv"
    path.write_text("a,b@c.example.edu\n")
    with pytest.raises(CommandError, match="No workshop"):
        call_command("import_reviewers", str(path), "--workshop", "nope")


def test_reviewer_lines_parse_reports_broken_lines_and_goes_on():
    lines, broken = reviewer_lines_parse(
        "\ufeffAnn,ann@a.example.edu,A\n\n# a comment\nonly-one-cell\n"
        "Bo,bo@b.example.edu,B,x,y,z,extra\nCy,cy@c.example.edu\n"
    )
    assert [(line.line, line.email) for line in lines] == [
        (1, "ann@a.example.edu"),
        (6, "cy@c.example.edu"),
    ]
    assert [(b.line, b.reason) for b in broken] == [
        (4, "expected at least a name and an email address"),
        (5, "7 columns, expected at most 3"),
    ]


def test_reviewer_lines_parse_bad_header_stops():
    lines, broken = reviewer_lines_parse("name,email,colour\nAnn,ann@a.example.edu,red\n")
    assert lines == []
    assert [(b.line, b.reason) for b in broken] == [(1, "bad header: unknown columns colour")]


def test_import_reviewers_profile_blocks_are_papers_title_then_abstract(
    tmp_path, workshop, topics, django_capture_on_commit_callbacks
):
    from pool.signals import reviewer_papers_changed

    sent = []
    reviewer_papers_changed.connect(
        lambda sender, profile_id, **kw: sent.append(profile_id),
        dispatch_uid="test.import",
        weak=False,
    )
    text = (
        "name,email,profile\n"
        'Ann Lee,ann@uni-a.example.edu,"Scaling laws\nWe fit\ncurves.\n\nData pruning"\n'
        'Bo Ek,bo@uni-b.example.edu,"Fine title\n\n' + "word " * 120 + '"\n'
        "Cy Wu,cy@uni-c.example.edu,\n"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            lines = run(tmp_path, text, "--accept")
    finally:
        reviewer_papers_changed.disconnect(dispatch_uid="test.import")
    assert lines == [
        "line 2: ann@uni-a.example.edu accepted",
        "line 7: bo@uni-b.example.edu refused: profile column, paper 2: the title is longer "
        "than 500 characters (is the line break after the title missing?)",
        "line 10: cy@uni-c.example.edu accepted",
        "2 lines imported or unchanged, 1 refused.",
    ]
    ann = ReviewerProfile.objects.get(user__email="ann@uni-a.example.edu")
    assert ann.own_paper_list == ["Scaling laws\nWe fit curves.", "Data pruning"]
    assert ReviewerProfile.objects.get(user__email="cy@uni-c.example.edu").papers.count() == 0
    assert sent == [ann.pk]
