"""Organizer pages of a workshop's own settings and organizers, and new workshops."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import User
from fomo_site.errors import Refusal
from fomo_site.markdown import render_markdown
from fomo_site.views import posted_id, run_and_redirect
from topics import selectors, services
from topics.forms import (
    OrganizerInviteForm,
    WorkshopCopyForm,
    WorkshopNewForm,
    WorkshopSettingsForm,
)
from topics.models import Workshop
from topics.permissions import organizer_required

LIMIT_FIELDS = (
    "max_pages",
    "camera_ready_max_pages",
    "max_pdf_mb",
    "max_supplementary_mb",
    "max_title_chars",
    "max_abstract_chars",
    "max_secondary_topics",
)


@organizer_required
def workshop_settings(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    slug_locked = services.workshop_slug_locked(workshop=workshop)
    form = WorkshopSettingsForm(
        request.POST or None, instance=selectors.workshop_get(slug=workshop.slug),
        slug_locked=slug_locked,
    )  # fmt: skip
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        preview = render_markdown(request.POST.get("description", ""))
    elif request.method == "POST" and form.is_valid():
        # Every field: the service logs and saves only those whose value differs.
        values = dict(form.cleaned_data)
        if slug_locked:
            values.pop("slug", None)
        try:
            changes = services.workshop_update(workshop=workshop, by=request.user, values=values)
        except Refusal as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                f"Saved: {len(changes)} change{'s' if len(changes) != 1 else ''}."
                if changes
                else "Nothing changed.",
            )
            return redirect("topics:settings", workshop=values.get("slug", workshop.slug))
    return render(
        request,
        "topics/manage/settings.html",
        {
            "workshop": workshop,
            "form": form,
            "preview": preview,
            "slug_locked": slug_locked,
            "date_fields": services.DATE_FIELDS,
            "limit_fields": LIMIT_FIELDS,
            "changes": selectors.workshop_changes(workshop=workshop),
        },
    )


@organizer_required
@require_POST
def workshop_settings_preview(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """The call for papers as it would show, for the live preview beside the text."""
    return HttpResponse(render_markdown(request.POST.get("description", "")))


@organizer_required
def organizers(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = OrganizerInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.organizer_invite(
                workshop=workshop, email=form.cleaned_data["email"], by=request.user
            )
        except Refusal as refused:
            form.add_error("email", str(refused))
        else:
            messages.success(request, done)
            return redirect("topics:organizers", workshop=workshop.slug)
    return render(
        request,
        "topics/manage/organizers.html",
        {
            "workshop": workshop,
            "form": form,
            "organizers": selectors.workshop_organizers(workshop=workshop),
            "invitations": selectors.organizer_invitations_open(workshop=workshop),
        },
    )


@organizer_required
@require_POST
def organizer_remove(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    user = get_object_or_404(User, pk=posted_id(request, "user"))
    return run_and_redirect(
        request,
        lambda: services.organizer_remove(workshop=workshop, user=user, by=request.user),
        success=f"{user.full_name or user.email} is no longer an organizer.",
        # Who removes themselves may no longer open the organizer pages.
        to=reverse("accounts:dashboard")
        if user == request.user
        else reverse("topics:organizers", kwargs={"workshop": workshop.slug}),
    )


def may_create_workshops(user) -> bool:
    return user.is_authenticated and (user.may_create_workshops or user.is_superuser)


@login_required
def workshop_new(request: HttpRequest) -> HttpResponse:
    if not may_create_workshops(request.user):
        raise PermissionDenied
    sources = request.user.organized_workshops.order_by("-submission_deadline")
    which = request.POST.get("form") if request.method == "POST" else None
    new_form = WorkshopNewForm(request.POST if which == "new" else None, prefix="new")
    copy_form = WorkshopCopyForm(
        request.POST if which == "copy" else None, prefix="copy", sources=sources
    )
    try:
        if which == "new" and new_form.is_valid():
            data = new_form.cleaned_data
            created = services.workshop_create(
                by=request.user,
                name=data["name"],
                short_name=data["short_name"],
                slug=data["slug"],
                dates={field: data[field] for field in services.DATE_FIELDS},
            )
        elif which == "copy" and copy_form.is_valid():
            data = copy_form.cleaned_data
            created = services.workshop_copy(by=request.user, **data)
        else:
            created = None
    except Refusal as refused:
        (new_form if which == "new" else copy_form).add_error(None, str(refused))
        created = None
    if created is not None:
        messages.success(request, f"{created.short_name} is created: check its settings.")
        return redirect("topics:settings", workshop=created.slug)
    return render(
        request,
        "topics/workshop_new.html",
        {
            "new_form": new_form,
            "copy_form": copy_form,
            "has_sources": sources.exists(),
            "date_fields": services.DATE_FIELDS,
        },
    )
