"""Organizers' conflicts, assignment edits, reviews and exports: the same selectors, services
and export functions as the organizer pages, so a script sees and does what the pages let
an organizer see and do (an organizer's own papers stay out of their reviews and
assignment; acting on a paper one is an author of is refused)."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from api import serializers
from api.errors import Refused
from api.filters import UPDATED_SINCE, updated_since
from api.permissions import IsOrganizer, workshop_of
from assignment import selectors as assignment_selectors
from assignment import services as assignment_services
from assignment.models import Assignment
from decisions.exports import EXPORTS, export_csv, export_json
from fomo_site.errors import Refusal
from pool import selectors as pool_selectors
from pool import services as pool_services
from pool.models import Conflict
from reviews import selectors as review_selectors
from submissions.enums import SubmissionStatus
from submissions.services import author_refusal


def _not_author(submission, user, action: str) -> None:
    refusal = author_refusal(submission=submission, user=user, action=action)
    if refusal is not None:
        raise PermissionDenied(str(refusal))


def _since(request, queryset, field: str = "updated_at"):
    moment = updated_since(request)
    return queryset if moment is None else queryset.filter(**{f"{field}__gte": moment})


@extend_schema(tags=["organizer"])
class ManageConflictList(generics.ListCreateAPIView):
    """The workshop's conflicts of interest, as on the conflicts page (`removed=1` adds the
    removed ones, kept as the log). POST `{"number", "reviewer_id", "reason"}` declares one
    (refused on a paper you are an author of)."""

    permission_classes = [IsOrganizer]
    serializer_class = serializers.ConflictSerializer

    @extend_schema(
        parameters=[
            UPDATED_SINCE,
            OpenApiParameter("removed", OpenApiTypes.BOOL, description="Include removed ones."),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        removed = self.request.query_params.get("removed", "") in ("1", "true")
        conflicts = pool_selectors.conflict_list(
            workshop=workshop_of(self), include_removed=removed
        )
        return _since(self.request, conflicts)

    @extend_schema(
        request=serializers.ConflictInputSerializer,
        responses={201: serializers.ConflictSerializer},
    )
    def post(self, request, *args, **kwargs):
        workshop = workshop_of(self)
        data = serializers.ConflictInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission = get_object_or_404(
            workshop.submissions.exclude(status=SubmissionStatus.DRAFT),
            number=data.validated_data["number"],
        )
        _not_author(submission, request.user, "declare its conflicts")
        reviewer = pool_selectors.pool_users(workshop=workshop).filter(
            pk=data.validated_data["reviewer_id"]
        )
        if not reviewer:
            message = "That person is not a reviewer of this workshop."
            raise ValidationError({"reviewer_id": [message]})
        try:
            conflict = pool_services.conflict_add_by_organizer(
                submission=submission,
                reviewer=reviewer[0],
                reason=data.validated_data["reason"],
                by=request.user,
            )
        except Refusal as refusal:
            raise Refused(str(refusal)) from refusal
        conflict = pool_selectors.conflict_list(workshop=workshop).get(pk=conflict.pk)
        return Response(serializers.ConflictSerializer(conflict).data, status=201)


@extend_schema(tags=["organizer"])
class ManageConflictRemove(generics.GenericAPIView):
    """Remove a conflict, with a reason (kept in the log; the recompute does not bring an
    automatic one back). Refused on a paper you are an author of."""

    permission_classes = [IsOrganizer]
    serializer_class = serializers.ConflictRemoveSerializer

    @extend_schema(responses={200: serializers.ConflictSerializer})
    def post(self, request, workshop: str, pk: int):
        workshop_obj = workshop_of(self)
        conflict = get_object_or_404(
            Conflict.objects.select_related("submission"), workshop=workshop_obj, pk=pk
        )
        _not_author(conflict.submission, request.user, "remove its conflicts")
        data = serializers.ConflictRemoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            pool_services.conflict_remove(
                conflict=conflict, by=request.user, reason=data.validated_data["reason"]
            )
        except Refusal as refusal:
            raise Refused(str(refusal)) from refusal
        conflict = pool_selectors.conflict_list(workshop=workshop_obj, include_removed=True).get(
            pk=pk
        )
        return Response(serializers.ConflictSerializer(conflict).data)


def _assigned_paper(view, number: int):
    """A paper's assignment as the organizer pages open it: a draft, or a paper the caller
    is an author of, is a 404."""
    return assignment_selectors.assigned_submission_get(
        workshop=workshop_of(view), number=number, user=view.request.user
    )


def _pool_reviewer(view, reviewer_id: int, *, field: str = "reviewer_id"):
    reviewer = pool_selectors.pool_users(workshop=workshop_of(view)).filter(pk=reviewer_id).first()
    if reviewer is None:
        raise ValidationError({field: ["Choose a reviewer of this workshop."]})
    return reviewer


def _assignment_row(view, submission, reviewer):
    return (
        Assignment.objects.filter(submission=submission, reviewer=reviewer)
        .select_related("submission", "reviewer")
        .first()
    )


def assignment_add(view, request):
    """POST on the assignment list: add one pair, checked like a manual edit on the site."""
    data = serializers.AssignmentInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    submission = _assigned_paper(view, data.validated_data["number"])
    reviewer = _pool_reviewer(view, data.validated_data["reviewer_id"])
    try:
        result = assignment_services.assignment_add(
            workshop=workshop_of(view),
            submission=submission,
            reviewer=reviewer,
            by=request.user,
            is_fixed=data.validated_data["is_fixed"],
        )
    except Refusal as refusal:
        raise Refused(str(refusal)) from refusal
    body = {
        "assignment": _assignment_row(view, submission, reviewer),
        "warnings": result.warnings,
    }
    return Response(serializers.AssignmentEditSerializer(body).data, status=201)


@extend_schema(tags=["organizer"])
class ManageAssignmentPair(generics.GenericAPIView):
    """One reviewer on one paper. DELETE removes the pair, checked like a manual edit on
    the site; the answer lists what the edit leaves short (e.g. too few reviewers)."""

    permission_classes = [IsOrganizer]
    serializer_class = serializers.AssignmentSerializer

    def get(self, request, workshop: str, number: int, reviewer: int):
        submission = _assigned_paper(self, number)
        pair = _assignment_row(self, submission, reviewer)
        if pair is None:
            raise Http404("This reviewer is not assigned to this paper.")
        return Response(serializers.AssignmentSerializer(pair).data)

    @extend_schema(responses={200: serializers.AssignmentEditSerializer})
    def delete(self, request, workshop: str, number: int, reviewer: int):
        submission = _assigned_paper(self, number)
        person = _pool_reviewer(self, reviewer)
        try:
            result = assignment_services.assignment_remove(
                workshop=workshop_of(self), submission=submission, reviewer=person,
                by=request.user,
            )  # fmt: skip
        except Refusal as refusal:
            raise Refused(str(refusal)) from refusal
        body = {"assignment": None, "warnings": result.warnings}
        return Response(serializers.AssignmentEditSerializer(body).data)


@extend_schema(
    tags=["organizer"],
    parameters=[
        UPDATED_SINCE,
        OpenApiParameter("number", OpenApiTypes.INT, description="One paper's reviews."),
    ],
)
class ManageReviewList(generics.ListAPIView):
    """Every review of the papers whose reviews you may see (not your own papers), drafts
    included, with the reviewer (and subreviewer) as the organizers' paper page names them."""

    permission_classes = [IsOrganizer]
    serializer_class = serializers.OrganizerReviewSerializer

    def get_queryset(self):
        reviews = (
            review_selectors.reviews_for_organizer(
                workshop=workshop_of(self), user=self.request.user
            )
            .select_related("written_by")
            .order_by("submission__number", "submitted_at", "pk")
        )
        if number := self.request.query_params.get("number", ""):
            if not number.isdigit():
                raise ValidationError({"number": ["Enter a paper number."]})
            reviews = reviews.filter(submission__number=int(number))
        return _since(self.request, reviews)


