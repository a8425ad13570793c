"""Reads for the assignment: the solver's input, the organizer's pages, explanations.

Every page is built in a fixed number of queries, whatever the number of papers.
The reviewer's side: ``submissions_for_assigned_reviewer`` is the one place that decides
which assigned papers a reviewer may see.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Exists,
    OuterRef,
    QuerySet,
)
from django.http import Http404

from accounts.models import User
from assignment.enums import EditAction, RunStatus
from assignment.models import (
    Assignment,
    AssignmentDecline,
    AssignmentEdit,
    AssignmentRelease,
    AssignmentRun,
    ExternalAffinity,
    ExternalAffinitySettings,
    ProposedPair,
)
from pool import selectors as pool_selectors
from pool.models import Conflict, ReviewerProfile
from reviews.enums import ReviewStatus
from reviews.models import (
    Review,
)
from submissions.enums import REVIEWABLE_STATUSES, SubmissionStatus
from submissions.models import Authorship, Submission
from topics.models import Topic, Workshop

ALTERNATES_SHOWN = 5


@dataclass(frozen=True)
class PaperRow:
    pk: int
    number: int
    title: str
    abstract: str
    keyword_list: tuple[str, ...]
    primary_topic_id: int
    secondary_topic_ids: tuple[int, ...]
    track_k: int | None = None  # the paper's track's reviewers per paper, if it sets one


def papers_for_matching(*, workshop: Workshop, track_id: int | None = None) -> list[PaperRow]:
    """The submitted papers (not drafts, not withdrawn), by number (two queries); with
    ``track_id``, that track's only."""
    submitted = Submission.objects.filter(workshop=workshop, status=SubmissionStatus.SUBMITTED)
    if track_id is not None:
        submitted = submitted.filter(track_id=track_id)
    submissions = list(
        submitted.select_related("track")
        .only(
            "pk",
            "number",
            "title",
            "abstract",
            "keywords",
            "primary_topic_id",
            "track__reviewers_per_paper",
        )
        .order_by("number")
    )
    secondary: dict[int, list[int]] = defaultdict(list)
    through = Submission.secondary_topics.through
    for submission_id, topic_id in through.objects.filter(
        submission__in=[s.pk for s in submissions]
    ).values_list("submission_id", "topic_id"):
        secondary[submission_id].append(topic_id)
    return [
        PaperRow(
            pk=s.pk,
            number=s.number,
            title=s.title,
            abstract=s.abstract,
            keyword_list=tuple(s.keyword_list),
            primary_topic_id=s.primary_topic_id,
            secondary_topic_ids=tuple(sorted(secondary[s.pk])),
            track_k=s.track.reviewers_per_paper if s.track else None,
        )
        for s in submissions
    ]


def topics_for_matching(*, workshop: Workshop) -> list[tuple[int, int | None, str]]:
    """(topic id, parent id, name) of the workshop's topic tree."""
    return list(
        Topic.objects.filter(workshop=workshop)
        .order_by("order", "name", "pk")
        .values_list("pk", "parent_id", "name")
    )


def profile_max_loads(*, workshop: Workshop) -> dict[int, int | None]:
    """Each reviewer's own max load (None: the workshop's), by user id."""
    return dict(
        ReviewerProfile.objects.filter(workshop=workshop).values_list("user_id", "max_load")
    )


def loads_outside_track(*, workshop: Workshop, track_id: int | None) -> dict[int, int]:
    """Papers each reviewer holds outside one track (submitted papers), by user id; empty
    for a joint run (track_id None). A run for one track counts them against the limits."""
    if track_id is None:
        return {}
    return Counter(
        Assignment.objects.filter(workshop=workshop, submission__status=SubmissionStatus.SUBMITTED)
        .exclude(submission__track_id=track_id)
        .values_list("reviewer_id", flat=True)
    )


