"""/api/v1/: plain paths (no router), so every endpoint is one named URL pattern."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api import views
from api.docs import ApiDocs

app_name = "api"
W = "workshops/<slug:workshop>/"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocs.as_view(url_name="api:schema"), name="docs"),
    path("workshops/", views.WorkshopList.as_view(), name="workshops"),
    path(W, views.WorkshopDetail.as_view(), name="workshop"),
    path(W + "my/submissions/", views.MySubmissionList.as_view(), name="my_submissions"),
    path(
        W + "review/assignments/", views.ReviewAssignmentList.as_view(), name="review_assignments"
    ),
    path(
        W + "manage/submissions/", views.ManageSubmissionList.as_view(), name="manage_submissions"
    ),
    path(W + "manage/pool/", views.ManagePoolList.as_view(), name="manage_pool"),
    path(
        W + "manage/assignments/", views.ManageAssignmentList.as_view(), name="manage_assignments"
    ),
    path(W + "manage/decisions/", views.ManageDecisionList.as_view(), name="manage_decisions"),
]
