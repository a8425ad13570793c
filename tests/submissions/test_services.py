from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.core import mail
from django.core.files.storage import default_storage
from django.utils import timezone

from fomo_site.errors import Refusal
from notifications.models import OutgoingEmail
from submissions.enums import SubmissionStatus
from submissions.models import Authorship, Submission
from submissions.services import (
    AuthorData,
    authorships_link_user,
    submission_camera_ready_upload,
    submission_create,
    submission_update,
    submission_withdraw,
)
from tests.factories import UserFactory
from tests.submissions.conftest import content, make_workshop, pdf_upload, topic

# lock, track check, save, topics, authorships, outbox: no workshop-wide conflict queries
QUERIES_OF_A_TITLE_EDIT = 23


def create(workshop, author, **overrides):
    submit = overrides.pop("submit", True)
    return submission_create(
        workshop=workshop, submitter=author, content=content(workshop, **overrides), submit=submit
    )


@pytest.mark.django_db
def test_submission_create_numbers_per_workshop_in_sequence(workshop, author):
    other = make_workshop()
    numbers = [create(workshop, author).number, create(workshop, author).number]
    assert numbers == [1, 2]
    assert create(other, author).number == 1
    assert Submission.objects.get(workshop=workshop, number=2).public_id == "#2"


@pytest.mark.django_db
def test_submission_create_links_authors_with_accounts_only(workshop, author):
    submission = create(workshop, author)
    rows = list(submission.authorships.values_list("order", "email", "user_id", "is_corresponding"))
    assert rows == [
        (1, "ada@analytical.example.org", author.pk, True),
        (2, "charles@engine.example.org", None, False),
    ]
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.submitted_at is not None
    assert submission.keyword_list == ["grokking", "scaling"]
    assert list(submission.secondary_topics.values_list("slug", flat=True)) == ["instruction"]


@pytest.mark.django_db
def test_submission_create_stores_files_under_generated_private_names(workshop, author):
    submission = create(workshop, author)
    assert submission.pdf.name.startswith(f"submissions/{workshop.pk}/original/")
    assert submission.reviewer_pdf.name.startswith(f"submissions/{workshop.pk}/reviewer/")
    assert default_storage.exists(submission.pdf.name)
    assert submission.pdf_pages == 2


@pytest.mark.django_db
def test_submission_create_draft_needs_no_pdf_and_sends_nothing(workshop, author):
    submission = create(workshop, author, pdf=None, submit=False)
    assert (submission.status, submission.submitted_at) == (SubmissionStatus.DRAFT, None)
    assert OutgoingEmail.objects.count() == 0


@pytest.mark.django_db
def test_submission_create_submit_without_pdf_is_refused(workshop, author):
    with pytest.raises(Refusal) as refused:
        create(workshop, author, pdf=None)
    assert str(refused.value) == "A submitted paper needs a PDF."
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_submission_create_after_deadline_saves_nothing(author, tmp_path):
    workshop = make_workshop(phase="bidding")
    with pytest.raises(Refusal) as refused:
        create(workshop, author)
    assert str(refused.value).startswith("The call for papers is closed")
    assert Submission.objects.count() == 0
    assert Authorship.objects.count() == 0
    assert not (tmp_path / "private" / "submissions").exists()


@pytest.mark.django_db
def test_submission_create_queues_received_email_to_all_authors(workshop, author):
    submission = create(workshop, author)
    email = OutgoingEmail.objects.get(kind="submission_received")
    assert email.to == ["ada@analytical.example.org", "charles@engine.example.org"]
    assert email.subject == (
        f"[{workshop.short_name}] Submission #1 received: Grokking as a phase transition"
    )
    assert "Its public id is #1" in email.body_text
    assert "Authors: Ada Lovelace (Analytical Lab); Charles Babbage" in email.body_text
    assert email.idempotency_key == f"submission_received:{submission.pk}"


