"""Reviewer pages (the paper, the review form, discussion, decline) and the organizers'
review, decision, email, statistics and export pages. Thin: forms + selectors + services."""

import json
from functools import wraps

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from fomo_site import charts
from reviews import review_rules  # noqa: F401 - registers the permissions
from reviews import review_selectors as selectors
from reviews import review_services as services
from reviews.review_enums import DecisionOutcome, NotificationJobStatus
from reviews.review_exports import EXPORTS, export_csv, export_json
from reviews.review_forms import (
    BulkDecisionForm,
    DecisionForm,
    DecisionTemplateForm,
    DeclineForm,
    DiscussionCommentForm,
    ReviewForm,
    ReviewFormFieldForm,
    ReviewSettingsForm,
    review_form_initial,
)
from reviews.review_models import DecisionNotificationJob, ReviewFormField
from reviews.services import ReviewsError
from submissions.enums import SubmissionStatus
from topics.models import Topic
from topics.permissions import organizer_required
from topics.selectors import topic_choices, workshop_get


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _posted_id(request: HttpRequest, name: str) -> int:
    """A row id from the POST data; anything but a plain number is a 404 (not a 500)."""
    value = request.POST.get(name, "")
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise Http404("No such row.")
    return int(value)


def reviewer_paper(view):
    """Load the workshop and an assigned, non-conflicted paper; anything else is a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, workshop: str, number: int, *args, **kwargs):
        workshop_obj = workshop_get(slug=workshop)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        submission = selectors.reviewer_paper_get(
            workshop=workshop_obj, user=request.user, number=number
        )
        if not rules.has_perm("reviews.review_paper", request.user, submission):
            raise Http404("No such paper.")
        return view(request, workshop_obj, submission, *args, **kwargs)

    return wrapper


# ---------------------------------------------------------------------------------------
# Reviewer


@login_required
def my_reviews(request: HttpRequest, workshop: str) -> HttpResponse:
    workshop_obj = workshop_get(slug=workshop)
    return render(
        request,
        "reviews/review/my_reviews.html",
        {
            "workshop": workshop_obj,
            "papers": selectors.reviewer_assignments(workshop=workshop_obj, user=request.user),
            "deadline_open": selectors.review_deadline_open(workshop_obj),
        },
    )


def _paper_context(request, workshop, submission, form, **extra) -> dict:
    review = selectors.review_for(submission=submission, user=request.user)
    return {
        "workshop": workshop,
        "submission": submission,
        "secondary_topics": list(submission.secondary_topics.all()),
        "review": review,
        "form": form,
        "declined": submission.assignment_declines.filter(reviewer=request.user).exists(),
        "other_reviews": selectors.reviews_for_reviewer(submission=submission, user=request.user),
        "can_discuss": rules.has_perm("reviews.discuss_paper", request.user, submission),
        "discussion": selectors.discussion_for(
            submission=submission, viewer=request.user, organizer=False
        ),
        "comment_form": DiscussionCommentForm(),
        "deadline_open": selectors.review_deadline_open(workshop),
        "released": workshop.decisions_released_at is not None,
        **extra,
    }


@reviewer_paper
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, workshop, submission) -> HttpResponse:
    """The paper (anonymized), the review form; after submitting, the other reviews."""
    review = selectors.review_for(submission=submission, user=request.user)
    if request.method == "GET":
        form = ReviewForm(instance=review, initial=review_form_initial(review), workshop=workshop)
        return render(
            request,
            "reviews/review/paper.html",
            _paper_context(request, workshop, submission, form),
        )
    action = request.POST.get("action", "submit")
    form = ReviewForm(request.POST, instance=review, workshop=workshop, submit=action == "submit")
    try:
        if action == "draft":
            services.review_save_draft(
                submission=submission, reviewer=request.user, data=form.draft_data()
            )
            messages.success(request, "Draft saved. It is not submitted yet.")
            return redirect("review:paper", workshop=workshop.slug, number=submission.number)
        if form.is_valid():
            services.review_submit(
                submission=submission, reviewer=request.user, content=form.content()
            )
            messages.success(request, "Review submitted. You get a receipt by email.")
            return redirect("review:paper", workshop=workshop.slug, number=submission.number)
    except ReviewsError as refused:
        form.add_error(None, str(refused))
    except ValidationError as invalid:  # a draft with a NUL character
        form.add_error(None, invalid)
    return render(
        request,
        "reviews/review/paper.html",
        _paper_context(request, workshop, submission, form),
        status=400,
    )


@reviewer_paper
@require_POST
def draft(request: HttpRequest, workshop, submission) -> JsonResponse:
    """Autosave endpoint: the static JS posts the form here every few seconds."""
    review = selectors.review_for(submission=submission, user=request.user)
    form = ReviewForm(request.POST, instance=review, workshop=workshop, submit=False)
    try:
        saved = services.review_save_draft(
            submission=submission, reviewer=request.user, data=form.draft_data()
        )
    except ReviewsError as refused:
        return JsonResponse({"ok": False, "error": str(refused)}, status=409)
    except ValidationError as invalid:
        return JsonResponse({"ok": False, "error": " ".join(invalid.messages)}, status=400)
    return JsonResponse({"ok": True, "saved_at": saved.draft_saved_at.isoformat()})


@reviewer_paper
@require_POST
def discussion(request: HttpRequest, workshop, submission) -> HttpResponse:
    if not rules.has_perm("reviews.discuss_paper", request.user, submission):
        raise PermissionDenied("Submit your review to join the discussion.")
    form = DiscussionCommentForm(request.POST)
    if form.is_valid():
        try:
            services.discussion_comment_add(
                submission=submission, author=request.user, body=form.cleaned_data["body"]
            )
        except ReviewsError as refused:
            messages.error(request, str(refused))
    return redirect(
        reverse("review:paper", kwargs={"workshop": workshop.slug, "number": submission.number})
        + "#discussion"
    )


@reviewer_paper
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, workshop, submission) -> HttpResponse:
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_decline(
                submission=submission, reviewer=request.user, reason=form.cleaned_data["reason"]
            )
        except ReviewsError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "You declined this paper; the organizers are told.")
            return redirect("review:my_reviews", workshop=workshop.slug)
    return render(
        request,
        "reviews/review/decline.html",
        {"workshop": workshop, "submission": submission, "form": form},
    )


# ---------------------------------------------------------------------------------------
# Organizer: progress, settings


@organizer_required
def progress(request: HttpRequest, workshop) -> HttpResponse:
    data = selectors.review_progress(workshop=workshop, user=request.user)
    show = request.GET.get("show", "")
    papers = data.papers
    reviewers = data.reviewers
    if show == "incomplete":
        papers = [row for row in papers if not row.complete]
    if show == "late":
        reviewers = [row for row in reviewers if row.late]
    return render(
        request,
        "reviews/decisions/progress.html",
        {
            "workshop": workshop,
            "papers": papers,
            "reviewers": reviewers,
            "overdue": data.overdue,
            "show": show,
        },
    )


@organizer_required
@require_POST
def remind_late(request: HttpRequest, workshop) -> HttpResponse:
    sent = services.review_remind_late(workshop=workshop, by=request.user)
    messages.success(request, f"{sent} reminder(s) queued.")
    return redirect("decisions:progress", workshop=workshop.slug)


@organizer_required
@require_http_methods(["GET", "POST"])
def review_settings(request: HttpRequest, workshop) -> HttpResponse:
    settings_obj = selectors.review_settings_get(workshop=workshop)
    form = ReviewSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None, instance=settings_obj
    )
    field_form = ReviewFormFieldForm(request.POST if request.POST.get("form") == "field" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "settings" and form.is_valid():
                services.review_settings_save(
                    workshop=workshop,
                    values={name: form.cleaned_data[name] for name in form.Meta.fields},
                )
                messages.success(request, "Review settings saved.")
                return redirect("decisions:settings", workshop=workshop.slug)
            if request.POST.get("form") == "field" and field_form.is_valid():
                services.review_form_field_create(workshop=workshop, **field_form.cleaned_data)
                messages.success(request, "Question added to the review form.")
                return redirect("decisions:settings", workshop=workshop.slug)
            if request.POST.get("form") == "delete":
                form_field = get_object_or_404(
                    ReviewFormField, workshop=workshop, pk=_posted_id(request, "pk")
                )
                services.review_form_field_delete(form_field=form_field)
                messages.success(request, "Question removed.")
                return redirect("decisions:settings", workshop=workshop.slug)
        except (ReviewsError, ValidationError) as refused:
            messages.error(request, "; ".join(getattr(refused, "messages", [str(refused)])))
    return render(
        request,
        "reviews/decisions/settings.html",
        {
            "workshop": workshop,
            "form": form,
            "field_form": field_form,
            "custom_fields": selectors.form_fields(workshop=workshop),
        },
    )


# ---------------------------------------------------------------------------------------
# Organizer: decisions


def _topic_from(request, workshop) -> Topic | None:
    try:
        return Topic.objects.filter(workshop=workshop, pk=int(request.GET.get("topic", ""))).first()
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
            except ReviewsError as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, f"Decision recorded for {count} paper(s).")
        else:
            messages.error(request, "Choose an outcome and at least one paper.")
        return redirect(request.get_full_path())
    topic = _topic_from(request, workshop)
    status = request.GET.get("status", "")
    status = status if status in SubmissionStatus.values else ""
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in [*DecisionOutcome.values, "none"] else ""
    sort = request.GET.get("sort", "number")
    rows = selectors.decision_table(
        workshop=workshop, user=request.user, topic=topic, status=status, outcome=outcome, sort=sort
    )
    hidden = len(selectors.authored_submission_ids(workshop=workshop, user=request.user))
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("page", None)
    page = Paginator(rows, DECISION_TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/decisions/table.html",
        {
            "workshop": workshop,
            "rows": page.object_list,
            "page": page,
            "topics": topic_choices(workshop=workshop),
            "topic": topic,
            "status": status,
            "outcome": outcome,
            "sort": sort,
            "query": query.urlencode(),
            "statuses": [
                (value, label)
                for value, label in SubmissionStatus.choices
                if value in selectors.DECIDABLE_STATUSES
            ],
            "outcomes": selectors.outcome_choices(workshop=workshop),
            "counts": selectors.decision_counts(workshop=workshop),
            "undecided": selectors.undecided_count(workshop=workshop),
            "hidden_own": hidden,
            "released": workshop.decisions_released_at is not None,
        },
    )


@organizer_required
@require_http_methods(["GET", "POST"])
def decision_paper(request: HttpRequest, workshop, number: int) -> HttpResponse:
    submission = selectors.organizer_paper_get(workshop=workshop, user=request.user, number=number)
    decision = selectors.decision_get(submission=submission)
    form = DecisionForm(
        request.POST if request.POST.get("form") == "decision" else None,
        workshop=workshop,
        initial={"outcome": decision.outcome, "meta_review": decision.meta_review}
        if decision
        else {},
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
                services.discussion_comment_add(
                    submission=submission,
                    author=request.user,
                    body=comment_form.cleaned_data["body"],
                )
                return redirect("decisions:paper", workshop=workshop.slug, number=number)
        except ReviewsError as refused:
            messages.error(request, str(refused))
    return render(
        request,
        "reviews/decisions/paper.html",
        {
            "workshop": workshop,
            "submission": submission,
            "authors": list(submission.authorships.all()),
            "reviews": selectors.paper_reviews_for_organizer(submission=submission),
            "decision": decision,
            "form": form,
            "comment_form": comment_form,
            "discussion": selectors.discussion_for(
                submission=submission, viewer=request.user, organizer=True
            ),
            "declines": list(submission.assignment_declines.select_related("reviewer")),
            "missing": selectors.missing_reviewers(submission=submission),
            "pool": selectors.reviewer_pool_users(workshop=workshop),
            "released": workshop.decisions_released_at is not None,
        },
    )


@organizer_required
@require_POST
def reassign(request: HttpRequest, workshop, number: int) -> HttpResponse:
    submission = selectors.organizer_paper_get(workshop=workshop, user=request.user, number=number)
    try:
        old = get_object_or_404(User, pk=int(request.POST.get("old", "")))
        new = get_object_or_404(User, pk=int(request.POST.get("new", "")))
        services.review_reassign(
            submission=submission, old_reviewer=old, new_reviewer=new, by=request.user
        )
    except ValueError:
        messages.error(request, "Choose a reviewer.")
    except ReviewsError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{submission.public_id} now goes to {new} instead of {old}.")
    return redirect("decisions:paper", workshop=workshop.slug, number=number)


@organizer_required
@require_POST
def release(request: HttpRequest, workshop) -> HttpResponse:
    try:
        count = services.decisions_release(workshop=workshop, by=request.user)
    except ReviewsError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Decisions released: {count} paper(s) now show theirs.")
    return redirect("decisions:table", workshop=workshop.slug)


# ---------------------------------------------------------------------------------------
# Organizer: decision emails


@organizer_required
def emails(request: HttpRequest, workshop) -> HttpResponse:
    jobs = list(
        DecisionNotificationJob.objects.filter(workshop=workshop).order_by("-created_at")[:5]
    )
    counts = services.decision_notification_counts(workshop=workshop)
    if _wants_json(request):
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
    return render(
        request,
        "reviews/decisions/emails.html",
        {
            "workshop": workshop,
            "outcomes": selectors.outcome_choices(workshop=workshop),
            "custom": set(workshop.decision_templates.values_list("outcome", flat=True)),
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
        services.decision_template_reset(workshop=workshop, outcome=outcome)
        messages.success(request, "The default text is back.")
        return redirect("decisions:email_template", workshop=workshop.slug, outcome=outcome)
    subject, body = services.decision_template_text(workshop=workshop, outcome=outcome)
    form = DecisionTemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    if request.method == "POST" and form.is_valid():
        services.decision_template_save(workshop=workshop, outcome=outcome, **form.cleaned_data)
        messages.success(request, "Email text saved.")
        return redirect("decisions:emails", workshop=workshop.slug)
    return render(
        request,
        "reviews/decisions/email_template.html",
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
    submission = selectors.organizer_paper_get(workshop=workshop, user=request.user, number=number)
    decision = selectors.decision_get(submission=submission)
    if decision is None:
        raise Http404("No decision on this paper yet.")
    # The preview shows the reviews exactly as the authors will get them.
    from reviews.review_services import _author_reviews_bulk

    reviews = _author_reviews_bulk(workshop, [submission.pk]).get(submission.pk, [])
    subject, body = services.decision_email_render(
        submission=submission, decision=decision, reviews=reviews
    )
    return render(
        request,
        "reviews/decisions/email_preview.html",
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
    try:
        services.decision_notify_start(
            workshop=workshop,
            only_pending=request.POST.get("which") != "all",
            by=request.user,
        )
    except ReviewsError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Sending the decision emails; this page shows the progress.")
    return redirect("decisions:emails", workshop=workshop.slug)


# ---------------------------------------------------------------------------------------
# Organizer: statistics and exports


@organizer_required
def stats(request: HttpRequest, workshop) -> HttpResponse:
    data = selectors.workshop_stats(workshop=workshop, user=request.user)
    low, high = data.score_range
    return render(
        request,
        "reviews/decisions/stats.html",
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
        },
    )


@organizer_required
def exports(request: HttpRequest, workshop) -> HttpResponse:
    return render(
        request, "reviews/decisions/exports.html", {"workshop": workshop, "exports": EXPORTS}
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
