"""Reviewer, author and organizer pages of the reviewer pool (thin: forms + services)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from fomo_site.errors import Refusal
from fomo_site.views import run_and_redirect, wants_json
from notifications.mail_templates import (
    mail_template_custom,
    mail_template_reset,
    mail_template_text,
)
from pool import selectors, services
from pool.enums import OPEN_INVITATION_STATUSES, BidValue, InvitationRole, InvitationStatus
from pool.forms import (
    AcceptForm,
    AuthorConflictForm,
    BidForm,
    BulkInvitationForm,
    ConflictRemoveForm,
    DeclineForm,
    InvitationForm,
    InvitationTemplateForm,
    OrganizerConflictForm,
    PapersPasteForm,
    ReviewerPaperForm,
    ReviewerProfileForm,
)
from pool.imports import reviewer_lines_parse
from pool.models import Conflict, ReviewerInvitation
from pool.paper_texts import papers_parse
from submissions import selectors as submission_selectors
from submissions.enums import SubmissionStatus
from submissions.upload_handlers import dropped_uploads
from topics.permissions import organizer_required
from topics.selectors import topics_with_depth, workshop_get


def reviewer_required(view):
    """Load the workshop and the user's reviewer profile; others get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, workshop: str, *args, **kwargs):
        workshop_obj = workshop_get(slug=workshop)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        profile = selectors.reviewer_profile_get(workshop=workshop_obj, user=request.user)
        if profile is None:
            raise PermissionDenied("You are not a reviewer of this workshop.")
        profile.workshop = workshop_obj
        return view(request, workshop_obj, profile, *args, **kwargs)

    return wrapper


def invitation(request: HttpRequest, workshop: str, token: str) -> HttpResponse:
    workshop_obj = workshop_get(slug=workshop)
    invitation_obj = selectors.invitation_by_token(workshop=workshop_obj, token=token)
    if invitation_obj is None or invitation_obj.status not in (
        *OPEN_INVITATION_STATUSES,
        InvitationStatus.BOUNCED,
    ):
        return render(
            request, "pool/invitation_invalid.html", {"workshop": workshop_obj}, status=404
        )
    user = request.user
    mismatch = user.is_authenticated and user.email.lower() != invitation_obj.email
    accept_form, decline_form = AcceptForm(), DeclineForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "decline":
            decline_form = DeclineForm(request.POST)
            if decline_form.is_valid():
                services.invitation_decline(
                    invitation=invitation_obj, reason=decline_form.cleaned_data["reason"]
                )
                return render(request, "pool/invitation_declined.html", {"workshop": workshop_obj})
        elif action == "accept":
            if not user.is_authenticated:
                return redirect_to_login(request.path)
            accept_form = AcceptForm(request.POST)
            if accept_form.is_valid():
                try:
                    services.invitation_accept(
                        invitation=invitation_obj,
                        user=user,
                        confirm_other_email=accept_form.cleaned_data["confirm_other_email"],
                    )
                except Refusal as refused:
                    messages.error(request, str(refused))
                else:
                    if invitation_obj.role == InvitationRole.AREA_CHAIR:
                        messages.success(
                            request,
                            f"Welcome to the {workshop_obj.short_name} area chairs! "
                            "Tell us which topics you can chair.",
                        )
                        return redirect("area_chair:profile", workshop=workshop_obj.slug)
                    messages.success(
                        request,
                        f"Welcome to the {workshop_obj.short_name} reviewers! "
                        "Tell us what you know best.",
                    )
                    return redirect("pool:profile", workshop=workshop_obj.slug)
    else:
        services.invitation_open(invitation=invitation_obj)
    return render(
        request,
        "pool/invitation.html",
        {
            "workshop": workshop_obj,
            "invitation": invitation_obj,
            "mismatch": mismatch,
            "accept_form": accept_form,
            "decline_form": decline_form,
            "login_url": reverse("account_login") + "?next=" + request.path,
            "signup_url": reverse("account_signup") + "?next=" + request.path,
        },
    )