@extend_schema(tags=["organizer"])
class ManageExportList(generics.ListAPIView):
    """The exports the organizers' export page offers, each as CSV and as JSON."""

    permission_classes = [IsOrganizer]
    serializer_class = serializers.ExportSerializer
    pagination_class = None

    def get_queryset(self):
        slug = workshop_of(self).slug

        def url(name: str, extension: str) -> str:
            kwargs = {"workshop": slug, "name": name, "extension": extension}
            return self.request.build_absolute_uri(reverse("api:manage_export", kwargs=kwargs))

        return [
            {"name": name, "title": title, "csv": url(name, "csv"), "json": url(name, "json")}
            for name, title in EXPORTS.items()
        ]


@extend_schema(
    tags=["organizer"],
    responses={
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The CSV export."),
        (200, "application/json"): OpenApiResponse(
            OpenApiTypes.OBJECT, description="The same rows as JSON."
        ),
    },
)
class ManageExport(generics.GenericAPIView):
    """One export (`submissions`, `authors`, `reviews`, `assignments`, `decisions`) as the
    organizers' export page makes it, by the same export functions."""

    permission_classes = [IsOrganizer]

    def get(self, request, workshop: str, name: str, extension: str):
        workshop_obj = workshop_of(self)
        if name not in EXPORTS or extension not in ("csv", "json"):
            raise Http404("No such export.")
        if extension == "csv":
            content = export_csv(workshop=workshop_obj, user=request.user, name=name)
            content_type = "text/csv"
        else:
            rows = export_json(workshop=workshop_obj, user=request.user, name=name)
            content, content_type = json.dumps(rows, indent=1, default=str), "application/json"
        response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f'attachment; filename="{workshop_obj.slug}-{name}-{stamp}.{extension}"'
        )
        response["Cache-Control"] = "private, no-store"
        return response