def fixed_pairs_for_matching(
    *, workshop: Workshop, matchable_only: bool = False, track_id: int | None = None
) -> list[tuple[int, int]]:
    """The must-assign pairs; ``matchable_only``: of submitted papers and pool reviewers;
    ``track_id``: of that track's papers."""
    fixed = Assignment.objects.filter(workshop=workshop, is_fixed=True)
    if track_id is not None:
        fixed = fixed.filter(submission__track_id=track_id)
    if matchable_only:
        fixed = fixed.filter(
            submission__status=SubmissionStatus.SUBMITTED,
            reviewer__reviewer_profiles__workshop=workshop,
        )
    return list(
        fixed.order_by("submission_id", "reviewer_id").values_list("submission_id", "reviewer_id")
    )


def kept_reviews(*, workshop: Workshop) -> QuerySet[Assignment]:
    """The assignments of reviewers no longer in the pool that carry a submitted review:
    they stay, no run proposes or removes them, and they count towards k."""
    in_pool = ReviewerProfile.objects.filter(workshop=workshop, user_id=OuterRef("reviewer_id"))
    reviewed = Review.objects.filter(
        submission_id=OuterRef("submission_id"),
        reviewer_id=OuterRef("reviewer_id"),
        status=ReviewStatus.SUBMITTED,
    )
    return Assignment.objects.filter(workshop=workshop).filter(~Exists(in_pool), Exists(reviewed))


def kept_review_counts(*, workshop: Workshop) -> dict[int, int]:
    """Kept reviews per submission id."""
    return Counter(kept_reviews(workshop=workshop).values_list("submission_id", flat=True))


def started_reviews(*, workshop: Workshop) -> QuerySet[Assignment]:
    """The assignments of reviewers still in the pool who have a review of the paper, a
    draft or submitted (and did not decline it): a run keeps them as it keeps must-assign
    pairs (they count towards k and the reviewer's load) and a commit never removes them.
    Must-assign pairs are left out (they are kept anyway); nothing here is stored as one."""
    in_pool = ReviewerProfile.objects.filter(workshop=workshop, user_id=OuterRef("reviewer_id"))
    pair = {"submission_id": OuterRef("submission_id"), "reviewer_id": OuterRef("reviewer_id")}
    return Assignment.objects.filter(
        workshop=workshop, is_fixed=False, submission__status=SubmissionStatus.SUBMITTED
    ).filter(
        Exists(in_pool),
        Exists(Review.objects.filter(**pair)),
        ~Exists(AssignmentDecline.objects.filter(**pair)),
    )


def started_pairs(*, workshop: Workshop) -> list[tuple[int, int]]:
    """(submission id, reviewer id) of the started reviews, in a stable order."""
    return list(
        started_reviews(workshop=workshop)
        .order_by("submission_id", "reviewer_id")
        .values_list("submission_id", "reviewer_id")
    )


@dataclass(frozen=True)
class Limits:
    """Reviewers per paper and max load the current assignment is held to."""

    k: int
    max_load: int

    def reviewer_max(self, own: int | None) -> int:
        return min(own, self.max_load) if own else self.max_load

    def for_paper(self, submission: Submission) -> Limits:
        """The paper's track may ask for its own number of reviewers."""
        track = submission.track if submission.track_id else None
        if track is not None and track.reviewers_per_paper:
            return dataclasses.replace(self, k=track.reviewers_per_paper)
        return self


def current_limits(*, workshop: Workshop) -> Limits:
    """The parameters of the last committed run, else the workshop's own limits."""
    parameters = (
        AssignmentRun.objects.filter(workshop=workshop, committed_at__isnull=False)
        .order_by("-committed_at")
        .values_list("parameters", flat=True)
        .first()
    )
    if parameters:
        return Limits(k=parameters["k"], max_load=parameters["max_load"])
    return Limits(k=workshop.reviewers_per_paper, max_load=workshop.max_papers_per_reviewer)


@dataclass
class ReviewerLoad:
    user: User
    load: int
    max_load: int

    @property
    def over(self) -> bool:
        return self.load > self.max_load