@login_required
@require_POST
def invitation_respond(request: HttpRequest, workshop: str, pk: int) -> HttpResponse:
    """Answer an invitation addressed to the logged-in user's own address (dashboard)."""
    workshop_obj = workshop_get(slug=workshop)
    invitation_obj = get_object_or_404(
        selectors.invitations_open_for_user(user=request.user), pk=pk, workshop=workshop_obj
    )
    try:
        if request.POST.get("action") == "accept":
            services.invitation_accept(invitation=invitation_obj, user=request.user)
            if invitation_obj.role == InvitationRole.AREA_CHAIR:
                messages.success(
                    request,
                    f"You are now an area chair of {workshop_obj.short_name}. "
                    "Tell us which topics you can chair.",
                )
                return redirect("area_chair:profile", workshop=workshop_obj.slug)
            messages.success(request, f"You are now a reviewer of {workshop_obj.short_name}.")
            return redirect("pool:profile", workshop=workshop_obj.slug)
        form = DeclineForm(request.POST)
        services.invitation_decline(
            invitation=invitation_obj,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
        messages.info(request, "You declined the invitation.")
    except Refusal as refused:
        messages.error(request, str(refused))
    return redirect("accounts:dashboard")


def _profile_page(
    request: HttpRequest,
    workshop,
    profile,
    *,
    form: ReviewerProfileForm | None = None,
    paper_form: ReviewerPaperForm | None = None,
    paste_form: PapersPasteForm | None = None,
    paste_problems: list | None = None,
) -> HttpResponse:
    """The profile page; a form given is the one the person sent (shown with its errors)."""
    if form is None:
        form = ReviewerProfileForm(
            instance=profile,
            workshop=workshop,
            topics=topics_with_depth(workshop=workshop),
            levels=selectors.expertise_levels(profile=profile),
        )
    return render(
        request,
        "pool/profile.html",
        {
            "workshop": workshop,
            "form": form,
            "profile": profile,
            "papers": selectors.reviewer_papers(profile=profile),
            "max_papers": services.MAX_OWN_PAPERS,
            "paper_form": paper_form or ReviewerPaperForm(),
            "paste_form": paste_form or PapersPasteForm(),
            "paste_problems": paste_problems or [],
        },
    )


def _papers_url(workshop, anchor: str = "papers") -> str:
    return reverse("pool:profile", kwargs={"workshop": workshop.slug}) + f"#{anchor}"


@reviewer_required
def profile(request: HttpRequest, workshop, profile) -> HttpResponse:
    if request.method != "POST" or not request.POST:  # an empty POST changes nothing
        return _profile_page(request, workshop, profile)
    form = ReviewerProfileForm(
        request.POST,
        instance=profile,
        workshop=workshop,
        topics=topics_with_depth(workshop=workshop),
        levels=selectors.expertise_levels(profile=profile),
    )
    if form.is_valid():
        services.reviewer_profile_update(
            profile=profile,
            affiliation=form.cleaned_data["affiliation"],
            email_domains=form.cleaned_data["email_domains_text"],
            statement=form.cleaned_data["statement"],
            keywords=form.cleaned_data["keywords"],
            max_load=form.cleaned_data["max_load"],
            expertise=form.expertise(),
        )
        messages.success(request, "Your reviewer profile is saved.")
        return redirect("pool:profile", workshop=workshop.slug)
    return _profile_page(request, workshop, profile, form=form)


@reviewer_required
@require_POST
def paper_add(request: HttpRequest, workshop, profile) -> HttpResponse:
    form = ReviewerPaperForm(request.POST)
    if form.is_valid():
        try:
            paper = services.reviewer_paper_add(profile=profile, **form.cleaned_data)
        except Refusal as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"“{paper.title}” is added to your papers.")
            return redirect(_papers_url(workshop))
    return _profile_page(request, workshop, profile, paper_form=form)


