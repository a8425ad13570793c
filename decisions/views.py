"""Organizer pages of deciding (table, paper, release, emails, statistics, exports) and the
public list of accepted papers (after the release only)."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from decisions import meta_reviews, selectors, services
from decisions.enums import NotificationJobStatus
from decisions.exports import EXPORTS, export_csv, export_json
from decisions.forms import BulkDecisionForm, DecisionForm
from decisions.models import DecisionNotificationJob
from decisions.proceedings import proceedings_members
from decisions.selectors import public_paper_get, public_program
from fomo_site import charts
from fomo_site.errors import Refusal
from fomo_site.views import run_and_redirect, wants_json
from fomo_site.zipstream import zip_response
from notifications.forms import MailTemplateForm
from notifications.mail_templates import mail_template_reset
from pool import selectors as pool_selectors
from reviews import selectors as review_selectors
from reviews import services as review_services
from reviews.enums import DecisionOutcome
from reviews.forms import (
    DiscussionCommentForm,
)
from submissions import selectors as submission_selectors
from submissions.enums import SubmissionStatus
from topics.models import Topic, Track
from topics.permissions import organizer_required
from topics.selectors import topic_choices, workshop_get
from topics.tracks import track_list


def _topic_from(request, workshop) -> Topic | None:
    try:
        return Topic.objects.filter(workshop=workshop, pk=int(request.GET.get("topic", ""))).first()
    except ValueError:
        return None


def _track_from(request, workshop) -> Track | None:
    try:
        return Track.objects.filter(workshop=workshop, pk=int(request.GET.get("track", ""))).first()
    except ValueError:
        return None


DECISION_TABLE_PAGE_SIZE = 200


@organizer_required
@require_http_methods(["GET", "POST"])
def decision_table(request: HttpRequest, workshop) -> HttpResponse:
    if request.method == "POST":
        paper_ids = list(
            selectors.submissions_for_organizer_reviews(
                workshop=workshop, user=request.user
            ).values_list("pk", flat=True)
        )
        form = BulkDecisionForm(request.POST, workshop=workshop, paper_ids=paper_ids)
        if form.is_valid():
            try:
                count = services.decisions_bulk_set(
                    workshop=workshop,
                    submission_ids=form.cleaned_data["papers"],
                    outcome=form.cleaned_data["outcome"],
                    by=request.user,
                )
            except Refusal as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, f"Decision recorded for {count} paper(s).")
        else:
            messages.error(request, "Choose an outcome and at least one paper.")
        return redirect(request.get_full_path())
    topic = _topic_from(request, workshop)
    track = _track_from(request, workshop)
    status = request.GET.get("status", "")
    status = status if status in SubmissionStatus.values else ""
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in [*DecisionOutcome.values, "none"] else ""
    sort = request.GET.get("sort", "number")
    rows = selectors.decision_table(
        workshop=workshop,
        user=request.user,
        topic=topic,
        track=track,
        status=status,
        outcome=outcome,
        sort=sort,
    )
    hidden = len(submission_selectors.authored_submission_ids(workshop=workshop, user=request.user))
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("page", None)
    page = Paginator(rows, DECISION_TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/table.html",
        {
            "workshop": workshop,
            "rows": page.object_list,
            "page": page,
            "topics": topic_choices(workshop=workshop),
            "topic": topic,
            "tracks": list(track_list(workshop=workshop)),
            "track": track,
            "status": status,
            "outcome": outcome,
            "sort": sort,
            "query": query.urlencode(),
            "statuses": [
                (value, label)
                for value, label in SubmissionStatus.choices
                if value in selectors.DECIDABLE_STATUSES
            ],
            "outcomes": review_selectors.outcome_choices(workshop=workshop),
            "counts": selectors.decision_counts(workshop=workshop),
            "undecided": selectors.undecided_count(workshop=workshop),
            "hidden_own": hidden,
            "released": workshop.decisions_released_at is not None,
            "has_area_chairs": workshop.area_chairs.exists(),
        },
    )


@organizer_required
@require_http_methods(["GET", "POST"])
def decision_paper(request: HttpRequest, workshop, number: int) -> HttpResponse:
    submission = review_selectors.organizer_paper_get(
        workshop=workshop, user=request.user, number=number
    )
    decision = selectors.decision_get(submission=submission)
    ac_meta_review = meta_reviews.meta_review_get(submission=submission)
    initial = {"outcome": decision.outcome, "meta_review": decision.meta_review} if decision else {}
    if ac_meta_review and request.GET.get("use") == "area_chair":
        initial = {"outcome": ac_meta_review.recommendation, "meta_review": ac_meta_review.text}
    form = DecisionForm(
        request.POST if request.POST.get("form") == "decision" else None,
        workshop=workshop,
        track=submission.track,
        initial=initial,
    )
    comment_form = DiscussionCommentForm(
        request.POST if request.POST.get("form") == "comment" else None
    )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "decision" and form.is_valid():
                services.decision_set(submission=submission, by=request.user, **form.cleaned_data)
                messages.success(request, f"Decision on {submission.public_id} saved.")
                return redirect("decisions:paper", workshop=workshop.slug, number=number)
            if request.POST.get("form") == "comment" and comment_form.is_valid():
                review_services.discussion_comment_add(
                    submission=submission,
                    author=request.user,
                    body=comment_form.cleaned_data["body"],
                )
                return redirect("decisions:paper", workshop=workshop.slug, number=number)
        except Refusal as refused:
            messages.error(request, str(refused))
    return render(
        request,
        "decisions/paper.html",
        {
            "workshop": workshop,
            "submission": submission,
            "authors": list(submission.authorships.all()),
            "reviews": review_selectors.paper_reviews_for_organizer(submission=submission),
            "decision": decision,
            "ac_meta_review": ac_meta_review,
            "form": form,
            "comment_form": comment_form,
            "discussion": review_selectors.discussion_for(
                submission=submission, viewer=request.user, organizer=True
            ),
            "declines": list(submission.assignment_declines.select_related("reviewer")),
            "missing": review_selectors.missing_reviewers(submission=submission),
            "pool": pool_selectors.pool_users(workshop=workshop),
            "released": workshop.decisions_released_at is not None,
        },
    )


@organizer_required
@require_POST
def reassign(request: HttpRequest, workshop, number: int) -> HttpResponse:
    submission = review_selectors.organizer_paper_get(
        workshop=workshop, user=request.user, number=number
    )
    try:
        old = get_object_or_404(User, pk=int(request.POST.get("old", "")))
        new = get_object_or_404(User, pk=int(request.POST.get("new", "")))
        services.review_reassign(
            submission=submission, old_reviewer=old, new_reviewer=new, by=request.user
        )
    except ValueError:
        messages.error(request, "Choose a reviewer.")
    except Refusal as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{submission.public_id} now goes to {new} instead of {old}.")
    return redirect("decisions:paper", workshop=workshop.slug, number=number)


@organizer_required
@require_POST
def release(request: HttpRequest, workshop) -> HttpResponse:
    return run_and_redirect(
        request,
        lambda: services.decisions_release(workshop=workshop, by=request.user),
        success="Decisions released: {result} paper(s) now show theirs.",
        to=reverse("decisions:table", kwargs={"workshop": workshop.slug}),
    )


@organizer_required
def emails(request: HttpRequest, workshop) -> HttpResponse:
    jobs = list(
        DecisionNotificationJob.objects.filter(workshop=workshop).order_by("-created_at")[:5]
    )
    counts = services.decision_notification_counts(workshop=workshop)
    if wants_json(request):
        job = jobs[0] if jobs else None
        return JsonResponse(
            {
                "job": {
                    "status": job.status,
                    "total": job.total,
                    "queued": job.queued,
                    "skipped": job.skipped,
                }
                if job
                else None,
                "sent": counts.sent,
                "failed": counts.failed,
                "queued": counts.queued,
                "not_notified": counts.not_notified,
            }
        )
    sample = selectors.decision_table(workshop=workshop, user=request.user)
    edited = set(workshop.mail_templates.values_list("name", flat=True))
    return render(
        request,
        "decisions/emails.html",
        {
            "workshop": workshop,
            "outcomes": review_selectors.outcome_choices(workshop=workshop),
            "custom": {
                outcome
                for outcome in DecisionOutcome.values
                if services.decision_template_name(outcome) in edited
            },
            "jobs": jobs,
            "running": any(
                job.status in (NotificationJobStatus.QUEUED, NotificationJobStatus.RUNNING)
                for job in jobs
            ),
            "counts": counts,
            "papers": [row.submission for row in sample if row.decision],
            "released": workshop.decisions_released_at is not None,
        },
    )


@organizer_required
@require_http_methods(["GET", "POST"])
def email_template(request: HttpRequest, workshop, outcome: str) -> HttpResponse:
    if outcome not in DecisionOutcome.values:
        raise Http404("No such outcome.")
    if request.method == "POST" and request.POST.get("action") == "reset":
        mail_template_reset(workshop=workshop, name=services.decision_template_name(outcome))
        messages.success(request, "The default text is back.")
        return redirect("decisions:email_template", workshop=workshop.slug, outcome=outcome)
    subject, body = services.decision_template_text(workshop=workshop, outcome=outcome)
    form = MailTemplateForm(
        request.POST or None,
        initial={"subject": subject, "body": body},
        allowed=services.DECISION_PLACEHOLDERS,
    )
    if request.method == "POST" and form.is_valid():
        services.decision_template_save(workshop=workshop, outcome=outcome, **form.cleaned_data)
        messages.success(request, "Email text saved.")
        return redirect("decisions:emails", workshop=workshop.slug)
    return render(
        request,
        "decisions/email_template.html",
        {
            "workshop": workshop,
            "outcome": outcome,
            "outcome_label": DecisionOutcome(outcome).label,
            "form": form,
            "placeholders": services.DECISION_PLACEHOLDERS,
        },
    )


@organizer_required
def email_preview(request: HttpRequest, workshop, number: int) -> HttpResponse:
    submission = review_selectors.organizer_paper_get(
        workshop=workshop, user=request.user, number=number
    )
    decision = selectors.decision_get(submission=submission)
    if decision is None:
        raise Http404("No decision on this paper yet.")
    # The preview shows the reviews exactly as the authors will get them.
    reviews = services.author_reviews_bulk(workshop, [submission.pk]).get(submission.pk, [])
    subject, body = services.decision_email_render(
        submission=submission, decision=decision, reviews=reviews
    )
    return render(
        request,
        "decisions/email_preview.html",
        {
            "workshop": workshop,
            "submission": submission,
            "decision": decision,
            "to": [authorship.email for authorship in submission.authorships.all()],
            "subject": subject,
            "body": body,
        },
    )


@organizer_required
@require_POST
def emails_send(request: HttpRequest, workshop) -> HttpResponse:
    return run_and_redirect(
        request,
        lambda: services.decision_notify_start(
            workshop=workshop, only_pending=request.POST.get("which") != "all", by=request.user
        ),
        success="Sending the decision emails; this page shows the progress.",
        to=reverse("decisions:emails", kwargs={"workshop": workshop.slug}),
    )


@organizer_required
def stats(request: HttpRequest, workshop) -> HttpResponse:
    data = selectors.workshop_stats(workshop=workshop, user=request.user)
    low, high = data.score_range
    return render(
        request,
        "decisions/stats.html",
        {
            "workshop": workshop,
            "primary_chart": charts.bar_chart(
                data.primary_per_topic, title="Submissions per primary topic"
            ),
            "any_chart": charts.bar_chart(
                data.any_per_topic, title="Submissions per topic (primary or secondary)"
            ),
            "score_chart": charts.histogram(data.scores, low=low, high=high, title="Review scores"),
            "progress_chart": charts.bar_chart(
                data.reviews_per_day, title="Reviews submitted (cumulative, by day)"
            ),
            "acceptance_chart": charts.bar_chart(
                data.acceptance_by_topic, title="Acceptance rate by primary topic (%)", unit="%"
            ),
            "track_chart": data.per_track
            and charts.bar_chart(data.per_track, title="Submissions per track"),
            "track_acceptance_chart": data.acceptance_by_track
            and charts.bar_chart(
                data.acceptance_by_track, title="Acceptance rate by track (%)", unit="%"
            ),
        },
    )


@organizer_required
def exports(request: HttpRequest, workshop) -> HttpResponse:
    return render(request, "decisions/exports.html", {"workshop": workshop, "exports": EXPORTS})


@organizer_required
def proceedings_zip(request: HttpRequest, workshop) -> StreamingHttpResponse:
    stamp = timezone.now().strftime("%Y%m%d")
    return zip_response(
        proceedings_members(workshop=workshop, user=request.user),
        filename=f"{workshop.slug}-proceedings-{stamp}.zip",
    )


@organizer_required
def export_file(request: HttpRequest, workshop, name: str, extension: str) -> HttpResponse:
    if name not in EXPORTS or extension not in ("csv", "json"):
        raise Http404("No such export.")
    if extension == "csv":
        content, content_type = (
            export_csv(workshop=workshop, user=request.user, name=name),
            "text/csv",
        )
    else:
        content = json.dumps(
            export_json(workshop=workshop, user=request.user, name=name), indent=1, default=str
        )
        content_type = "application/json"
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="{workshop.slug}-{name}-{stamp}.{extension}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def accepted_papers(request: HttpRequest, workshop: str) -> HttpResponse:
    workshop_obj = workshop_get(slug=workshop)
    return render(
        request,
        "decisions/program.html",
        {"workshop": workshop_obj, "groups": public_program(workshop=workshop_obj)},
    )


def camera_ready_pdf(request: HttpRequest, workshop: str, number: int) -> FileResponse:
    """The camera-ready PDF of an accepted paper, public once the decisions are out."""
    workshop_obj = workshop_get(slug=workshop)
    submission = public_paper_get(workshop=workshop_obj, number=number)
    if not submission.camera_ready_pdf:
        raise Http404("No camera-ready version yet.")
    response = FileResponse(
        submission.camera_ready_pdf.open("rb"),
        as_attachment=False,
        filename=f"{workshop_obj.slug}-{submission.number}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