def _reviewer_loads(
    workshop: Workshop, counts: dict[int, int], limits: Limits
) -> list[ReviewerLoad]:
    profiles = ReviewerProfile.objects.filter(workshop=workshop).select_related("user")
    return sorted(
        (
            ReviewerLoad(
                user=profile.user,
                load=counts.get(profile.user_id, 0),
                max_load=limits.reviewer_max(profile.max_load),
            )
            for profile in profiles
        ),
        key=lambda row: (-row.load, row.user.full_name, row.user.pk),
    )


def hidden_submission_ids(*, workshop: Workshop, user: User | None) -> QuerySet:
    """Papers of the workshop this organizer is an author of (a subquery, no extra query):
    who reviews them stays hidden from them on every assignment page, as their reviews do
    on the decision pages. user=None (the command line, the services) hides nothing."""
    if user is None or user.pk is None:
        return Authorship.objects.none().values("submission_id")
    return Authorship.objects.filter(submission__workshop=workshop, user_id=user.pk).values(
        "submission_id"
    )


def declined_annotation() -> Exists:
    """Annotate an Assignment queryset: has the reviewer declined the paper? (a subquery,
    no extra query). A declined assignment stays until an organizer swaps or removes it,
    but it is no reviewer of the paper: it does not count towards k."""
    return Exists(
        AssignmentDecline.objects.filter(
            submission_id=OuterRef("submission_id"), reviewer_id=OuterRef("reviewer_id")
        )
    )


@dataclass
class PaperAssignment:
    submission: Submission
    assignments: list[Assignment]  # declined ones included, flagged ``declined``
    missing: int  # reviewers short of k (a declined assignment is no reviewer)


@dataclass
class Overview:
    limits: Limits
    papers: list[PaperAssignment]
    reviewers: list[ReviewerLoad]
    runs: list[AssignmentRun]
    releases: list[AssignmentRelease]
    n_assignments: int
    n_fixed: int
    n_unannounced: int
    conflicted: list[Assignment] = field(default_factory=list)
    n_declined: int = 0

    @property
    def under_k(self) -> list[PaperAssignment]:
        return [paper for paper in self.papers if paper.missing > 0]

    @property
    def over_max(self) -> list[ReviewerLoad]:
        return [row for row in self.reviewers if row.over]


def _submitted(workshop: Workshop) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(workshop=workshop, status=SubmissionStatus.SUBMITTED)
        .select_related("track")
        .only("pk", "number", "title", "workshop_id", "track__reviewers_per_paper")
        .order_by("number")
    )


def assignment_overview(*, workshop: Workshop, user: User | None = None) -> Overview:
    """The current assignment per paper and per reviewer, with warnings (seven queries);
    the papers ``user`` is an author of are left out. A declined assignment is shown but
    does not count as one of the paper's k reviewers."""
    limits = current_limits(workshop=workshop)
    hidden = hidden_submission_ids(workshop=workshop, user=user)
    conflicts = pool_selectors.conflict_pairs(workshop=workshop)
    by_paper: dict[int, list[Assignment]] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)
    conflicted = []
    assignments = list(
        Assignment.objects.filter(workshop=workshop)
        .exclude(submission_id__in=hidden)
        .select_related("reviewer", "submission")
        .defer("explanation", "submission__abstract")
        .annotate(declined=declined_annotation())
        .order_by("submission_id", "-affinity", "reviewer__full_name")
    )
    reviewing: dict[int, int] = defaultdict(int)
    for assignment in assignments:
        if not assignment.declined:
            reviewing[assignment.submission_id] += 1
        assignment.conflicted = (assignment.submission_id, assignment.reviewer_id) in conflicts
        if assignment.conflicted:
            conflicted.append(assignment)
        by_paper[assignment.submission_id].append(assignment)
        counts[assignment.reviewer_id] += 1
    papers = [
        PaperAssignment(
            submission=submission,
            assignments=by_paper[submission.pk],
            missing=max(limits.for_paper(submission).k - reviewing[submission.pk], 0),
        )
        for submission in _submitted(workshop).exclude(pk__in=hidden)
    ]
    return Overview(
        limits=limits,
        papers=papers,
        reviewers=_reviewer_loads(workshop, counts, limits),
        runs=list(
            AssignmentRun.objects.filter(workshop=workshop).select_related("started_by")[:10]
        ),
        releases=list(
            AssignmentRelease.objects.filter(workshop=workshop).select_related("released_by")
        ),
        n_assignments=len(assignments),
        n_fixed=sum(1 for a in assignments if a.is_fixed),
        n_unannounced=sum(1 for a in assignments if a.release_id is None),
        conflicted=conflicted,
        n_declined=sum(1 for a in assignments if a.declined),
    )


