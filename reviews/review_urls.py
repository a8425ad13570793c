"""Reviewer pages of reviewing: /<workshop>/review/papers/…"""

from django.urls import path

from reviews import review_views as views

app_name = "review"
urlpatterns = [
    path("", views.my_reviews, name="my_reviews"),
    path("<int:number>/", views.paper, name="paper"),
    path("<int:number>/draft/", views.draft, name="draft"),
    path("<int:number>/discussion/", views.discussion, name="discussion"),
    path("<int:number>/decline/", views.decline, name="decline"),
]