@pytest.mark.django_db(transaction=True)
def test_submission_title_with_newline_and_bcc_stays_in_one_subject_line(author):
    workshop = make_workshop()
    create(workshop, author, title="Nice paper\nBcc: victim@example.org")
    # Titles are kept on one line: a line break cannot fake a line in an email body.
    assert Submission.objects.get().title == "Nice paper Bcc: victim@example.org"
    message = mail.outbox[0].message()
    assert message["Subject"] == (
        f"[{workshop.short_name}] Submission #1 received: Nice paper Bcc: victim@example.org"
    )
    assert message["Bcc"] is None
    assert sorted(mail.outbox[0].recipients()) == [
        "ada@analytical.example.org",
        "charles@engine.example.org",
    ]


@pytest.mark.django_db
def test_submission_update_reorders_adds_and_removes_authors(workshop, author):
    submission = create(workshop, author)
    new_authors = [
        AuthorData(name="Grace Hopper", email="Grace@Navy.example.org", is_corresponding=True),
        AuthorData(name="Ada L.", email="ada@analytical.example.org"),
    ]
    submission_update(
        submission=submission,
        editor=author,
        content=content(workshop, authors=new_authors, pdf=None),
    )
    rows = list(submission.authorships.values_list("order", "name", "email"))
    assert rows == [
        (1, "Grace Hopper", "grace@navy.example.org"),
        (2, "Ada L.", "ada@analytical.example.org"),
    ]
    email = OutgoingEmail.objects.get(kind="submission_edited")
    assert email.to == ["grace@navy.example.org", "ada@analytical.example.org"]


@pytest.mark.django_db
def test_submission_update_after_deadline_is_refused_and_unchanged(workshop, author):
    submission = create(workshop, author)
    workshop.submission_opens_at = timezone.now() - timedelta(days=30)
    workshop.submission_deadline = timezone.now() - timedelta(minutes=1)
    workshop.save()
    with pytest.raises(Refusal) as refused:
        submission_update(
            submission=submission, editor=author, content=content(workshop, title="Changed")
        )
    assert "the submission can no longer be edited. Nothing was saved." in str(refused.value)
    submission.refresh_from_db()
    assert submission.title == "Grokking as a phase transition"
    assert OutgoingEmail.objects.filter(kind="submission_edited").count() == 0


@pytest.mark.django_db
def test_submission_update_with_extension_is_allowed_after_deadline(workshop, author):
    submission = create(workshop, author)
    workshop.submission_opens_at = timezone.now() - timedelta(days=30)
    workshop.submission_deadline = timezone.now() - timedelta(minutes=1)
    workshop.save()
    Submission.objects.filter(pk=submission.pk).update(
        deadline_extension=timezone.now() + timedelta(days=1)
    )
    submission.refresh_from_db()
    submission_update(submission=submission, editor=author, content=content(workshop, title="New"))
    submission.refresh_from_db()
    assert submission.title == "New"


@pytest.mark.django_db
def test_submission_withdraw_before_release_mails_authors(workshop, author):
    submission = create(workshop, author)
    submission_withdraw(submission=submission, by=author)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WITHDRAWN
    assert submission.withdrawn_at is not None
    email = OutgoingEmail.objects.get(kind="submission_withdrawn")
    assert email.subject.startswith(f"[{workshop.short_name}] Submission #1 withdrawn:")
    assert "was withdrawn by Ada Lovelace" in email.body_text


@pytest.mark.django_db
def test_submission_withdraw_after_release_is_refused(workshop, author):
    submission = create(workshop, author)
    workshop.decisions_released_at = timezone.now() - timedelta(minutes=1)
    workshop.save()
    with pytest.raises(Refusal) as refused:
        submission_withdraw(submission=submission, by=author)
    assert str(refused.value) == (
        "Decisions have been released; the submission can no longer be withdrawn."
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def released(workshop):
    workshop.decisions_released_at = timezone.now() - timedelta(minutes=1)
    workshop.save()


@pytest.mark.django_db
def test_camera_ready_upload_for_accepted_paper_is_stored_and_mailed(workshop, author):
    submission = create(workshop, author)
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.ACCEPTED)
    released(workshop)
    submission_camera_ready_upload(submission=submission, by=author, pdf=pdf_upload(5))
    submission.refresh_from_db()
    assert submission.camera_ready_pages == 5
    assert submission.camera_ready_pdf.name.startswith(f"submissions/{workshop.pk}/camera-ready/")
    assert OutgoingEmail.objects.filter(kind="camera_ready_received").count() == 1


