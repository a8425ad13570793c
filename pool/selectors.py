"""Reads for the reviewer pool, per role: reviewer (bidding), author (conflicts), organizer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from notifications.selectors import last_email_status
from pool.bid_ranking import bid_ranks
from pool.enums import POSITIVE_BIDS, BidValue, ConflictSource, ExpertiseLevel, InvitationStatus
from pool.models import (
    AreaChair,
    Bid,
    Conflict,
    ReviewerInvitation,
    ReviewerPaper,
    ReviewerProfile,
    TopicExpertise,
)
from pool.services import effective_max_load, token_hash
from submissions.enums import REVIEWABLE_STATUSES, SubmissionStatus
from submissions.models import Submission
from topics.enums import Phase
from topics.models import Topic, Workshop
from topics.selectors import topic_tree, topics_in_tree_order

LEVEL_WEIGHT = {
    ExpertiseLevel.EXPERT: 1.0,
    ExpertiseLevel.KNOWLEDGEABLE: 0.7,
    ExpertiseLevel.INTERESTED: 0.4,
}


def invitation_by_token(*, workshop: Workshop, token: str) -> ReviewerInvitation | None:
    if not token or len(token) > 100:
        return None
    return (
        ReviewerInvitation.objects.select_related("workshop")
        .filter(workshop=workshop, token_hash=token_hash(token))
        .first()
    )


def invitations_open_for_user(*, user: User) -> QuerySet[ReviewerInvitation]:
    """Unanswered invitations sent to the user's address (for their dashboard)."""
    return (
        ReviewerInvitation.objects.filter(
            email=user.email.lower(),
            status__in=[InvitationStatus.SENT, InvitationStatus.OPENED, InvitationStatus.BOUNCED],
        )
        .select_related("workshop")
        .order_by("workshop__bidding_deadline")
    )


def reviewer_profile_get(*, workshop: Workshop, user: User) -> ReviewerProfile | None:
    if not user.is_authenticated:
        return None
    return ReviewerProfile.objects.filter(workshop=workshop, user=user).first()


def reviewer_workshops(*, user: User) -> QuerySet[ReviewerProfile]:
    """The user's reviewer profiles, each with ``paper_count`` (how many own papers)."""
    return (
        ReviewerProfile.objects.filter(user=user)
        .select_related("workshop")
        .annotate(paper_count=_paper_count())
        .order_by("-workshop__submission_deadline")
    )


def _paper_count() -> Coalesce:
    papers = (
        ReviewerPaper.objects.filter(profile=OuterRef("pk"))
        .values("profile")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(papers, output_field=IntegerField()), 0)


def reviewer_papers(*, profile: ReviewerProfile) -> list[ReviewerPaper]:
    """The reviewer's own papers, in their order (their profile page)."""
    return list(profile.papers.order_by("position", "pk"))


def reviewer_paper_get(*, profile: ReviewerProfile, pk: int) -> ReviewerPaper:
    """One of this reviewer's papers; anyone else's is a 404."""
    paper = ReviewerPaper.objects.filter(profile=profile, pk=pk).first()
    if paper is None:
        raise Http404("No such paper in your list.")
    paper.profile = profile
    return paper


def expertise_levels(*, profile: ReviewerProfile) -> dict[int, str]:
    return dict(profile.expertise.values_list("topic_id", "level"))


def active_conflict_exists(user_id: int) -> Exists:
    """For a Submission queryset: whether this user has an active conflict with the paper."""
    return Exists(
        Conflict.objects.filter(
            submission=OuterRef("pk"), reviewer_id=user_id, removed_at__isnull=True
        )
    )


def submissions_for_reviewer(*, workshop: Workshop, user: User) -> QuerySet[Submission]:
    """Every paper a reviewer of the workshop may see: never drafts, never a conflict."""
    return Submission.objects.filter(workshop=workshop, status__in=REVIEWABLE_STATUSES).filter(
        ~active_conflict_exists(user.pk)
    )


def _my_bid(user: User) -> Subquery:
    return Subquery(
        Bid.objects.filter(submission=OuterRef("pk"), reviewer=user).values("value")[:1]
    )


