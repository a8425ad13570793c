"""Reviewing pages: reviewers' under /review/papers/, organizers' under /manage/reviews/."""

from django.urls import path

from reviews import views

reviewer_urls = (
    [
        path("", views.my_reviews, name="my_reviews"),
        path("<int:number>/", views.paper, name="paper"),
        path("<int:number>/draft/", views.draft, name="draft"),
        path("<int:number>/discussion/", views.discussion, name="discussion"),
        path("<int:number>/decline/", views.decline, name="decline"),
    ],
    "review",
)

organizer_urls = (
    [
        path("", views.progress, name="progress"),
        path("remind-late/", views.remind_late, name="remind_late"),
        path("settings/", views.review_settings, name="settings"),
    ],
    "reviews_manage",
)