def run_get(*, workshop: Workshop, pk: int) -> AssignmentRun:
    run = AssignmentRun.objects.filter(workshop=workshop, pk=pk).first()
    if run is None:
        raise Http404("No such assignment run.")
    run.workshop = workshop
    return run


def run_active(*, workshop: Workshop) -> AssignmentRun | None:
    return (
        AssignmentRun.objects.filter(
            workshop=workshop, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
        )
        .order_by("-created_at")
        .first()
    )


@dataclass
class ProposalPaper:
    submission: Submission
    pairs: list[ProposedPair]
    kept: list[Assignment] = field(default_factory=list)  # see kept_reviews, started_kept

    @property
    def affinity(self) -> float:
        return sum(pair.affinity for pair in self.pairs)


@dataclass
class RunDiff:
    added: list[ProposedPair]
    removed: list[Assignment]
    kept: list[ProposedPair]
    # left out by the proposal but kept by a commit: their reviewer has started the review
    started_kept: list[Assignment] = field(default_factory=list)


@dataclass
class RunDetail:
    run: AssignmentRun
    papers: list[ProposalPaper]
    reviewers: list[ReviewerLoad]
    diff: RunDiff


def run_detail(*, run: AssignmentRun, user: User | None = None) -> RunDetail:
    """The proposal per paper and per reviewer, and how it differs from the current one;
    the papers ``user`` is an author of are left out."""
    hidden = hidden_submission_ids(workshop=run.workshop, user=user)
    pairs = list(
        ProposedPair.objects.filter(run=run)
        .exclude(submission_id__in=hidden)
        .select_related("submission", "reviewer")
        .defer("submission__abstract")
        .order_by("submission__number", "-affinity", "reviewer__full_name")
    )
    current = list(
        Assignment.objects.filter(
            workshop=run.workshop, reviewer__reviewer_profiles__workshop=run.workshop
        )
        .exclude(submission_id__in=hidden)
        .select_related("submission", "reviewer")
        .only(
            "pk",
            "is_fixed",
            "affinity",
            "submission__number",
            "submission__title",
            "reviewer__full_name",
            "reviewer__email",
        )  # fmt: skip
        .order_by("submission__number", "reviewer__full_name")
    )
    kept = list(
        kept_reviews(workshop=run.workshop)
        .filter(submission__status=SubmissionStatus.SUBMITTED)
        .exclude(submission_id__in=hidden)
        .select_related("submission", "reviewer")
        .defer("explanation", "submission__abstract")
        .order_by("reviewer__full_name")
    )
    proposed_keys = {(p.submission_id, p.reviewer_id) for p in pairs}
    current_keys = {(a.submission_id, a.reviewer_id) for a in current}
    started = set(started_pairs(workshop=run.workshop))
    left_out = [a for a in current if (a.submission_id, a.reviewer_id) not in proposed_keys]
    started_kept = [a for a in left_out if (a.submission_id, a.reviewer_id) in started]
    papers: dict[int, ProposalPaper] = {}
    counts: dict[int, int] = defaultdict(int)
    for pair in pairs:
        pair.is_new = (pair.submission_id, pair.reviewer_id) not in current_keys
        papers.setdefault(pair.submission_id, ProposalPaper(pair.submission, [])).pairs.append(pair)
        counts[pair.reviewer_id] += 1
    for kept_review in kept:
        paper = ProposalPaper(kept_review.submission, [])
        papers.setdefault(kept_review.submission_id, paper).kept.append(kept_review)
    for assignment in started_kept:
        paper = ProposalPaper(assignment.submission, [])
        papers.setdefault(assignment.submission_id, paper).kept.append(assignment)
        counts[assignment.reviewer_id] += 1
    limits = Limits(k=run.parameters["k"], max_load=run.parameters["max_load"])
    return RunDetail(
        run=run,
        papers=sorted(papers.values(), key=lambda paper: paper.submission.number),
        reviewers=_reviewer_loads(run.workshop, counts, limits),
        diff=RunDiff(
            added=[p for p in pairs if p.is_new],
            removed=[a for a in left_out if (a.submission_id, a.reviewer_id) not in started],
            kept=[p for p in pairs if not p.is_new],
            started_kept=started_kept,
        ),
    )


