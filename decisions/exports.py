"""Organizer exports (CSV and JSON) of submissions, authors, reviews, assignments and
decisions. Built from the organizer selectors: an organizer who is an author of a paper
gets none of its reviews, reviewers or decision. CSV cells are spreadsheet-safe."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from accounts.models import User
from assignment import selectors as assignment_selectors
from decisions import selectors
from decisions.models import Decision
from fomo_site.exports import csv_safe
from reviews import selectors as review_selectors
from reviews.enums import ReviewStatus
from reviews.models import Review
from submissions.models import Authorship, Submission
from topics.models import Workshop

EXPORTS = {
    "submissions": "Submissions (no reviews)",
    "authors": "Authors",
    "reviews": "Reviews, with confidential comments",
    "assignments": "Assignments",
    "decisions": "Decisions and score statistics",
}


def _with_track(row: dict, paper: Submission, tracks: bool) -> dict:
    """A "track" column, only for a workshop with tracks."""
    if tracks:
        row["track"] = paper.track.name if paper.track else ""
    return row


def _submissions(workshop: Workshop, user: User) -> Iterator[dict]:
    tracks = workshop.tracks.exists()
    papers = (
        Submission.objects.filter(workshop=workshop)
        .exclude(status="draft")
        .select_related("primary_topic", "track")
        .prefetch_related("secondary_topics", "authorships")
        .order_by("number")
    )
    for paper in papers:
        row = {
            "number": paper.number,
            "title": paper.title,
            "status": paper.status,
            "primary_topic": paper.primary_topic.name,
            "secondary_topics": "; ".join(t.name for t in paper.secondary_topics.all()),
            "keywords": paper.keywords,
            "authors": "; ".join(a.name for a in paper.authorships.all()),
            "abstract": paper.abstract,
            "submitted_at": paper.submitted_at,
            "camera_ready": bool(paper.camera_ready_pdf),
        }
        yield _with_track(row, paper, tracks)


def _authors(workshop: Workshop, user: User) -> Iterator[dict]:
    rows = (
        Authorship.objects.filter(submission__workshop=workshop)
        .exclude(submission__status="draft")
        .select_related("submission")
        .order_by("submission__number", "order", "pk")
    )
    for authorship in rows:
        yield {
            "number": authorship.submission.number,
            "order": authorship.order,
            "name": authorship.name,
            "email": authorship.email,
            "affiliation": authorship.affiliation,
            "corresponding": authorship.is_corresponding,
        }


def _reviews(workshop: Workshop, user: User) -> Iterator[dict]:
    fields = review_selectors.form_fields(workshop=workshop)
    reviews = (
        review_selectors.reviews_for_organizer(workshop=workshop, user=user)
        .filter(status=ReviewStatus.SUBMITTED)
        .order_by("submission__number", "submitted_at", "pk")
    )
    for review in reviews:
        row = {
            "number": review.submission.number,
            "reviewer_name": review.reviewer.full_name,
            "reviewer_email": review.reviewer.email,
            "score": review.score,
            "confidence": review.confidence,
            "summary": review.summary,
            "strengths": review.strengths,
            "weaknesses": review.weaknesses,
            "comments_to_authors": review.comments_to_authors,
            "confidential_comments": review.confidential_comments,
            "submitted_at": review.submitted_at,
            "last_submitted_at": review.last_submitted_at,
        }
        for form_field in fields:
            row[form_field.label] = review.custom_answers.get(str(form_field.pk), "")
        yield row


def _assignments(workshop: Workshop, user: User) -> Iterator[dict]:
    visible = dict(
        selectors.submissions_for_organizer_reviews(workshop=workshop, user=user).values_list(
            "pk", "number"
        )
    )
    pairs = [
        pair
        for pair in assignment_selectors.assignment_pairs(workshop=workshop)
        if pair[0] in visible
    ]
    users = User.objects.in_bulk({reviewer for _, reviewer in pairs})
    status = dict(
        ((s, r), st)
        for s, r, st in Review.objects.filter(submission_id__in=visible).values_list(
            "submission_id", "reviewer_id", "status"
        )
    )
    for submission_id, reviewer_id in sorted(pairs, key=lambda p: (visible[p[0]], p[1])):
        reviewer = users[reviewer_id]
        yield {
            "number": visible[submission_id],
            "reviewer_name": reviewer.full_name,
            "reviewer_email": reviewer.email,
            "review_status": status.get((submission_id, reviewer_id), "missing"),
        }


def _decisions(workshop: Workshop, user: User) -> Iterator[dict]:
    tracks = workshop.tracks.exists()
    for row in selectors.decision_table(workshop=workshop, user=user):
        decision: Decision | None = row.decision
        yield _with_track(_decision_row(row, decision), row.submission, tracks)


def _decision_row(row, decision: Decision | None) -> dict:
    return {
        "number": row.submission.number,
        "title": row.submission.title,
        "primary_topic": row.submission.primary_topic.name,
        "status": row.submission.status,
        "reviews": row.reviews,
        "mean": _round(row.mean),
        "median": _round(row.median),
        "min": row.minimum,
        "max": row.maximum,
        "score_std_dev": _round(row.std),
        "weighted_mean": _round(row.weighted_mean),
        "disagreement": row.disagreement,
        "outcome": decision.outcome if decision else "",
        "meta_review": decision.meta_review if decision else "",
    }


def _round(value):
    return None if value is None else round(value, 3)


BUILDERS = {
    "submissions": _submissions,
    "authors": _authors,
    "reviews": _reviews,
    "assignments": _assignments,
    "decisions": _decisions,
}


def export_rows(*, workshop: Workshop, user: User, name: str) -> list[dict]:
    return list(BUILDERS[name](workshop, user))


def export_json(*, workshop: Workshop, user: User, name: str) -> list[dict]:
    return export_rows(workshop=workshop, user=user, name=name)


def export_csv(*, workshop: Workshop, user: User, name: str) -> str:
    rows = export_rows(workshop=workshop, user=user, name=name)
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({key: csv_safe(value) for key, value in row.items()})
    return out.getvalue()


def export_to_folder(*, workshop: Workshop, user: User, folder: Path) -> list[Path]:
    """Every export, as CSV and JSON files in a folder (for manage.py export_workshop)."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in EXPORTS:
        csv_path = folder / f"{workshop.slug}-{name}.csv"
        csv_path.write_text(export_csv(workshop=workshop, user=user, name=name), encoding="utf-8")
        json_path = folder / f"{workshop.slug}-{name}.json"
        json_path.write_text(
            json.dumps(export_json(workshop=workshop, user=user, name=name), indent=1, default=str),
            encoding="utf-8",
        )
        written += [csv_path, json_path]
    return written
