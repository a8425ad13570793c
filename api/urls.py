"""/api/v1/: plain paths (no router), so every endpoint is one named URL pattern. Every
endpoint answers GET with an ETag (a hash of the body) and a 304 to a matching
If-None-Match, so a script re-reads only what changed."""

from django.middleware.http import ConditionalGetMiddleware
from django.urls import path
from django.utils.decorators import decorator_from_middleware
from drf_spectacular.views import SpectacularAPIView

from api import author_views, organizer_views, reviewer_views, views
from api.docs import ApiDocs

etagged = decorator_from_middleware(ConditionalGetMiddleware)

app_name = "api"
W = "workshops/<slug:workshop>/"
MINE = W + "my/submissions/<int:number>/"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocs.as_view(url_name="api:schema"), name="docs"),
    path("workshops/", etagged(views.WorkshopList.as_view()), name="workshops"),
    path(W, etagged(views.WorkshopDetail.as_view()), name="workshop"),
    # authors
    path(
        W + "my/submissions/",
        etagged(views.MySubmissionList.as_view()),
        name="my_submissions",
    ),
    path(MINE, etagged(author_views.MySubmissionDetail.as_view()), name="my_submission"),
    path(MINE + "pdf/", etagged(author_views.MySubmissionPdf.as_view()), name="my_submission_pdf"),
    path(
        MINE + "withdraw/",
        etagged(author_views.MySubmissionWithdraw.as_view()),
        name="my_submission_withdraw",
    ),
    # reviewers
    path(
        W + "review/assignments/",
        etagged(views.ReviewAssignmentList.as_view()),
        name="review_assignments",
    ),
    path(W + "review/bids/", etagged(reviewer_views.MyBidList.as_view()), name="review_bids"),
    path(
        W + "review/reviews/",
        etagged(reviewer_views.MyReviewList.as_view()),
        name="review_reviews",
    ),
    path(
        W + "review/reviews/<int:number>/",
        etagged(reviewer_views.MyReviewDetail.as_view()),
        name="review_review",
    ),
    # organizers
    path(
        W + "manage/submissions/",
        etagged(views.ManageSubmissionList.as_view()),
        name="manage_submissions",
    ),
    path(W + "manage/pool/", etagged(views.ManagePoolList.as_view()), name="manage_pool"),
    path(
        W + "manage/conflicts/",
        etagged(organizer_views.ManageConflictList.as_view()),
        name="manage_conflicts",
    ),
    path(
        W + "manage/conflicts/<int:pk>/remove/",
        etagged(organizer_views.ManageConflictRemove.as_view()),
        name="manage_conflict_remove",
    ),
    path(
        W + "manage/assignments/",
        etagged(views.ManageAssignmentList.as_view()),
        name="manage_assignments",
    ),
    path(
        W + "manage/assignments/<int:number>/<int:reviewer>/",
        etagged(organizer_views.ManageAssignmentPair.as_view()),
        name="manage_assignment",
    ),
    path(
        W + "manage/reviews/",
        etagged(organizer_views.ManageReviewList.as_view()),
        name="manage_reviews",
    ),
    path(
        W + "manage/decisions/",
        etagged(views.ManageDecisionList.as_view()),
        name="manage_decisions",
    ),
    path(
        W + "manage/exports/",
        etagged(organizer_views.ManageExportList.as_view()),
        name="manage_exports",
    ),
    path(
        W + "manage/exports/<str:name>.<str:extension>",
        etagged(organizer_views.ManageExport.as_view()),
        name="manage_export",
    ),
]
