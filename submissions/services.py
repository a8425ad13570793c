from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from fomo_site.errors import Refusal
from notifications.services import email_queue
from submissions import deadlines
from submissions.enums import SubmissionStatus
from submissions.identity import Author as IdentityAuthor
from submissions.identity import identity_findings
from submissions.models import Authorship, Submission, SubmissionChange, SubmissionText
from submissions.pdf import CheckedPdf
from submissions.signals import authors_changed, submission_text_saved
from topics.models import Topic, Track, Workshop
from topics.templatetags.fomo import aoe

NUMBER_ATTEMPTS = 5


@dataclass(frozen=True)
class AuthorData:
    name: str
    email: str
    affiliation: str = ""
    is_corresponding: bool = False


@dataclass(frozen=True)
class PdfUpload:
    """A PDF that passed submissions.pdf.pdf_check, with its original bytes."""

    original: bytes
    checked: CheckedPdf


@dataclass(frozen=True)
class SupplementaryUpload:
    data: bytes
    kind: str  # "pdf" or "zip"


@dataclass(frozen=True)
class SubmissionContent:
    title: str
    abstract: str
    keywords: Sequence[str]
    primary_topic: Topic
    secondary_topics: Sequence[Topic]
    authors: Sequence[AuthorData]
    anonymized_confirmed: bool
    pdf: PdfUpload | None = None
    supplementary: SupplementaryUpload | None = None
    track: Track | None = None


def keywords_join(keywords: Sequence[str]) -> str:
    return ", ".join(keywords)


def submission_next_number(*, workshop: Workshop) -> int:
    """The next public number; the caller holds the workshop row lock (select_for_update)."""
    highest = Submission.objects.filter(workshop=workshop).aggregate(m=Max("number"))["m"]
    return (highest or 0) + 1


def workshop_lock(workshop: Workshop) -> None:
    """Hold the workshop row until the transaction ends (numbers are allocated under it)."""
    Workshop.objects.select_for_update().filter(pk=workshop.pk).values_list("pk").first()


def _authorships_sync(
    *, submission: Submission, authors: Sequence[AuthorData]
) -> list[Authorship] | None:
    """Make the authorships match the list: same emails kept, others added or removed.
    Returns them when who the authors are changed (None for an edit of order or names)."""
    existing = {authorship.email: authorship for authorship in submission.authorships.all()}
    before = _conflict_inputs(existing.values())
    wanted = [author.email.strip().lower() for author in authors]
    Authorship.objects.filter(submission=submission).exclude(email__in=wanted).delete()
    users = {user.email.lower(): user for user in User.objects.filter(email__in=wanted)}
    kept = []
    for order, (author, email) in enumerate(zip(authors, wanted, strict=True), start=1):
        authorship = existing.get(email) or Authorship(submission=submission, email=email)
        authorship.name = author.name.strip()
        authorship.affiliation = author.affiliation.strip()
        authorship.order = order
        authorship.is_corresponding = author.is_corresponding
        if authorship.disputed_at is None:
            authorship.user = users.get(email, authorship.user)
        authorship.save()
        kept.append(authorship)
    if _conflict_inputs(kept) == before:
        return None
    authors_changed.send(sender=Submission, submission=submission)
    return kept


def identity_flags_of(*, text: str, authors: Sequence[AuthorData]) -> list[dict]:
    """What in a PDF's text could tell a reviewer who the authors are, as stored."""
    findings = identity_findings(
        text, [IdentityAuthor(a.name, a.email.strip().lower(), a.affiliation) for a in authors]
    )
    return [{"kind": finding.kind, "message": finding.message} for finding in findings]


