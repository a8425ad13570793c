"""Organizer pages: /<workshop>/manage/reviewers/…"""

from django.urls import path

from reviews import views

app_name = "reviews_manage"
urlpatterns = [
    path("", views.manage_pool, name="pool"),
    path("invite/", views.manage_invite, name="invite"),
    path("invitations/<int:pk>/resend/", views.manage_invitation_resend, name="resend"),
    path("invitations/<int:pk>/revoke/", views.manage_invitation_revoke, name="revoke"),
    path("reviewers/<int:pk>/remove/", views.manage_reviewer_remove, name="reviewer_remove"),
    path("invitation-text/", views.manage_template, name="template"),
    path("coverage/", views.manage_coverage, name="coverage"),
    path("bids/", views.manage_bids, name="bids"),
    path("bidding-open/", views.manage_bidding_open, name="bidding_open"),
    path("conflicts/", views.manage_conflicts, name="conflicts"),
    path("conflicts/recompute/", views.manage_conflicts_recompute, name="conflicts_recompute"),
    path("conflicts/<int:pk>/remove/", views.manage_conflict_remove, name="conflict_remove"),
]
