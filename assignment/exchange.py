"""Exchange with OpenReview's tools: files for openreview-matcher and openreview-expertise
out, a matcher's assignment and externally computed affinity scores in.

Formats and ids are in assignment.openreview: a paper is its number, a reviewer their
email. An imported assignment becomes a run of kind "imported" with its ProposedPairs, so
it is reviewed and committed on the run page like any run's proposal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import User
from assignment import engine
from assignment.enums import RunKind, RunStatus
from assignment.matching import AssignmentResult, Bid, CandidateInfo
from assignment.models import (
    Assignment,
    AssignmentRun,
    ExternalAffinity,
    ExternalAffinitySettings,
    ProposedPair,
)
from assignment.openreview import (
    CONFLICT,
    MUST_ASSIGN,
    Problem,
    UnreadableFile,
    archive_jsonl,
    assignments_parse,
    csv_text,
    scores_parse,
    submissions_json,
)
from assignment.selectors import hidden_submission_ids, latest_done_run
from fomo_site.errors import Refusal
from fomo_site.zipstream import Member
from pool.models import ReviewerPaper, ReviewerProfile
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from topics.models import Workshop


class ImportRefused(Refusal):
    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems


def _parameters(workshop: Workshop) -> engine.RunParameters:
    run = latest_done_run(workshop=workshop)
    if run and run.kind == RunKind.SOLVER:
        return engine.RunParameters.from_json(run.parameters)
    return engine.RunParameters.defaults(workshop)


@dataclass
class _Matching:
    instance: engine.Instance
    emails: list[str]  # per reviewer index
    hidden: set[int]  # paper indices the user is an author of
    forbidden: set[tuple[int, int]]


def _matching(workshop: Workshop, user: User | None, parameters) -> _Matching:
    instance = engine.load_instance(workshop=workshop, parameters=parameters)
    email_of = dict(User.objects.filter(pk__in=instance.reviewer_ids).values_list("pk", "email"))
    hidden_ids = set(hidden_submission_ids(workshop=workshop, user=user).values_list(
        "submission_id", flat=True
    ))  # fmt: skip
    conflict_bids = instance.bids.value == int(Bid.CONFLICT)
    forbidden = set(
        zip(instance.conflicts[0].tolist(), instance.conflicts[1].tolist(), strict=True)
    )
    forbidden |= set(
        zip(
            instance.bids.paper_idx[conflict_bids].tolist(),
            instance.bids.reviewer_idx[conflict_bids].tolist(),
            strict=True,
        )
    )
    return _Matching(
        instance=instance,
        emails=[email_of[pk].lower() for pk in instance.reviewer_ids],
        hidden={p for p, pk in enumerate(instance.paper_ids) if pk in hidden_ids},
        forbidden=forbidden,
    )


def matcher_scores_csv(*, workshop: Workshop, user: User | None) -> str:
    """Every allowed pair's affinity, computed now: ``paper_id,reviewer,score``."""
    parameters = _parameters(workshop)
    matching = _matching(workshop, user, parameters)
    instance = matching.instance
    if not instance.papers or not instance.reviewers:
        return ""
    scores = engine.affinity_on_stored_vectors(instance, parameters).scores
    return csv_text(
        (instance.paper_numbers[p], matching.emails[r], round(float(scores[p, r]), 4))
        for p in range(len(instance.papers))
        if p not in matching.hidden
        for r in range(len(instance.reviewers))
        if (p, r) not in matching.forbidden
    )


def matcher_constraints_csv(*, workshop: Workshop, user: User | None) -> str:
    """-1 for conflicts (declared, detected or bid), 1 for must-assign pairs and started
    reviews (a commit keeps those)."""
    matching = _matching(workshop, user, _parameters(workshop))
    instance = matching.instance
    rows = {pair: CONFLICT for pair in matching.forbidden}
    for p, r in zip(*(side.tolist() for side in instance.must_keep), strict=True):
        rows.setdefault((p, r), MUST_ASSIGN)
    return csv_text(
        (instance.paper_numbers[p], matching.emails[r], value)
        for (p, r), value in sorted(rows.items())
        if p not in matching.hidden
    )


def expertise_members(*, workshop: Workshop, user: User | None) -> list[Member]:
    """submissions.json (submitted papers: title and abstract, never authors) and
    archives/~<email>.jsonl for each reviewer who listed papers of their own."""
    papers = (
        Submission.objects.filter(workshop=workshop, status=SubmissionStatus.SUBMITTED)
        .exclude(pk__in=hidden_submission_ids(workshop=workshop, user=user))
        .order_by("number")
        .values_list("number", "title", "abstract")
    )
    members = [
        Member(name="submissions.json", data=submissions_json(papers).encode(), compress=True)
    ]
    profiles = (
        ReviewerProfile.objects.filter(workshop=workshop)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "papers", queryset=ReviewerPaper.objects.only("profile_id", "title", "abstract")
            )
        )
        .only("user__email")
        .order_by("user__email")
    )
    for profile in profiles:
        email = profile.user.email.lower()
        if lines := archive_jsonl(profile.own_paper_list, email):
            members.append(
                Member(name=f"archives/~{email}.jsonl", data=lines.encode(), compress=True)
            )
    return members


