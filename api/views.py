"""The API's endpoints. Each reads through the selector the matching page uses, so the API
and the site can never disagree about who sees what; writes go through the services."""

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from api import serializers
from api.author_views import own_submission, refuse_if_closed, submission_save
from api.errors import Refused
from api.filters import UPDATED_SINCE, updated_since
from api.organizer_views import assignment_add
from api.permissions import IsOrganizer, IsReviewer, workshop_of
from assignment.models import Assignment
from assignment.selectors import hidden_submission_ids, submissions_for_assigned_reviewer
from decisions.services import decision_set
from fomo_site.errors import Refusal
from pool.selectors import reviewer_pool
from reviews.selectors import submissions_for_organizer_reviews
from submissions.enums import SubmissionStatus
from submissions.selectors import submission_get, submissions_for_author, submissions_for_organizer
from submissions.services import author_refusal
from topics.selectors import workshop_list


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _since(request, queryset: QuerySet, field: str = "updated_at") -> QuerySet:
    moment = updated_since(request)
    return queryset if moment is None else queryset.filter(**{f"{field}__gte": moment})


@extend_schema(tags=["public"], parameters=[UPDATED_SINCE])
class WorkshopList(generics.ListAPIView):
    """Every workshop on the site, newest deadline first."""

    permission_classes = [AllowAny]
    serializer_class = serializers.WorkshopSerializer

    def get_queryset(self):
        return _since(self.request, workshop_list())


@extend_schema(tags=["public"])
class WorkshopDetail(generics.RetrieveAPIView):
    """One workshop's call for papers: dates, limits and the topic tree."""

    permission_classes = [AllowAny]
    serializer_class = serializers.WorkshopDetailSerializer

    def get_object(self):
        return workshop_of(self)


@extend_schema(tags=["author"])
class MySubmissionList(generics.ListCreateAPIView):
    """Your own submissions to this workshop, with their authors; the decision once released.
    POST creates one while the call is open (a draft, or submitted with `"submit": true`
    once it has a PDF): the site's form checks every field, with its messages."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]
    serializer_class = serializers.MySubmissionSerializer

    @extend_schema(parameters=[UPDATED_SINCE])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=serializers.SubmissionInputSerializer,
        responses={201: serializers.MySubmissionDetailSerializer},
    )
    def post(self, request, *args, **kwargs):
        refuse_if_closed(workshop_of(self), None)
        saved = submission_save(self, submission=None, sent=request.data)
        created = own_submission(self, saved.number)
        return Response(
            serializers.MySubmissionDetailSerializer(created).data, status=status.HTTP_201_CREATED
        )

    def get_queryset(self):
        workshop = workshop_of(self)
        mine = submissions_for_author(user=self.request.user).filter(workshop=workshop)
        return _since(self.request, mine.select_related("decision").order_by("number"))


@extend_schema(tags=["reviewer"], parameters=[UPDATED_SINCE])
class ReviewAssignmentList(generics.ListAPIView):
    """The papers assigned to you and released, that you may review (never their authors)."""

    permission_classes = [IsReviewer]
    serializer_class = serializers.PaperSerializer

    def get_queryset(self):
        papers = submissions_for_assigned_reviewer(
            workshop=workshop_of(self), user=self.request.user
        )
        return _since(self.request, papers)


@extend_schema(
    tags=["organizer"],
    parameters=[
        UPDATED_SINCE,
        OpenApiParameter("status", enum=SubmissionStatus.values, description="One status."),
        OpenApiParameter(
            "topic", OpenApiTypes.STR, description="A topic slug: papers in it or below it."
        ),
    ],
)
class ManageSubmissionList(generics.ListAPIView):
    """Every submission of the workshop with its authors, as on the organizers' list."""

    permission_classes = [IsOrganizer]
    serializer_class = serializers.AuthoredPaperSerializer

    def get_queryset(self):
        workshop = workshop_of(self)
        status_value = self.request.query_params.get("status", "")
        if status_value and status_value not in SubmissionStatus.values:
            raise _invalid("status", f"Choose one of {', '.join(SubmissionStatus.values)}.")
        topic = None
        if slug := self.request.query_params.get("topic", ""):
            topic = workshop.topics.filter(slug=slug).first()
            if topic is None:
                raise _invalid("topic", f"This workshop has no topic “{slug}”.")
        papers = submissions_for_organizer(workshop=workshop, status=status_value, topic=topic)
        return _since(self.request, papers)