@reviewer_required
@require_POST
def papers_paste(request: HttpRequest, workshop, profile) -> HttpResponse:
    """Add the papers of a pasted BibTeX file or list; all or nothing, the text kept."""
    form = PapersPasteForm(request.POST)
    problems: list = []
    if form.is_valid():
        entries, problems = papers_parse(form.cleaned_data["papers_text"])
        if not entries and not problems:
            form.add_error("papers_text", "No paper found in the text.")
        elif not problems:
            try:
                added = services.reviewer_papers_add(profile=profile, papers=entries)
            except Refusal as refused:
                form.add_error("papers_text", str(refused))
            else:
                _paste_messages(request, added)
                return redirect(_papers_url(workshop))
    return _profile_page(request, workshop, profile, paste_form=form, paste_problems=problems)


def _paste_messages(request: HttpRequest, added: services.PapersAdded) -> None:
    if added.added:
        plural = "paper is" if added.added == 1 else "papers are"
        messages.success(request, f"{added.added} {plural} added to your list.")
    if added.already_listed:
        titles = "; ".join(f"“{title}”" for title in added.already_listed)
        messages.info(request, f"Already in your list, so left out: {titles}.")


@reviewer_required
def paper_edit(request: HttpRequest, workshop, profile, pk: int) -> HttpResponse:
    paper = selectors.reviewer_paper_get(profile=profile, pk=pk)
    form = ReviewerPaperForm(request.POST or None, instance=paper)
    if request.method == "POST" and form.is_valid():
        try:
            services.reviewer_paper_update(
                paper=selectors.reviewer_paper_get(profile=profile, pk=pk), **form.cleaned_data
            )
        except Refusal as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Your paper is saved.")
            return redirect(_papers_url(workshop, f"paper-{pk}"))
    return render(
        request,
        "pool/paper_edit.html",
        {"workshop": workshop, "paper": paper, "form": form},
    )


@reviewer_required
@require_POST
def paper_delete(request: HttpRequest, workshop, profile, pk: int) -> HttpResponse:
    paper = selectors.reviewer_paper_get(profile=profile, pk=pk)
    services.reviewer_paper_delete(paper=paper)
    messages.success(request, f"“{paper.title}” is removed from your papers.")
    return redirect(_papers_url(workshop))