@dataclass
class Alternate:
    user: User
    affinity: float
    load: int
    max_load: int


@dataclass
class PaperPage:
    submission: Submission
    assignments: list[Assignment]
    alternates: list[Alternate]
    alternates_run: AssignmentRun | None
    limits: Limits
    warnings: list[str]


def assigned_submission_get(
    *, workshop: Workshop, number: int, user: User | None = None
) -> Submission:
    """A paper's assignment, for an organizer; a draft, or a paper ``user`` is an author of,
    is a 404."""
    submission = (
        Submission.objects.filter(workshop=workshop, number=number)
        .exclude(status=SubmissionStatus.DRAFT)
        .exclude(pk__in=hidden_submission_ids(workshop=workshop, user=user))
        .select_related("primary_topic")
        .first()
    )
    if submission is None:
        raise Http404("No such paper.")
    submission.workshop = workshop
    return submission


def latest_done_run(*, workshop: Workshop) -> AssignmentRun | None:
    return (
        AssignmentRun.objects.filter(workshop=workshop, status=RunStatus.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )


def edit_warnings(*, workshop: Workshop, submission: Submission, user_ids: list[int]) -> list[str]:
    """Paper under or over k (a declined assignment is no reviewer); any of the reviewers
    over their max load."""
    limits = current_limits(workshop=workshop).for_paper(submission)
    warnings = []
    declined_flags = list(
        Assignment.objects.filter(submission=submission)
        .annotate(declined=declined_annotation())
        .values_list("declined", flat=True)
    )
    on_paper = declined_flags.count(False)
    if on_paper < limits.k:
        warnings.append(
            f"Paper #{submission.number} has {on_paper} of {limits.k} reviewers"
            f"{_declined_note(declined_flags.count(True))}."
        )
    elif on_paper > limits.k:
        warnings.append(
            f"Paper #{submission.number} has {on_paper} reviewers, more than {limits.k}."
        )
    loads = _load_counts(workshop, user_ids)
    own = profile_max_loads(workshop=workshop)
    for user in User.objects.filter(pk__in=user_ids).order_by("full_name"):
        limit = limits.reviewer_max(own.get(user.pk))
        if loads.get(user.pk, 0) > limit:
            warnings.append(f"{user} now has {loads[user.pk]} papers, over their max load {limit}.")
    return warnings


def _declined_note(n_declined: int) -> str:
    if not n_declined:
        return ""
    return f" (not counting {n_declined} who declined)"


def _load_counts(workshop: Workshop, user_ids: list[int] | None = None) -> dict[int, int]:
    assignments = Assignment.objects.filter(workshop=workshop)
    if user_ids is not None:
        assignments = assignments.filter(reviewer_id__in=user_ids)
    loads: dict[int, int] = defaultdict(int)
    for reviewer_id in assignments.values_list("reviewer_id", flat=True):
        loads[reviewer_id] += 1
    return loads


def paper_page(*, workshop: Workshop, submission: Submission) -> PaperPage:
    """A paper's reviewers (with load) and its top non-conflicted alternates; a declined
    assignment is listed, flagged ``declined``, but is not one of the k reviewers."""
    limits = current_limits(workshop=workshop).for_paper(submission)
    conflicted = set(
        Conflict.objects.filter(submission=submission, removed_at__isnull=True).values_list(
            "reviewer_id", flat=True
        )
    )
    loads = _load_counts(workshop)
    own = profile_max_loads(workshop=workshop)
    assignments = list(
        Assignment.objects.filter(submission=submission)
        .select_related("reviewer")
        .annotate(declined=declined_annotation())
        .order_by("-affinity", "reviewer__full_name")
    )
    on_paper = {a.reviewer_id for a in assignments}
    for assignment in assignments:
        assignment.conflicted = assignment.reviewer_id in conflicted
        assignment.load = loads.get(assignment.reviewer_id, 0)
        assignment.max_load = limits.reviewer_max(own.get(assignment.reviewer_id))
    run = latest_done_run(workshop=workshop)
    ranked = [
        (user_id, score)
        for user_id, score in (run.candidates.get(str(submission.pk), []) if run else [])
        if user_id not in on_paper and user_id not in conflicted and user_id in own
    ][:ALTERNATES_SHOWN]
    users = User.objects.in_bulk([user_id for user_id, _ in ranked])
    alternates = [
        Alternate(
            user=users[user_id],
            affinity=score,
            load=loads.get(user_id, 0),
            max_load=limits.reviewer_max(own.get(user_id)),
        )
        for user_id, score in ranked
        if user_id in users
    ]
    warnings = []
    reviewing = sum(1 for a in assignments if not a.declined)
    if reviewing < limits.k:
        n_declined = len(assignments) - reviewing
        warnings.append(
            f"This paper has {reviewing} of {limits.k} reviewers{_declined_note(n_declined)}."
        )
    warnings += [
        f"{a.reviewer} has a conflict with this paper: remove or swap them."
        for a in assignments
        if a.conflicted
    ]
    warnings += [
        f"{a.reviewer} has {a.load} papers, over their max load {a.max_load}."
        for a in assignments
        if a.load > a.max_load
    ]
    return PaperPage(submission, assignments, alternates, run, limits, warnings)


def stored_explanation(
    *, submission: Submission, user: User, run_id: int | None = None
) -> tuple[dict, float | None, str] | None:
    """(explanation, affinity, where from) saved with a proposal or the assignment."""
    if run_id is not None:
        pair = ProposedPair.objects.filter(
            run_id=run_id, run__workshop_id=submission.workshop_id, submission=submission,
            reviewer=user,
        ).first()  # fmt: skip
        if pair and pair.explanation:
            return pair.explanation, pair.affinity, f"proposal of run {run_id}"
    assignment = Assignment.objects.filter(submission=submission, reviewer=user).first()
    if assignment and assignment.explanation:
        source = f"run {assignment.run_id}" if assignment.run_id else "the assignment"
        return assignment.explanation, assignment.affinity, source
    return None


def edit_log(
    *, workshop: Workshop, user: User | None = None, limit: int = 300
) -> list[AssignmentEdit]:
    """The latest manual edits; those on papers ``user`` is an author of are left out."""
    return list(
        AssignmentEdit.objects.filter(workshop=workshop)
        .exclude(submission_id__in=hidden_submission_ids(workshop=workshop, user=user))
        .select_related("by", "submission", "reviewer", "old_reviewer")[:limit]
    )


def assignment_pairs(*, workshop: Workshop) -> QuerySet:
    """(submission_id, reviewer_id) of the released assignments of a workshop."""
    return Assignment.objects.filter(workshop=workshop, release__isnull=False).values_list(
        "submission_id", "reviewer_id"
    )


def is_assigned(*, submission: Submission, user: User) -> bool:
    if not user.is_authenticated:
        return False
    return Assignment.objects.filter(
        submission=submission,
        reviewer=user,
        release__isnull=False,
        reviewer__reviewer_profiles__workshop_id=submission.workshop_id,
    ).exists()


def submissions_for_assigned_reviewer(*, workshop: Workshop, user: User) -> QuerySet[Submission]:
    """The papers assigned to this reviewer that they may see: released assignments,
    reviewable status, no active conflict, while they are in the pool (a reviewer removed
    from it keeps assignments for their submitted reviews, not access to them)."""
    if not user.is_authenticated:
        return Submission.objects.none()
    mine = Assignment.objects.filter(
        reviewer=user,
        workshop=workshop,
        release__isnull=False,
        reviewer__reviewer_profiles__workshop=workshop,
    ).values("submission_id")
    return (
        Submission.objects.filter(workshop=workshop, pk__in=mine, status__in=REVIEWABLE_STATUSES)
        .filter(~pool_selectors.active_conflict_exists(user.pk))
        .select_related("workshop", "primary_topic")
        .prefetch_related("secondary_topics")
        .order_by("number")
    )


def papers_taken_away(*, release: AssignmentRelease) -> dict[int, list[Submission]]:
    """Per reviewer id, the papers removed from them (by a removal or a swap) between the
    previous release and this one, which they had been told about and may still see: not
    assigned again, not given to them after the previous release, no conflict now."""
    previous = (
        AssignmentRelease.objects.filter(workshop=release.workshop, number__lt=release.number)
        .order_by("-number")
        .first()
    )
    if previous is None:
        return {}
    edits = AssignmentEdit.objects.filter(
        workshop=release.workshop,
        created_at__gt=previous.released_at,
        created_at__lte=release.released_at,
    )
    taken: set[tuple[int, int]] = set()
    given: set[tuple[int, int]] = set()
    for action, submission_id, reviewer_id, old_reviewer_id in edits.values_list(
        "action", "submission_id", "reviewer_id", "old_reviewer_id"
    ):
        if action == EditAction.REMOVE:
            taken.add((submission_id, reviewer_id))
        elif action == EditAction.SWAP:
            taken.add((submission_id, old_reviewer_id))
        if action in (EditAction.ADD, EditAction.SWAP):
            given.add((submission_id, reviewer_id))
    taken -= given
    taken -= set(
        Assignment.objects.filter(workshop=release.workshop).values_list(
            "submission_id", "reviewer_id"
        )
    )
    taken -= pool_selectors.conflict_pairs(workshop=release.workshop)
    papers = Submission.objects.in_bulk({submission_id for submission_id, _ in taken})
    result: dict[int, list[Submission]] = defaultdict(list)
    for submission_id, reviewer_id in taken:
        if submission_id in papers and reviewer_id is not None:
            result[reviewer_id].append(papers[submission_id])
    for removed in result.values():
        removed.sort(key=lambda paper: paper.number)
    return dict(result)


def external_affinity_rows(*, workshop: Workshop) -> list[tuple[int, int, float]]:
    """(submission_id, user_id, score) of the scores imported from elsewhere (one query)."""
    return list(
        ExternalAffinity.objects.filter(workshop=workshop).values_list(
            "submission_id", "reviewer_id", "score"
        )
    )


def external_affinity_settings(*, workshop: Workshop) -> ExternalAffinitySettings | None:
    return ExternalAffinitySettings.objects.filter(workshop=workshop).first()


def external_weight_default(*, workshop: Workshop) -> float:
    """The imported scores' weight (one query), 0 while none are imported."""
    weight = (
        ExternalAffinitySettings.objects.filter(
            workshop=workshop, workshop__external_affinities__isnull=False
        )
        .values_list("weight", flat=True)
        .first()
    )
    return weight or 0.0


def external_affinity_count(*, workshop: Workshop) -> int:
    return ExternalAffinity.objects.filter(workshop=workshop).count()


def import_notes(*, run: AssignmentRun, user: User | None) -> list[str]:
    """An imported run's notes, less those about papers ``user`` is an author of."""
    if not run.import_report:
        return []
    hidden = set(
        Submission.objects.filter(
            pk__in=hidden_submission_ids(workshop=run.workshop, user=user)
        ).values_list("number", flat=True)
    )
    return [note["text"] for note in run.import_report if note.get("paper") not in hidden]