def _biddable(*, workshop: Workshop, user: User) -> QuerySet[Submission]:
    """Submitted papers without a conflict, once submissions have closed (none before)."""
    if timezone.now() < workshop.submission_deadline:
        return Submission.objects.none()
    return submissions_for_reviewer(workshop=workshop, user=user).filter(
        status=SubmissionStatus.SUBMITTED
    )


def submissions_for_bidding(*, workshop: Workshop, user: User) -> QuerySet[Submission]:
    """The papers open for bids, with the reviewer's own bid as ``my_bid``."""
    return (
        _biddable(workshop=workshop, user=user)
        .select_related("primary_topic")
        .prefetch_related("secondary_topics")
        .annotate(my_bid=_my_bid(user))
        .defer("pdf", "reviewer_pdf", "supplementary", "camera_ready_pdf", "import_key")
    )


def bidding_submission_get(*, workshop: Workshop, user: User, number: int) -> Submission:
    """One paper of the bidding list; a conflict or an unknown number is a 404."""
    submission = submissions_for_bidding(workshop=workshop, user=user).filter(number=number).first()
    if submission is None:
        raise Http404("No such paper.")
    return submission


def _descendants(topic_id: int, topics: list[Topic]) -> set[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for topic in topics:
        children[topic.parent_id].append(topic.pk)
    found, stack = set(), [topic_id]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children[current])
    return found


def topic_match_score(
    *,
    primary_topic_id: int,
    secondary_topic_ids: list[int],
    levels: dict[int, str],
    parents: dict[int, int | None],
) -> float:
    """Topic overlap of a paper and a reviewer: a topic in common counts fully (times the
    expertise weight), a parent or child topic half, a sibling a quarter; the primary topic
    weighs twice a secondary one."""

    def match(topic_id: int) -> float:
        if topic_id in levels:
            return LEVEL_WEIGHT[levels[topic_id]]
        parent = parents.get(topic_id)
        best = LEVEL_WEIGHT[levels[parent]] / 2 if parent in levels else 0.0
        for known, level in levels.items():
            if parents.get(known) == topic_id:
                best = max(best, LEVEL_WEIGHT[level] / 2)
            elif parent is not None and parents.get(known) == parent:
                best = max(best, LEVEL_WEIGHT[level] / 4)
        return best

    score = match(primary_topic_id)
    score += sum(match(topic_id) / 2 for topic_id in secondary_topic_ids)
    return round(score, 3)


@dataclass
class BiddingRow:
    submission: Submission
    topics: list[Topic]
    bid: str
    score: float
    closest_paper: str = ""  # the reviewer's own paper this one is close to, if any


@dataclass
class _ScoredPaper:
    pk: int
    number: int
    primary_topic_id: int
    secondary_topic_ids: list[int]
    bid: str
    score: float = 0.0
    closest_paper: str = ""


@dataclass
class BiddingPage:
    rows: list[BiddingRow]  # the papers of the requested page only
    pages: Page  # the page of the paginator over all papers, for the page links
    topics: list[tuple[Topic, int]]  # (topic, depth) in tree order, for the topic filter
    topic_filter: int | None
    bids_placed: int
    total: int


