"""A reviewer's bids and reviews: read them, bid while bidding is open, write a review (a
draft, or submitted) within the review phase. The pool and reviews selectors decide which
papers; the site's forms check what is sent; the services save it."""

import rules
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api import serializers
from api.filters import UPDATED_SINCE, updated_since
from api.inputs import form_errors, review_form_data
from api.permissions import IsPoolReviewer, workshop_of
from fomo_site.errors import Refusal
from pool import selectors as pool_selectors
from pool import services as pool_services
from pool.models import Bid
from reviews import selectors as review_selectors
from reviews import services as review_services
from reviews.forms import ReviewForm


@extend_schema(tags=["reviewer"])
class MyBidList(generics.ListCreateAPIView):
    """The papers open for bids (never a conflicted one), each with your bid (`my_bid`, null
    when none). POST `{"number", "value"}` bids while bidding is open; `conflict` also
    declares a conflict of interest, which takes the paper off your list."""

    permission_classes = [IsPoolReviewer]
    serializer_class = serializers.BidRowSerializer

    @extend_schema(parameters=[UPDATED_SINCE])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        papers = pool_selectors.submissions_for_bidding(
            workshop=workshop_of(self), user=self.request.user
        ).order_by("number")
        moment = updated_since(self.request)
        if moment is None:
            return papers
        changed = Bid.objects.filter(reviewer=self.request.user, updated_at__gte=moment)
        return papers.filter(pk__in=changed.values("submission_id")) | papers.filter(
            updated_at__gte=moment
        )

    @extend_schema(
        request=serializers.BidInputSerializer, responses={201: serializers.BidSerializer}
    )
    def post(self, request, *args, **kwargs):
        workshop = workshop_of(self)
        if not rules.has_perm("pool.bid", request.user, workshop):
            raise PermissionDenied("Bidding is closed.")
        data = serializers.BidInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission = pool_selectors.bidding_submission_get(
            workshop=workshop, user=request.user, number=data.validated_data["number"]
        )
        try:
            bid = pool_services.bid_place(
                submission=submission, reviewer=request.user, value=data.validated_data["value"]
            )
        except Refusal as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        return Response(serializers.BidSerializer(bid).data, status=201)


@extend_schema(tags=["reviewer"], parameters=[UPDATED_SINCE])
class MyReviewList(generics.ListAPIView):
    """The papers assigned to you, each with your review of it (null when not started)."""

    permission_classes = [IsAuthenticated]
    serializer_class = serializers.MyReviewRowSerializer

    def get_queryset(self):
        rows = review_selectors.reviewer_assignments(
            workshop=workshop_of(self), user=self.request.user
        )
        moment = updated_since(self.request)
        if moment is None:
            return rows
        return [row for row in rows if row.review and row.review.updated_at >= moment]


def _assigned_paper(view, number: int):
    """A paper assigned to the caller and not conflicted; anything else is a 404."""
    submission = review_selectors.reviewer_paper_get(
        workshop=workshop_of(view), user=view.request.user, number=number
    )
    if not rules.has_perm("reviews.review_paper", view.request.user, submission):
        raise Http404("No such paper.")
    return submission


@extend_schema(tags=["reviewer"])
class MyReviewDetail(generics.GenericAPIView):
    """Your review of an assigned paper (404 when you have none yet). PUT saves the fields
    sent as your draft, or with `"submit": true` submits them (every required answer, as on
    the review page); refused once the phase no longer allows it."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]
    serializer_class = serializers.MyReviewSerializer

    def get(self, request, workshop: str, number: int):
        submission = _assigned_paper(self, number)
        review = review_selectors.review_for(submission=submission, user=request.user)
        if review is None:
            raise Http404("You have not started this review.")
        return Response(serializers.MyReviewSerializer(review).data)

    @extend_schema(request=serializers.ReviewInputSerializer)
    def put(self, request, workshop: str, number: int):
        submission = _assigned_paper(self, number)
        workshop_obj = workshop_of(self)
        review = review_selectors.review_for(submission=submission, user=request.user)
        submit = isinstance(request.data, dict) and request.data.get("submit") is True
        form = ReviewForm(
            review_form_data(sent=request.data),
            instance=review,
            workshop=workshop_obj,
            submit=submit,
        )
        try:
            if submit:
                if not form.is_valid():
                    raise ValidationError(form_errors(form))
                saved = review_services.review_submit(
                    submission=submission, reviewer=request.user, content=form.content()
                )
            else:
                saved = review_services.review_save_draft(
                    submission=submission, reviewer=request.user, data=form.draft_data()
                )
        except Refusal as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        except DjangoValidationError as invalid:  # a draft with a NUL character
            raise ValidationError({"non_field_errors": invalid.messages}) from invalid
        saved.refresh_from_db()
        return Response(serializers.MyReviewSerializer(saved).data)
