import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.utils import ErrorDict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from submissions import deadlines, selectors, services
from submissions.enums import SubmissionStatus
from submissions.forms import (
    MAX_AUTHORS,
    AuthorFormSet,
    CameraReadyDetailsForm,
    CameraReadyForm,
    SubmissionForm,
    author_initial,
)
from submissions.models import Submission
from submissions.rules import is_author, is_submission_organizer
from submissions.upload_handlers import dropped_uploads
from submissions.uploads import pdf_stash_discard
from topics.models import Workshop
from topics.selectors import workshop_get
from topics.templatetags.fomo import aoe

AUTHORS_PREFIX = "authors"


def _visible_submission(request: HttpRequest, workshop: Workshop, number: int) -> Submission:
    """The submission if this user may see it; otherwise a 404 (its existence is private)."""
    submission = selectors.submission_get(workshop=workshop, number=number)
    if not rules.has_perm("submissions.see_submission", request.user, submission):
        raise Http404("No such submission.")
    return submission


def _authored_submission(request: HttpRequest, workshop: Workshop, number: int) -> Submission:
    submission = _visible_submission(request, workshop, number)
    if not is_author(request.user, submission):
        raise Http404("No such submission.")
    return submission


def _render_form(request, *, workshop, form, formset, submission=None, refusal="", status=200):
    return render(
        request,
        "submissions/submission_form.html",
        {
            "workshop": workshop,
            "submission": submission,
            "form": form,
            "formset": formset,
            "refusal": refusal,
            "edit_deadline": deadlines.edit_deadline(submission) if submission else None,
            "can_declare_conflicts": submission is not None
            and deadlines.conflicts_open(submission, timezone.now()),
        },
        status=status,
    )


def _save_form(request, *, workshop: Workshop, submission: Submission | None) -> HttpResponse:
    """Shared create/edit flow: validate everything, save through a service, or re-render
    with every typed value (and the checked PDF kept server-side)."""
    submit = request.POST.get("action") == "submit"
    post = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = SubmissionForm(
        post,
        files,
        instance=submission or Submission(workshop=workshop),
        workshop=workshop,
        user=request.user,
        submit=submit,
        dropped_uploads=dropped_uploads(request) if post is not None else (),
    )
    formset = AuthorFormSet(
        post,
        initial=author_initial(submission=submission, user=request.user),
        prefix=AUTHORS_PREFIX,
        required_email=request.user.email,
    )
    context = {"workshop": workshop, "form": form, "formset": formset, "submission": submission}
    if post is None:
        return _render_form(request, **context)
    if post.get("action") == "add_author":
        return _render_with_another_author_row(request, **context)
    now = timezone.now()
    closed = (
        not deadlines.edit_open(submission, now)
        if submission
        else not deadlines.creation_open(workshop, now)
    )
    if closed:
        return _render_form(
            request, **context, refusal=_closed_message(workshop, submission), status=403
        )
    form_valid, formset_valid = form.is_valid(), formset.is_valid()
    if not (form_valid and formset_valid):
        form.keep_valid_pdf()
        return _render_form(request, **context)
    content = form.content(formset.authors())
    held_back = submit and _new_pdf_identifies(content, submission)
    submit = submit and not held_back
    try:
        if submission is None:
            saved = services.submission_create(
                workshop=workshop, submitter=request.user, content=content, submit=submit
            )
        else:
            saved = services.submission_update(
                submission=submission, editor=request.user, content=content, submit=submit
            )
    except services.Refusal as closed_error:
        return _render_form(request, **context, refusal=str(closed_error), status=403)
    if form.kept_pdf_token:
        pdf_stash_discard(token=form.kept_pdf_token, user_id=request.user.pk)
    if held_back:
        messages.warning(
            request,
            f"Draft {saved.public_id} saved but not submitted: the PDF may tell reviewers who "
            "you are (see below). Upload a corrected PDF, or press Submit again to submit "
            "it as it is.",
        )
        return redirect("submissions:edit", workshop=workshop.slug, number=saved.number)
    messages.success(request, _saved_message(saved, created=submission is None))
    if saved.identity_flags:
        messages.warning(request, "The PDF may tell reviewers who you are: see the paper page.")
    return redirect(saved.get_absolute_url())