@dataclass
class ImportSummary:
    count: int
    problems: list[Problem]


@transaction.atomic
def external_affinity_import(
    *, workshop: Workshop, text: str, weight: float, source_name: str, by: User | None
) -> ImportSummary:
    """Replace the workshop's imported scores with the file's; lines naming an unknown paper
    or someone outside the pool are reported and left out."""
    lines, problems = scores_parse(text)
    papers = dict(Submission.objects.filter(workshop=workshop).values_list("number", "pk"))
    pool = {
        email.lower(): pk
        for pk, email in User.objects.filter(reviewer_profiles__workshop=workshop).values_list(
            "pk", "email"
        )
    }
    scores: dict[tuple[int, int], float] = {}
    for line in lines:
        where = f"line {line.line}"
        if line.paper not in papers:
            problems.append(Problem(where, f"no paper #{line.paper} in this workshop; left out"))
        elif line.reviewer not in pool:
            problems.append(
                Problem(where, f"{line.reviewer} is not a reviewer of this workshop; left out")
            )
        else:
            key = (papers[line.paper], pool[line.reviewer])
            if key in scores:
                problems.append(Problem(where, "the same pair again; this score counts"))
            scores[key] = line.score
    if not scores:
        raise ImportRefused("No score in the file could be used; nothing changed.", problems)
    ExternalAffinity.objects.filter(workshop=workshop).delete()
    ExternalAffinity.objects.bulk_create(
        [
            ExternalAffinity(workshop=workshop, submission_id=s, reviewer_id=u, score=score)
            for (s, u), score in scores.items()
        ],
        batch_size=2000,
    )
    ExternalAffinitySettings.objects.update_or_create(
        workshop=workshop,
        defaults={"weight": weight, "source_name": source_name[:200], "imported_by": by},
    )
    return ImportSummary(count=len(scores), problems=problems)


@transaction.atomic
def external_affinity_clear(*, workshop: Workshop) -> int:
    deleted, _ = ExternalAffinity.objects.filter(workshop=workshop).delete()
    ExternalAffinitySettings.objects.filter(workshop=workshop).delete()
    return deleted


def assignment_import_create(
    *, workshop: Workshop, text: str, source_name: str, by: User | None
) -> tuple[AssignmentRun, list[Problem]]:
    """An openreview-matcher assignments.json as a proposal (a done run of kind imported).

    Checked like a manual edit: a pair is left out when its paper is not a submitted paper,
    its reviewer is not in the pool or has a conflict; loads over a reviewer's max and
    papers without enough reviewers are reported but kept. Must-assign pairs missing from
    the file are added (a commit keeps them anyway). Papers the importer is an author of
    keep their current reviewers, whatever the file says."""
    try:
        pairs, problems = assignments_parse(text)
    except UnreadableFile as error:
        raise ImportRefused(str(error), []) from error
    parameters = _parameters(workshop)
    matching = _matching(workshop, by, parameters)
    instance = matching.instance
    paper_of = {number: p for p, number in enumerate(instance.paper_numbers)}
    reviewer_of = {email: r for r, email in enumerate(matching.emails)}
    statuses = dict(Submission.objects.filter(workshop=workshop).values_list("number", "status"))
    chosen: dict[tuple[int, int], float | None] = {}
    hidden_noted: set[int] = set()
    for pair in pairs:
        where = f"paper #{pair.paper}"
        p, r = paper_of.get(pair.paper), reviewer_of.get(pair.reviewer)
        if p is not None and p in matching.hidden:
            if p not in hidden_noted:
                hidden_noted.add(p)
                problems.append(
                    Problem(
                        where,
                        "you are an author of this paper; its current reviewers stay",
                        pair.paper,
                    )
                )
        elif p is None:
            status = statuses.get(pair.paper)
            reason = (
                f"{SubmissionStatus(status).label.lower()}, not a submitted paper"
                if status
                else "no such paper in this workshop"
            )
            problems.append(Problem(where, f"{reason}; {pair.reviewer} left out", pair.paper))
        elif r is None:
            problems.append(
                Problem(
                    where,
                    f"{pair.reviewer} is not a reviewer of this workshop; left out",
                    pair.paper,
                )
            )
        elif (p, r) in matching.forbidden:
            problems.append(
                Problem(where, f"reviewer {pair.reviewer} has a conflict; left out", pair.paper)
            )
        elif (p, r) in chosen:
            problems.append(
                Problem(where, f"{pair.reviewer} is listed twice; counted once", pair.paper)
            )
        else:
            chosen[(p, r)] = pair.score
    fixed = set(zip(instance.fixed[0].tolist(), instance.fixed[1].tolist(), strict=True))
    for p, r in sorted(fixed - set(chosen)):
        if p not in matching.hidden:
            problems.append(
                Problem(
                    f"paper #{instance.paper_numbers[p]}",
                    f"must-assign reviewer {matching.emails[r]} is not in the file; kept",
                    instance.paper_numbers[p],
                )
            )
        chosen[(p, r)] = None
    for p in matching.hidden:
        current = Assignment.objects.filter(submission_id=instance.paper_ids[p])
        for reviewer_id in current.values_list("reviewer_id", flat=True):
            if reviewer_id in instance.reviewer_ids:
                chosen[(p, instance.reviewer_ids.index(reviewer_id))] = None
    if not chosen:
        raise ImportRefused("No pair in the file can be assigned; nothing was imported.", problems)
    problems += _load_notes(instance, matching, chosen)
    affinity = engine.affinity_on_stored_vectors(instance, parameters)
    return _imported_run(
        workshop, by, parameters, instance, affinity, chosen, fixed, problems, source_name
    ), problems