@extend_schema(tags=["organizer"], parameters=[UPDATED_SINCE])
class ManagePoolList(generics.ListAPIView):
    """The workshop's reviewers with their profile completeness, bids and maximum load."""

    permission_classes = [IsOrganizer]
    serializer_class = serializers.PoolReviewerSerializer

    def get_queryset(self):
        rows = reviewer_pool(workshop=workshop_of(self))
        moment = updated_since(self.request)
        return rows if moment is None else [r for r in rows if r.profile.updated_at >= moment]


@extend_schema(tags=["organizer"])
class ManageAssignmentList(generics.ListCreateAPIView):
    """The current assignment, paper by paper (an organizer's own papers left out). POST
    `{"number", "reviewer_id", "is_fixed"}` adds a reviewer to a paper, checked like a
    manual edit on the site (conflicts, the pool, your own papers); the answer lists what
    the edit leaves short (e.g. a reviewer over their load)."""

    permission_classes = [IsOrganizer]
    serializer_class = serializers.AssignmentSerializer

    @extend_schema(parameters=[UPDATED_SINCE])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=serializers.AssignmentInputSerializer,
        responses={201: serializers.AssignmentEditSerializer},
    )
    def post(self, request, *args, **kwargs):
        return assignment_add(self, request)

    def get_queryset(self):
        workshop = workshop_of(self)
        hidden = hidden_submission_ids(workshop=workshop, user=self.request.user)
        pairs = (
            Assignment.objects.filter(workshop=workshop)
            .exclude(submission_id__in=hidden)
            .select_related("submission", "reviewer")
            .order_by("submission__number", "reviewer__full_name", "pk")
        )
        return _since(self.request, pairs)


@extend_schema(tags=["organizer"])
class ManageDecisionList(generics.ListCreateAPIView):
    """Decisions on the submitted papers (an organizer's own papers left out); POST sets one
    (refused once decisions are released, and on a paper you are an author of)."""

    permission_classes = [IsOrganizer]
    serializer_class = serializers.DecisionRowSerializer

    def get_serializer_class(self):
        if self.request.method == "POST":
            return serializers.DecisionInputSerializer
        return serializers.DecisionRowSerializer

    @extend_schema(parameters=[UPDATED_SINCE])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        papers = submissions_for_organizer_reviews(
            workshop=workshop_of(self), user=self.request.user
        )
        papers = papers.select_related("decision").order_by("number")
        moment = updated_since(self.request)
        if moment is None:
            return papers
        return papers.filter(decision__updated_at__gte=moment) | papers.filter(
            updated_at__gte=moment
        )

    @extend_schema(
        request=serializers.DecisionInputSerializer,
        responses={201: serializers.DecisionRowSerializer},
    )
    def post(self, request, *args, **kwargs):
        data = serializers.DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission = submission_get(
            workshop=workshop_of(self), number=data.validated_data["number"]
        )
        refusal = author_refusal(submission=submission, user=request.user, action="decide on it")
        if refusal is not None:
            raise PermissionDenied(str(refusal))
        try:
            decision_set(
                submission=submission,
                outcome=data.validated_data["outcome"],
                meta_review=data.validated_data["meta_review"],
                by=request.user,
            )
        except Refusal as refusal:
            raise Refused(str(refusal)) from refusal
        row = self.get_queryset().filter(pk=submission.pk).first() or submission
        return Response(serializers.DecisionRowSerializer(row).data, status=status.HTTP_201_CREATED)