def _new_pdf_identifies(content: services.SubmissionContent, submission: Submission | None) -> bool:
    """A PDF uploaded with "Submit" that names its authors holds the submission back once,
    as a draft, so the author sees the warning before the paper goes out."""
    already_submitted = submission is not None and submission.status != SubmissionStatus.DRAFT
    if content.pdf is None or already_submitted:
        return False
    flags = services.identity_flags_of(text=content.pdf.checked.text, authors=content.authors)
    return bool(flags)


def _render_with_another_author_row(request, *, workshop, form, formset, submission):
    """The form as typed, with one more empty author row and no error shown: nothing is
    saved (a valid PDF is kept server-side as after any other re-render)."""
    data = request.POST.copy()
    total = f"{AUTHORS_PREFIX}-TOTAL_FORMS"
    data[total] = str(min(formset.total_form_count() + 1, MAX_AUTHORS))
    formset = AuthorFormSet(
        data,
        initial=author_initial(submission=submission, user=request.user),
        prefix=AUTHORS_PREFIX,
        required_email=request.user.email,
    )
    form.is_valid()  # checks the PDF, which is then kept like after any other re-render
    form.keep_valid_pdf()
    _without_errors(form, formset)
    return _render_form(
        request, workshop=workshop, form=form, formset=formset, submission=submission
    )


def _without_errors(form, formset) -> None:
    """Show what was typed without complaints: the author asked for a row, not a check."""
    form.is_valid()
    form._errors = ErrorDict()
    for author_form in formset.forms:
        author_form._errors = ErrorDict()
    formset._errors = [author_form.errors for author_form in formset.forms]
    formset._non_form_errors = formset.error_class()


def _closed_message(
    workshop: Workshop, submission: Submission | None, *, saving: bool = True
) -> str:
    """Why the form is closed; "Nothing was saved." only when a save was tried."""
    unsaved = " Nothing was saved." if saving else ""
    if submission is not None and not submission.is_editable_status:
        return (
            f"Submission {submission.public_id} is {submission.get_status_display().lower()} "
            f"and can no longer be edited.{unsaved}"
        )
    deadline = (
        deadlines.edit_deadline(submission)
        if submission
        else deadlines.last_submission_deadline(workshop)
    )
    if submission is None and timezone.now() < workshop.submission_opens_at:
        return f"The call for papers opens on {aoe(workshop.submission_opens_at)}."
    return f"The submission deadline passed ({aoe(deadline)}).{unsaved}"


def _saved_message(submission: Submission, *, created: bool) -> str:
    if submission.status == SubmissionStatus.DRAFT:
        return f"Draft {submission.public_id} saved. It is not submitted yet."
    if created:
        return f"Submission {submission.public_id} received. The authors get a confirmation email."
    return f"Submission {submission.public_id} saved."


@login_required
@require_http_methods(["GET", "POST"])
def submission_create(request: HttpRequest, workshop: str) -> HttpResponse:
    workshop_obj = workshop_get(slug=workshop)
    if request.method == "GET" and not deadlines.creation_open(workshop_obj, timezone.now()):
        messages.error(request, _closed_message(workshop_obj, None, saving=False))
        return redirect(workshop_obj.get_absolute_url())
    return _save_form(request, workshop=workshop_obj, submission=None)


@login_required
@require_http_methods(["GET", "POST"])
def submission_edit(request: HttpRequest, workshop: str, number: int) -> HttpResponse:
    workshop_obj = workshop_get(slug=workshop)
    submission = _authored_submission(request, workshop_obj, number)
    if request.method == "GET" and not deadlines.edit_open(submission, timezone.now()):
        messages.error(request, _closed_message(workshop_obj, submission, saving=False))
        return redirect(submission.get_absolute_url())
    return _save_form(request, workshop=workshop_obj, submission=submission)