def bidding_page(
    *,
    workshop: Workshop,
    user: User,
    profile: ReviewerProfile,
    topic_id: int | None = None,
    page_number: int | str | None = 1,
    page_size: int = 50,
) -> BiddingPage:
    """One page of the reviewer's bidding list, best match first over all papers.

    The order is the assignment's affinity when a higher app registered it (``bid_ranking``),
    else each paper's topic match; titles and abstracts are loaded for the requested page
    only."""
    topics = list(Topic.objects.filter(workshop=workshop).order_by("order", "name"))
    topics_by_id = {topic.pk: topic for topic in topics}
    parents = {topic.pk: topic.parent_id for topic in topics}
    levels = expertise_levels(profile=profile)
    candidates = _biddable(workshop=workshop, user=user)
    if topic_id is not None and topic_id in parents:
        wanted = _descendants(topic_id, topics)
        through = Submission.secondary_topics.through
        candidates = candidates.filter(
            Q(primary_topic_id__in=wanted)
            | Q(pk__in=through.objects.filter(topic_id__in=wanted).values("submission_id"))
        )
    else:
        topic_id = None
    papers = {
        pk: _ScoredPaper(pk, number, primary, [], bid or "")
        for pk, number, primary, bid in candidates.annotate(my_bid=_my_bid(user)).values_list(
            "pk", "number", "primary_topic_id", "my_bid"
        )
    }
    secondary = Submission.secondary_topics.through.objects.filter(
        submission_id__in=candidates.values("pk")
    ).order_by("pk")
    for submission_id, secondary_topic_id in secondary.values_list("submission_id", "topic_id"):
        if submission_id in papers:
            papers[submission_id].secondary_topic_ids.append(secondary_topic_id)
    ranks = bid_ranks(workshop=workshop, user=user, submission_ids=list(papers))
    for paper in papers.values():
        if ranks is not None and paper.pk in ranks:
            paper.score = round(ranks[paper.pk].score, 3)
            paper.closest_paper = ranks[paper.pk].closest_paper
        else:
            paper.score = topic_match_score(
                primary_topic_id=paper.primary_topic_id,
                secondary_topic_ids=paper.secondary_topic_ids,
                levels=levels,
                parents=parents,
            )
    ranked = sorted(papers.values(), key=lambda paper: (-paper.score, paper.number))
    pages = Paginator(ranked, page_size).get_page(page_number)
    loaded = Submission.objects.defer(
        "pdf", "reviewer_pdf", "supplementary", "camera_ready_pdf", "import_key"
    ).in_bulk([paper.pk for paper in pages])
    rows = [
        BiddingRow(
            submission=loaded[paper.pk],
            topics=[
                topics_by_id[topic]
                for topic in (paper.primary_topic_id, *paper.secondary_topic_ids)
            ],
            bid=paper.bid,
            score=paper.score,
            closest_paper=paper.closest_paper,
        )
        for paper in pages
        if paper.pk in loaded  # deleted by an admin a moment ago
    ]
    return BiddingPage(
        rows=rows,
        pages=pages,
        topics=topics_in_tree_order(topics),
        topic_filter=topic_id,
        bids_placed=sum(1 for paper in ranked if paper.bid),
        total=len(ranked),
    )


def _declared_by_reviewer(*, workshop: Workshop, user: User) -> QuerySet[Submission]:
    """Papers open for bids whose only active conflict with the reviewer is their own
    declaration: a paper that conflicts with them otherwise shows them nothing, not even
    that a conflict exists."""
    other_conflict = Conflict.objects.filter(
        submission=OuterRef("pk"), reviewer=user, removed_at__isnull=True
    ).exclude(source=ConflictSource.DECLARED_BY_REVIEWER)
    return Submission.objects.filter(
        workshop=workshop,
        status=SubmissionStatus.SUBMITTED,
        conflicts__reviewer=user,
        conflicts__source=ConflictSource.DECLARED_BY_REVIEWER,
        conflicts__removed_at__isnull=True,
    ).exclude(Exists(other_conflict))


def declared_conflicts_for_bidding(*, workshop: Workshop, user: User) -> list[Submission]:
    """The reviewer's own declared conflicts, number and title only: papers they saw."""
    return list(
        _declared_by_reviewer(workshop=workshop, user=user)
        .only("pk", "number", "title", "workshop_id")
        .order_by("number")
    )


def declared_conflict_submission_get(*, workshop: Workshop, user: User, number: int) -> Submission:
    """A paper the reviewer declared a conflict with; anything else is a 404."""
    submission = (
        _declared_by_reviewer(workshop=workshop, user=user)
        .select_related("workshop")
        .filter(number=number)
        .first()
    )
    if submission is None:
        raise Http404("No conflict of yours with this paper.")
    return submission


def submission_for_author(*, workshop: Workshop, number: int, user: User) -> Submission:
    """A submission the user is an author of; anything else is a 404."""
    submission = (
        Submission.objects.filter(workshop=workshop, number=number, authorships__user=user)
        .exclude(status=SubmissionStatus.WITHDRAWN)
        .distinct()
        .first()
    )
    if submission is None:
        raise Http404("No such submission.")
    return submission


