"""The reviewer pool's pages: one pattern list per audience, each with its namespace."""

from django.urls import path

from pool import views

reviewer_urls = (
    [
        path("invitation/<str:token>/", views.invitation, name="invitation"),
        path("invitations/<int:pk>/respond/", views.invitation_respond, name="invitation_respond"),
        path("profile/", views.profile, name="profile"),
        path("profile/papers/add/", views.paper_add, name="paper_add"),
        path("profile/papers/paste/", views.papers_paste, name="papers_paste"),
        path("profile/papers/<int:pk>/", views.paper_edit, name="paper_edit"),
        path("profile/papers/<int:pk>/remove/", views.paper_delete, name="paper_delete"),
        path("profile/papers/<int:pk>/move/", views.paper_move, name="paper_move"),
        path("bids/", views.bids, name="bids"),
        path("bids/<int:number>/", views.bid, name="bid"),
        path(
            "bids/conflicts/<int:number>/take-back/",
            views.bid_conflict_take_back,
            name="bid_conflict_take_back",
        ),
    ],
    "pool",
)

organizer_urls = (
    [
        path("", views.manage_pool, name="pool"),
        path("invite/", views.manage_invite, name="invite"),
        path("invitations/<int:pk>/resend/", views.manage_invitation_resend, name="resend"),
        path("invitations/<int:pk>/revoke/", views.manage_invitation_revoke, name="revoke"),
        path("invitation-text/", views.manage_template, name="template"),
        path("coverage/", views.manage_coverage, name="coverage"),
        path("bids/", views.manage_bids, name="bids"),
        path("bidding-open/", views.manage_bidding_open, name="bidding_open"),
        path("conflicts/", views.manage_conflicts, name="conflicts"),
        path("conflicts/recompute/", views.manage_conflicts_recompute, name="conflicts_recompute"),
        path("conflicts/<int:pk>/remove/", views.manage_conflict_remove, name="conflict_remove"),
    ],
    "pool_manage",
)

author_urls = (
    [path("<int:number>/conflicts/", views.author_conflicts, name="conflicts")],
    "pool_authors",
)