@login_required
def submission_detail(request: HttpRequest, workshop: str, number: int) -> HttpResponse:
    workshop_obj = workshop_get(slug=workshop)
    submission = _visible_submission(request, workshop_obj, number)
    now = timezone.now()
    user = request.user
    return render(
        request,
        "submissions/submission_detail.html",
        {
            "workshop": workshop_obj,
            "submission": submission,
            "authors": list(submission.authorships.all()),
            "secondary_topics": list(submission.secondary_topics.all()),
            "is_author": is_author(user, submission),
            "my_authorship": next(
                (a for a in submission.authorships.all() if a.user_id and a.user_id == user.pk),
                None,
            ),
            "is_organizer": rules.has_perm("submissions.grant_extension", user, submission),
            "extension_refusal": is_submission_organizer(user, submission)
            and services.author_refusal(
                submission=submission, user=user, action="set its deadline extension"
            ),
            "can_edit": rules.has_perm("submissions.edit_submission", user, submission),
            "can_withdraw": rules.has_perm("submissions.withdraw_submission", user, submission),
            "can_upload_camera_ready": rules.has_perm(
                "submissions.upload_camera_ready", user, submission
            ),
            "edit_deadline": deadlines.edit_deadline(submission),
            "decision_visible": deadlines.decision_visible(submission, now),
            "changes": list(submission.changes.select_related("changed_by")),
            "can_declare_conflicts": is_author(user, submission)
            and deadlines.conflicts_open(submission, now),
        },
    )