@reviewer_required
@require_POST
def paper_move(request: HttpRequest, workshop, profile, pk: int) -> HttpResponse:
    paper = selectors.reviewer_paper_get(profile=profile, pk=pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponse("Move a paper up or down.", status=400)
    services.reviewer_paper_move(paper=paper, up=direction == "up")
    return redirect(_papers_url(workshop, f"paper-{pk}"))


BIDDING_PAGE_SIZE = 50  # papers a page; sorted by match over all of them


@reviewer_required
def bids(request: HttpRequest, workshop, profile) -> HttpResponse:
    now = timezone.now()
    if now < workshop.submission_deadline:
        return render(request, "pool/bids_not_yet.html", {"workshop": workshop})
    try:
        topic_id = int(request.GET.get("topic", ""))
    except ValueError:
        topic_id = None
    page = selectors.bidding_page(
        workshop=workshop,
        user=request.user,
        profile=profile,
        topic_id=topic_id,
        page_number=request.GET.get("page"),
        page_size=BIDDING_PAGE_SIZE,
    )
    return render(
        request,
        "pool/bids.html",
        {
            "workshop": workshop,
            "page": page,
            "bidding_open": now < workshop.bidding_deadline,
            "bid_choices": BidValue.choices,
            "profile_complete": profile.completed_at is not None,
            "declared_conflicts": selectors.declared_conflicts_for_bidding(
                workshop=workshop, user=request.user
            ),
        },
    )


def _conflict_declared_message(number: int) -> str:
    return (
        f"Conflict declared: paper #{number} is removed from your list. "
        "You can take it back until bidding ends."
    )


@reviewer_required
def bid(request: HttpRequest, workshop, profile, number: int) -> HttpResponse:
    submission = selectors.bidding_submission_get(
        workshop=workshop, user=request.user, number=number
    )
    if request.method != "POST":
        return render(
            request,
            "pool/bid_detail.html",
            {
                "workshop": workshop,
                "submission": submission,
                "topics": [submission.primary_topic, *submission.secondary_topics.all()],
                "bid_choices": BidValue.choices,
                "bidding_open": request.user.has_perm("pool.bid", workshop),
            },
        )
    form = BidForm(request.POST)
    error = ""
    if not request.user.has_perm("pool.bid", workshop):
        error, status = "Bidding is closed.", 403
    elif not form.is_valid():
        error, status = "Choose one of the bids.", 400
    else:
        try:
            placed = services.bid_place(
                submission=submission, reviewer=request.user, value=form.cleaned_data["value"]
            )
        except Refusal as refused:
            error, status = str(refused), 403
    if wants_json(request):
        if error:
            return JsonResponse({"ok": False, "error": error}, status=status)
        saved = {
            "ok": True,
            "value": placed.value,
            "label": placed.get_value_display(),
            "conflict": placed.value == BidValue.CONFLICT,
        }
        if saved["conflict"]:
            saved["message"] = _conflict_declared_message(number)
            saved["take_back_url"] = reverse(
                "pool:bid_conflict_take_back",
                kwargs={"workshop": workshop.slug, "number": number},
            )
        return JsonResponse(saved)
    if error:
        messages.error(request, error)
    elif placed.value == BidValue.CONFLICT:
        messages.info(request, _conflict_declared_message(number))
    else:
        messages.success(request, f"Bid on paper #{number} saved: {placed.get_value_display()}.")
    return redirect(reverse("pool:bids", kwargs={"workshop": workshop.slug}) + f"#paper-{number}")


@reviewer_required
@require_POST
def bid_conflict_take_back(request: HttpRequest, workshop, profile, number: int) -> HttpResponse:
    submission = selectors.declared_conflict_submission_get(
        workshop=workshop, user=request.user, number=number
    )
    bids_url = reverse("pool:bids", kwargs={"workshop": workshop.slug})
    try:
        services.conflict_take_back(submission=submission, reviewer=request.user)
    except Refusal as refused:
        messages.error(request, str(refused))
        return redirect(bids_url)
    messages.success(request, f"Conflict taken back: paper #{number} is back in your list.")
    return redirect(bids_url + f"#paper-{number}")


@login_required
def author_conflicts(request: HttpRequest, workshop: str, number: int) -> HttpResponse:
    workshop_obj = workshop_get(slug=workshop)
    submission = selectors.submission_for_author(
        workshop=workshop_obj, number=number, user=request.user
    )
    if not request.user.has_perm("pool.declare_conflicts", submission):
        raise Http404("No such submission.")
    editable = timezone.now() < workshop_obj.bidding_deadline
    names = selectors.reviewer_names_for_authors(workshop=workshop_obj)
    declared = selectors.author_declared_reviewer_ids(submission=submission)
    form = AuthorConflictForm(
        request.POST if request.method == "POST" and editable else None,
        names=names,
        initial={"reviewers": [str(pk) for pk in declared]},
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Conflicts can no longer be changed.")
        if form.is_valid():
            try:
                added, withdrawn = services.conflicts_declare_by_author(
                    submission=submission,
                    reviewer_ids=form.cleaned_data["reviewers"],
                    by=request.user,
                )
            except Refusal as refused:
                messages.error(request, str(refused))
            else:
                messages.success(
                    request, f"Conflicts saved ({added} added, {withdrawn} withdrawn)."
                )
                return redirect("pool_authors:conflicts", workshop=workshop_obj.slug, number=number)
    return render(
        request,
        "pool/author_conflicts.html",
        {"workshop": workshop_obj, "submission": submission, "form": form, "editable": editable},
    )


@organizer_required
def manage_pool(request: HttpRequest, workshop) -> HttpResponse:
    invitations = list(selectors.invitation_list(workshop=workshop))
    counts = {status: 0 for status in InvitationStatus.values}
    for item in invitations:
        counts[item.status] += 1
    return render(
        request,
        "pool/manage/pool.html",
        {
            "workshop": workshop,
            "pool": selectors.reviewer_pool(workshop=workshop),
            "invitations": invitations,
            "counts": counts,
            "statuses": InvitationStatus.choices,
            "open_statuses": [*OPEN_INVITATION_STATUSES, InvitationStatus.BOUNCED],
            "pool_final": workshop.decisions_released_at is not None,
        },
    )


@organizer_required
def manage_invite(request: HttpRequest, workshop) -> HttpResponse:
    form = InvitationForm(request.POST if "single" in request.POST else None)
    bulk = "bulk" in request.POST
    bulk_form = BulkInvitationForm(
        request.POST if bulk else None,
        request.FILES if bulk else None,
        dropped_uploads=dropped_uploads(request) if bulk else (),
    )
    results, broken = None, []
    if request.method == "POST" and "single" in request.POST and form.is_valid():
        try:
            outcome = services.invitation_create(
                workshop=workshop,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                affiliation=form.cleaned_data["affiliation"],
                invited_by=request.user,
                role=form.cleaned_data["role"],
            )
        except Refusal as refused:
            messages.error(request, str(refused))
        else:
            level = messages.SUCCESS if outcome.created else messages.WARNING
            messages.add_message(request, level, f"{outcome.email}: {outcome.message}.")
            return redirect("pool_manage:invite", workshop=workshop.slug)
    if request.method == "POST" and bulk and bulk_form.is_valid():
        lines, broken = reviewer_lines_parse(bulk_form.cleaned_data["text"])
        results = services.invitations_bulk_create(
            workshop=workshop, rows=lines, invited_by=request.user
        )
        results = sorted([*results, *((b.line, "", f"refused: {b.reason}") for b in broken)])
    return render(
        request,
        "pool/manage/invite.html",
        {"workshop": workshop, "form": form, "bulk_form": bulk_form, "results": results},
    )


def _invitation_for_organizer(workshop, pk: int) -> ReviewerInvitation:
    return get_object_or_404(ReviewerInvitation, workshop=workshop, pk=pk)


@organizer_required
@require_POST
def manage_invitation_resend(request: HttpRequest, workshop, pk: int) -> HttpResponse:
    invitation = _invitation_for_organizer(workshop, pk)
    return run_and_redirect(
        request,
        lambda: services.invitation_resend(invitation=invitation, by=request.user),
        success="Invitation sent again to {result.email}.",
        to=reverse("pool_manage:pool", kwargs={"workshop": workshop.slug}),
    )


@organizer_required
@require_POST
def manage_invitation_revoke(request: HttpRequest, workshop, pk: int) -> HttpResponse:
    invitation = _invitation_for_organizer(workshop, pk)
    return run_and_redirect(
        request,
        lambda: services.invitation_revoke(invitation=invitation),
        success="Invitation to {result.email} revoked; its link no longer works.",
        to=reverse("pool_manage:pool", kwargs={"workshop": workshop.slug}),
    )


@organizer_required
def manage_template(request: HttpRequest, workshop) -> HttpResponse:
    if request.method == "POST" and "reset" in request.POST:
        mail_template_reset(workshop=workshop, name=services.INVITATION_TEMPLATE)
        messages.success(request, "The invitation text is back to the default.")
        return redirect("pool_manage:template", workshop=workshop.slug)
    custom = mail_template_custom(workshop=workshop, name=services.INVITATION_TEMPLATE)
    subject, body = mail_template_text(workshop=workshop, name=services.INVITATION_TEMPLATE)
    form = InvitationTemplateForm(
        request.POST or None,
        initial={"subject": subject, "body": body},
        allowed=services.INVITATION_PLACEHOLDERS,
    )
    if request.method == "POST" and form.is_valid():
        services.invitation_template_save(
            workshop=workshop, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"]
        )
        messages.success(request, "The invitation text is saved; new invitations use it.")
        return redirect("pool_manage:template", workshop=workshop.slug)
    return render(
        request,
        "pool/manage/template.html",
        {
            "workshop": workshop,
            "form": form,
            "is_custom": custom is not None,
            "placeholders": services.INVITATION_PLACEHOLDERS,
        },
    )


@organizer_required
def manage_coverage(request: HttpRequest, workshop) -> HttpResponse:
    return render(
        request,
        "pool/manage/coverage.html",
        {"workshop": workshop, "rows": selectors.topic_coverage(workshop=workshop)},
    )


@organizer_required
def manage_bids(request: HttpRequest, workshop) -> HttpResponse:
    return render(
        request,
        "pool/manage/bids.html",
        {
            "workshop": workshop,
            "summary": selectors.bid_summary(workshop=workshop),
            "bid_values": BidValue.choices,
        },
    )


@organizer_required
def manage_conflicts(request: HttpRequest, workshop) -> HttpResponse:
    include_removed = request.GET.get("removed") == "1"
    submissions = workshop.submissions.exclude(status=SubmissionStatus.DRAFT).order_by("number")
    form = OrganizerConflictForm(
        request.POST or None,
        submissions=submissions,
        reviewers=selectors.conflict_people(workshop=workshop),
    )
    if request.method == "POST" and form.is_valid():
        submission = get_object_or_404(submissions, pk=form.cleaned_data["submission"])
        reviewer = get_object_or_404(User, pk=form.cleaned_data["reviewer"])
        try:
            services.conflict_add_by_organizer(
                submission=submission, reviewer=reviewer, reason=form.cleaned_data["reason"],
                by=request.user,
            )  # fmt: skip
            messages.success(request, f"Conflict added: {reviewer} on #{submission.number}.")
            return redirect("pool_manage:conflicts", workshop=workshop.slug)
        except Refusal as refused:
            messages.error(request, str(refused))
    return render(
        request,
        "pool/manage/conflicts.html",
        {
            "workshop": workshop,
            "conflicts": selectors.conflict_list(
                workshop=workshop, include_removed=include_removed
            ),
            "include_removed": include_removed,
            "authored_ids": submission_selectors.authored_submission_ids(
                workshop=workshop, user=request.user
            ),
            "unconfirmed_author_ids": submission_selectors.unconfirmed_author_ids(
                workshop=workshop
            ),
            "form": form,
            "remove_form": ConflictRemoveForm(),
        },
    )


@organizer_required
@require_POST
def manage_conflict_remove(request: HttpRequest, workshop, pk: int) -> HttpResponse:
    conflict = get_object_or_404(Conflict, workshop=workshop, pk=pk)
    form = ConflictRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason for removing the conflict.")
    else:
        try:
            services.conflict_remove(
                conflict=conflict, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, "Conflict removed; the removal is kept in the log.")
        except Refusal as refused:
            messages.error(request, str(refused))
    return redirect("pool_manage:conflicts", workshop=workshop.slug)


@organizer_required
@require_POST
def manage_conflicts_recompute(request: HttpRequest, workshop) -> HttpResponse:
    created, deleted = services.conflicts_recompute_for_workshop(workshop=workshop)
    messages.success(request, f"Conflicts recomputed: {created} new, {deleted} no longer apply.")
    return redirect("pool_manage:conflicts", workshop=workshop.slug)


@organizer_required
@require_POST
def manage_bidding_open(request: HttpRequest, workshop) -> HttpResponse:
    queued = services.bidding_open_notify(workshop=workshop)
    messages.success(
        request, f"“Bidding is open” sent to {queued} reviewers (nobody gets it twice)."
    )
    return redirect("pool_manage:bids", workshop=workshop.slug)