def reviewer_names_for_authors(*, workshop: Workshop) -> list[tuple[int, str]]:
    """Who accepted to review (names only): never who reviews what, never emails."""
    return list(
        ReviewerProfile.objects.filter(workshop=workshop)
        .order_by("user__full_name", "user_id")
        .values_list("user_id", "user__full_name")
    )


def author_declared_reviewer_ids(*, submission: Submission) -> set[int]:
    return set(
        Conflict.objects.filter(
            submission=submission, source=ConflictSource.DECLARED_BY_AUTHOR
        ).values_list("reviewer_id", flat=True)
    )


def invitation_list(*, workshop: Workshop) -> QuerySet[ReviewerInvitation]:
    """Every invitation, with the status of the last email about it (to show bounces)."""
    last_status = last_email_status(ReviewerInvitation)
    return (
        ReviewerInvitation.objects.filter(workshop=workshop)
        .select_related("user", "removed_by")
        .annotate(last_email_status=last_status)
        .order_by("status", "name", "email")
    )


@dataclass
class PoolRow:
    profile: ReviewerProfile
    expertise_count: int
    bids_placed: int
    max_load: int
    completeness: int
    missing: list[str] = field(default_factory=list)

    paper_count: int = 0

    @property
    def text_note(self) -> str:
        """What the text part of this reviewer's affinity reads, when not their papers."""
        if self.paper_count:
            return ""
        if self.profile.statement or self.profile.keywords:
            return "no papers: text affinity from the statement and keywords only"
        return "no papers: affinity from topics and bids only"


def pool_users(*, workshop: Workshop) -> QuerySet[User]:
    """The workshop's reviewers (accepted, not removed), by name."""
    return User.objects.filter(reviewer_profiles__workshop=workshop).order_by("full_name", "pk")