def _authors_or_pdf_changed(
    submission: Submission,
    authorships: list[Authorship] | None,
    content: SubmissionContent,
    *,
    by: User,
) -> None:
    """Check the PDF's text (just uploaded, or as stored) against the author list when
    either changed, and tell newly listed co-authors."""
    if authorships is None and content.pdf is None:
        return
    authorships = authorships or list(submission.authorships.all())
    if content.pdf is not None:
        text = content.pdf.checked.text
        SubmissionText.objects.update_or_create(submission=submission, defaults={"text": text})
    else:
        stored = SubmissionText.objects.filter(submission=submission).values_list("text")
        text = (stored.first() or ("",))[0]
    authors = [
        AuthorData(name=a.name, email=a.email, affiliation=a.affiliation) for a in authorships
    ]
    flags = identity_flags_of(text=text, authors=authors)
    if flags != submission.identity_flags:
        submission.identity_flags = flags
        submission.save(update_fields=["identity_flags", "updated_at"])
    _coauthors_tell(submission, authorships, by=by)


def _conflict_inputs(authorships: Iterable[Authorship]) -> set[tuple]:
    """What automatic conflicts are computed from: an edit that leaves it alone (a title,
    an abstract, the author order) skips the workshop-wide recompute."""
    return {(a.email, a.name, a.affiliation, a.user_id) for a in authorships}


def _store_pdf(submission: Submission, upload: PdfUpload) -> list[str]:
    old_names = [name for name in (submission.pdf.name, submission.reviewer_pdf.name) if name]
    submission.pdf.save("paper.pdf", ContentFile(upload.original), save=False)
    submission.reviewer_pdf.save("paper.pdf", ContentFile(upload.checked.reviewer_copy), save=False)
    submission.pdf_pages = upload.checked.pages
    return old_names


def _store_supplementary(submission: Submission, upload: SupplementaryUpload) -> list[str]:
    old_names = [submission.supplementary.name] if submission.supplementary.name else []
    submission.supplementary.save(f"supplementary.{upload.kind}", ContentFile(upload.data), False)
    return old_names


def _delete_files_after_commit(names: list[str]) -> None:
    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(delete)


