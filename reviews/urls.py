"""Reviewing pages: reviewers' under /review/papers/, organizers' under /manage/ (progress,
review settings, and taking a reviewer out of the pool with their unreviewed papers)."""

from django.urls import path

from reviews import response_views, subreview_views, views

reviewer_urls = (
    [
        path("", views.my_reviews, name="my_reviews"),
        path("<int:number>/", views.paper, name="paper"),
        path("<int:number>/draft/", views.draft, name="draft"),
        path("<int:number>/discussion/", views.discussion, name="discussion"),
        path("<int:number>/decline/", views.decline, name="decline"),
        path("<int:number>/delegate/", subreview_views.delegate, name="delegate"),
        path("<int:number>/subreview/", subreview_views.subreview_use, name="subreview_use"),
        path(
            "subreviews/invitation/<str:token>/",
            subreview_views.invitation,
            name="subreview_invitation",
        ),
        path("subreviews/<int:pk>/", subreview_views.subreview, name="subreview"),
    ],
    "review",
)

organizer_urls = (
    [
        path("reviews/", views.progress, name="progress"),
        path("reviews/remind-late/", views.remind_late, name="remind_late"),
        path("reviews/settings/", views.review_settings, name="settings"),
        path(
            "reviews/subreviewers/<int:pk>/",
            subreview_views.delegation_answer,
            name="delegation_answer",
        ),
        path(
            "reviewers/reviewers/<int:pk>/remove/",
            views.manage_reviewer_remove,
            name="reviewer_remove",
        ),
    ],
    "reviews_manage",
)

author_urls = (
    [path("<int:number>/response/", response_views.author_response, name="response")],
    "reviews_author",
)