def reviewer_pool(*, workshop: Workshop) -> list[PoolRow]:
    """The accepted reviewers with profile completeness, bids and load (one query)."""
    expertise_count = (
        TopicExpertise.objects.filter(profile=OuterRef("pk"))
        .values("profile")
        .annotate(n=Count("pk"))
        .values("n")
    )
    bids_placed = (
        Bid.objects.filter(reviewer=OuterRef("user_id"), submission__workshop=workshop)
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    profiles = (
        ReviewerProfile.objects.filter(workshop=workshop)
        .select_related("user", "invitation")
        .annotate(
            expertise_count=Coalesce(Subquery(expertise_count, output_field=IntegerField()), 0),
            bids_placed=Coalesce(Subquery(bids_placed, output_field=IntegerField()), 0),
            paper_count=_paper_count(),
        )
        .order_by("user__full_name", "user_id")
    )
    rows = []
    for profile in profiles:
        checks = {
            "topics": profile.expertise_count > 0,
            "statement": bool(profile.statement),
            "own papers or keywords": bool(profile.paper_count or profile.keywords),
            "affiliation": bool(profile.affiliation),
        }
        rows.append(
            PoolRow(
                profile=profile,
                expertise_count=profile.expertise_count,
                bids_placed=profile.bids_placed,
                max_load=effective_max_load(profile=profile, workshop=workshop),
                completeness=round(100 * sum(checks.values()) / len(checks)),
                missing=[name for name, ok in checks.items() if not ok],
                paper_count=profile.paper_count,
            )
        )
    return rows


@dataclass
class CoverageRow:
    topic: Topic
    depth: int
    primary_papers: int
    secondary_papers: int
    experts: int
    knowledgeable: int
    interested: int
    thin: bool


def topic_coverage(*, workshop: Workshop) -> list[CoverageRow]:
    """Papers per topic against reviewers with expertise in it (four queries)."""
    submitted = Submission.objects.filter(workshop=workshop, status=SubmissionStatus.SUBMITTED)
    primary = dict(
        submitted.values("primary_topic_id")
        .annotate(n=Count("pk"))
        .values_list("primary_topic_id", "n")
    )
    through = Submission.secondary_topics.through
    secondary = dict(
        through.objects.filter(submission__in=submitted)
        .values("topic_id")
        .annotate(n=Count("pk"))
        .values_list("topic_id", "n")
    )
    expertise: dict[int, dict[str, int]] = defaultdict(dict)
    for topic_id, level, count in (
        TopicExpertise.objects.filter(profile__workshop=workshop)
        .values("topic_id", "level")
        .annotate(n=Count("pk"))
        .values_list("topic_id", "level", "n")
    ):
        expertise[topic_id][level] = count
    rows: list[CoverageRow] = []

    def walk(nodes, depth: int) -> None:
        for node in nodes:
            topic_id = node.topic.pk
            levels = expertise.get(topic_id, {})
            able = levels.get(ExpertiseLevel.EXPERT, 0) + levels.get(
                ExpertiseLevel.KNOWLEDGEABLE, 0
            )
            papers = primary.get(topic_id, 0)
            rows.append(
                CoverageRow(
                    topic=node.topic,
                    depth=depth,
                    primary_papers=papers,
                    secondary_papers=secondary.get(topic_id, 0),
                    experts=levels.get(ExpertiseLevel.EXPERT, 0),
                    knowledgeable=levels.get(ExpertiseLevel.KNOWLEDGEABLE, 0),
                    interested=levels.get(ExpertiseLevel.INTERESTED, 0),
                    thin=papers * workshop.reviewers_per_paper
                    > able * workshop.max_papers_per_reviewer,
                )
            )
            walk(node.children, depth + 1)

    walk(topic_tree(workshop=workshop), 0)
    return rows


def _bid_counts() -> dict[str, Count]:
    return {
        f"bids_{value}": Count("bids", filter=Q(bids__value=value)) for value in BidValue.values
    }


@dataclass
class BidSummary:
    papers: list[Submission]
    too_few: list[Submission]
    reviewers: list[tuple[ReviewerProfile, dict[str, int]]]


def bid_summary(*, workshop: Workshop) -> BidSummary:
    """Bid counts per paper and per reviewer; papers with fewer positive bids than needed."""
    papers = list(
        Submission.objects.filter(workshop=workshop, status=SubmissionStatus.SUBMITTED)
        .annotate(**_bid_counts())
        .only("pk", "number", "title", "workshop_id")
        .order_by("number")
    )
    for paper in papers:
        paper.bids_positive = sum(getattr(paper, f"bids_{value}") for value in POSITIVE_BIDS)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(BidValue.values, 0))
    for reviewer_id, value, count in (
        Bid.objects.filter(submission__workshop=workshop)
        .values("reviewer_id", "value")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "value", "n")
    ):
        counts[reviewer_id][value] = count
    profiles = (
        ReviewerProfile.objects.filter(workshop=workshop)
        .select_related("user")
        .order_by("user__full_name")
    )
    return BidSummary(
        papers=papers,
        too_few=[paper for paper in papers if paper.bids_positive < workshop.reviewers_per_paper],
        reviewers=[(profile, counts[profile.user_id]) for profile in profiles],
    )


def conflict_people(*, workshop: Workshop) -> list[tuple[int, str]]:
    """Whom an organizer may declare a conflict for: the reviewers, then the area chairs
    (marked), as (user id, label) (2 queries)."""
    reviewers = [
        (user_id, f"{name} <{email}>")
        for user_id, name, email in ReviewerProfile.objects.filter(workshop=workshop)
        .order_by("user__full_name", "user_id")
        .values_list("user_id", "user__full_name", "user__email")
    ]
    chairs = [
        (user_id, f"{name} <{email}> (area chair)")
        for user_id, name, email in AreaChair.objects.filter(workshop=workshop)
        .order_by("user__full_name", "user_id")
        .values_list("user_id", "user__full_name", "user__email")
    ]
    return reviewers + chairs


def conflict_list(*, workshop: Workshop, include_removed: bool = False) -> QuerySet[Conflict]:
    conflicts = Conflict.objects.filter(workshop=workshop).select_related(
        "submission", "reviewer", "created_by", "removed_by"
    )
    if not include_removed:
        conflicts = conflicts.filter(removed_at__isnull=True)
    return conflicts.order_by("submission__number", "reviewer__full_name", "source")


