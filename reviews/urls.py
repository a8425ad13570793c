"""Reviewer pages: /<workshop>/review/…"""

from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("invitations/<int:pk>/respond/", views.invitation_respond, name="invitation_respond"),
    path("profile/", views.profile, name="profile"),
    path("bids/", views.bids, name="bids"),
    path("bids/<int:number>/", views.bid, name="bid"),
    path(
        "bids/conflicts/<int:number>/take-back/",
        views.bid_conflict_take_back,
        name="bid_conflict_take_back",
    ),
]