def _load_notes(instance, matching, chosen) -> list[Problem]:
    notes = []
    loads = Counter(r for _, r in chosen)
    for r, load in sorted(loads.items()):
        if load > instance.max_load[r]:
            notes.append(
                Problem(
                    matching.emails[r],
                    f"{load} papers, over their max load {int(instance.max_load[r])}; kept",
                )
            )
    per_paper = Counter(p for p, _ in chosen)
    needed = instance.reviewers_per_paper
    for p in range(len(instance.papers)):
        if p not in matching.hidden and per_paper[p] < needed[p]:
            notes.append(
                Problem(
                    f"paper #{instance.paper_numbers[p]}",
                    f"{per_paper[p]} of {int(needed[p])} reviewers",
                    instance.paper_numbers[p],
                )
            )
    return notes


def _result(instance, scores: np.ndarray, keys: list[tuple[int, int]]) -> AssignmentResult:
    n_papers, n_reviewers = scores.shape
    paper_idx = np.array([p for p, _ in keys], dtype=np.int64)
    reviewer_idx = np.array([r for _, r in keys], dtype=np.int64)
    pair_affinity = scores[paper_idx, reviewer_idx].astype(np.float64)
    paper_affinity = np.bincount(paper_idx, weights=pair_affinity, minlength=n_papers)
    load = np.bincount(reviewer_idx, minlength=n_reviewers)
    needed = instance.reviewers_per_paper
    need = needed > 0
    got = np.minimum(np.bincount(paper_idx, minlength=n_papers), needed)
    return AssignmentResult(
        paper_idx=paper_idx,
        reviewer_idx=reviewer_idx,
        pair_affinity=pair_affinity,
        total_affinity=float(pair_affinity.sum()),
        paper_affinity=paper_affinity,
        min_paper_affinity=float(paper_affinity[need].min()) if need.any() else 0.0,
        mean_paper_affinity=float(paper_affinity[need].mean()) if need.any() else 0.0,
        median_paper_affinity=float(np.median(paper_affinity[need])) if need.any() else 0.0,
        reviewer_load=load,
        load_histogram={int(k): int(v) for k, v in sorted(Counter(load.tolist()).items())},
        coverage=float(got.sum() / needed.sum()) if needed.sum() else 1.0,
        candidates=CandidateInfo(
            strategy="imported from openreview-matcher",
            restricted=False,
            per_paper=None,
            per_reviewer=None,
            n_pairs=len(keys),
            widenings=0,
        ),
        timings={},
    )


@transaction.atomic
def _imported_run(
    workshop, by, parameters, instance, affinity, chosen, fixed, problems, source_name
) -> AssignmentRun:
    keys = sorted(chosen)
    now = timezone.now()
    run = AssignmentRun.objects.create(
        workshop=workshop,
        kind=RunKind.IMPORTED,
        started_by=by,
        parameters=parameters.to_json(),
        status=RunStatus.DONE,
        progress_stage=f"Imported {source_name}"[:100],
        progress_percent=100,
        quality=engine.quality(instance, affinity, _result(instance, affinity.scores, keys)),
        candidates=engine.top_alternates(instance, affinity),
        import_report=[{"paper": problem.paper, "text": str(problem)} for problem in problems],
        started_at=now,
        finished_at=now,
    )
    pairs = []
    explain = len(keys) <= settings.ASSIGNMENT_EXPLAIN_MAX_PAIRS
    for p, r in keys:
        explanation = engine.explanation_json(affinity, p, r) if explain else {}
        explanation["imported_score"] = chosen[(p, r)]
        pairs.append(
            ProposedPair(
                run=run,
                submission_id=instance.paper_ids[p],
                reviewer_id=instance.reviewer_ids[r],
                affinity=min(max(float(affinity.scores[p, r]), 0.0), 1.0),
                is_fixed=(p, r) in fixed,
                explanation=explanation,
            )
        )
    ProposedPair.objects.bulk_create(pairs, batch_size=2000)
    return run