@login_required
@require_POST
def authorship_answer(request: HttpRequest, workshop: str, number: int) -> HttpResponse:
    """A listed co-author confirms the authorship, or says they are not an author."""
    workshop_obj = workshop_get(slug=workshop)
    submission = _authored_submission(request, workshop_obj, number)
    dispute = request.POST.get("answer") == "not-an-author"
    try:
        if dispute:
            services.authorship_dispute(submission=submission, user=request.user)
        else:
            services.authorship_confirm(submission=submission, user=request.user)
    except services.Refusal as refused:
        messages.error(request, str(refused))
        return redirect(submission.get_absolute_url())
    if dispute:
        messages.success(
            request,
            f"You are no longer linked to {submission.public_id}; its other authors and the "
            "organizers see that you said you are not an author.",
        )
        return redirect("accounts:dashboard")
    messages.success(request, f"Thank you: your authorship of {submission.public_id} is confirmed.")
    return redirect(submission.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def submission_withdraw(request: HttpRequest, workshop: str, number: int) -> HttpResponse:
    workshop_obj = workshop_get(slug=workshop)
    submission = _authored_submission(request, workshop_obj, number)
    if request.method == "POST":
        try:
            services.submission_withdraw(submission=submission, by=request.user)
        except services.Refusal as closed:
            messages.error(request, str(closed))
        else:
            messages.success(request, f"Submission {submission.public_id} is withdrawn.")
        return redirect(submission.get_absolute_url())
    if not deadlines.withdraw_open(submission, timezone.now()):
        messages.error(request, "This submission can no longer be withdrawn.")
        return redirect(submission.get_absolute_url())
    return render(
        request,
        "submissions/submission_withdraw.html",
        {"workshop": workshop_obj, "submission": submission},
    )


@login_required
@require_http_methods(["GET", "POST"])
def camera_ready_upload(request: HttpRequest, workshop: str, number: int) -> HttpResponse:
    workshop_obj = workshop_get(slug=workshop)
    submission = _authored_submission(request, workshop_obj, number)
    if not deadlines.camera_ready_open(submission, timezone.now()):
        messages.error(
            request,
            "Camera-ready versions are accepted only for accepted papers, until "
            f"{aoe(workshop_obj.camera_ready_deadline)}.",
        )
        return redirect(submission.get_absolute_url())
    posted = request.method == "POST"
    form = CameraReadyForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        workshop=workshop_obj,
        dropped_uploads=dropped_uploads(request) if posted else (),
    )
    if posted and form.is_valid():
        try:
            services.submission_camera_ready_upload(
                submission=submission, by=request.user, pdf=form.pdf_upload
            )
        except services.Refusal as closed:
            form.add_error(None, str(closed))
        else:
            messages.success(request, "Camera-ready version received. Thank you!")
            return redirect(submission.get_absolute_url())
    return render(
        request,
        "submissions/camera_ready_form.html",
        {"workshop": workshop_obj, "submission": submission, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def camera_ready_details(request: HttpRequest, workshop: str, number: int) -> HttpResponse:
    """Authors of an accepted paper correct its title, abstract and authors (logged)."""
    workshop_obj = workshop_get(slug=workshop)
    submission = _authored_submission(request, workshop_obj, number)
    if not deadlines.camera_ready_open(submission, timezone.now()):
        messages.error(
            request,
            "Only accepted papers can be corrected, until the camera-ready deadline "
            f"({aoe(workshop_obj.camera_ready_deadline)}).",
        )
        return redirect(submission.get_absolute_url())
    post = request.POST if request.method == "POST" else None
    form = CameraReadyDetailsForm(post, instance=submission, workshop=workshop_obj)
    formset = AuthorFormSet(
        post,
        initial=author_initial(submission=submission, user=request.user),
        prefix=AUTHORS_PREFIX,
        required_email=request.user.email,
    )
    if post is not None and post.get("action") == "add_author":
        data = post.copy()
        data[f"{AUTHORS_PREFIX}-TOTAL_FORMS"] = str(
            min(formset.total_form_count() + 1, MAX_AUTHORS)
        )
        form = CameraReadyDetailsForm(data, instance=submission, workshop=workshop_obj)
        formset = AuthorFormSet(
            data,
            initial=author_initial(submission=submission, user=request.user),
            prefix=AUTHORS_PREFIX,
            required_email=request.user.email,
        )
        _without_errors(form, formset)
    elif post is not None and form.is_valid() & formset.is_valid():
        try:
            change = services.submission_camera_ready_details_update(
                submission=submission,
                by=request.user,
                title=form.cleaned_data["title"],
                abstract=form.cleaned_data["abstract"],
                authors=formset.authors(),
            )
        except services.Refusal as closed:
            form.add_error(None, str(closed))
        else:
            messages.success(
                request, "Corrections saved." if change else "Nothing changed; nothing was saved."
            )
            return redirect(submission.get_absolute_url())
    return render(
        request,
        "submissions/camera_ready_details.html",
        {"workshop": workshop_obj, "submission": submission, "form": form, "formset": formset},
    )


FILES = {
    # kind: (model field, permission, content type, filename suffix)
    "pdf": ("pdf", "submissions.download_pdf", "application/pdf", ""),
    "reviewer-pdf": (
        "reviewer_pdf",
        "submissions.download_reviewer_pdf",
        "application/pdf",
        "-anonymized",
    ),
    "camera-ready": ("camera_ready_pdf", "submissions.download_pdf", "application/pdf", "-final"),
    "supplementary": ("supplementary", "submissions.download_pdf", None, "-supplementary"),
}


@login_required
def submission_file(request: HttpRequest, workshop: str, number: int, kind: str) -> FileResponse:
    """Serve a stored file to those allowed, as a download with a server-chosen name."""
    if kind not in FILES:
        raise Http404("No such file.")
    field_name, permission, content_type, suffix = FILES[kind]
    workshop_obj = workshop_get(slug=workshop)
    submission = selectors.submission_get(workshop=workshop_obj, number=number)
    if not rules.has_perm(permission, request.user, submission):
        raise Http404("No such submission.")
    stored = getattr(submission, field_name)
    if not stored:
        raise Http404("No file uploaded.")
    extension = stored.name.rsplit(".", 1)[-1]
    content_type = content_type or ("application/zip" if extension == "zip" else "application/pdf")
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=f"fomo-{workshop_obj.slug}-{submission.number}{suffix}.{extension}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