@pytest.mark.django_db
def test_camera_ready_upload_for_rejected_or_unreleased_paper_is_refused(workshop, author):
    submission = create(workshop, author)
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.ACCEPTED)
    with pytest.raises(Refusal):
        submission_camera_ready_upload(submission=submission, by=author, pdf=pdf_upload())
    released(workshop)
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.REJECTED)
    with pytest.raises(Refusal):
        submission_camera_ready_upload(submission=submission, by=author, pdf=pdf_upload())
    submission.refresh_from_db()
    assert submission.camera_ready_pdf.name in ("", None)


@pytest.mark.django_db
def test_camera_ready_upload_after_its_deadline_is_refused(workshop, author):
    submission = create(workshop, author)
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.ACCEPTED)
    now = timezone.now()
    workshop.submission_opens_at = now - timedelta(days=10)
    for name, days in [
        ("submission_deadline", 9),
        ("bidding_deadline", 8),
        ("review_deadline", 7),
        ("decision_notification_at", 6),
        ("camera_ready_deadline", 1),
    ]:
        setattr(workshop, name, now - timedelta(days=days))
    released(workshop)
    with pytest.raises(Refusal) as refused:
        submission_camera_ready_upload(submission=submission, by=author, pdf=pdf_upload())
    assert str(refused.value).startswith("Camera-ready versions are accepted only for accepted")


@pytest.mark.django_db
def test_authorships_link_user_when_coauthor_signs_up_later(workshop, author):
    submission = create(workshop, author)
    charles = UserFactory(email="charles@engine.example.org")
    assert authorships_link_user(user=charles) == 1
    assert submission.authorships.get(email="charles@engine.example.org").user == charles


@pytest.mark.django_db
def test_email_confirmed_signal_links_authorships(workshop, author):
    submission = create(workshop, author)
    charles = UserFactory(email="charles@engine.example.org")
    address = EmailAddress.objects.create(user=charles, email=charles.email, verified=True)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    assert submission.authorships.get(email="charles@engine.example.org").user_id == charles.pk


@pytest.mark.django_db
def test_submission_primary_topic_is_kept_raw_when_title_starts_with_equals(workshop, author):
    submission = create(workshop, author, title='=HYPERLINK("http://x")')
    assert Submission.objects.get(pk=submission.pk).title == '=HYPERLINK("http://x")'
    assert topic(workshop, "scaling-laws") == submission.primary_topic


@pytest.mark.django_db
def test_submission_create_and_update_recompute_conflicts(workshop, author):
    from pool.enums import ConflictSource
    from pool.models import Conflict
    from tests.factories import ReviewerProfileFactory

    colleague = UserFactory(email="babbage@engine.example.org", affiliation="Difference Engines")
    ReviewerProfileFactory(workshop=workshop, user=colleague)
    submission = create(workshop, author)
    conflicts = Conflict.objects.filter(submission=submission, reviewer=colleague)
    assert list(conflicts.values_list("source", flat=True)) == [ConflictSource.DOMAIN]

    submission_update(
        submission=submission,
        editor=author,
        content=content(
            workshop,
            pdf=None,
            authors=[
                AuthorData(name="Ada", email=author.email, affiliation="", is_corresponding=True)
            ],
        ),
    )
    assert list(conflicts.filter(removed_at=None).values_list("source", flat=True)) == []


@pytest.mark.django_db
def test_submission_update_of_title_only_skips_the_conflict_recompute(
    workshop, author, django_assert_num_queries
):
    from tests.factories import ReviewerProfileFactory

    ReviewerProfileFactory(workshop=workshop, user=UserFactory(email="rev@engine.example.org"))
    submission = create(workshop, author)
    for _ in range(3):
        create(workshop, author)
    with django_assert_num_queries(QUERIES_OF_A_TITLE_EDIT):
        submission_update(
            submission=submission,
            editor=author,
            content=content(workshop, title="Second title", pdf=None),
        )
    assert Submission.objects.get(pk=submission.pk).title == "Second title"