@dataclass(frozen=True)
class PoolReviewer:
    user_id: int
    name: str
    email: str
    topics: dict[int, str]
    statement: str
    papers: tuple[str, ...]
    keywords: tuple[str, ...]
    max_load: int


def reviewer_pool_for_matching(*, workshop: Workshop) -> list[PoolReviewer]:
    """Accepted reviewers with expertise, profile texts (each own paper's title and
    abstract, in their order) and effective max load (3 queries)."""
    papers = ReviewerPaper.objects.only("profile_id", "position", "title", "abstract")
    profiles = list(
        ReviewerProfile.objects.filter(workshop=workshop)
        .select_related("user")
        .prefetch_related(Prefetch("papers", queryset=papers))
        .order_by("user_id")
    )
    levels: dict[int, dict[int, str]] = defaultdict(dict)
    for profile_id, topic_id, level in TopicExpertise.objects.filter(
        profile__workshop=workshop
    ).values_list("profile_id", "topic_id", "level"):
        levels[profile_id][topic_id] = level
    return [
        PoolReviewer(
            user_id=profile.user_id,
            name=profile.user.full_name,
            email=profile.user.email,
            topics=levels[profile.pk],
            statement=profile.statement,
            papers=tuple(profile.own_paper_list),
            keywords=tuple(profile.keyword_list),
            max_load=effective_max_load(profile=profile, workshop=workshop),
        )
        for profile in profiles
    ]


def area_chairs_for_matching(*, workshop: Workshop) -> list[PoolReviewer]:
    """The area chairs as the matching engine sees them: their topics count as expert
    knowledge; max_load 0 when they set none (2 queries)."""
    area_chairs = list(
        AreaChair.objects.filter(workshop=workshop)
        .select_related("user")
        .prefetch_related("topics")
        .order_by("user_id")
    )
    return [
        PoolReviewer(
            user_id=area_chair.user_id,
            name=area_chair.user.full_name,
            email=area_chair.user.email,
            topics={topic.pk: ExpertiseLevel.EXPERT for topic in area_chair.topics.all()},
            statement="",
            papers=(),
            keywords=tuple(area_chair.keyword_list),
            max_load=area_chair.max_load or 0,
        )
        for area_chair in area_chairs
    ]


def area_chair_get(*, workshop: Workshop, user: User) -> AreaChair | None:
    if not user.is_authenticated:
        return None
    return AreaChair.objects.filter(workshop=workshop, user=user).first()


def conflict_pairs(*, workshop: Workshop) -> set[tuple[int, int]]:
    """Every (submission_id, user_id) with at least one active conflict (one query)."""
    return set(
        Conflict.objects.filter(workshop=workshop, removed_at__isnull=True).values_list(
            "submission_id", "reviewer_id"
        )
    )


def bids_for_matching(*, workshop: Workshop) -> list[tuple[int, int, str]]:
    """(submission_id, user_id, bid value) for the workshop's submitted papers (one query)."""
    return list(
        Bid.objects.filter(
            submission__workshop=workshop, submission__status=SubmissionStatus.SUBMITTED
        ).values_list("submission_id", "reviewer_id", "value")
    )


# Until decisions are made, a reviewer's papers can still change what they are given.
PAPERS_WANTED_PHASES = {
    Phase.UPCOMING,
    Phase.SUBMISSION,
    Phase.BIDDING,
    Phase.REVIEWING,
}


@dataclass
class ReviewerDashboard:
    profiles: list[ReviewerProfile]
    invitations: list[ReviewerInvitation]

    @cached_property
    def papers_wanted(self) -> list[ReviewerProfile]:
        """Profiles without papers in workshops still assigning (the dashboard asks)."""
        return [
            profile
            for profile in self.profiles
            if not profile.paper_count
            and not profile.workshop.decisions_released
            and profile.workshop.phase in PAPERS_WANTED_PHASES
        ]

    def __bool__(self) -> bool:
        return bool(self.profiles or self.invitations)


def reviewer_dashboard(*, user: User) -> ReviewerDashboard:
    """The workshops the user reviews for, and invitations waiting for their answer."""
    return ReviewerDashboard(
        profiles=list(reviewer_workshops(user=user)),
        invitations=list(invitations_open_for_user(user=user)),
    )