def _delete_files_on_rollback(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _check_track(submission: Submission, content: SubmissionContent, now: datetime) -> None:
    """With tracks, a paper is in one of its workshop's tracks; it joins (or moves to) one
    whose deadline has not passed, and its PDF keeps within that track's page limit."""
    workshop, track = submission.workshop, content.track
    if track is None:
        if workshop.tracks.exists():
            raise Refusal("Choose a track for the paper. Nothing was saved.")
        return
    if track.workshop_id != workshop.pk:
        raise Refusal("That track belongs to another workshop. Nothing was saved.")
    if track.pk != submission.track_id and not deadlines.track_open(workshop, track, now):
        raise Refusal(
            f"The deadline of the track “{track.name}” passed "
            f"({aoe(deadlines.track_deadline(workshop, track))}). Nothing was saved."
        )
    pages = content.pdf.checked.pages if content.pdf is not None else submission.pdf_pages
    if pages is not None and pages > track.max_pages:
        raise Refusal(
            f"The PDF has {pages} pages; the limit of the track “{track.name}” is "
            f"{track.max_pages}. Nothing was saved."
        )


def _apply_content(submission: Submission, content: SubmissionContent) -> list[str]:
    submission.title = " ".join(content.title.split())  # one line: titles go into emails
    submission.abstract = content.abstract.strip()
    submission.keywords = keywords_join(content.keywords)
    submission.primary_topic = content.primary_topic
    submission.track = content.track
    submission.anonymized_confirmed = content.anonymized_confirmed
    replaced: list[str] = []
    if content.pdf is not None:
        replaced += _store_pdf(submission, content.pdf)
    if content.supplementary is not None:
        replaced += _store_supplementary(submission, content.supplementary)
    return replaced


def _require_complete(submission: Submission) -> None:
    if not submission.pdf:
        raise Refusal("A submitted paper needs a PDF.")
    if not submission.anonymized_confirmed:
        raise Refusal("Confirm that the PDF is anonymized before submitting.")


def _new_files(submission: Submission, content: SubmissionContent) -> list[str]:
    fields = []
    if content.pdf is not None:
        fields += [submission.pdf.name, submission.reviewer_pdf.name]
    if content.supplementary is not None:
        fields.append(submission.supplementary.name)
    return fields


def submission_create(
    *,
    workshop: Workshop,
    submitter: User,
    content: SubmissionContent,
    submit: bool,
    now: datetime | None = None,
) -> Submission:
    """Create a draft (or submit at once) with a fresh public number; mail the authors."""
    now = now or timezone.now()
    closed = submission_closed_refusal(workshop=workshop, submission=None, now=now)
    if closed is not None:
        raise closed
    submission = Submission(workshop=workshop, submitted_by=submitter)
    _check_track(submission, content, now)
    stored = []
    try:
        with transaction.atomic():
            _apply_content(submission, content)
            stored = _new_files(submission, content)
            if submit:
                _require_complete(submission)
                submission.status = SubmissionStatus.SUBMITTED
                submission.submitted_at = now
            _save_with_number(submission)
            submission.secondary_topics.set(content.secondary_topics)
            changed = _authorships_sync(submission=submission, authors=content.authors)
            _authors_or_pdf_changed(submission, changed, content, by=submitter)
            submission_text_saved.send(sender=Submission, submission=submission)
            if submit:
                _notify_authors(submission, "submission_received")
    except BaseException:
        _delete_files_on_rollback(stored)
        raise
    return submission


def _save_with_number(submission: Submission) -> None:
    for attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                workshop_lock(submission.workshop)
                submission.number = submission_next_number(workshop=submission.workshop)
                submission.save()
                return
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise


def submission_update(
    *,
    submission: Submission,
    editor: User,
    content: SubmissionContent,
    submit: bool = False,
    now: datetime | None = None,
) -> Submission:
    """Save an author's edits while the deadline (or the extension) allows it."""
    now = now or timezone.now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            submission = Submission.objects.select_for_update().get(pk=submission.pk)
            closed = submission_closed_refusal(
                workshop=submission.workshop, submission=submission, now=now
            )
            if closed is not None:
                raise closed
            _check_track(submission, content, now)
            was_draft = submission.status == SubmissionStatus.DRAFT
            replaced = _apply_content(submission, content)
            stored = _new_files(submission, content)
            if submit and was_draft:
                _require_complete(submission)
                submission.status = SubmissionStatus.SUBMITTED
                submission.submitted_at = now
            elif not was_draft:
                _require_complete(submission)
            submission.save()
            submission.secondary_topics.set(content.secondary_topics)
            changed = _authorships_sync(submission=submission, authors=content.authors)
            _authors_or_pdf_changed(submission, changed, content, by=editor)
            submission_text_saved.send(sender=Submission, submission=submission)
            if was_draft and submission.status == SubmissionStatus.SUBMITTED:
                _notify_authors(submission, "submission_received")
            elif not was_draft:
                _notify_authors(submission, "submission_edited", key=now.isoformat())
            _delete_files_after_commit(replaced)
    except BaseException:
        _delete_files_on_rollback(stored)
        raise
    return submission


def submission_closed_refusal(
    *, workshop: Workshop, submission: Submission | None, now: datetime
) -> Refusal | None:
    """Why a new paper (submission=None) or an edit of ``submission`` is refused at ``now``
    (the deadline passed, or the paper's status), or None while it is open. The API asks
    it before validating what was sent."""
    if submission is None:
        if deadlines.creation_open(workshop, now):
            return None
        return Refusal(
            f"The call for papers is closed: the submission deadline was "
            f"{aoe(deadlines.last_submission_deadline(workshop))}. Nothing was saved."
        )
    if deadlines.edit_open(submission, now):
        return None
    if not submission.is_editable_status:
        return Refusal(
            f"Submission {submission.public_id} is {submission.get_status_display().lower()} "
            "and can no longer be edited. Nothing was saved."
        )
    return Refusal(
        f"The submission deadline passed ({aoe(deadlines.edit_deadline(submission))}); "
        "the submission can no longer be edited. Nothing was saved."
    )


@transaction.atomic
def submission_withdraw(
    *, submission: Submission, by: User, now: datetime | None = None
) -> Submission:
    now = now or timezone.now()
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not deadlines.withdraw_open(submission, now):
        raise Refusal(
            "Decisions have been released; the submission can no longer be withdrawn."
            if submission.status != SubmissionStatus.WITHDRAWN
            else f"Submission {submission.public_id} is already withdrawn."
        )
    submission.status = SubmissionStatus.WITHDRAWN
    submission.withdrawn_at = now
    submission.submitted_at = submission.submitted_at or now
    submission.save(update_fields=["status", "withdrawn_at", "submitted_at", "updated_at"])
    _notify_authors(submission, "submission_withdrawn", withdrawn_by=by)
    return submission


def submission_camera_ready_upload(
    *, submission: Submission, by: User, pdf: PdfUpload, now: datetime | None = None
) -> Submission:
    now = now or timezone.now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            submission = Submission.objects.select_for_update().get(pk=submission.pk)
            if not deadlines.camera_ready_open(submission, now):
                raise Refusal(
                    "Camera-ready versions are accepted only for accepted papers, until "
                    f"{aoe(submission.workshop.camera_ready_deadline)}. Nothing was saved."
                )
            replaced = [submission.camera_ready_pdf.name] if submission.camera_ready_pdf else []
            submission.camera_ready_pdf.save("camera-ready.pdf", ContentFile(pdf.original), False)
            stored = [submission.camera_ready_pdf.name]
            submission.camera_ready_pages = pdf.checked.pages
            submission.camera_ready_at = now
            submission.save(
                update_fields=[
                    "camera_ready_pdf",
                    "camera_ready_pages",
                    "camera_ready_at",
                    "updated_at",
                ]
            )
            _notify_authors(submission, "camera_ready_received", key=now.isoformat(), by=by)
            _delete_files_after_commit(replaced)
    except BaseException:
        _delete_files_on_rollback(stored)
        raise
    return submission


def _author_line(author) -> str:
    affiliation = f" ({author.affiliation})" if author.affiliation else ""
    return f"{author.name}{affiliation} <{author.email}>"


def submission_camera_ready_details_update(
    *,
    submission: Submission,
    by: User,
    title: str,
    abstract: str,
    authors: Sequence[AuthorData],
    now: datetime | None = None,
) -> SubmissionChange | None:
    """Correct an accepted paper's title, abstract or author list before the camera-ready
    deadline; what changed is logged with who and when (None when nothing changed)."""
    now = now or timezone.now()
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if not deadlines.camera_ready_open(submission, now):
            raise Refusal(
                "The details of accepted papers can be corrected only until the camera-ready "
                f"deadline, {aoe(submission.workshop.camera_ready_deadline)}. Nothing was saved."
            )
        old_authors = [_author_line(a) for a in submission.authorships.order_by("order", "pk")]
        new_authors = [
            _author_line(AuthorData(a.name.strip(), a.email.strip().lower(), a.affiliation.strip()))
            for a in authors
        ]
        changes: dict[str, list] = {}
        for field, value in (("title", title.strip()), ("abstract", abstract.strip())):
            if getattr(submission, field) != value:
                changes[field] = [getattr(submission, field), value]
                setattr(submission, field, value)
        if old_authors != new_authors:
            changes["authors"] = [old_authors, new_authors]
        corresponding_before = {a.email for a in submission.authorships.all() if a.is_corresponding}
        corresponding_after = {a.email.strip().lower() for a in authors if a.is_corresponding}
        if corresponding_before != corresponding_after:
            changes["corresponding"] = [sorted(corresponding_before), sorted(corresponding_after)]
        if not changes:
            return None
        submission.save(update_fields=["title", "abstract", "updated_at"])
        _authorships_sync(submission=submission, authors=authors)
        return SubmissionChange.objects.create(
            submission=submission, changed_by=by, changes=changes
        )


@transaction.atomic
def submission_set_deadline_extension(
    *, submission: Submission, deadline_extension: datetime | None
) -> Submission:
    submission.deadline_extension = deadline_extension
    submission.save(update_fields=["deadline_extension", "updated_at"])
    return submission


@transaction.atomic
def authorships_link_user(*, user: User, email: str | None = None) -> int:
    """Link the authorships that name this address to the account (after sign-up)."""
    address = (email or user.email).strip().lower()
    return Authorship.objects.filter(
        email=address, user__isnull=True, disputed_at__isnull=True
    ).update(user=user, updated_at=timezone.now())


def _coauthors_tell(submission: Submission, authorships: list[Authorship], *, by: User) -> None:
    """The author who saves the form confirms their own authorship; every other author with
    an account is told, once, that they are listed, and may say they are not an author."""
    now = timezone.now()
    for authorship in authorships:
        if authorship.user_id is None or authorship.confirmed_at or authorship.disputed_at:
            continue
        if authorship.user_id == by.pk:
            Authorship.objects.filter(pk=authorship.pk).update(confirmed_at=now, updated_at=now)
            continue
        email_queue(
            template="coauthor_listed",
            to=[authorship.email],
            context={
                "submission": submission,
                "workshop": submission.workshop,
                "authors": authorships,
                "listed_by": by,
            },
            workshop=submission.workshop,
            about=submission,
            idempotency_key=f"coauthor-listed:{authorship.pk}",
        )


def _own_authorship(submission: Submission, user: User) -> Authorship:
    authorship = (
        Authorship.objects.select_for_update().filter(submission=submission, user=user).first()
    )
    if authorship is None:
        raise Refusal("You are not listed as an author of this paper.")
    return authorship


@transaction.atomic
def authorship_confirm(*, submission: Submission, user: User) -> Authorship:
    authorship = _own_authorship(submission, user)
    if authorship.confirmed_at is None:
        authorship.confirmed_at = timezone.now()
        authorship.save(update_fields=["confirmed_at", "updated_at"])
    return authorship


@transaction.atomic
def authorship_dispute(*, submission: Submission, user: User) -> Authorship:
    """ "I am not an author of this paper": the account leaves the paper (no access, no
    conflicts drawn from it), the other authors are told, organizers see the flag."""
    authorship = _own_authorship(submission, user)
    if authorship.confirmed_at is not None:
        raise Refusal("You confirmed this authorship; ask the other authors to remove you.")
    authorship.disputed_at = timezone.now()
    authorship.user = None
    authorship.save(update_fields=["disputed_at", "user", "updated_at"])
    others = [a for a in submission.authorships.all() if a.pk != authorship.pk]
    email_queue(
        template="coauthor_disputed",
        to=[a.email for a in others],
        context={
            "submission": submission,
            "workshop": submission.workshop,
            "authors": others,
            "disputed": authorship,
        },
        workshop=submission.workshop,
        about=submission,
        idempotency_key=f"coauthor-disputed:{authorship.pk}",
    )
    authors_changed.send(sender=Submission, submission=submission)
    return authorship


def _notify_authors(submission: Submission, template: str, key: str = "", **extra) -> None:
    authorships = list(submission.authorships.order_by("order", "pk"))
    email_queue(
        template=template,
        to=[authorship.email for authorship in authorships],
        context={
            "submission": submission,
            "workshop": submission.workshop,
            "authors": authorships,
            "keywords": submission.keyword_list,
            "secondary_topics": list(submission.secondary_topics.all()),
            **extra,
        },
        workshop=submission.workshop,
        about=submission,
        idempotency_key=f"{template}:{submission.pk}:{key}".rstrip(":"),
    )


def author_refusal(*, submission: Submission, user: User | None, action: str) -> Refusal | None:
    """The refusal an organizer gets for acting on a paper they author (conflict of
    interest: another organizer must), or None. user=None (the command line) is no author."""
    if user is None or not submission.authorships.filter(user_id=user.pk).exists():
        return None
    return Refusal(
        f"You are an author of paper #{submission.number}: another organizer must {action}."
    )


def check_not_author(*, submission: Submission, user: User | None, action: str) -> None:
    refusal = author_refusal(submission=submission, user=user, action=action)
    if refusal is not None:
        raise refusal
