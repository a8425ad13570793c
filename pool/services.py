"""Writes for the reviewer pool: invitations, profiles, bids and conflicts of interest."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.defaultfilters import linebreaks
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, urlize

from accounts.models import User
from fomo_site.errors import Refusal
from notifications.enums import EmailStatus
from notifications.mail_templates import (
    mail_template_save,
    mail_template_text,
    placeholders_in,
    placeholders_render,
)
from notifications.selectors import emails_known, last_email_status
from notifications.services import email_queue, email_queue_rendered
from pool.conflicts import (
    AuthorRow,
    ConflictKey,
    ReviewerRow,
    compute_conflicts,
    email_domain,
    organisation_domain,
)
from pool.enums import (
    AUTOMATIC_CONFLICT_SOURCES,
    OPEN_INVITATION_STATUSES,
    BidValue,
    ConflictSource,
    ExpertiseLevel,
    InvitationRole,
    InvitationStatus,
)
from pool.imports import ReviewerLine
from pool.models import (
    AreaChair,
    Bid,
    Conflict,
    ReviewerInvitation,
    ReviewerPaper,
    ReviewerProfile,
    TopicExpertise,
)
from pool.paper_texts import (
    TITLE_LENGTH,
    PaperEntry,
    entry_problem,
    plain_papers_parse,
    url_ok,
    year_ok,
)
from pool.signals import reviewer_papers_changed
from submissions.enums import SubmissionStatus
from submissions.models import Authorship, Submission
from submissions.services import check_not_author
from topics.models import Topic, Workshop
from topics.templatetags.fomo import aoe

logger = logging.getLogger(__name__)


logger = logging.getLogger(__name__)


INVITATION_TEMPLATE = "reviewer_invitation"

# Put before the invitation text when the invitation is to be an area chair.
AREA_CHAIR_NOTE = (
    "You are invited as an AREA CHAIR: you review no papers yourself. You follow the "
    "reviews of the papers given to you, lead their discussion and write a meta-review "
    "with a recommendation for each.\n\n"
)


# Days after sending at which the k-th reminder goes out (once each per invitation).
DEFAULT_REMINDER_DAYS = (7,)


# The variables an invitation text may use, as {{ name }}.
INVITATION_PLACEHOLDERS = (
    "reviewer_name",
    "workshop_name",
    "workshop_short_name",
    "invitation_url",
    "organizer_name",
    "bidding_deadline",
    "review_deadline",
    "max_papers",
    "site_url",
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_new() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def invitation_url(*, workshop: Workshop, token: str) -> str:
    path = reverse("pool:invitation", kwargs={"workshop": workshop.slug, "token": token})
    return settings.SITE_URL + path


def invitation_template_check(*, body: str) -> None:
    """An invitation text must carry the personal link."""
    if "invitation_url" not in placeholders_in(body):
        raise ValidationError("The text must contain {{ invitation_url }}, the personal link.")


def invitation_template_save(*, workshop: Workshop, subject: str, body: str) -> None:
    invitation_template_check(body=body)
    mail_template_save(
        workshop=workshop,
        name=INVITATION_TEMPLATE,
        subject=subject,
        body=body,
        allowed=INVITATION_PLACEHOLDERS,
    )


def _invitation_values(invitation: ReviewerInvitation, token: str) -> dict[str, str]:
    workshop = invitation.workshop
    organizer = invitation.invited_by
    return {
        "reviewer_name": invitation.name,
        "workshop_name": workshop.name,
        "workshop_short_name": workshop.short_name,
        "invitation_url": invitation_url(workshop=workshop, token=token),
        "organizer_name": organizer.full_name
        if organizer
        else f"The {workshop.short_name} organizers",
        "bidding_deadline": aoe(workshop.bidding_deadline),
        "review_deadline": aoe(workshop.review_deadline),
        "max_papers": str(workshop.max_papers_per_reviewer),
        "site_url": settings.SITE_URL,
    }


def _invitation_email(invitation: ReviewerInvitation, *, token: str, reminder: int = 0) -> None:
    """Queue the invitation (reminder=0) or its k-th reminder, carrying the fresh token."""
    values = _invitation_values(invitation, token)
    key_base = f"reviewer-invitation:{invitation.pk}:{invitation.send_count}"
    if reminder:
        email_queue(
            template="reviewer_invitation_reminder",
            to=[invitation.email],
            context=values,
            workshop=invitation.workshop,
            about=invitation,
            idempotency_key=f"{key_base}:reminder:{reminder}",
        )
        return
    subject_text, body_text = mail_template_text(
        name=INVITATION_TEMPLATE, workshop=invitation.workshop
    )
    body = placeholders_render(body_text, values)
    subject = placeholders_render(subject_text, values)
    if invitation.role == InvitationRole.AREA_CHAIR:
        subject = f"Area chair: {subject}"
        body = AREA_CHAIR_NOTE + body
    email_queue_rendered(
        to=[invitation.email],
        subject=subject,
        body_text=body,
        body_html=linebreaks(urlize(escape(body))),
        kind=INVITATION_TEMPLATE,
        workshop=invitation.workshop,
        about=invitation,
        idempotency_key=key_base,
    )


def _invitation_send(invitation: ReviewerInvitation, *, now: datetime) -> None:
    token, hashed = token_new()
    invitation.token_hash = hashed
    invitation.sent_at = now
    invitation.send_count += 1
    invitation.reminders_sent = 0
    invitation.save(
        update_fields=[
            "token_hash",
            "sent_at",
            "send_count",
            "reminders_sent",
            "status",
            "updated_at",
        ]
    )
    _invitation_email(invitation, token=token)


@dataclass(frozen=True)
class InvitationOutcome:
    email: str
    invitation: ReviewerInvitation | None
    created: bool
    message: str


def invitation_create(
    *,
    workshop: Workshop,
    email: str,
    name: str,
    affiliation: str = "",
    invited_by: User | None = None,
    role: str = InvitationRole.REVIEWER,
) -> InvitationOutcome:
    """Invite one person (as a reviewer or an area chair); an address already invited to
    this workshop is left alone."""
    email = email.strip().lower()
    name = " ".join(name.split())
    try:
        validate_email(email)
    except ValidationError as invalid:
        raise Refusal(f"“{email}” is not a valid email address.") from invalid
    if not name:
        raise Refusal("A name is required.")
    with transaction.atomic():
        existing = ReviewerInvitation.objects.filter(workshop=workshop, email=email).first()
        if existing is not None and existing.status != InvitationStatus.REMOVED:
            return InvitationOutcome(
                email, existing, False, f"already invited ({existing.get_status_display()})"
            )
        if _is_reviewer(workshop=workshop, email=email):
            return InvitationOutcome(email, None, False, "already a reviewer")
        if _is_area_chair(workshop=workshop, email=email):
            return InvitationOutcome(email, None, False, "already an area chair")
        if existing is not None:
            existing = _invitation_locked(existing)
            if existing.status != InvitationStatus.REMOVED:  # invited again a moment ago
                return InvitationOutcome(email, existing, False, "already invited")
            existing.name, existing.affiliation = name, affiliation.strip()
            existing.role = role
            _invitation_reopen(existing, invited_by=invited_by)
            return InvitationOutcome(email, existing, True, "invited again")
        invitation = ReviewerInvitation(
            workshop=workshop,
            email=email,
            name=name,
            affiliation=affiliation.strip(),
            invited_by=invited_by,
            role=role,
            token_hash=token_new()[1],
        )
        try:
            with transaction.atomic():
                invitation.save()
        except IntegrityError:  # invited by a concurrent request a moment ago
            return InvitationOutcome(email, None, False, "already invited")
        _invitation_send(invitation, now=timezone.now())
    return InvitationOutcome(email, invitation, True, "invited")


def invitations_from_earlier_pool(
    *, source: Workshop, target: Workshop, invited_by: User | None
) -> list[InvitationOutcome]:
    """Invite everyone who reviewed for an earlier workshop (its accepted pool) to a new one,
    each with the new workshop's invitation email; its area chairs are invited as area
    chairs again."""
    profiles = ReviewerProfile.objects.filter(workshop=source).select_related("user")
    chairs = AreaChair.objects.filter(workshop=source).select_related("user")
    return [
        invitation_create(
            workshop=target,
            email=profile.user.email,
            name=profile.user.full_name or profile.user.email,
            affiliation=profile.affiliation or profile.user.affiliation,
            invited_by=invited_by,
        )
        for profile in profiles.order_by("user__email")
    ] + [
        invitation_create(
            workshop=target,
            email=chair.user.email,
            name=chair.user.full_name or chair.user.email,
            affiliation=chair.affiliation or chair.user.affiliation,
            invited_by=invited_by,
            role=InvitationRole.AREA_CHAIR,
        )
        for chair in chairs.order_by("user__email")
    ]


def invitations_bulk_create(
    *, workshop: Workshop, rows: Sequence[ReviewerLine], invited_by: User | None = None
) -> list[tuple[int, str, str]]:
    """Invite every row on its own: (line, email, outcome) per row; a bad row stops nothing."""
    results = []
    for row in rows:
        try:
            outcome = invitation_create(
                workshop=workshop,
                email=row.email,
                name=row.name,
                affiliation=row.affiliation,
                invited_by=invited_by,
            )
            results.append((row.line, row.email, outcome.message))
        except Refusal as refused:
            results.append((row.line, row.email, f"refused: {refused}"))
    return results


def _invitation_locked(invitation: ReviewerInvitation) -> ReviewerInvitation:
    return (
        ReviewerInvitation.objects.select_for_update(of=("self",))
        .select_related("workshop")
        .get(pk=invitation.pk)
    )


def _is_reviewer(*, workshop: Workshop, email: str) -> bool:
    return ReviewerProfile.objects.filter(workshop=workshop, user__email__iexact=email).exists()


def _is_area_chair(*, workshop: Workshop, email: str) -> bool:
    return AreaChair.objects.filter(workshop=workshop, user__email__iexact=email).exists()


def _invitation_reopen(invitation: ReviewerInvitation, *, invited_by: User | None) -> None:
    """Invite someone removed from the pool again, with a new link; the answer starts over,
    removed_at and removed_by stay as the record of the last removal."""
    invitation.status = InvitationStatus.SENT
    invitation.opened_at = None
    invitation.responded_at = None
    invitation.decline_reason = ""
    invitation.accepted_as_email = ""
    invitation.email_mismatch_confirmed_at = None
    invitation.invited_by = invited_by or invitation.invited_by
    invitation.save()
    _invitation_send(invitation, now=timezone.now())


@transaction.atomic
def invitation_resend(
    *, invitation: ReviewerInvitation, by: User | None = None
) -> ReviewerInvitation:
    """Send again with a new link (the old link stops working); to someone removed from the
    pool, a new invitation."""
    invitation = _invitation_locked(invitation)
    if invitation.status == InvitationStatus.REMOVED:
        if _is_reviewer(workshop=invitation.workshop, email=invitation.email):
            raise Refusal(f"{invitation.email} is already a reviewer again.")
        _invitation_reopen(invitation, invited_by=by)
        return invitation
    if invitation.status not in (*OPEN_INVITATION_STATUSES, InvitationStatus.BOUNCED):
        raise Refusal(
            f"This invitation was {invitation.get_status_display().lower()}; it cannot be resent."
        )
    invitation.status = InvitationStatus.SENT
    _invitation_send(invitation, now=timezone.now())
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: ReviewerInvitation) -> ReviewerInvitation:
    invitation = _invitation_locked(invitation)
    if invitation.status in (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED):
        raise Refusal("Only an unanswered invitation can be revoked.")
    invitation.status = InvitationStatus.REVOKED
    invitation.revoked_at = timezone.now()
    invitation.token_hash = token_new()[1]
    invitation.save(update_fields=["status", "revoked_at", "token_hash", "updated_at"])
    return invitation


@transaction.atomic
def invitation_open(*, invitation: ReviewerInvitation) -> None:
    """Record that the link was followed (sent -> opened)."""
    ReviewerInvitation.objects.filter(
        pk=invitation.pk, status__in=[InvitationStatus.SENT, InvitationStatus.BOUNCED]
    ).update(status=InvitationStatus.OPENED, opened_at=timezone.now(), updated_at=timezone.now())


def profile_defaults(user: User, affiliation: str = "") -> dict:
    domain = organisation_domain(email_domain(user.email))
    return {
        "affiliation": affiliation or user.affiliation,
        "email_domains": [email_domain(user.email)] if domain else [],
    }


def reviewer_profile_ensure(
    *, workshop: Workshop, user: User, invitation: ReviewerInvitation | None = None
) -> tuple[ReviewerProfile, bool]:
    affiliation = invitation.affiliation if invitation else ""
    profile, created = ReviewerProfile.objects.get_or_create(
        workshop=workshop,
        user=user,
        defaults={"invitation": invitation, **profile_defaults(user, affiliation)},
    )
    if created:
        conflicts_recompute_for_reviewer(profile=profile)
    return profile, created


def area_chair_ensure(
    *, workshop: Workshop, user: User, invitation: ReviewerInvitation | None = None
) -> tuple[AreaChair, bool]:
    """Make the user an area chair of the workshop (with their automatic conflicts)."""
    area_chair, created = AreaChair.objects.get_or_create(
        workshop=workshop,
        user=user,
        defaults={
            "invitation": invitation,
            "affiliation": (invitation.affiliation if invitation else "") or user.affiliation,
        },
    )
    if created:
        _conflicts_recompute_for_user(workshop=workshop, user_id=user.pk)
    return area_chair, created


@transaction.atomic
def invitation_accept(
    *, invitation: ReviewerInvitation, user: User, confirm_other_email: bool = False
) -> ReviewerProfile | AreaChair:
    """Bind the invitation to the account and make them a reviewer of the workshop.

    An account with another address accepts only with ``confirm_other_email``; that
    choice is stored on the invitation and logged.
    """
    invitation = _invitation_locked(invitation)
    workshop = invitation.workshop
    if invitation.status not in (*OPEN_INVITATION_STATUSES, InvitationStatus.BOUNCED):
        raise Refusal(f"This invitation was already {invitation.get_status_display().lower()}.")
    mismatch = user.email.lower() != invitation.email
    if mismatch and not confirm_other_email:
        raise Refusal(
            f"This invitation was sent to {invitation.email}, and you are logged in as"
            f" {user.email}. Confirm that you accept it with this account."
        )
    if ReviewerProfile.objects.filter(workshop=workshop, user=user).exists():
        raise Refusal(f"You are already a reviewer of {workshop.short_name}.")
    if AreaChair.objects.filter(workshop=workshop, user=user).exists():
        raise Refusal(f"You are already an area chair of {workshop.short_name}.")
    now = timezone.now()
    invitation.status = InvitationStatus.ACCEPTED
    invitation.user = user
    invitation.responded_at = now
    invitation.token_hash = token_new()[1]  # single use
    if mismatch:
        invitation.accepted_as_email = user.email.lower()
        invitation.email_mismatch_confirmed_at = now
        logger.warning(
            "reviewer invitation %s for %s accepted by account %s (%s) after confirmation",
            invitation.pk,
            invitation.email,
            user.pk,
            user.email,
        )
    invitation.save()
    if invitation.role == InvitationRole.AREA_CHAIR:
        return area_chair_ensure(workshop=workshop, user=user, invitation=invitation)[0]
    profile, _ = reviewer_profile_ensure(workshop=workshop, user=user, invitation=invitation)
    email_queue(
        template="reviewer_accepted",
        to=[user.email],
        context={
            "reviewer_name": user.full_name or invitation.name,
            "workshop_name": workshop.name,
            "workshop_short_name": workshop.short_name,
            "profile_url": settings.SITE_URL
            + reverse("pool:profile", kwargs={"workshop": workshop.slug}),
            "bidding_deadline": workshop.bidding_deadline,
            "submission_deadline": workshop.submission_deadline,
        },
        workshop=workshop,
        about=invitation,
        idempotency_key=f"reviewer-accepted:{invitation.pk}",
    )
    return profile


@transaction.atomic
def invitation_decline(*, invitation: ReviewerInvitation, reason: str = "") -> None:
    invitation = _invitation_locked(invitation)
    if invitation.status not in (*OPEN_INVITATION_STATUSES, InvitationStatus.BOUNCED):
        raise Refusal(f"This invitation was already {invitation.get_status_display().lower()}.")
    invitation.status = InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    invitation.decline_reason = reason.strip()[:2000]
    invitation.token_hash = token_new()[1]
    invitation.save(
        update_fields=["status", "responded_at", "decline_reason", "token_hash", "updated_at"]
    )


def invitations_mark_bounced() -> int:
    """Unanswered invitations whose last email failed for good are 'bounced'."""
    last_status = last_email_status(ReviewerInvitation)
    bounced_ids = list(
        ReviewerInvitation.objects.filter(status__in=OPEN_INVITATION_STATUSES)
        .annotate(last_email_status=last_status)
        .filter(last_email_status=EmailStatus.FAILED)
        .values_list("pk", flat=True)
    )
    return ReviewerInvitation.objects.filter(pk__in=bounced_ids).update(
        status=InvitationStatus.BOUNCED, updated_at=timezone.now()
    )


def invitation_reminders_send(
    *, now: datetime | None = None, reminder_days: Sequence[int] | None = None
) -> int:
    """Send each due reminder once per invitation; running it twice sends nothing new."""
    now = now or timezone.now()
    days = tuple(
        reminder_days
        if reminder_days is not None
        else getattr(settings, "REVIEWER_INVITATION_REMINDER_DAYS", DEFAULT_REMINDER_DAYS)
    )
    sent = 0
    reminded: set[int] = set()  # at most one reminder per invitation per run
    for index, after_days in enumerate(days):
        due_ids = list(
            ReviewerInvitation.objects.filter(
                status__in=OPEN_INVITATION_STATUSES,
                reminders_sent=index,
                sent_at__lte=now - timedelta(days=after_days),
                workshop__bidding_deadline__gt=now,
            ).values_list("pk", flat=True)
        )
        for invitation_id in due_ids:
            if invitation_id in reminded:
                continue
            with transaction.atomic():
                invitation = (
                    ReviewerInvitation.objects.select_for_update(of=("self",))
                    .select_related("workshop", "invited_by")
                    .filter(
                        pk=invitation_id, reminders_sent=index, status__in=OPEN_INVITATION_STATUSES
                    )
                    .first()
                )
                if invitation is None:
                    continue
                token, invitation.token_hash = token_new()
                invitation.reminders_sent = index + 1
                invitation.save(update_fields=["token_hash", "reminders_sent", "updated_at"])
                _invitation_email(invitation, token=token, reminder=index + 1)
                reminded.add(invitation_id)
                sent += 1
    return sent


def email_domains_parse(text: str) -> list[str]:
    """'cs.mit.edu, @csail.mit.edu x' -> ['cs.mit.edu', 'csail.mit.edu', ...] (validated)."""
    domains: list[str] = []
    for raw in re.split(r"[\s,;]+", text.strip().lower()):
        domain = raw.lstrip("@").strip(".")
        if not domain:
            continue
        if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", domain):
            raise ValidationError(f"“{raw}” is not a domain name such as cs.example.edu.")
        if domain not in domains:
            domains.append(domain)
    return domains


def effective_max_load(*, profile: ReviewerProfile, workshop: Workshop) -> int:
    limit = workshop.max_papers_per_reviewer
    return min(profile.max_load, limit) if profile.max_load else limit


@transaction.atomic
def reviewer_profile_update(
    *,
    profile: ReviewerProfile,
    affiliation: str,
    email_domains: Sequence[str],
    statement: str,
    keywords: str,
    max_load: int | None,
    expertise: Mapping[int, str],
) -> ReviewerProfile:
    """Save the profile and its topic expertise (the whole set), then recompute conflicts."""
    workshop = profile.workshop
    topic_ids = set(Topic.objects.filter(workshop=workshop).values_list("pk", flat=True))
    unknown = set(expertise) - topic_ids
    if unknown:
        raise Refusal("Some topics are not part of this workshop.")
    bad_levels = set(expertise.values()) - set(ExpertiseLevel.values)
    if bad_levels:
        raise Refusal(f"Unknown expertise level: {', '.join(sorted(bad_levels))}.")
    if max_load is not None:
        max_load = max(1, min(max_load, workshop.max_papers_per_reviewer))
    profile.affiliation = affiliation.strip()
    profile.email_domains = list(email_domains)
    profile.statement = statement.strip()
    profile.keywords = keywords.strip()
    profile.max_load = max_load
    profile.completed_at = profile.completed_at or timezone.now()
    profile.save()
    _expertise_replace(profile, expertise)
    conflicts_recompute_for_reviewer(profile=profile)
    return profile


MAX_OWN_PAPERS = 100  # a reviewer's list; imports by organizers are not capped


@dataclass(frozen=True)
class PapersAdded:
    added: int
    already_listed: list[str]  # titles skipped: the list has them already


def reviewer_papers_touched(*, profile: ReviewerProfile) -> None:
    """For a change made outside these services (the admin's inline)."""
    _papers_changed(profile)


def _papers_changed(profile: ReviewerProfile) -> None:
    """Mark the profile updated and announce the change once the transaction commits."""
    ReviewerProfile.objects.filter(pk=profile.pk).update(updated_at=timezone.now())
    profile_id = profile.pk
    transaction.on_commit(
        lambda: reviewer_papers_changed.send(sender=ReviewerProfile, profile_id=profile_id)
    )


def _paper_refusal(entry: PaperEntry) -> None:
    if problem := entry_problem(entry):
        raise Refusal(problem.reason[0].upper() + problem.reason[1:] + ".")


def _title_key(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", title.casefold()).split())


def _next_position(profile: ReviewerProfile) -> int:
    last = profile.papers.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def area_chair_profile_update(
    *,
    area_chair: AreaChair,
    affiliation: str,
    keywords: str,
    max_load: int | None,
    topic_ids: Sequence[int],
) -> AreaChair:
    """Save what an area chair declares (topics, keywords, affiliation, limit), then
    recompute their automatic conflicts (the affiliation is one of their grounds)."""
    workshop_id = area_chair.workshop_id
    topics = list(Topic.objects.filter(workshop_id=workshop_id, pk__in=list(topic_ids)))
    if len(topics) != len(set(topic_ids)):
        raise Refusal("Some topics are not part of this workshop.")
    if max_load is not None and max_load < 1:
        raise Refusal("The limit is at least one paper; leave it empty for an even share.")
    area_chair.affiliation = affiliation.strip()
    area_chair.keywords = keywords.strip()
    area_chair.max_load = max_load
    area_chair.save(update_fields=["affiliation", "keywords", "max_load", "updated_at"])
    area_chair.topics.set(topics)
    _conflicts_recompute_for_user(workshop=area_chair.workshop, user_id=area_chair.user_id)
    return area_chair


@transaction.atomic
def reviewer_paper_add(
    *,
    profile: ReviewerProfile,
    title: str,
    abstract: str = "",
    year: int | None = None,
    url: str = "",
) -> ReviewerPaper:
    """Add one paper at the end of the reviewer's list."""
    entry = PaperEntry(
        title=" ".join(title.split()), abstract=abstract.strip(), year=year, url=url.strip()
    )
    _paper_refusal(entry)
    ReviewerProfile.objects.select_for_update().filter(pk=profile.pk).first()
    if profile.papers.count() >= MAX_OWN_PAPERS:
        raise Refusal(f"You can list up to {MAX_OWN_PAPERS} papers; remove one first.")
    paper = ReviewerPaper.objects.create(
        profile=profile,
        position=_next_position(profile),
        title=entry.title,
        abstract=entry.abstract,
        year=entry.year,
        url=entry.url,
    )
    _papers_changed(profile)
    return paper


@transaction.atomic
def reviewer_paper_update(
    *, paper: ReviewerPaper, title: str, abstract: str, year: int | None, url: str
) -> ReviewerPaper:
    entry = PaperEntry(
        title=" ".join(title.split()), abstract=abstract.strip(), year=year, url=url.strip()
    )
    _paper_refusal(entry)
    new = (entry.title, entry.abstract, entry.year, entry.url)
    if new != (paper.title, paper.abstract, paper.year, paper.url):
        paper.title, paper.abstract, paper.year, paper.url = new
        paper.save()
        _papers_changed(paper.profile)
    return paper


@transaction.atomic
def reviewer_paper_delete(*, paper: ReviewerPaper) -> None:
    profile = paper.profile
    paper.delete()
    _papers_changed(profile)


@transaction.atomic
def reviewer_paper_move(*, paper: ReviewerPaper, up: bool) -> bool:
    """Swap the paper with the one before (up) or after it; False when it is first/last."""
    profile = paper.profile
    ReviewerProfile.objects.select_for_update().filter(pk=profile.pk).first()
    order = list(profile.papers.order_by("position", "pk"))
    index = next(i for i, row in enumerate(order) if row.pk == paper.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(order):
        return False
    order[index], order[other] = order[other], order[index]
    changed = [row for position, row in enumerate(order) if row.position != position]
    for position, row in enumerate(order):
        row.position = position
    ReviewerPaper.objects.bulk_update(changed, ["position"])
    _papers_changed(profile)
    return True


@transaction.atomic
def reviewer_papers_add(*, profile: ReviewerProfile, papers: Sequence[PaperEntry]) -> PapersAdded:
    """Add papers read from a pasted BibTeX file or list at the end of the list, leaving out
    those whose title is listed already. All or nothing: a refusal adds none."""
    for entry in papers:
        if problem := entry_problem(entry):
            raise Refusal(str(problem))
    ReviewerProfile.objects.select_for_update().filter(pk=profile.pk).first()
    titles = {_title_key(title) for title in profile.papers.values_list("title", flat=True)}
    count = len(titles)
    new: list[PaperEntry] = []
    already: list[str] = []
    for entry in papers:
        key = _title_key(entry.title)
        if key in titles:
            already.append(entry.title)
        else:
            titles.add(key)
            new.append(entry)
    if count + len(new) > MAX_OWN_PAPERS:
        raise Refusal(
            f"You can list up to {MAX_OWN_PAPERS} papers: you have {count}, and this adds "
            f"{len(new)}. Paste the ones that show your expertise best."
        )
    start = _next_position(profile)
    ReviewerPaper.objects.bulk_create(
        ReviewerPaper(
            profile=profile,
            position=start + index,
            title=entry.title,
            abstract=entry.abstract,
            year=entry.year,
            url=entry.url,
        )
        for index, entry in enumerate(new)
    )
    if new:
        _papers_changed(profile)
    return PapersAdded(added=len(new), already_listed=already)


@transaction.atomic
def reviewer_papers_replace(*, profile: ReviewerProfile, papers: Sequence[PaperEntry]) -> int:
    """Make these the reviewer's papers, in this order (import_expertise). Imported data
    is taken as it comes: an over-long title is cut, an implausible year or link left out."""
    profile.papers.all().delete()
    rows = []
    for position, entry in enumerate(papers):
        title = " ".join(entry.title.split())
        if not title:
            continue
        rows.append(
            ReviewerPaper(
                profile=profile,
                position=position,
                title=title[:TITLE_LENGTH],
                abstract=entry.abstract.strip(),
                year=entry.year if year_ok(entry.year) else None,
                url=entry.url if url_ok(entry.url) else "",
            )
        )
    ReviewerPaper.objects.bulk_create(rows)
    _papers_changed(profile)
    return len(rows)


def _expertise_replace(profile: ReviewerProfile, expertise: Mapping[int, str]) -> None:
    current = dict(profile.expertise.values_list("topic_id", "level"))
    profile.expertise.exclude(topic_id__in=list(expertise)).delete()
    for topic_id, level in expertise.items():
        if current.get(topic_id) != level:
            TopicExpertise.objects.update_or_create(
                profile=profile, topic_id=topic_id, defaults={"level": level}
            )


def _author_rows(workshop: Workshop) -> list[AuthorRow]:
    rows = Authorship.objects.filter(
        submission__workshop=workshop, disputed_at__isnull=True
    ).values_list("submission_id", "submission__number", "user_id", "email", "affiliation", "name")
    return [
        AuthorRow(
            submission_id=submission_id,
            number=number,
            user_id=user_id,
            email=email,
            affiliation=affiliation,
            name=name,
        )
        for submission_id, number, user_id, email, affiliation, name in rows
    ]


def _area_chair_rows(workshop: Workshop, user_ids: Iterable[int] | None) -> list[ReviewerRow]:
    """Area chairs have the same automatic conflicts as reviewers (their own address's
    domain stands for their institution)."""
    area_chairs = AreaChair.objects.filter(workshop=workshop)
    if user_ids is not None:
        area_chairs = area_chairs.filter(user_id__in=list(user_ids))
    rows = []
    for user_id, email, affiliation, user_affiliation in area_chairs.values_list(
        "user_id", "user__email", "affiliation", "user__affiliation"
    ):
        domain = email_domain(email)
        rows.append(
            ReviewerRow(
                user_id=user_id,
                email=email,
                affiliations=[affiliation or user_affiliation],
                domains=[domain] if organisation_domain(domain) else [],
            )
        )
    return rows


def _reviewer_rows(workshop: Workshop, user_ids: Iterable[int] | None = None) -> list[ReviewerRow]:
    profiles = ReviewerProfile.objects.filter(workshop=workshop)
    if user_ids is not None:
        user_ids = list(user_ids)
        profiles = profiles.filter(user_id__in=user_ids)
    return _area_chair_rows(workshop, user_ids) + [
        ReviewerRow(
            user_id=user_id,
            email=email,
            affiliations=[affiliation or user_affiliation],
            domains=list(domains or []),
        )
        for user_id, email, affiliation, user_affiliation, domains in profiles.values_list(
            "user_id", "user__email", "affiliation", "user__affiliation", "email_domains"
        )
    ]


def _conflicts_sync(
    *, workshop: Workshop, desired: dict[ConflictKey, str], scope: Q, batch_size: int = 2000
) -> tuple[int, int]:
    """Make the active automatic rows in ``scope`` equal ``desired``; removed rows stay put.

    Returns (created, deleted). A removed row keeps its (submission, reviewer, source)
    slot, so the insert (ignore_conflicts) never brings it back.
    """
    existing: dict[ConflictKey, tuple[int, bool]] = {
        (submission_id, reviewer_id, source): (pk, removed_at is None)
        for pk, submission_id, reviewer_id, source, removed_at in Conflict.objects.filter(
            scope, workshop=workshop, source__in=AUTOMATIC_CONFLICT_SOURCES
        ).values_list("pk", "submission_id", "reviewer_id", "source", "removed_at")
    }
    new_rows = [
        Conflict(
            workshop=workshop,
            submission_id=submission_id,
            reviewer_id=reviewer_id,
            source=source,
            reason=reason[:500],
        )
        for (submission_id, reviewer_id, source), reason in desired.items()
        if (submission_id, reviewer_id, source) not in existing
    ]
    Conflict.objects.bulk_create(new_rows, ignore_conflicts=True, batch_size=batch_size)
    stale = [pk for key, (pk, active) in existing.items() if active and key not in desired]
    for start in range(0, len(stale), 500):
        Conflict.objects.filter(pk__in=stale[start : start + 500]).delete()
    return len(new_rows), len(stale)


@transaction.atomic
def conflicts_recompute_for_workshop(*, workshop: Workshop) -> tuple[int, int]:
    """Every automatic conflict of the workshop, in a few queries. Returns (created, deleted)."""
    desired = compute_conflicts(_author_rows(workshop), _reviewer_rows(workshop))
    return _conflicts_sync(workshop=workshop, desired=desired, scope=Q())


@transaction.atomic
def conflicts_recompute_for_submission(*, submission: Submission) -> tuple[int, int]:
    """Call after a submission's authors change (added, removed, email or affiliation edited).

    Recomputes the submission's automatic conflicts and, since co-authorship spans papers,
    the co-author conflicts of the whole workshop.
    """
    workshop = submission.workshop
    authors = _author_rows(workshop)
    reviewers = _reviewer_rows(workshop)
    desired = compute_conflicts(authors, reviewers, submission_ids={submission.pk})
    desired.update(compute_conflicts(authors, reviewers, sources=[ConflictSource.COAUTHOR]))
    scope = Q(submission=submission) | Q(source=ConflictSource.COAUTHOR)
    return _conflicts_sync(workshop=workshop, desired=desired, scope=scope)


@transaction.atomic
def conflicts_recompute_for_reviewer(*, profile: ReviewerProfile) -> tuple[int, int]:
    """Call after a reviewer's profile changes (affiliation, domains) or they join."""
    return _conflicts_recompute_for_user(workshop=profile.workshop, user_id=profile.user_id)


def _conflicts_recompute_for_user(*, workshop: Workshop, user_id: int) -> tuple[int, int]:
    desired = compute_conflicts(_author_rows(workshop), _reviewer_rows(workshop, [user_id]))
    return _conflicts_sync(workshop=workshop, desired=desired, scope=Q(reviewer_id=user_id))


def _conflict_declare(
    *, submission: Submission, reviewer_id: int, source: str, reason: str, by: User | None
) -> Conflict:
    """Create a declared conflict; one an organizer removed stays removed, one its declarer
    took back is active again."""
    conflict, created = Conflict.objects.get_or_create(
        submission=submission,
        reviewer_id=reviewer_id,
        source=source,
        defaults={"workshop_id": submission.workshop_id, "reason": reason[:500], "created_by": by},
    )
    if not created and conflict.removed_at is not None and by and conflict.removed_by_id == by.pk:
        conflict.reason = reason[:500]
        conflict.created_by = by
        conflict.removed_at = None
        conflict.removed_by = None
        conflict.removal_reason = ""
        conflict.save()
    return conflict


@transaction.atomic
def conflicts_declare_by_author(
    *, submission: Submission, reviewer_ids: Iterable[int], by: User
) -> tuple[int, int]:
    """Set the authors' declared conflicts of a submission to exactly ``reviewer_ids``."""
    wanted = set(reviewer_ids)
    pool = set(
        ReviewerProfile.objects.filter(
            workshop_id=submission.workshop_id, user_id__in=wanted
        ).values_list("user_id", flat=True)
    )
    if wanted - pool:
        raise Refusal("You can only declare conflicts with people in the reviewer pool.")
    current = set(
        Conflict.objects.filter(
            submission=submission, source=ConflictSource.DECLARED_BY_AUTHOR
        ).values_list("reviewer_id", flat=True)
    )
    for reviewer_id in wanted - current:
        _conflict_declare(
            submission=submission,
            reviewer_id=reviewer_id,
            source=ConflictSource.DECLARED_BY_AUTHOR,
            reason=f"Declared by {by.full_name or by.email} for the authors.",
            by=by,
        )
    withdrawn = current - wanted
    # The authors' own withdrawal deletes the row; an organizer's removal stays as the log.
    Conflict.objects.filter(
        submission=submission,
        source=ConflictSource.DECLARED_BY_AUTHOR,
        reviewer_id__in=withdrawn,
        removed_at__isnull=True,
    ).delete()
    return len(wanted - current), len(withdrawn)


@transaction.atomic
def conflict_add_by_organizer(
    *, submission: Submission, reviewer: User, reason: str, by: User
) -> Conflict:
    """Add a conflict; adding one that was removed brings it back."""
    check_not_author(submission=submission, user=by, action="declare its conflicts")
    if not reason.strip():
        raise Refusal("Give a reason for the conflict.")
    in_pool = ReviewerProfile.objects.filter(workshop_id=submission.workshop_id, user=reviewer)
    chairing = AreaChair.objects.filter(workshop_id=submission.workshop_id, user=reviewer)
    if not (in_pool.exists() or chairing.exists()):
        raise Refusal("That person is not a reviewer or an area chair of this workshop.")
    conflict, created = Conflict.objects.get_or_create(
        submission=submission,
        reviewer=reviewer,
        source=ConflictSource.ORGANIZER,
        defaults={
            "workshop_id": submission.workshop_id,
            "reason": reason.strip()[:500],
            "created_by": by,
        },
    )
    if not created:
        conflict.reason = reason.strip()[:500]
        conflict.created_by = by
        conflict.removed_at = None
        conflict.removed_by = None
        conflict.removal_reason = ""
        conflict.save()
    return conflict


@transaction.atomic
def conflict_remove(*, conflict: Conflict, by: User, reason: str) -> Conflict:
    """Soft-delete a conflict with a reason; the recompute will not re-create it."""
    if not reason.strip():
        raise Refusal("Give a reason for removing the conflict.")
    conflict = Conflict.objects.select_for_update().select_related("submission").get(pk=conflict.pk)
    check_not_author(submission=conflict.submission, user=by, action="remove its conflicts")
    if conflict.removed_at is not None:
        raise Refusal("This conflict was already removed.")
    conflict.removed_at = timezone.now()
    conflict.removed_by = by
    conflict.removal_reason = reason.strip()[:500]
    conflict.save(update_fields=["removed_at", "removed_by", "removal_reason", "updated_at"])
    logger.info(
        "conflict %s (%s, submission %s, reviewer %s) removed by %s: %s",
        conflict.pk,
        conflict.source,
        conflict.submission_id,
        conflict.reviewer_id,
        by.pk,
        conflict.removal_reason,
    )
    return conflict


def has_active_conflict(*, submission_id: int, user_id: int) -> bool:
    return Conflict.objects.filter(
        submission_id=submission_id, reviewer_id=user_id, removed_at__isnull=True
    ).exists()


def conflict_reasons_for_person(*, submission: Submission, user: User) -> list[str]:
    """Why ``user`` may not see ``submission``, whether or not they are in the pool: the
    automatic checks (author, email domain, affiliation, co-author) plus any recorded
    conflict. Empty when there is none. Used for subreviewers before they see a paper."""
    profile = ReviewerProfile.objects.filter(workshop=submission.workshop, user=user).first()
    person = ReviewerRow(
        user_id=user.pk,
        email=user.email,
        affiliations=[(profile.affiliation if profile else "") or user.affiliation],
        domains=list(profile.email_domains or []) if profile else [],
    )
    found = compute_conflicts(
        _author_rows(submission.workshop), [person], submission_ids={submission.pk}
    )
    reasons = [reason for (_, _, _), reason in sorted(found.items())]
    recorded = Conflict.objects.filter(
        submission=submission, reviewer=user, removed_at__isnull=True
    ).values_list("reason", flat=True)
    return reasons + [reason or "A conflict of interest is recorded." for reason in recorded]


@transaction.atomic
def bid_place(
    *, submission: Submission, reviewer: User, value: str, now: datetime | None = None
) -> Bid:
    """Record a reviewer's bid; 'conflict' also declares a conflict of interest."""
    workshop = submission.workshop
    if value not in BidValue.values:
        raise Refusal("Unknown bid.")
    if not ReviewerProfile.objects.filter(workshop=workshop, user=reviewer).exists():
        raise Refusal("You are not a reviewer of this workshop.")
    if not workshop.bidding_open_at(now or timezone.now()):
        raise Refusal("Bidding is closed.")
    if submission.status != SubmissionStatus.SUBMITTED:
        raise Refusal("This paper is not open for bids.")
    if has_active_conflict(submission_id=submission.pk, user_id=reviewer.pk):
        raise Refusal("You have a conflict of interest with this paper.")
    bid, _ = Bid.objects.update_or_create(
        submission=submission, reviewer=reviewer, defaults={"value": value}
    )
    if value == BidValue.CONFLICT:
        _conflict_declare(
            submission=submission,
            reviewer_id=reviewer.pk,
            source=ConflictSource.DECLARED_BY_REVIEWER,
            reason="Declared by the reviewer while bidding.",
            by=reviewer,
        )
    return bid


CONFLICT_TAKEN_BACK_REASON = "Taken back by the reviewer while bidding."


@transaction.atomic
def conflict_take_back(
    *, submission: Submission, reviewer: User, now: datetime | None = None
) -> Conflict:
    """Lift the conflict a reviewer declared with a paper and clear their 'conflict' bid.

    Only their own declaration, and only while bidding is open: conflicts of any other
    source are not theirs to lift, and one an organizer removed stays as the organizer
    left it. The row stays as the log, removed by the reviewer.
    """
    now = now or timezone.now()
    if not submission.workshop.bidding_open_at(now or timezone.now()):
        raise Refusal(
            "Bidding is closed: a declared conflict can no longer be taken back. "
            "Write to the organizers if it was a mistake."
        )
    conflict = (
        Conflict.objects.select_for_update()
        .filter(
            submission=submission,
            reviewer=reviewer,
            source=ConflictSource.DECLARED_BY_REVIEWER,
        )
        .first()
    )
    if conflict is None:
        raise Refusal("You have not declared a conflict with this paper.")
    if conflict.removed_at is not None:
        raise Refusal("This conflict was already removed.")
    conflict.removed_at = now
    conflict.removed_by = reviewer
    conflict.removal_reason = CONFLICT_TAKEN_BACK_REASON
    conflict.save(update_fields=["removed_at", "removed_by", "removal_reason", "updated_at"])
    Bid.objects.filter(submission=submission, reviewer=reviewer, value=BidValue.CONFLICT).delete()
    logger.info(
        "conflict %s (submission %s) taken back by reviewer %s",
        conflict.pk,
        conflict.submission_id,
        reviewer.pk,
    )
    return conflict


def bidding_open_notify(*, workshop: Workshop) -> int:
    """Email every accepted reviewer that bidding is open; each reviewer gets it once."""
    profiles = list(
        ReviewerProfile.objects.filter(workshop=workshop).select_related("user").order_by("pk")
    )
    keys = {
        profile.pk: f"reviewer-bidding-open:{workshop.pk}:{profile.user_id}" for profile in profiles
    }
    already = emails_known(keys=keys.values())
    bidding_url = settings.SITE_URL + reverse("pool:bids", kwargs={"workshop": workshop.slug})
    queued = 0
    with transaction.atomic():
        for profile in profiles:
            if keys[profile.pk] in already:
                continue
            email_queue(
                template="reviewer_bidding_open",
                to=[profile.user.email],
                context={
                    "reviewer_name": profile.user.full_name,
                    "workshop_name": workshop.name,
                    "workshop_short_name": workshop.short_name,
                    "bidding_url": bidding_url,
                    "profile_url": settings.SITE_URL
                    + reverse("pool:profile", kwargs={"workshop": workshop.slug}),
                    "bidding_deadline": workshop.bidding_deadline,
                    "profile_complete": profile.completed_at is not None,
                },
                workshop=workshop,
                about=profile,
                idempotency_key=keys[profile.pk],
            )
            queued += 1
    return queued


def expertise_parse(*, workshop: Workshop, text: str) -> dict[int, str]:
    """'scaling-laws:expert; Instruction Tuning' -> {topic_id: level} (default knowledgeable)."""
    topics = list(Topic.objects.filter(workshop=workshop).values_list("pk", "slug", "name"))
    by_key = {slug.casefold(): pk for pk, slug, _ in topics}
    by_key.update({name.casefold(): pk for pk, _, name in topics})
    expertise: dict[int, str] = {}
    for item in text.split(";"):
        item = item.strip()
        if not item:
            continue
        topic, colon, level = item.rpartition(":")
        level = level.strip().lower()
        if not colon or level not in ExpertiseLevel.values:
            if colon and topic.strip().casefold() in by_key and item.casefold() not in by_key:
                raise Refusal(
                    f"unknown expertise level “{level}” (use expert, knowledgeable or interested)"
                )
            topic, level = item, ExpertiseLevel.KNOWLEDGEABLE
        topic_id = by_key.get(topic.strip().casefold())
        if topic_id is None:
            raise Refusal(f"unknown topic “{topic.strip()}”")
        expertise[topic_id] = level
    return expertise


def max_load_parse(*, workshop: Workshop, text: str) -> tuple[int | None, str]:
    """The max load to store, and a note when the workshop's limit lowered it."""
    if not text.strip():
        return None, ""
    try:
        value = int(text.strip())
    except ValueError as bad:
        raise Refusal(f"max_load “{text}” is not a whole number") from bad
    if value < 1:
        raise Refusal("max_load must be at least 1")
    limit = workshop.max_papers_per_reviewer
    if value > limit:
        return limit, f"max_load {value} is above this workshop's limit of {limit}; {limit} stored"
    return value, ""


def reviewer_import_line(*, workshop: Workshop, line: ReviewerLine, accept: bool) -> str:
    """Import one line of a reviewer list; returns what happened, raises Refusal if refused.

    Without ``accept`` it invites (profile columns are kept for --accept only). With it, the
    person becomes an accepted reviewer with the given profile, an account with an unusable
    password being created when missing; nobody is emailed. A second run changes nothing.
    """
    email = line.email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as invalid:
        raise Refusal(f"invalid email address “{line.email}”") from invalid
    name = " ".join(line.name.split())
    if not name:
        raise Refusal("missing name")
    expertise = expertise_parse(workshop=workshop, text=line.expertise)
    max_load, load_note = max_load_parse(workshop=workshop, text=line.max_load)
    papers, problems = plain_papers_parse(line.profile)
    if problems:
        paper = problems[0].where.split(" (")[0]
        raise Refusal(f"profile column, {paper}: {problems[0].reason}")
    if not accept:
        outcome = invitation_create(
            workshop=workshop, email=email, name=name, affiliation=line.affiliation
        )
        return outcome.message
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if (
            user is not None
            and ReviewerProfile.objects.filter(workshop=workshop, user=user).exists()
        ):
            return "unchanged: already a reviewer"
        invitation = (
            ReviewerInvitation.objects.select_for_update()
            .filter(workshop=workshop, email=email)
            .first()
        )
        if invitation is not None and invitation.status in (
            InvitationStatus.DECLINED,
            InvitationStatus.REVOKED,
        ):
            raise Refusal(f"the invitation was {invitation.get_status_display().lower()}")
        if invitation is not None and invitation.status == InvitationStatus.ACCEPTED:
            return "unchanged: already accepted with another account"
        if user is None:
            user = User.objects.create_user(
                email=email, password=None, full_name=name, affiliation=line.affiliation.strip()
            )
        now = timezone.now()
        if invitation is None:
            invitation = ReviewerInvitation(
                workshop=workshop, email=email, name=name, affiliation=line.affiliation.strip()
            )
        invitation.status = InvitationStatus.ACCEPTED
        invitation.user = user
        invitation.responded_at = now
        invitation.token_hash = token_new()[1]
        invitation.save()
        profile = ReviewerProfile.objects.create(
            workshop=workshop,
            user=user,
            invitation=invitation,
            max_load=max_load,
            completed_at=now if (expertise or papers) else None,
            **profile_defaults(user, line.affiliation.strip()),
        )
        TopicExpertise.objects.bulk_create(
            TopicExpertise(profile=profile, topic_id=topic_id, level=level)
            for topic_id, level in expertise.items()
        )
        if papers:
            ReviewerPaper.objects.bulk_create(
                ReviewerPaper(
                    profile=profile, position=position, title=entry.title, abstract=entry.abstract
                )
                for position, entry in enumerate(papers)
            )
            _papers_changed(profile)
        conflicts_recompute_for_reviewer(profile=profile)
    return f"accepted ({load_note})" if load_note else "accepted"


def _removal_log(profile: ReviewerProfile) -> ReviewerInvitation:
    """The invitation the reviewer joined with (one is made for a profile without it)."""
    if profile.invitation_id is not None:
        return ReviewerInvitation.objects.select_for_update().get(pk=profile.invitation_id)
    user = profile.user
    invitation, _ = ReviewerInvitation.objects.select_for_update().get_or_create(
        workshop=profile.workshop,
        email=user.email.lower(),
        defaults={
            "name": user.full_name or user.email,
            "affiliation": profile.affiliation,
            "token_hash": token_new()[1],
        },
    )
    return invitation


def reviewer_profile_remove(
    *, profile: ReviewerProfile, now: datetime, by: User
) -> ReviewerInvitation:
    """The pool's part of removing a reviewer: bids and profile go, the invitation row stays
    as the log ("removed on … by …"); returns it. The caller holds the locks."""
    reviewer = profile.user
    Bid.objects.filter(reviewer=reviewer, submission__workshop=profile.workshop).delete()
    invitation = _removal_log(profile)
    profile.delete()
    invitation.status = InvitationStatus.REMOVED
    invitation.removed_at = now
    invitation.removed_by = by
    invitation.user = None  # frees the account to accept a new invitation of the workshop
    invitation.token_hash = token_new()[1]
    invitation.save()
    return invitation
